from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "samskap.notifications"
    label = "notifications"
    verbose_name = _("Varsler")
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "samskap.activities"
    label = "activities"
    verbose_name = _("Møteplasser og aktiviteter")
    default_auto_field = "django.db.models.BigAutoField"

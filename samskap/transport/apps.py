from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransportConfig(AppConfig):
    name = "samskap.transport"
    label = "transport"
    verbose_name = _("Skyss")
    default_auto_field = "django.db.models.BigAutoField"

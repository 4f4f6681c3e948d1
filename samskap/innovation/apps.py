from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationConfig(AppConfig):
    name = "samskap.innovation"
    label = "innovation"
    verbose_name = _("Innovasjon")
    default_auto_field = "django.db.models.BigAutoField"

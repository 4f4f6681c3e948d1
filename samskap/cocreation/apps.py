from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CocreationConfig(AppConfig):
    name = "samskap.cocreation"
    label = "cocreation"
    verbose_name = _("Samskaping")
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpConfig(AppConfig):
    name = "samskap.help"
    label = "help"
    verbose_name = _("Hjelp og bidrag")
    default_auto_field = "django.db.models.BigAutoField"

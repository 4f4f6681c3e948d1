from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "samskap.letters"
    label = "letters"
    verbose_name = _("Ukebrev på papir")
    default_auto_field = "django.db.models.BigAutoField"

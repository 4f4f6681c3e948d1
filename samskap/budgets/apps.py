from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "samskap.budgets"
    label = "budgets"
    verbose_name = _("Innbyggerbudsjett")
    default_auto_field = "django.db.models.BigAutoField"

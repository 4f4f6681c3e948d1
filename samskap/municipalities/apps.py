from django.apps import AppConfig


class MunicipalitiesConfig(AppConfig):
    name = "samskap.municipalities"
    label = "municipalities"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class ClinicsConfig(AppConfig):
    name = "clinics"
    label = "clinics"
    verbose_name = "Clinics"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "elevium.patients"
    label = "patients"
    verbose_name = "Patients"

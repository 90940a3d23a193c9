from django.apps import AppConfig


class BenefitsConfig(AppConfig):
    name = "benefits"
    verbose_name = "Benefits and prior authorization"

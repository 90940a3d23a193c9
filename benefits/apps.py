from django.apps import AppConfig


class BenefitsConfig(AppConfig):
    name = "benefits"
    verbose_name = "Benefits and prior authorization"

    def ready(self) -> None:
        # eligibility asks for payer policies and PA cases through this; it never imports benefits.
        from eligibility import coverage

        from .coverage_source import BenefitsCoverage

        coverage.register(BenefitsCoverage())

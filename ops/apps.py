from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operational commands (``serve``, ``seed_demo``): they run the whole project, so they
    belong to no single domain app. No models."""

    name = "ops"
    verbose_name = "Operations"

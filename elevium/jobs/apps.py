from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "elevium.jobs"
    label = "jobs"
    verbose_name = "Background jobs"

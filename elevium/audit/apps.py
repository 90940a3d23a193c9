from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "elevium.audit"
    label = "audit"
    verbose_name = "Audit trail"

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "elevium.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from .dbroles import grant_after_migrate

        # Once per `migrate` (sender: this app), after every app's migrations ran.
        post_migrate.connect(grant_after_migrate, sender=self, dispatch_uid="audit.grant_app_role")
        # Every connection's setup sits with the database roles', here (elevium/lib/pg_timestamps.py).
        from elevium.lib.pg_timestamps import install

        connection_created.connect(install, dispatch_uid="lib.pg_timestamps")

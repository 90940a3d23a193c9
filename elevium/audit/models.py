from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One read or write of clinical data, or a security event. Append-only.

    On PostgreSQL triggers (migrations 0002, 0003) refuse UPDATE, DELETE and TRUNCATE on this table,
    and the app's own role may only SELECT and INSERT here (dbroles.py).
    ``data`` holds ids and field names, never patient data values.
    """

    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        # Users are deactivated, not deleted, once they have acted on records.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The actor's role at the time; roles can change later.
    actor_role = models.CharField(max_length=32, blank=True)
    # No foreign key: the trail must outlive any record it mentions. Indexed by audit_patient_time,
    # whose first column it is.
    patient_id = models.UUIDField(null=True, blank=True)
    action = models.CharField(max_length=64)  # dotted code, e.g. "patient.viewed"
    object_type = models.CharField(max_length=64, blank=True)  # "app_label.model"
    object_id = models.CharField(max_length=64, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        # Every read of patient data appends here, so each index is paid on every request. Plain
        # B-trees only: nothing searches action or request_id by prefix, so the varchar_pattern_ops
        # copies a `db_index=True` CharField gets on PostgreSQL would be written for nothing.
        indexes = [
            models.Index(fields=["patient_id", "-occurred_at"], name="audit_patient_time"),
            models.Index(fields=["action"], name="audit_action"),
            models.Index(fields=["request_id"], name="audit_request_id"),
        ]

    def __str__(self) -> str:
        return f"{self.action} #{self.pk}"

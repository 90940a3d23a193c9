"""Writing the audit trail. Callers are services (inside their own transaction) and the
access-checking read helpers, so an event and the change it records commit together."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.utils import timezone

from .context import request_id_var
from .models import AuditEvent


def _object_type(obj: models.Model | None) -> str:
    return obj._meta.label_lower if obj is not None else ""


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    patient_id: uuid.UUID | None = None,
    data: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. ``data`` must hold ids and field names only, never patient data values."""
    return AuditEvent.objects.create(**_fields(actor, action, obj, patient_id, data))


def audit_record_many(
    *,
    actor: Any,
    action: str,
    objects: Iterable[models.Model],
    patient_id_of: Any,
    data: Mapping[str, Any] | None = None,
) -> None:
    """One event per object in a single INSERT, e.g. each patient shown on a list page.
    ``data``, the same for every event, holds ids and field names only."""
    AuditEvent.objects.bulk_create(
        AuditEvent(**_fields(actor, action, obj, patient_id_of(obj), data)) for obj in objects
    )


def _fields(
    actor: Any,
    action: str,
    obj: models.Model | None,
    patient_id: uuid.UUID | None,
    data: Mapping[str, Any] | None,
) -> dict[str, Any]:
    signed_in = actor is not None and getattr(actor, "is_authenticated", False)
    return {
        "occurred_at": timezone.now(),
        "actor": actor if signed_in else None,
        "actor_role": getattr(actor, "role", "") if signed_in else "",
        "patient_id": patient_id,
        "action": action,
        "object_type": _object_type(obj),
        "object_id": str(obj.pk) if obj is not None else "",
        "request_id": request_id_var.get(),
        "data": dict(data or {}),
    }

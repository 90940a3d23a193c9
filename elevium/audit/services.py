"""Writing the audit trail. Callers are services (inside their own transaction) and the
access-checking read helpers, so an event and the change it records commit together."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connections, models, router
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
    """Append one event. ``data`` must hold ids and field names only, never patient data values.

    Nearly every request writes one, so on PostgreSQL it is one plain INSERT rather than
    the ORM's ``create`` (about a millisecond of building the statement in the profiles of the
    evaluate-preview API, docs/PERFORMANCE.md); the event returned is the row as saved."""
    fields = _fields(actor, action, obj, patient_id, data)
    connection = connections[router.db_for_write(AuditEvent)]
    if connection.vendor != "postgresql":
        return AuditEvent.objects.create(**fields)
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (occurred_at, actor_id, actor_role, patient_id, action, "  # noqa: S608 - the model's own table
            "object_type, object_id, request_id, data) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb) RETURNING id",
            [
                fields["occurred_at"],
                fields["actor"].pk if fields["actor"] is not None else None,
                fields["actor_role"],
                fields["patient_id"],
                fields["action"],
                fields["object_type"],
                fields["object_id"],
                fields["request_id"],
                json.dumps(fields["data"]),
            ],
        )
        (event_id,) = cursor.fetchone()
    event = AuditEvent(id=event_id, **fields)
    event._state.adding, event._state.db = False, connection.alias
    return event


def audit_record_many(
    *,
    actor: Any,
    action: str,
    objects: Iterable[models.Model],
    patient_id_of: Any,
    data: Mapping[str, Any] | None = None,
) -> None:
    """One event per object in a single INSERT, e.g. each patient shown on a list page.
    ``data``, the same for every event, holds ids and field names only.

    Every list page of patient data calls this, so it skips the ORM: what differs between the
    events (the patient, the object's type and id) goes as arrays, the rest once, and PostgreSQL
    builds the rows (profile in docs/PERFORMANCE.md). Rows are inserted in the objects' order,
    all with one time: they record one request.
    """
    objects = list(objects)
    if not objects:
        return
    connection = connections[router.db_for_write(AuditEvent)]
    if connection.vendor != "postgresql":  # SQLite (the embedded setup): the ORM's INSERT
        AuditEvent.objects.bulk_create(
            AuditEvent(**_fields(actor, action, obj, patient_id_of(obj), data)) for obj in objects
        )
        return
    fields = _fields(actor, action, None, None, data)
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (occurred_at, actor_id, actor_role, patient_id, action, "  # noqa: S608 - the model's own table
            "object_type, object_id, request_id, data) "
            "SELECT %s, %s, %s, patient_id, %s, object_type, object_id, %s, %s::jsonb "
            "FROM unnest(%s::uuid[], %s::text[], %s::text[]) "
            "WITH ORDINALITY AS row (patient_id, object_type, object_id, n) ORDER BY n",
            [
                fields["occurred_at"],
                fields["actor"].pk if fields["actor"] is not None else None,
                fields["actor_role"],
                action,
                fields["request_id"],
                json.dumps(fields["data"]),
                _array_literal(patient_id_of(obj) for obj in objects),
                _array_literal(_object_type(obj) for obj in objects),
                _array_literal(str(obj.pk) for obj in objects),
            ],
        )


def _array_literal(values: Iterable[Any]) -> str:
    """A PostgreSQL array literal (``{"a","b",NULL}``) of ``values`` as text, cast by the query.

    psycopg quotes a Python list client-side element by element in Python (0.25 ms of the
    patient list's 50-row audit write, issue 14); one string is quoted in C. Every element is
    double-quoted with its backslashes and quotes escaped, so any text round-trips."""
    parts = []
    for value in values:
        if value is None:
            parts.append("NULL")
        else:
            parts.append('"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"')
    return "{" + ",".join(parts) + "}"


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

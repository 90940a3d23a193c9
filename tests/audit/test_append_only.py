"""The database itself keeps the audit trail append-only (PostgreSQL trigger)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from elevium.audit.models import AuditEvent
from elevium.audit.services import audit_record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event() -> AuditEvent:
    return audit_record(actor=UserFactory(username="a"), action="patient.viewed")


def test_the_orm_cannot_update_an_event(event: AuditEvent) -> None:
    with pytest.raises(DatabaseError, match="append-only: UPDATE refused"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="patient.forgotten")
    event.refresh_from_db()
    assert event.action == "patient.viewed"


def test_the_orm_cannot_delete_an_event(event: AuditEvent) -> None:
    with pytest.raises(DatabaseError, match="append-only: DELETE refused"), transaction.atomic():
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_raw_sql_cannot_rewrite_the_trail(event: AuditEvent) -> None:
    for statement in ("UPDATE audit_auditevent SET actor_role = 'admin'", "DELETE FROM audit_auditevent"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEvent.objects.count() == 1


def test_new_events_can_still_be_appended(event: AuditEvent) -> None:
    audit_record(actor=None, action="system.checked")
    assert AuditEvent.objects.count() == 2


def test_an_event_carries_the_request_id_of_the_request_that_caused_it(client, patient) -> None:  # noqa: ANN001
    client.force_login(UserFactory(username="c"))
    response = client.get(f"/patients/{patient.id}/", HTTP_X_REQUEST_ID="req-0123456789abcdef")
    assert response["X-Request-ID"] == "req-0123456789abcdef"
    event = AuditEvent.objects.get(action="patient.viewed")
    assert event.request_id == "req-0123456789abcdef"
    assert (event.actor_role, event.object_type, event.object_id) == (
        "clinician",
        "patients.patient",
        str(patient.id),
    )

"""``audit_record``'s own INSERT saves and returns what the ORM's ``create`` did."""

from __future__ import annotations

import uuid

import pytest
from django.forms.models import model_to_dict

from elevium.accounts.roles import Role
from elevium.audit.context import request_id_var
from elevium.audit.models import AuditEvent
from elevium.audit.services import audit_record, audit_record_many
from tests.factories import PatientFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_event_returned_is_the_row_saved() -> None:
    user = UserFactory(username="writer", role=Role.CLINICIAN)
    patient = PatientFactory()
    token = request_id_var.set("req-0123456789")
    try:
        event = audit_record(
            actor=user, action="patient.viewed", obj=patient, patient_id=patient.id, data={"n": [1, "a"]}
        )
    finally:
        request_id_var.reset(token)
    saved = AuditEvent.objects.get(pk=event.pk)
    assert not event._state.adding and event._state.db == "default"
    assert model_to_dict(event) == model_to_dict(saved)
    assert (saved.actor_id, saved.actor_role, saved.patient_id) == (user.pk, "clinician", patient.id)
    assert (saved.object_type, saved.object_id) == ("patients.patient", str(patient.pk))
    assert (saved.request_id, saved.data) == ("req-0123456789", {"n": [1, "a"]})
    assert event.occurred_at == saved.occurred_at


def test_a_system_event_has_no_actor_and_empty_fields() -> None:
    event = audit_record(actor=None, action="system.checked", patient_id=uuid.uuid4())
    saved = AuditEvent.objects.get(pk=event.pk)
    assert model_to_dict(event) == model_to_dict(saved)
    assert (saved.actor_id, saved.actor_role, saved.object_type, saved.data) == (None, "", "", {})


def test_data_that_is_not_json_is_refused_as_before() -> None:
    with pytest.raises(TypeError):
        audit_record(actor=None, action="system.checked", data={"when": object()})
    assert not AuditEvent.objects.filter(action="system.checked").exists()


def test_many_events_keep_every_object_s_ids_and_order_whatever_their_text() -> None:
    """The arrays go to PostgreSQL as literals: quotes, backslashes, commas, braces and the
    word NULL in an id arrive as they were, and a missing patient id stays NULL."""
    user = UserFactory(username="lister", role=Role.CLINICIAN)
    patients = [PatientFactory(), PatientFactory()]

    class Odd:
        class _meta:  # noqa: N801 - what _object_type reads of a model
            label_lower = 'odd."type\\'

        def __init__(self, pk: str) -> None:
            self.pk = pk

    odd = [Odd(pk) for pk in ('a"b', "c\\d", "e,f", "{g}", "NULL", "", " h ")]
    objects = [*patients, *odd]
    audit_record_many(
        actor=user,
        action="patient.listed",
        objects=objects,
        patient_id_of=lambda o: getattr(o, "id", None),
        data={"k": 1},
    )
    saved = list(AuditEvent.objects.filter(action="patient.listed").order_by("id"))
    assert [(e.patient_id, e.object_type, e.object_id) for e in saved] == [
        *((p.id, "patients.patient", str(p.pk)) for p in patients),
        *((None, 'odd."type\\', o.pk) for o in odd),
    ]
    assert all((e.actor_id, e.actor_role, e.data) == (user.pk, "clinician", {"k": 1}) for e in saved)
    assert len({e.occurred_at for e in saved}) == 1

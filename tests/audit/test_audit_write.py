"""``audit_record``'s own INSERT saves and returns what the ORM's ``create`` did."""

from __future__ import annotations

import uuid

import pytest
from django.forms.models import model_to_dict

from elevium.accounts.roles import Role
from elevium.audit.context import request_id_var
from elevium.audit.models import AuditEvent
from elevium.audit.services import audit_record
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

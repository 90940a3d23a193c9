"""A re-evaluation that leaves a treatment's status unchanged keeps the clinician's decision
(audited as carried); a changed status has none, so it waits for a new decision."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from elevium.accounts.models import User
from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent
from eligibility import services
from eligibility.models import BatchRun, Decision, DecisionKind, Evaluation
from eligibility.queues import clinician_queue
from eligibility.selectors import current_decisions
from reassessment.demo import full_document
from reassessment.services import reassessment_create
from tests.factories import PatientFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinician() -> User:
    return UserFactory(username="carry-clinician", role=Role.CLINICIAN)


def _evaluation(clinician: User) -> Evaluation:
    patient = PatientFactory(date_of_birth=dt.date(1979, 4, 2))
    document = full_document(assessed_on=timezone.localdate(), date_of_birth=patient.date_of_birth)
    reassessment = reassessment_create(actor=clinician, patient=patient, document=document)
    return services.evaluation_create(actor=clinician, reassessment=reassessment)


def _decide_all(clinician: User, evaluation: Evaluation) -> None:
    services.decision_record(
        actor=clinician, evaluation=evaluation, treatment="tms", kind="accept", reason=""
    )
    status = next(s for s in services.STATUSES if s != evaluation.statuses["spravato"])
    services.decision_record(
        actor=clinician,
        evaluation=evaluation,
        treatment="spravato",
        kind=DecisionKind.OVERRIDE,
        clinician_status=status,
        reason="Blood pressure uncontrolled at today's visit.",
    )
    services.decision_record(
        actor=clinician, evaluation=evaluation, treatment="ketamine", kind="accept", reason=""
    )


def test_a_re_evaluation_with_unchanged_statuses_carries_every_decision(clinician: User) -> None:
    first = _evaluation(clinician)
    _decide_all(clinician, first)
    reviewer = UserFactory(username="carry-reviewer", role=Role.REVIEWER)
    second = services.evaluation_create(actor=reviewer, reassessment=first.reassessment)
    carried = current_decisions(second)
    assert set(carried) == {"tms", "spravato", "ketamine"}
    original = current_decisions(first)
    for treatment, decision in carried.items():
        assert decision.carried_from_id == original[treatment].id
        assert (decision.kind, decision.reason, decision.decided_by_id) == (
            original[treatment].kind,
            original[treatment].reason,
            clinician.id,
        )
    events = AuditEvent.objects.filter(action="decision.carried")
    assert events.count() == 3 and {e.patient_id for e in events} == {first.patient_id}
    assert {e.actor_id for e in events} == {reviewer.id}  # who re-evaluated
    assert clinician_queue(user=clinician)["awaiting_decision"] == []


def test_a_changed_status_asks_for_a_new_decision(clinician: User) -> None:
    first = _evaluation(clinician)
    _decide_all(clinician, first)
    # As if the engine had said otherwise for TMS last time: this time TMS's status differs.
    Evaluation.objects.filter(pk=first.pk).update(statuses={**first.statuses, "tms": "needs_information"})
    second = services.evaluation_create(actor=clinician, reassessment=first.reassessment)
    assert set(current_decisions(second)) == {"spravato", "ketamine"}
    waiting = clinician_queue(user=clinician)["awaiting_decision"]
    assert [(i.id, i.what) for i in waiting] == [(second.id, "1 of 3 treatments await your decision.")]


def test_a_batch_re_evaluation_carries_the_decisions(clinician: User) -> None:
    first = _evaluation(clinician)
    _decide_all(clinician, first)
    untouched = _evaluation(clinician)  # no decision: nothing to carry
    batch = BatchRun.objects.create(requested_by=UserFactory(username="carry-batch", role=Role.REVIEWER))
    assert services.batch_claim(str(batch.id))
    services.batch_run(str(batch.id), chunk_size=1)
    newer = Evaluation.objects.get(batch=batch, reassessment=first.reassessment)
    assert set(current_decisions(newer)) == {"tms", "spravato", "ketamine"}
    assert not Decision.objects.filter(
        evaluation__batch=batch, evaluation__reassessment=untouched.reassessment
    )
    assert AuditEvent.objects.filter(action="decision.carried", patient_id=first.patient_id).count() == 3

"""PA case services: checklist-gated transitions, conflicts, deadlines, approvals, audit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from benefits import seed
from benefits.models import BenefitsCheck, Coverage, PaCase, PaEvent
from benefits.selectors import pa_case_renewal
from benefits.services import (
    benefits_check_record,
    benefits_check_request,
    pa_case_assign,
    pa_case_checklist_mark,
    pa_case_create_from_evaluation,
    pa_case_note,
    pa_case_record_approval,
    pa_case_transition,
)
from benefits.transitions import ChecklistIncomplete, PaStatus
from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent
from elevium.lib.errors import Conflict, StaleRevision
from reassessment.errors import DocumentInvalid
from tests.factories import PatientFactory, UserFactory

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def _complete(case: PaCase, actor: Any) -> PaCase:
    for item in case.checklist.filter(satisfied=False):
        pa_case_checklist_mark(actor=actor, case=case, code=item.code, satisfied=True, note="on file")
    case.refresh_from_db()
    return case


def _submit(case: PaCase, actor: Any) -> PaCase:
    case = _complete(case, actor)
    case = pa_case_transition(actor=actor, case=case, to="ready_to_submit", revision=case.revision)
    return pa_case_transition(actor=actor, case=case, to="submitted", revision=case.revision)


def test_a_case_from_an_evaluation_lists_what_the_policy_wants(case: PaCase) -> None:
    codes = list(case.checklist.values_list("code", flat=True))
    assert codes[:3] == ["diagnosis", "baseline_scale", "no_contraindications"]
    assert {
        "severity",
        "failed_trials",
        "trial_classes",
        "psychotherapy",
        "psychiatrist_order",
        "tms_plan",
    } <= set(codes)
    satisfied = dict(case.checklist.values_list("code", "satisfied"))
    assert satisfied["failed_trials"] and satisfied["trial_classes"] and satisfied["psychotherapy"]
    assert not satisfied["psychiatrist_order"] and not satisfied["tms_plan"]
    assert case.status == PaStatus.DOCUMENTS_NEEDED
    kinds = list(case.events.values_list("kind", "to_status"))
    assert kinds == [("created", "draft"), ("status_changed", "documents_needed")]


def test_it_refuses_a_coverage_of_another_patient(
    coordinator: Any, evaluation: Any, make_coverage: Any
) -> None:
    other = make_coverage(PatientFactory().id)
    with pytest.raises(DocumentInvalid) as exc:
        pa_case_create_from_evaluation(
            actor=coordinator, evaluation=evaluation, treatment="tms", coverage=other
        )
    assert "coverage_id" in exc.value.errors


def test_it_refuses_a_case_for_a_treatment_the_plan_does_not_cover(
    coordinator: Any, evaluation: Any, make_coverage: Any
) -> None:
    coverage = make_coverage(evaluation.patient_id, payer=seed.SELF_PAY)
    with pytest.raises(DocumentInvalid) as exc:
        pa_case_create_from_evaluation(
            actor=coordinator, evaluation=evaluation, treatment="ketamine", coverage=coverage
        )
    assert "self-pay" in exc.value.errors["treatment"][0]


def test_ready_to_submit_is_refused_while_items_are_missing(case: PaCase, coordinator: Any) -> None:
    with pytest.raises(ChecklistIncomplete) as exc:
        pa_case_transition(actor=coordinator, case=case, to="ready_to_submit", revision=case.revision)
    assert "psychiatrist_order" in exc.value.missing and "tms_plan" in exc.value.missing
    case.refresh_from_db()
    assert case.status == PaStatus.DOCUMENTS_NEEDED


def test_an_illegal_transition_is_a_conflict_listing_the_allowed_states(
    case: PaCase, coordinator: Any
) -> None:
    with pytest.raises(Conflict) as exc:
        pa_case_transition(actor=coordinator, case=case, to="approved", revision=case.revision)
    assert exc.value.allowed == ["ready_to_submit", "withdrawn"]


def test_a_stale_revision_is_refused(case: PaCase, coordinator: Any) -> None:
    case = _complete(case, coordinator)
    first = pa_case_transition(actor=coordinator, case=case, to="ready_to_submit", revision=case.revision)
    with pytest.raises(StaleRevision) as exc:
        pa_case_transition(actor=coordinator, case=case, to="withdrawn", revision=first.revision - 1)
    assert exc.value.current == first.revision
    assert exc.value.allowed == ["documents_needed", "submitted", "withdrawn"]


@time_machine.travel(dt.datetime(2026, 3, 6, 15, 0, tzinfo=UTC), tick=False)
def test_submission_sets_the_decision_due_date_from_the_plans_timeframe(
    case: PaCase, coordinator: Any
) -> None:
    case = _submit(case, coordinator)
    # MA plan, CMS-0057-F standard: 7 calendar days after the local (Los Angeles) date, end of day.
    assert case.submitted_at == dt.datetime(2026, 3, 6, 15, 0, tzinfo=UTC)
    assert case.decision_due_at == dt.datetime(2026, 3, 14, 6, 59, 59, 999999, tzinfo=UTC)
    assert case.submitted_at < case.next_follow_up_at < case.decision_due_at
    event = case.events.get(to_status="submitted")
    assert event.data["timeframe"] == {"kind": "calendar_days", "amount": 7, "expedited": False}


@time_machine.travel(dt.datetime(2026, 3, 6, 15, 0, tzinfo=UTC), tick=False)
def test_an_expedited_request_is_due_in_72_hours(case: PaCase, coordinator: Any) -> None:
    PaCase.objects.filter(pk=case.pk).update(expedited=True)
    case = _submit(case, coordinator)
    assert case.decision_due_at == dt.datetime(2026, 3, 9, 15, 0, tzinfo=UTC)


def test_a_duplicate_submission_changes_nothing_and_records_the_read(case: PaCase, coordinator: Any) -> None:
    case = _submit(case, coordinator)
    events, since = PaEvent.objects.count(), AuditEvent.objects.order_by("-id").first().id  # type: ignore[union-attr]
    again = pa_case_transition(actor=coordinator, case=case, to="submitted", revision=case.revision - 1)
    assert (again.revision, again.decision_due_at) == (case.revision, case.decision_due_at)
    assert PaEvent.objects.count() == events
    # No change is recorded, but the caller is answered with the case: that read is.
    assert list(AuditEvent.objects.filter(id__gt=since).values_list("action", "patient_id", "data")) == [
        ("pa_case.viewed", case.patient_id, {"unchanged": "transition", "status": "submitted"})
    ]


def test_unmarking_a_required_item_sends_a_ready_case_back(case: PaCase, coordinator: Any) -> None:
    case = _complete(case, coordinator)
    case = pa_case_transition(actor=coordinator, case=case, to="ready_to_submit", revision=case.revision)
    pa_case_checklist_mark(actor=coordinator, case=case, code="tms_plan", satisfied=False)
    case.refresh_from_db()
    assert case.status == PaStatus.DOCUMENTS_NEEDED


def test_marking_an_item_needs_its_evidence(case: PaCase, coordinator: Any) -> None:
    with pytest.raises(DocumentInvalid) as exc:
        pa_case_checklist_mark(actor=coordinator, case=case, code="tms_plan", satisfied=True)
    assert "note" in exc.value.errors
    with pytest.raises(DocumentInvalid):
        pa_case_checklist_mark(actor=coordinator, case=case, code="nope", satisfied=True, note="x")


def test_an_approval_records_the_authorization_and_is_idempotent(case: PaCase, coordinator: Any) -> None:
    case = _submit(case, coordinator)
    case = pa_case_transition(actor=coordinator, case=case, to="pending_payer", revision=case.revision)
    kwargs = {
        "authorization_number": "AUTH-1",
        "approved_units": 36,
        "valid_from": dt.date(2026, 3, 1),
        "valid_until": dt.date(2026, 5, 31),
    }
    approved = pa_case_record_approval(actor=coordinator, case=case, revision=case.revision, **kwargs)
    assert (approved.status, approved.authorization_number, approved.approved_units) == (
        "approved",
        "AUTH-1",
        36,
    )
    again = pa_case_record_approval(actor=coordinator, case=case, revision=case.revision, **kwargs)
    assert again.revision == approved.revision
    with pytest.raises(Conflict):
        pa_case_record_approval(
            actor=coordinator,
            case=case,
            revision=approved.revision,
            **{**kwargs, "authorization_number": "AUTH-2"},
        )


def test_an_approval_before_the_payer_has_the_request_is_a_conflict(case: PaCase, coordinator: Any) -> None:
    with pytest.raises(Conflict) as exc:
        pa_case_record_approval(
            actor=coordinator,
            case=case,
            authorization_number="A",
            approved_units=1,
            valid_from=dt.date(2026, 1, 1),
            valid_until=dt.date(2026, 2, 1),
            revision=case.revision,
        )
    assert exc.value.allowed == ["ready_to_submit", "withdrawn"]


def test_approval_fields_are_checked_together(case: PaCase, coordinator: Any) -> None:
    with pytest.raises(DocumentInvalid) as exc:
        pa_case_record_approval(
            actor=coordinator,
            case=case,
            authorization_number=" ",
            approved_units=0,
            valid_from=dt.date(2026, 2, 1),
            valid_until=dt.date(2026, 1, 1),
            revision=case.revision,
        )
    assert set(exc.value.errors) == {"authorization_number", "approved_units", "valid_until"}


@pytest.mark.parametrize(
    ("valid_until", "used", "kinds"),
    [
        (dt.date(2026, 6, 30), 10, []),
        (dt.date(2026, 3, 20), 10, ["end_date"]),
        (dt.date(2026, 6, 30), 29, ["units"]),
        (dt.date(2026, 3, 20), 36, ["end_date", "units"]),
    ],
)
def test_an_approval_near_its_end_or_its_units_needs_renewal(
    case: PaCase, valid_until: dt.date, used: int, kinds: list[str]
) -> None:
    PaCase.objects.filter(pk=case.pk).update(
        status="approved",
        authorization_number="A",
        approved_units=36,
        used_units=used,
        valid_from=dt.date(2026, 1, 1),
        valid_until=valid_until,
    )
    case.refresh_from_db()
    now = dt.datetime(2026, 3, 10, 12, tzinfo=UTC)
    assert [r.kind for r in pa_case_renewal(case=case, now=now)] == kinds


def test_assigning_many_cases_at_once(
    case: PaCase, coordinator: Any, evaluation: Any, coverage: Coverage
) -> None:
    second = pa_case_create_from_evaluation(
        actor=coordinator, evaluation=evaluation, treatment="tms", coverage=coverage
    )
    owner = UserFactory(username="owner", role=Role.CARE_COORDINATOR)
    pa_case_assign(actor=coordinator, cases=[case, second], owner=owner)
    assert set(PaCase.objects.values_list("owner_id", flat=True)) == {owner.pk}
    assert AuditEvent.objects.filter(action="pa_case.assigned").count() == 2
    with pytest.raises(DocumentInvalid):
        pa_case_assign(actor=coordinator, cases=[case], owner=UserFactory(username="c", role=Role.CLINICIAN))


def test_every_write_is_audited_with_ids_only(case: PaCase, coordinator: Any) -> None:
    pa_case_note(actor=coordinator, case=case, text="Called the payer; they want the PHQ-9 form.")
    _submit(case, coordinator)
    actions = list(AuditEvent.objects.filter(object_id=str(case.id)).values_list("action", flat=True))
    assert {
        "pa_case.created",
        "pa_case.noted",
        "pa_case.checklist_marked",
        "pa_case.ready_to_submit",
        "pa_case.submitted",
    } <= set(actions)
    for event in AuditEvent.objects.filter(object_id=str(case.id)):
        assert event.patient_id == case.patient_id
        assert "PHQ-9 form" not in str(event.data) and "on file" not in str(event.data)


def test_a_benefits_check_and_the_manual_gateway(coordinator: Any, coverage: Coverage) -> None:
    pending = benefits_check_request(actor=coordinator, coverage=coverage, treatment="tms")
    assert pending.is_pending and pending.coverage_status == "unknown"
    check = benefits_check_record(
        actor=coordinator,
        coverage=coverage,
        treatment="tms",
        method="phone",
        coverage_status="active",
        deductible=Decimal("1000"),
        deductible_met=Decimal("250"),
        coinsurance_pct=Decimal("20"),
        oop_max=Decimal("3000"),
    )
    terms = check.terms()
    assert terms.covered and terms.deductible_remaining == Decimal("750.00")
    assert BenefitsCheck.objects.count() == 2
    assert set(
        AuditEvent.objects.filter(patient_id=coverage.patient_id).values_list("action", flat=True)
    ) >= {
        "benefits_check.requested",
        "benefits_check.recorded",
    }
    with pytest.raises(DocumentInvalid) as exc:
        benefits_check_record(
            actor=coordinator,
            coverage=coverage,
            treatment="tms",
            method="pending",
            coverage_status="active",
            deductible=Decimal("10"),
            deductible_met=Decimal("20"),
            coinsurance_pct=Decimal("120"),
        )
    assert set(exc.value.errors) == {"method", "deductible_met", "coinsurance_pct"}

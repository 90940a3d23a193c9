"""A PA case's checklist says what the stored evaluation it starts from says: the engine is not
run again with today's date, so a PHQ-9 that aged since or a payer policy edited since does not
make the two disagree."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from benefits import seed
from benefits.models import Coverage, CoveragePolicy, PaCase, Plan
from benefits.services import pa_case_create_from_evaluation
from elevium.accounts.models import User
from elevium.accounts.roles import Role
from eligibility.engine import CandidacyReport, evaluate
from eligibility.models import Evaluation
from eligibility.services import evaluation_create
from reassessment.demo import full_document
from reassessment.documents import ReassessmentDocument
from reassessment.services import reassessment_create
from tests.factories import PatientFactory, UserFactory

pytestmark = pytest.mark.django_db

EVALUATED = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 5, 15, 15, 0, tzinfo=dt.UTC)  # the evaluation's PHQ-9 is 74 days old now
CRITERIA = {"phq9_recent": "payer.phq9_recent", "failed_trials": "payer.min_failed_trials"}


def _coverage(patient_id: Any) -> Coverage:
    plan = Plan.objects.get(payer__name=seed.CIGNA)  # Spravato: PHQ-9 within 28 days, 2 failed trials
    return Coverage.objects.create(
        patient_id=patient_id, plan=plan, member_id="C1", valid_from=dt.date(2025, 1, 1)
    )


def _evaluate(*, coverage_first: bool) -> tuple[Evaluation, User]:
    clinician = UserFactory(username="checklist-clinician", role=Role.CLINICIAN)
    with time_machine.travel(EVALUATED, tick=False):
        patient = PatientFactory(date_of_birth=dt.date(1979, 4, 2))
        if coverage_first:
            _coverage(patient.id)
        document = full_document(assessed_on=EVALUATED.date(), date_of_birth=patient.date_of_birth)
        reassessment = reassessment_create(actor=clinician, patient=patient, document=document)
        evaluation = evaluation_create(actor=clinician, reassessment=reassessment)
    return evaluation, UserFactory(username="checklist-coordinator", role=Role.CARE_COORDINATOR)


def _case(evaluation: Evaluation, coordinator: User) -> PaCase:
    coverage = Coverage.objects.filter(patient_id=evaluation.patient_id).first() or _coverage(
        evaluation.patient_id
    )
    with time_machine.travel(LATER, tick=False):
        return pa_case_create_from_evaluation(
            actor=coordinator, evaluation=evaluation, treatment="spravato", coverage=coverage
        )


def _stored(evaluation: Evaluation, rule_id: str) -> Any:
    report = CandidacyReport.model_validate(evaluation.report)
    result = next(t for t in report.treatments if t.treatment == "spravato")
    return next(c for c in result.criteria if c.rule_id == rule_id)


def _today(evaluation: Evaluation, rule_id: str) -> Any:
    """What a fresh judgement on LATER would answer, with the policy as it is now: the record re-dated
    to LATER (the engine itself judges every date on the assessment date, criteria.md §10.1, so this
    is what the checklist would say if it were rebuilt from the record today)."""
    policy = CoveragePolicy.objects.get(payer__name=seed.CIGNA, treatment="spravato").to_engine()
    document = ReassessmentDocument.model_validate(evaluation.input_snapshot)
    document = document.model_copy(update={"assessed_on": LATER.date()})
    report = evaluate(document, policies=(policy,))
    result = next(t for t in report.treatments if t.treatment == "spravato")
    return next(c for c in result.criteria if c.rule_id == rule_id)


def test_a_phq9_that_aged_since_the_evaluation_is_still_as_the_evaluation_found_it() -> None:
    evaluation, coordinator = _evaluate(coverage_first=True)
    assert _stored(evaluation, "payer.phq9_recent").outcome == "met"
    assert _today(evaluation, "payer.phq9_recent").outcome == "not_met"  # re-running would disagree
    case = _case(evaluation, coordinator)
    item = case.checklist.get(code="phq9_recent")
    assert item.satisfied is True
    assert (
        item.evidence
        == _stored(evaluation, "payer.phq9_recent").rationale.split(". Payer requirements never")[0]
    )


def test_a_policy_edited_since_the_evaluation_does_not_change_what_it_found() -> None:
    evaluation, coordinator = _evaluate(coverage_first=True)
    policy = CoveragePolicy.objects.get(payer__name=seed.CIGNA, treatment="spravato")
    policy.min_failed_trials = 6
    policy.save(update_fields=["min_failed_trials"])
    assert _stored(evaluation, "payer.min_failed_trials").outcome == "met"
    assert _today(evaluation, "payer.min_failed_trials").outcome == "not_met"
    case = _case(evaluation, coordinator)
    item = case.checklist.get(code="failed_trials")
    assert item.satisfied is True
    stored = _stored(evaluation, "payer.min_failed_trials").rationale
    assert item.evidence == stored.split(". Payer requirements never")[0]  # not today's requirement


def test_every_requirement_item_agrees_with_the_stored_evaluation() -> None:
    evaluation, coordinator = _evaluate(coverage_first=True)
    case = _case(evaluation, coordinator)
    for code, rule_id in CRITERIA.items():
        assert case.checklist.get(code=code).satisfied is (_stored(evaluation, rule_id).outcome == "met"), (
            code
        )


def test_a_coverage_added_after_the_evaluation_is_judged_as_of_the_evaluation_date() -> None:
    evaluation, coordinator = _evaluate(coverage_first=False)
    assert "No Spravato coverage policy" in _stored(evaluation, "payer.phq9_recent").rationale
    case = _case(evaluation, coordinator)
    # The PHQ-9 was taken on the evaluation's day: recent then, whatever the date now.
    assert case.checklist.get(code="phq9_recent").satisfied is True

"""eligibility asks benefits for coverage through eligibility.coverage, never by import; and the
typed accessors read the stored JSON as its model, once per stored value."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from benefits.coverage_source import BenefitsCoverage
from eligibility import coverage
from eligibility.engine import CandidacyReport
from eligibility.services import evaluation_create
from reassessment import services as reassessment_services
from reassessment.demo import full_document
from reassessment.documents import ReassessmentDocument
from reassessment.models import Reassessment
from tests.factories import PatientFactory


@pytest.fixture
def reassessment(clinician: Any) -> Reassessment:
    patient = PatientFactory(date_of_birth=dt.date(1979, 4, 2))
    document = full_document(assessed_on=timezone.localdate(), date_of_birth=patient.date_of_birth)
    return reassessment_services.reassessment_create(actor=clinician, patient=patient, document=document)


def test_benefits_registers_its_coverage_source_at_start_up() -> None:
    assert isinstance(coverage._registered(), BenefitsCoverage)


def test_without_a_source_eligibility_refuses_rather_than_evaluating_without_policies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(coverage, "_source", None)
    with pytest.raises(ImproperlyConfigured, match="benefits"):
        coverage.engine_policies_by_patient([], as_of=dt.date(2026, 1, 1))


@pytest.mark.django_db
def test_the_typed_accessors_give_the_stored_json_as_models_parsed_once(
    clinician: Any, reassessment: Reassessment
) -> None:
    parsed = reassessment.document_model
    assert isinstance(parsed, ReassessmentDocument)
    assert reassessment.document == parsed.model_dump(mode="json")
    assert reassessment.document_model is parsed  # not parsed again

    evaluation = evaluation_create(actor=clinician, reassessment=reassessment)
    report = evaluation.report_model
    assert isinstance(report, CandidacyReport)
    assert evaluation.report == report.model_dump(mode="json")
    assert evaluation.input_document == parsed

    evaluation.refresh_from_db()
    assert evaluation.report_model is not report  # a reloaded row is parsed from what is stored
    assert evaluation.report_model.model_dump(mode="json") == evaluation.report


@pytest.mark.django_db
def test_assigning_the_json_drops_the_parsed_model(reassessment: Reassessment) -> None:
    before = reassessment.document_model
    reassessment.document = dict(reassessment.document)  # another value, even with the same content
    assert reassessment.document_model is not before
    assert reassessment.document_model == before

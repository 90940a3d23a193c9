from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from benefits import seed
from benefits.models import Coverage, PaCase, Plan
from benefits.services import pa_case_create_from_evaluation
from elevium.accounts.models import User
from elevium.accounts.roles import Role
from eligibility.models import Evaluation
from eligibility.services import evaluation_create
from reassessment.demo import full_document
from reassessment.services import reassessment_create
from tests.factories import PatientFactory, UserFactory


@pytest.fixture
def coordinator(db: None) -> User:
    return UserFactory(username="coordinator", role=Role.CARE_COORDINATOR)


@pytest.fixture
def evaluation(db: None) -> Evaluation:
    author = UserFactory(username="benefits-clinician", role=Role.CLINICIAN)
    patient = PatientFactory(date_of_birth=dt.date(1979, 4, 2))
    document = full_document(assessed_on=timezone.localdate(), date_of_birth=patient.date_of_birth)
    reassessment = reassessment_create(actor=author, patient=patient, document=document)
    return evaluation_create(actor=author, reassessment=reassessment)


@pytest.fixture
def make_coverage(db: None) -> Callable[..., Coverage]:
    def make(patient_id: Any, payer: str = seed.MA_WEST) -> Coverage:
        plan = Plan.objects.select_related("payer").get(payer__name=payer)
        return Coverage.objects.create(
            patient_id=patient_id, plan=plan, member_id="M123", valid_from=dt.date(2025, 1, 1)
        )

    return make


@pytest.fixture
def coverage(evaluation: Evaluation, make_coverage: Callable[..., Coverage]) -> Coverage:
    return make_coverage(evaluation.patient_id)


@pytest.fixture
def case(coordinator: User, evaluation: Evaluation, coverage: Coverage) -> PaCase:
    return pa_case_create_from_evaluation(
        actor=coordinator, evaluation=evaluation, treatment="tms", coverage=coverage
    )

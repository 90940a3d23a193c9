from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from benefits import seed
from benefits.models import Coverage, PaCase, Plan
from benefits.transitions import PaStatus
from courses.inputs import MeasurementInput, SessionInput
from courses.models import Course
from courses.services import course_start, measurement_record, rems_enrolment_record
from elevium.accounts.models import User
from elevium.accounts.roles import Role
from eligibility.services import evaluation_create
from patients.models import Patient
from reassessment.services import reassessment_create
from tests.factories import PatientFactory, UserFactory

# A Tuesday, in the test clinic's zone (America/New_York by default).
TODAY = dt.date(2026, 3, 10)
# The approval runs a year past the real date: sessions recorded "now" stay inside it whenever
# the suite runs (a fixed end date would fail every test after it).
VALID_UNTIL = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=365)


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    from zoneinfo import ZoneInfo

    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo("America/New_York"))


@pytest.fixture
def clinician(db: None) -> User:
    return UserFactory(username="course-clinician", role=Role.CLINICIAN)


@pytest.fixture
def staff(db: None) -> User:
    return UserFactory(username="course-staff", role=Role.TREATMENT_STAFF)


@pytest.fixture
def coordinator(db: None) -> User:
    return UserFactory(username="course-coordinator", role=Role.CARE_COORDINATOR)


@pytest.fixture
def patient(db: None) -> Patient:
    return PatientFactory()


@pytest.fixture
def approved_case(clinician: User, patient: Patient) -> Callable[..., PaCase]:
    def make(treatment: str = "tms", **fields: Any) -> PaCase:
        reassessment = reassessment_create(actor=clinician, patient=patient)
        evaluation = evaluation_create(actor=clinician, reassessment=reassessment)
        plan = Plan.objects.get(payer__name=seed.MA_EAST)
        coverage = Coverage.objects.create(
            patient=patient, plan=plan, member_id="M1", valid_from=dt.date(2025, 1, 1)
        )
        values: dict[str, Any] = {
            "status": PaStatus.APPROVED,
            "authorization_number": "AUTH-1",
            "approved_units": 36,
            "valid_from": dt.date(2026, 1, 1),
            "valid_until": VALID_UNTIL,
            **fields,
        }
        return PaCase.objects.create(
            patient=patient, evaluation=evaluation, coverage=coverage, treatment=treatment, **values
        )

    return make


@pytest.fixture
def start(clinician: User, patient: Patient, approved_case: Callable[..., PaCase]) -> Callable[..., Course]:
    def make(treatment: str = "tms", *, phq9: int | None = 20, enrol: bool = True, **fields: Any) -> Course:
        case_fields = fields.pop("case_fields", {})
        kwargs: dict[str, Any] = {"starts_on": TODAY, **fields}
        if treatment == "ketamine":
            kwargs["self_pay"] = True
        else:
            kwargs["pa_case"] = approved_case(treatment, **case_fields)
        if treatment == "spravato":
            kwargs.setdefault("spravato_indication", "trd")
            if enrol:
                rems_enrolment_record(
                    actor=clinician, patient=patient, enrolled_on=TODAY - dt.timedelta(days=3)
                )
        course = course_start(actor=clinician, patient=patient, treatment=treatment, **kwargs)
        if phq9 is not None:
            measurement_record(
                actor=clinician,
                course=course,
                data=MeasurementInput(scale="phq9", total=phq9, measured_on=TODAY - dt.timedelta(days=1)),
            )
        return course

    return make


def tms_input(day: dt.date = TODAY, **fields: Any) -> SessionInput:
    values: dict[str, Any] = {
        "given_at": at(day),
        "motor_threshold_percent": 55,
        "intensity_percent_mt": 120,
        "pulses": 3000,
        "tms_protocol": "10hz",
        "coil": "Figure-8",
        "target": "Left DLPFC",
        **fields,
    }
    return SessionInput(**values)


def spravato_input(day: dt.date = TODAY, **fields: Any) -> SessionInput:
    values: dict[str, Any] = {
        "given_at": at(day),
        "dose_mg": 56,
        "bp_pre_systolic": 128,
        "bp_pre_diastolic": 82,
        **fields,
    }
    return SessionInput(**values)

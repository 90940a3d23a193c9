"""Every named URL in the URLconf, and one sample record of each kind to fill in their parameters.

Shared by the tests that walk the whole URLconf (tests/accounts/test_role_matrix.py,
tests/audit/test_audit_coverage.py), so a new URL parameter gets its sample value once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from benefits import seed as benefits_seed
from benefits.models import Coverage, PaAttachment, PaCase, Plan
from benefits.services import pa_case_create_from_evaluation
from benefits.services.attachments import attachment_add
from courses.inputs import MeasurementInput, ObservationInput, SessionInput
from courses.models import Course, Session, SessionSlot
from courses.services import (
    course_start,
    measurement_record,
    rems_enrolment_record,
    session_clear_discharge,
    session_record,
    session_record_observations,
    slot_book,
)
from elevium.accounts.models import User
from elevium.accounts.roles import Role
from eligibility.models import BatchRun, Evaluation
from eligibility.services import evaluation_create
from patients.models import Patient
from reassessment.models import Reassessment
from reassessment.services import reassessment_create
from tests.factories import PatientFactory, UserFactory, clinic_today


def _walk(
    patterns: list[Any], namespace: str = "", params: frozenset[str] = frozenset()
) -> Iterator[tuple[str, frozenset[str]]]:
    for entry in patterns:
        own = _param_names(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, ns, params | own)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", params | own


def _param_names(pattern: Any) -> frozenset[str]:
    converters = getattr(pattern, "converters", None)
    if converters:
        return frozenset(converters)
    regex = getattr(pattern, "regex", None)
    return frozenset(regex.groupindex) if regex is not None else frozenset()


# URL name ("namespace:name") -> the names of the parameters it takes.
URLS: dict[str, frozenset[str]] = dict(_walk(get_resolver().url_patterns))


@dataclass(frozen=True)
class Samples:
    """One patient with a draft reassessment, its evaluation, a coverage and a PA case."""

    patient: Patient
    author: User
    coordinator: User
    reassessment: Reassessment
    evaluation: Evaluation
    batch: BatchRun
    coverage: Coverage
    case: PaCase
    attachment: PaAttachment
    course: Course
    session: Session
    slot: SessionSlot

    @property
    def kwargs(self) -> dict[str, Any]:
        """A value for every URL parameter in the URLconf (admin ones included)."""
        return {
            "evaluation_id": self.evaluation.id,
            "other_id": self.evaluation.id,
            "batch_id": self.batch.id,
            "case_id": self.case.id,
            "attachment_id": self.attachment.id,
            "course_id": self.course.id,
            "session_id": self.session.id,
            "form_id": self.session.monitoring_form.id,
            "slot_id": self.slot.id,
            "coverage_id": self.coverage.id,
            "treatment_slug": "spravato",
            "patient_id": self.patient.id,
            "reassessment_id": self.reassessment.id,
            "slug": "diagnosis",
            "action": "complete",
            "object_id": "1",
            "app_label": "accounts",
            "content_type_id": 1,
            "id": 1,
        }


def build_samples() -> Samples:
    patient = PatientFactory()
    author = UserFactory(username="sample-author", role=Role.CLINICIAN)
    reassessment = reassessment_create(actor=author, patient=patient)
    evaluation = evaluation_create(actor=author, reassessment=reassessment)
    batch = BatchRun.objects.create(requested_by=author, status="done")
    plan = Plan.objects.get(payer__name=benefits_seed.MA_EAST)
    coverage = Coverage.objects.create(
        patient=patient, plan=plan, member_id="M1", valid_from=dt.date(2025, 1, 1)
    )
    coordinator = UserFactory(username="sample-coordinator", role=Role.CARE_COORDINATOR)
    case = pa_case_create_from_evaluation(
        actor=coordinator, evaluation=evaluation, treatment="tms", coverage=coverage
    )
    course, session = _sample_course(patient, author)
    return Samples(
        course=course,
        session=session,
        slot=slot_book(
            actor=author, course=course, starts_at=timezone.now() + dt.timedelta(days=1), room="Chair 1"
        ),
        patient=patient,
        author=author,
        coordinator=coordinator,
        reassessment=reassessment,
        evaluation=evaluation,
        batch=batch,
        coverage=coverage,
        case=case,
        attachment=attachment_add(
            actor=coordinator,
            case=case,
            code="psychiatrist_order",
            upload=SimpleUploadedFile("order.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
        ),
    )


def _sample_course(patient: Patient, clinician: User) -> tuple[Course, Session]:
    """A self-paid Spravato course with one session given three hours ago, observed and
    discharged, its monitoring form still to file."""
    given = timezone.now() - dt.timedelta(hours=3)
    today = clinic_today()
    rems_enrolment_record(actor=clinician, patient=patient, enrolled_on=today - dt.timedelta(days=1))
    course = course_start(
        actor=clinician, patient=patient, treatment="spravato", starts_on=today, self_pay=True,
        spravato_indication="trd",
    )  # fmt: skip
    measurement_record(
        actor=clinician, course=course, data=MeasurementInput(scale="phq9", total=18, measured_on=today)
    )
    staff = UserFactory(username="sample-staff", role=Role.TREATMENT_STAFF)
    session = session_record(
        actor=staff,
        course=course,
        data=SessionInput(given_at=given, dose_mg=56, bp_pre_systolic=128, bp_pre_diastolic=80),
    )
    session_record_observations(
        actor=staff,
        session=session,
        data=ObservationInput(
            bp_40_systolic=138, bp_40_diastolic=86, bp_discharge_systolic=126, bp_discharge_diastolic=80,
            transport_arranged=True,
        ),
    )  # fmt: skip
    session = session_clear_discharge(actor=clinician, session=session)
    return course, session


def sample_url(name: str, kwargs: dict[str, Any]) -> str:
    """The path of URL ``name`` with its parameters taken from ``kwargs``."""
    wanted = URLS[name]
    unknown = wanted - set(kwargs)
    assert not unknown, f"{name} takes {sorted(unknown)}: add sample values to tests/samples.py"
    return reverse(name, kwargs={key: kwargs[key] for key in wanted})

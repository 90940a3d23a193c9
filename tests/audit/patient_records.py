"""One patient's records in every state the audit-coverage requests need, and the shape of a request.

Used by tests/audit/test_audit_coverage.py through the table in tests/audit/patient_data_ops.py.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from benefits import seed as benefits_seed
from benefits.models import Coverage, PaAttachment, PaCase, Plan
from benefits.services import (
    benefits_check_record,
    pa_case_checklist_mark,
    pa_case_create_from_evaluation,
    pa_case_record_approval,
    pa_case_transition,
)
from benefits.services.attachments import attachment_add
from courses.inputs import MeasurementInput, ObservationInput, SessionInput
from courses.models import Course, Session
from courses.services import (
    course_start,
    measurement_record,
    rems_enrolment_record,
    session_clear_discharge,
    session_record,
    session_record_observations,
)
from elevium.accounts.models import User
from elevium.accounts.roles import Role
from eligibility.models import Evaluation
from eligibility.services import evaluation_create
from patients.models import Patient
from reassessment.demo import full_document
from reassessment.models import Reassessment
from reassessment.services import reassessment_complete, reassessment_create, reassessment_sign
from tests.factories import PatientFactory, clinic_today
from tests.samples import URLS, sample_url

CLIN, COORD, REV, ADMIN = Role.CLINICIAN, Role.CARE_COORDINATOR, Role.REVIEWER, Role.ADMIN


class World:
    """One patient's records in every state a request needs, built only when a case asks."""

    def __init__(self, user_with_role: Callable[[Role], User]) -> None:
        self.user_of = user_with_role

    @cached_property
    def clinician(self) -> User:
        return self.user_of(CLIN)

    @cached_property
    def coordinator(self) -> User:
        return self.user_of(COORD)

    @cached_property
    def patient(self) -> Patient:
        return PatientFactory(date_of_birth=dt.date(1979, 4, 2))

    def document(self) -> dict[str, Any]:
        return full_document(assessed_on=timezone.localdate(), date_of_birth=self.patient.date_of_birth)

    @cached_property
    def draft(self) -> Reassessment:
        """Blank: nothing can complete it."""
        return reassessment_create(actor=self.clinician, patient=self.patient)

    @cached_property
    def full_draft(self) -> Reassessment:
        return reassessment_create(actor=self.clinician, patient=self.patient, document=self.document())

    @cached_property
    def complete(self) -> Reassessment:
        r = reassessment_create(actor=self.clinician, patient=self.patient, document=self.document())
        return reassessment_complete(actor=self.clinician, reassessment=r, revision=r.revision)

    @cached_property
    def signed(self) -> Reassessment:
        r = reassessment_create(actor=self.clinician, patient=self.patient, document=self.document())
        r = reassessment_complete(actor=self.clinician, reassessment=r, revision=r.revision)
        return reassessment_sign(actor=self.clinician, reassessment=r, revision=r.revision)

    @cached_property
    def evaluation(self) -> Evaluation:
        return evaluation_create(actor=self.clinician, reassessment=self.full_draft)

    @cached_property
    def newer_evaluation(self) -> Evaluation:
        self.evaluation  # noqa: B018 - the older one first
        return evaluation_create(actor=self.clinician, reassessment=self.full_draft)

    @cached_property
    def plan(self) -> Plan:
        return Plan.objects.get(payer__name=benefits_seed.MA_WEST)

    def _coverage(self, member_id: str) -> Coverage:
        return Coverage.objects.create(
            patient=self.patient, plan=self.plan, member_id=member_id, valid_from=dt.date(2025, 1, 1)
        )

    @cached_property
    def coverage(self) -> Coverage:
        return self._coverage("M123")

    @cached_property
    def spare_coverage(self) -> Coverage:
        """No case refers to it, so it can be deleted."""
        return self._coverage("M456")

    @cached_property
    def checked_coverage(self) -> Coverage:
        benefits_check_record(
            actor=self.coordinator,
            coverage=self.coverage,
            treatment="tms",
            method="phone",
            coverage_status="active",
        )
        return self.coverage

    @cached_property
    def case(self) -> PaCase:
        """documents_needed: its checklist has open items."""
        return pa_case_create_from_evaluation(
            actor=self.coordinator, evaluation=self.evaluation, treatment="tms", coverage=self.coverage
        )

    def open_item(self) -> str:
        return self.case.checklist.filter(satisfied=False).values_list("code", flat=True)[0]

    @cached_property
    def pending_case(self) -> PaCase:
        case = self.case
        for code in case.checklist.filter(satisfied=False).values_list("code", flat=True):
            pa_case_checklist_mark(
                actor=self.coordinator, case=case, code=code, satisfied=True, note="on file"
            )
        for to in ("ready_to_submit", "submitted", "pending_payer"):
            case.refresh_from_db()
            case = pa_case_transition(actor=self.coordinator, case=case, to=to, revision=case.revision)
        case.refresh_from_db()
        return case

    @cached_property
    def approved_case(self) -> PaCase:
        case = self.pending_case
        pa_case_record_approval(
            actor=self.coordinator,
            case=case,
            authorization_number="AUTH-1",
            approved_units=36,
            # Around the real date, so the course fixtures can record sessions "now" in any year.
            valid_from=timezone.localdate() - dt.timedelta(days=30),
            valid_until=timezone.localdate() + dt.timedelta(days=365),
            revision=case.revision,
        )
        case.refresh_from_db()
        return case

    @cached_property
    def attachment(self) -> PaAttachment:
        """A one-page PDF on the open case's first open item."""
        return attachment_add(
            actor=self.coordinator,
            case=self.case,
            code=self.open_item(),
            upload=SimpleUploadedFile("order.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
        )

    # --- Treatment courses (issue 15) ---

    def _phq9(self, course: Course, total: int, days_ago: int = 0) -> None:
        on = clinic_today() - dt.timedelta(days=days_ago)
        data = MeasurementInput(scale="phq9", total=total, measured_on=on)
        measurement_record(actor=self.clinician, course=course, data=data)

    @cached_property
    def course(self) -> Course:
        """A TMS course on the approved case, with a PHQ-9 today: its next session can be recorded."""
        course = course_start(
            actor=self.clinician,
            patient=self.patient,
            treatment="tms",
            starts_on=clinic_today(),
            pa_case=self.approved_case,
        )
        self._phq9(course, 20)
        return course

    @cached_property
    def responded_course(self) -> Course:
        """The TMS course with a 60 % drop since its baseline."""
        course = course_start(
            actor=self.clinician, patient=self.patient, treatment="ketamine",
            starts_on=clinic_today(), self_pay=True,
        )  # fmt: skip
        self._phq9(course, 20, days_ago=30)
        self._phq9(course, 8)
        return course

    @cached_property
    def spravato_session(self) -> Session:
        """A self-paid Spravato session given three hours ago, not yet discharged."""
        rems_enrolment_record(
            actor=self.clinician,
            patient=self.patient,
            enrolled_on=clinic_today() - dt.timedelta(days=1),
        )
        course = course_start(
            actor=self.clinician, patient=self.patient, treatment="spravato",
            starts_on=clinic_today(), self_pay=True, spravato_indication="trd",
        )  # fmt: skip
        self._phq9(course, 19)
        data = SessionInput(
            given_at=timezone.now() - dt.timedelta(hours=3),
            dose_mg=56,
            bp_pre_systolic=128,
            bp_pre_diastolic=80,
        )
        return session_record(actor=self.clinician, course=course, data=data)

    @cached_property
    def observed_session(self) -> Session:
        """The Spravato session with its observations: a clinician may clear discharge."""
        data = ObservationInput(
            bp_40_systolic=136, bp_40_diastolic=84, bp_discharge_systolic=128, bp_discharge_diastolic=80,
            transport_arranged=True,
        )  # fmt: skip
        return session_record_observations(actor=self.clinician, session=self.spravato_session, data=data)

    @cached_property
    def discharged_session(self) -> Session:
        """Discharged: its monitoring form can be filed."""
        return session_clear_discharge(actor=self.clinician, session=self.observed_session)

    def revision_of(self, record: Any) -> int:
        record.refresh_from_db(fields=["revision"])
        return int(record.revision)


# The value of each URL parameter unless a case names another.
DEFAULT_KWARGS: dict[str, Callable[[World], Any]] = {
    "patient_id": lambda w: w.patient.id,
    "reassessment_id": lambda w: w.draft.id,
    "evaluation_id": lambda w: w.evaluation.id,
    "other_id": lambda w: w.evaluation.id,
    "case_id": lambda w: w.case.id,
    "attachment_id": lambda w: w.attachment.id,
    "coverage_id": lambda w: w.coverage.id,
    "object_id": lambda w: w.coverage.id,
    "course_id": lambda w: w.course.id,
    "session_id": lambda w: w.spravato_session.id,
    "form_id": lambda w: w.discharged_session.monitoring_form.id,
    "slug": lambda w: "diagnosis",
    "action": lambda w: "complete",
}


@dataclass(frozen=True)
class Op:
    """One request that touches patient data, made by a role allowed to, and what it must record."""

    name: str
    method: str
    role: Role
    status: int
    actions: tuple[str, ...]
    label: str = ""
    kwargs: Callable[[World], dict[str, Any]] = lambda w: {}
    body: Callable[[World], Any] | None = None
    prepare: Callable[[World], Any] | None = None
    # The patient whose id the events carry, looked up after the request (None: no stored patient).
    patient: Callable[[World], Any] = lambda w: w.patient.id
    # A write: the action recorded with the change, and a body the write refuses.
    write: str | None = None
    bad_body: Callable[[World], Any] | None = None
    bad_status: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.method} {self.name}{' ' + self.label if self.label else ''}"

    @property
    def is_json(self) -> bool:
        return "-api:" in self.name

    def url(self, world: World) -> str:
        given = self.kwargs(world)
        values = {key: given[key] if key in given else DEFAULT_KWARGS[key](world) for key in URLS[self.name]}
        return sample_url(self.name, values)

    def request(self, client: Client, world: World, body: Any, **headers: Any) -> Any:
        url = self.url(world)
        if self.method == "GET":
            return client.get(url, **headers)
        if self.is_json and not self.extra.get("multipart"):
            return client.generic(self.method, url, json.dumps(body or {}), "application/json", **headers)
        return client.post(url, body or {}, **headers)

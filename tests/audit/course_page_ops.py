"""The audit-coverage cases of the course pages (issue 15): each method of each page, made by a
role allowed to, with the events it must leave; for a write, a body it refuses. The records are
built on the World once per case, kept on it like patient_data_ops' changed batch."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from courses.inputs import MeasurementInput, ObservationInput, SessionInput
from courses.models import Course, Session
from courses.services import (
    course_decide_next,
    course_start,
    measurement_record,
    rems_enrolment_record,
    session_record,
    session_record_observations,
    slot_book,
)
from elevium.accounts.roles import Role
from tests.factories import clinic_today

from .patient_records import CLIN, COORD, Op, World

STAFF = Role.TREATMENT_STAFF


def _kept(w: World, name: str, build: Any) -> Any:
    if not hasattr(w, name):
        setattr(w, name, build())
    return getattr(w, name)


def tms_course(w: World) -> Course:
    def build() -> Course:
        course = course_start(
            actor=w.clinician,
            patient=w.patient,
            treatment="tms",
            starts_on=clinic_today(),
            self_pay=True,
        )
        measurement_record(
            actor=w.clinician,
            course=course,
            data=MeasurementInput(scale="phq9", total=20, measured_on=clinic_today()),
        )
        return course

    return _kept(w, "course_tms", build)


def spravato_course(w: World, *, enrolled: bool = True) -> Course:
    def build() -> Course:
        today = clinic_today()
        course = course_start(
            actor=w.clinician,
            patient=w.patient,
            treatment="spravato",
            starts_on=today,
            self_pay=True,
            spravato_indication="trd",
        )
        if enrolled:
            rems_enrolment_record(
                actor=w.clinician, patient=w.patient, enrolled_on=today - dt.timedelta(days=1)
            )
        measurement_record(
            actor=w.clinician, course=course, data=MeasurementInput(scale="phq9", total=19, measured_on=today)
        )
        return course

    return _kept(w, "course_spravato" if enrolled else "course_spravato_unenrolled", build)


def spravato_session(w: World) -> Session:
    """Given 2 hours 5 minutes ago: long enough observed for a clinician to clear discharge."""

    def build() -> Session:
        data = SessionInput(
            given_at=timezone.now() - dt.timedelta(minutes=125),
            dose_mg=56,
            bp_pre_systolic=128,
            bp_pre_diastolic=80,
        )
        return session_record(actor=w.clinician, course=spravato_course(w), data=data)

    session: Session = _kept(w, "session_spravato", build)
    return session


def _observed(w: World) -> None:
    """The pressures at about 40 minutes and before discharge, and the ride home, recorded."""
    observations = ObservationInput(
        bp_40_systolic=138,
        bp_40_diastolic=86,
        bp_discharge_systolic=130,
        bp_discharge_diastolic=82,
        transport_arranged=True,
    )
    session_record_observations(actor=w.clinician, session=spravato_session(w), data=observations)


def _cleared(w: World) -> None:
    from courses.services import session_clear_discharge

    _observed(w)
    session_clear_discharge(actor=w.clinician, session=spravato_session(w))


def _book_today(w: World) -> None:
    slot_book(actor=w.clinician, course=tms_course(w), starts_at=timezone.now(), room="Room 1")


def _today() -> str:
    return clinic_today().isoformat()


def _tms_form(w: World, **changes: str) -> dict[str, str]:
    """Given an hour ago, on the clinic's wall clock (as the form is filled in)."""
    given = timezone.now().astimezone(ZoneInfo(w.patient.clinic.time_zone)) - dt.timedelta(hours=1)
    return {**TMS_FORM, "given_at": given.strftime("%Y-%m-%dT%H:%M"), **changes}


TMS_FORM = {
    "motor_threshold_percent": "55",
    "intensity_percent_mt": "120",
    "pulses": "3000",
    "tms_protocol": "10hz",
}


def _course(w: World) -> dict[str, Any]:
    return {"course_id": tms_course(w).id}


def _switched(w: World) -> dict[str, Any]:
    """A TMS course the clinician switched to another option: a new reassessment may start."""

    def build() -> Course:
        course = course_start(
            actor=w.clinician,
            patient=w.patient,
            treatment="tms",
            starts_on=clinic_today(),
            self_pay=True,
        )
        course_decide_next(actor=w.clinician, course=course, kind="switch", note="No response.")
        return course

    return {"course_id": _kept(w, "switched_course", build).id}


def _session(w: World) -> dict[str, Any]:
    return {"session_id": spravato_session(w).id}


COURSE_PAGE_OPS = [
    Op("courses:schedule", "GET", CLIN, 200, ("course.schedule_listed",), prepare=_book_today),
    Op(
        "courses:start-from-case",
        "GET",
        COORD,
        200,
        ("pa_case.viewed",),
        kwargs=lambda w: {"case_id": w.approved_case.id},
    ),
    Op(
        "courses:start-from-case",
        "POST",
        COORD,
        302,
        ("course.started",),
        kwargs=lambda w: {"case_id": w.approved_case.id},
        body=lambda w: {"starts_on": _today()},
        write="course.started",
        bad_body=lambda w: {"starts_on": ""},
        bad_status=400,
    ),
    Op("courses:start-self-pay", "GET", CLIN, 200, ("patient.viewed",)),
    Op(
        "courses:start-self-pay",
        "POST",
        CLIN,
        302,
        ("course.started",),
        body=lambda w: {"treatment": "ketamine", "starts_on": _today()},
        write="course.started",
        bad_body=lambda w: {"treatment": "laser", "starts_on": _today()},
        bad_status=400,
    ),
    Op("courses:course", "GET", CLIN, 200, ("course.viewed",), kwargs=_course),
    Op(
        "courses:decide",
        "POST",
        CLIN,
        302,
        ("course.next_step_decided",),
        kwargs=_course,
        body=lambda w: {"kind": "continue"},
        write="course.next_step_decided",
        bad_body=lambda w: {"kind": "extend"},
        bad_status=400,
    ),
    Op(
        "courses:status",
        "POST",
        CLIN,
        302,
        ("course.status_changed",),
        kwargs=_course,
        body=lambda w: {"to": "stopped", "reason": "The patient moved away.", "confirm": "on"},
        write="course.status_changed",
        bad_body=lambda w: {"to": "stopped", "confirm": "on"},
        bad_status=400,
    ),
    Op(
        "courses:reassess",
        "POST",
        CLIN,
        302,
        ("course.switch_reassessment_started", "reassessment.created"),
        kwargs=_switched,
        body=lambda w: {},
        write="course.switch_reassessment_started",
        bad_body=None,
    ),
    Op(
        "courses:measurement-new",
        "POST",
        STAFF,
        302,
        ("course.measurement_recorded",),
        kwargs=_course,
        body=lambda w: {"total": "12", "measured_on": _today()},
        write="course.measurement_recorded",
        bad_body=lambda w: {"total": "40", "measured_on": _today()},
        bad_status=400,
    ),
    Op(
        "courses:rems-enrolment",
        "POST",
        STAFF,
        302,
        ("rems.enrolment_recorded",),
        kwargs=lambda w: {"course_id": spravato_course(w, enrolled=False).id},
        body=lambda w: {"enrolled_on": _today(), "reference": "R-1"},
        write="rems.enrolment_recorded",
        bad_body=lambda w: {"enrolled_on": "2199-01-01"},
        bad_status=400,
    ),
    Op("courses:session-new", "GET", STAFF, 200, ("course.viewed",), kwargs=_course),
    Op(
        "courses:session-new",
        "POST",
        STAFF,
        302,
        ("course.session_recorded",),
        kwargs=_course,
        body=lambda w: _tms_form(w),
        write="course.session_recorded",
        bad_body=lambda w: _tms_form(w, pulses=""),
        bad_status=400,
    ),
    Op("courses:session", "GET", STAFF, 200, ("course.session_viewed",), kwargs=_session),
    Op(
        "courses:session-observe",
        "POST",
        STAFF,
        302,
        ("course.session_observed",),
        kwargs=_session,
        body=lambda w: {"sedation": "mild", "spo2_lowest": "97"},
        write="course.session_observed",
        bad_body=lambda w: {"spo2_lowest": "200"},
        bad_status=400,
    ),
    Op(
        "courses:session-discharge",
        "POST",
        CLIN,
        302,
        ("course.discharge_cleared",),
        kwargs=_session,
        prepare=_observed,
        write="course.discharge_cleared",
    ),
    Op(
        "courses:form-file",
        "POST",
        STAFF,
        302,
        ("rems.monitoring_form_filed",),
        kwargs=lambda w: {"form_id": spravato_session(w).monitoring_form.id},
        prepare=_cleared,
        body=lambda w: {"confirmation": "PMF-1"},
        write="rems.monitoring_form_filed",
    ),
]

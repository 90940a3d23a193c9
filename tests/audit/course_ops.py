"""The audit-coverage cases of the treatment-course API (issue 15), kept beside the table they
join (tests/audit/patient_data_ops.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from courses.services import slot_book
from tests.factories import clinic_today

from .patient_records import CLIN, Op, World


def _session_body(w: World, **changes: Any) -> dict[str, Any]:
    given = (timezone.now() - dt.timedelta(minutes=30)).isoformat()
    values = {
        "given_at": given,
        "motor_threshold_percent": 55,
        "intensity_percent_mt": 120,
        "pulses": 3000,
        "tms_protocol": "10hz",
    }
    return {**values, **changes}


def _booked(w: World) -> None:
    slot_book(actor=w.clinician, course=w.course, starts_at=timezone.now() + dt.timedelta(minutes=5))


def _today() -> str:
    return clinic_today().isoformat()


COURSE_OPS: list[Op] = [
    Op("courses-api:course-list", "GET", CLIN, 200, ("course.listed",), prepare=lambda w: w.course),
    Op("courses-api:patient-courses", "GET", CLIN, 200, ("course.listed",), prepare=lambda w: w.course),
    Op(
        "courses-api:patient-courses",
        "POST",
        CLIN,
        201,
        ("course.started",),
        body=lambda w: {"treatment": "tms", "starts_on": _today(), "pa_case": str(w.approved_case.id)},
        write="course.started",
        bad_body=lambda w: {"treatment": "tms", "starts_on": _today()},
        bad_status=400,
    ),
    Op(
        "courses-api:patient-rems-enrolment",
        "POST",
        CLIN,
        201,
        ("rems.enrolment_recorded",),
        body=lambda w: {"enrolled_on": _today(), "reference": "REMS-1"},
        write="rems.enrolment_recorded",
        bad_body=lambda w: {"enrolled_on": "soon"},
        bad_status=400,
    ),
    Op("courses-api:schedule", "GET", CLIN, 200, ("course.schedule_listed",), prepare=_booked),
    Op(
        "courses-api:monitoring-form-list",
        "GET",
        CLIN,
        200,
        ("rems.monitoring_forms_listed",),
        prepare=lambda w: w.spravato_session,
    ),
    Op(
        "courses-api:monitoring-form-file",
        "POST",
        CLIN,
        200,
        ("rems.monitoring_form_viewed", "rems.monitoring_form_filed"),
        body=lambda w: {"confirmation": "PMF-1"},
        write="rems.monitoring_form_filed",
        bad_body=lambda w: {"confirmation": "x" * 65},
        bad_status=400,
    ),
    Op("courses-api:course-detail", "GET", CLIN, 200, ("course.viewed",)),
    Op(
        "courses-api:course-transition",
        "POST",
        CLIN,
        200,
        ("course.status_changed",),
        body=lambda w: {"to": "stopped", "reason": "The patient moved away."},
        write="course.status_changed",
        bad_body=lambda w: {"to": "stopped"},
        bad_status=400,
    ),
    Op(
        "courses-api:course-decisions",
        "POST",
        CLIN,
        201,
        ("course.next_step_decided",),
        body=lambda w: {"kind": "extend", "extra_sessions": 4},
        write="course.next_step_decided",
        bad_body=lambda w: {"kind": "extend"},
        bad_status=400,
    ),
    Op(
        "courses-api:course-relapses",
        "POST",
        CLIN,
        201,
        ("course.relapse_recorded",),
        kwargs=lambda w: {"course_id": w.responded_course.id},
        body=lambda w: {"relapse_on": _today()},
        write="course.relapse_recorded",
        bad_body=lambda w: {"relapse_on": "soon"},
        bad_status=400,
    ),
    Op(
        "courses-api:course-measurements",
        "POST",
        CLIN,
        201,
        ("course.measurement_recorded",),
        body=lambda w: {"scale": "madrs", "total": 30, "measured_on": _today()},
        write="course.measurement_recorded",
        bad_body=lambda w: {"scale": "phq9", "total": 30, "measured_on": _today()},
        bad_status=400,
    ),
    Op(
        "courses-api:course-slots",
        "POST",
        CLIN,
        201,
        ("course.slot_booked",),
        body=lambda w: {"starts_at": (timezone.now() + dt.timedelta(days=1)).isoformat(), "room": "Chair 2"},
        write="course.slot_booked",
        bad_body=lambda w: {"starts_at": "soon"},
        bad_status=400,
    ),
    Op("courses-api:course-sessions", "GET", CLIN, 200, ("course.sessions_viewed",)),
    Op(
        "courses-api:course-sessions",
        "POST",
        CLIN,
        201,
        ("course.session_recorded", "pa_case.units_recorded"),
        body=_session_body,
        write="course.session_recorded",
        bad_body=lambda w: _session_body(w, pulses=0),
        bad_status=400,
    ),
    Op("courses-api:course-deferrals", "GET", CLIN, 200, ("course.sessions_viewed",)),
    Op(
        "courses-api:course-deferrals",
        "POST",
        CLIN,
        201,
        ("course.dose_deferred",),
        kwargs=lambda w: {"course_id": w.spravato_session.course_id},
        body=lambda w: {
            "deferred_at": timezone.now().isoformat(),
            "bp_pre_systolic": 160,
            "bp_pre_diastolic": 100,
            "reason": "Pressure too high to dose today.",
        },
        write="course.dose_deferred",
        bad_body=lambda w: {"deferred_at": timezone.now().isoformat(), "bp_pre_systolic": 160},
        bad_status=400,
    ),
    Op(
        "courses-api:session-observations",
        "POST",
        CLIN,
        200,
        ("course.session_observed",),
        body=lambda w: {"bp_40_systolic": 138, "bp_40_diastolic": 86, "sedation": "mild"},
        write="course.session_observed",
        bad_body=lambda w: {"spo2_lowest": 20},
        bad_status=400,
    ),
    Op(
        "courses-api:session-discharge",
        "POST",
        CLIN,
        200,
        ("course.discharge_cleared",),
        kwargs=lambda w: {"session_id": w.observed_session.id},
        write="course.discharge_cleared",
    ),
]

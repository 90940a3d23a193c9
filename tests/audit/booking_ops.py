"""The audit-coverage cases of the course page's booking and relapse forms (issue 15): book a
session, cancel a booking, record a relapse; each leaves its event, each refuses a bad body."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from courses.models import SessionSlot
from courses.services import slot_book
from elevium.accounts.roles import Role

from .course_page_ops import _course, _kept, _today, tms_course
from .patient_records import CLIN, COORD, Op, World

STAFF = Role.TREATMENT_STAFF


def _tomorrow_at_nine(w: World) -> dict[str, str]:
    day = timezone.now().astimezone(ZoneInfo(w.patient.clinic.time_zone)).date() + dt.timedelta(days=1)
    return {"day": day.isoformat(), "time": "09:00", "room": "Chair 1"}


def _slot(w: World) -> dict[str, Any]:
    def build() -> SessionSlot:
        starts = timezone.now() + dt.timedelta(days=1)
        return slot_book(actor=w.clinician, course=tms_course(w), starts_at=starts, room="Room 1")

    return {"slot_id": _kept(w, "booked_slot", build).id}


def _completed_responded(w: World) -> dict[str, Any]:
    from courses.models import CourseStatus
    from courses.services import course_transition

    def build() -> Any:
        course = w.responded_course
        # Planned (no session given in the World), then closed: the page offers relapses to completed courses.
        course_transition(actor=w.clinician, course=course, to=CourseStatus.ACTIVE)
        course_transition(actor=w.clinician, course=course, to=CourseStatus.COMPLETED)
        return course

    return {"course_id": _kept(w, "completed_course", build).id}


BOOKING_OPS = [
    Op(
        "courses:slot-new",
        "POST",
        COORD,
        302,
        ("course.slot_booked",),
        kwargs=_course,
        body=_tomorrow_at_nine,
        write="course.slot_booked",
        bad_body=lambda w: {"day": "", "time": "09:00"},
        bad_status=400,
    ),
    Op(
        "courses:slot-cancel",
        "POST",
        STAFF,
        302,
        ("course.slot_cancelled",),
        kwargs=_slot,
        write="course.slot_cancelled",
    ),
    Op(
        "courses:relapse-new",
        "POST",
        CLIN,
        302,
        ("course.relapse_recorded",),
        kwargs=_completed_responded,
        body=lambda w: {"relapse_on": _today()},
        write="course.relapse_recorded",
        bad_body=lambda w: {"relapse_on": "soon"},
        bad_status=400,
    ),
]

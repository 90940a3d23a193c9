"""Reads the course pages need beyond courses.selectors: the clinic's zone and clinicians, the
patient page's open courses with their progress. Scoped to the user's clinics like the rest."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from clinics.models import Clinic
from elevium.accounts.models import User
from elevium.accounts.roles import Role

from .models import OPEN_STATUSES, Course, SessionSlot, SlotStatus
from .selectors import course_list, course_list_audit, course_progress, courses_near_limits


def user_time_zone(user: User) -> str:
    """The zone of the user's first clinic (the schedule's day is the clinic's day)."""
    clinic = Clinic.objects.filter(members=user).order_by("name").first()
    return clinic.time_zone if clinic is not None else str(settings.TIME_ZONE)


def clinic_today(user: User) -> dt.date:
    return dt.datetime.now(ZoneInfo(user_time_zone(user))).date()


def clinicians_of(course: Course) -> list[tuple[int, str]]:
    """The clinicians of the patient's clinic, who may weigh a high blood pressure's risk."""
    rows = User.objects.filter(
        role=Role.CLINICIAN, is_active=True, clinics=course.patient.clinic_id
    ).order_by("last_name", "username")
    return [(u.pk, u.get_full_name() or u.username) for u in rows]


def open_courses_with_progress(*, user: User, patient_id: uuid.UUID, today: dt.date) -> list[dict[str, Any]]:
    """The patient page's courses still open, each with its progress (3 queries), audited."""
    courses = course_list(user=user, patient_id=patient_id, status=OPEN_STATUSES)
    course_list_audit(user=user, courses=courses)
    return [{"course": c, "progress": course_progress(c, today=today)} for c in courses]


def sessions_booked_on(*, user: User, day: dt.date) -> int:
    """How many sessions are booked on ``day`` at the user's clinics (a count: no patient named)."""
    start = dt.datetime.combine(day, dt.time(), tzinfo=ZoneInfo(user_time_zone(user)))
    return (
        SessionSlot.objects.filter(course__patient__clinic__members=user, starts_at__gte=start)
        .filter(starts_at__lt=start + dt.timedelta(days=1))
        .exclude(status=SlotStatus.CANCELLED)
        .count()
    )


def courses_near_limits_listed(*, user: User, today: dt.date) -> list[dict[str, Any]]:
    """The coordinator's courses near their approval's limits, the read of each audited."""
    rows = courses_near_limits(user=user, today=today)
    course_list_audit(user=user, courses=[row["course"] for row in rows])
    return rows

"""Every read of courses, sessions and monitoring forms: scoped to the user's clinics (another
clinic's record is a 404), prefetched so list pages make a fixed number of queries, audited."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from elevium.accounts.models import User
from elevium.audit.services import audit_record, audit_record_many

from .clinical import checks, next_steps, outcomes, units
from .clinical.outcomes import Outcome
from .models import (
    OPEN_STATUSES,
    Course,
    CourseStatus,
    Measurement,
    MonitoringForm,
    RemsEnrolment,
    Session,
    SessionSlot,
    SlotStatus,
)
from .snapshots import chart_points, course_outcome, course_snapshot, last_phq9_on


def course_queryset_for(user: User) -> QuerySet[Course]:
    """The courses of the patients ``user`` may see (patients.selectors.patient_queryset_for)."""
    return Course.objects.filter(patient__clinic__members=user)


def _with_rows(courses: QuerySet[Course]) -> QuerySet[Course]:
    return courses.select_related(
        "patient__clinic", "treatment", "protocol", "pa_case", "owner"
    ).prefetch_related(Prefetch("measurements", queryset=Measurement.objects.order_by("measured_on", "id")))


def course_list(
    *, user: User, patient_id: uuid.UUID | None = None, status: Iterable[str] | None = None
) -> list[Course]:
    """Courses newest first with what a row shows (3 queries, however many)."""
    courses = course_queryset_for(user)
    if patient_id is not None:
        courses = courses.filter(patient_id=patient_id)
    if status is not None:
        courses = courses.filter(status__in=list(status))
    return list(_with_rows(courses).order_by("-starts_on", "-created_at"))


def course_list_audit(*, user: User, courses: list[Course]) -> None:
    audit_record_many(
        actor=user, action="course.listed", objects=courses, patient_id_of=lambda c: c.patient_id
    )


def course_get_for_user(
    *, user: User, course_id: uuid.UUID | str, action: str = "course.viewed", audit: bool = True
) -> Course:
    """The course with its sessions, measurements, decisions and forms, or 404; records the read."""
    try:
        course = (
            _with_rows(course_queryset_for(user))
            .prefetch_related(
                Prefetch(
                    "sessions",
                    queryset=Session.objects.select_related(
                        "given_by", "discharge_cleared_by", "monitoring_form"
                    ),
                ),
                "decisions__decided_by",
                "relapses",
            )
            .get(id=course_id)
        )
    except (Course.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404("No such course.") from None
    if audit:
        audit_record(actor=user, action=action, obj=course, patient_id=course.patient_id)
    return course


def session_get_for_user(*, user: User, session_id: uuid.UUID | str, audit: bool = True) -> Session:
    try:
        session = (
            Session.objects.filter(course__patient__clinic__members=user)
            .select_related("course__patient__clinic", "course__treatment", "given_by", "monitoring_form")
            .get(id=session_id)
        )
    except (Session.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404("No such session.") from None
    if audit:
        audit_record(
            actor=user, action="course.session_viewed", obj=session, patient_id=session.course.patient_id
        )
    return session


def monitoring_form_get_for_user(*, user: User, form_id: uuid.UUID | str) -> MonitoringForm:
    try:
        form = (
            MonitoringForm.objects.filter(session__course__patient__clinic__members=user)
            .select_related("session__course__patient")
            .get(id=form_id)
        )
    except (MonitoringForm.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404("No such monitoring form.") from None
    audit_record(
        actor=user, action="rems.monitoring_form_viewed", obj=form, patient_id=form.session.course.patient_id
    )
    return form


def monitoring_forms_pending(*, user: User) -> list[MonitoringForm]:
    """Unfiled monitoring forms of the user's clinics, due soonest first (2 queries)."""
    return list(
        MonitoringForm.objects.filter(session__course__patient__clinic__members=user, filed_at__isnull=True)
        .select_related("session__course__patient", "session__course__treatment")
        .order_by("due_at")
    )


def monitoring_form_list_audit(*, user: User, forms: list[MonitoringForm]) -> None:
    audit_record_many(
        actor=user, action="rems.monitoring_forms_listed", objects=forms,
        patient_id_of=lambda f: f.session.course.patient_id,
    )  # fmt: skip


def rems_enrolment_for(*, patient_id: uuid.UUID) -> RemsEnrolment | None:
    return RemsEnrolment.objects.filter(patient_id=patient_id).first()


# --- Progress, flags and proposals -------------------------------------------------------------


def course_approval(course: Course) -> units.Approval | None:
    case = course.pa_case
    if case is None:
        return None
    return units.Approval(
        approved_units=case.approved_units,
        used_units=case.used_units,
        valid_from=case.valid_from,
        valid_until=case.valid_until,
    )


def _item9_positive(course: Course) -> bool:
    """The latest PHQ-9's item 9 is 1 or more: a C-SSRS is required (criteria.md §5.1)."""
    phq9 = [m for m in course.measurements.all() if m.scale == "phq9"]
    latest = max(phq9, key=lambda m: (m.measured_on, m.pk), default=None)
    return bool(latest is not None and latest.item9 is not None and latest.item9 >= 1)


def course_progress(course: Course, *, today: dt.date) -> dict[str, Any]:
    """What the course page, the patient page and the worklist show (no query on a prefetched course)."""
    approval = course_approval(course)
    outcome: Outcome | None = course_outcome(course)
    snapshot = course_snapshot(course)
    return {
        "sessions_done": course.sessions_done,
        "planned_sessions": course.planned_sessions,
        "authorised": approval.approved_units if approval else None,
        "units_left": units.units_left(approval) if approval else None,
        "days_to_approval_end": units.days_to_end(approval, today) if approval else None,
        "last_phq9_on": last_phq9_on(course),
        "outcome": outcome,
        "response": bool(outcome and outcome.response),
        "remission": bool(outcome and outcome.remission),
        "non_response_at_review": bool(
            outcome and outcomes.non_response_at_review(course.treatment.slug, course.sessions_done, outcome)
        ),
        "proposals": next_steps.propose(snapshot),
        "cssrs_needed": _item9_positive(course),
        "chart": chart_points(course),
    }


# --- The schedule ------------------------------------------------------------------------------


# Taken at the chair when the session starts: shown as due on the schedule, not as missing.
AT_CHAIR = frozenset(
    {
        "courses.check.pre_dose_bp",
        "courses.check.bp_decision",
        "courses.check.weight",
        "courses.check.motor_threshold",
    }
)


def _pre_session_checks(slot: SessionSlot, enrolled: set[uuid.UUID], day: dt.date) -> list[checks.Check]:
    """Every check the next session of the slot's course requires, as known before it starts."""
    course = slot.course
    facts = checks.SessionFacts(
        treatment=course.treatment.slug,
        number=course.sessions_done + 1,
        on=day,
        rems_enrolled=course.patient_id in enrolled,
        last_phq9_on=last_phq9_on(course, on_or_before=day),
        course_paused=course.status == CourseStatus.PAUSED,
    )
    return checks.required_checks(facts)


def schedule_for_day(*, user: User, day: dt.date, tz: str) -> list[dict[str, Any]]:
    """The day's booked sessions of the user's clinics by time and room, each with its pre-session
    checks (4 queries, however many slots)."""
    zone = ZoneInfo(tz)
    start = dt.datetime.combine(day, dt.time(), tzinfo=zone)
    slots = list(
        SessionSlot.objects.filter(course__patient__clinic__members=user, starts_at__gte=start)
        .filter(starts_at__lt=start + dt.timedelta(days=1))
        .exclude(status=SlotStatus.CANCELLED)
        .select_related("course__patient", "course__treatment")
        .prefetch_related(Prefetch("course__measurements", queryset=Measurement.objects.filter(scale="phq9")))
        .order_by("starts_at", "room")
    )
    patient_ids = {slot.course.patient_id for slot in slots}
    enrolled = set(
        RemsEnrolment.objects.filter(patient_id__in=patient_ids).values_list("patient_id", flat=True)
    )
    rows: list[dict[str, Any]] = []
    for slot in slots:
        required = _pre_session_checks(slot, enrolled, day)
        rows.append(
            {
                "slot": slot,
                "checks": required,
                "at_chair": [c for c in required if c.id in AT_CHAIR],
                "missing": [c for c in required if not c.met and c.id not in AT_CHAIR],
            }
        )
    audit_record_many(
        actor=user,
        action="course.schedule_listed",
        objects=slots,
        patient_id_of=lambda s: s.course.patient_id,
    )
    return rows


# --- Worklist and outcomes across patients -----------------------------------------------------

NEAR_UNITS_LEFT = 5  # sessions left on the approval (clinic parameter)
NEAR_DAYS_LEFT = 14  # days to the approval's end (clinic parameter)


def courses_near_limits(*, user: User, today: dt.date) -> list[dict[str, Any]]:
    """Open courses whose approval is nearly used or nearly over: the coordinator's worklist."""
    courses = course_list(user=user, status=OPEN_STATUSES)
    rows = []
    for course in courses:
        if course.pa_case is None:
            continue
        approval = course_approval(course)
        assert approval is not None  # noqa: S101 - a course with a PA case has an approval
        left, days = units.units_left(approval), units.days_to_end(approval, today)
        if (left is not None and left <= NEAR_UNITS_LEFT) or (days is not None and days <= NEAR_DAYS_LEFT):
            rows.append({"course": course, "units_left": left, "days_to_end": days})
    return rows


def outcomes_by_treatment(*, user: User) -> list[dict[str, Any]]:
    """Response and remission rates per treatment, over courses with a baseline and a later score
    (the count each rate is based on goes with it). Counts only: no patient is named."""
    counts: dict[str, dict[str, int]] = {}
    for course in course_list(user=user):
        outcome = course_outcome(course)
        row = counts.setdefault(
            course.treatment.slug, {"courses": 0, "measured": 0, "response": 0, "remission": 0}
        )
        row["courses"] += 1
        if outcome is None or outcome.improvement_percent is None:
            continue
        row["measured"] += 1
        row["response"] += outcome.response
        row["remission"] += outcome.remission
    audit_record(actor=user, action="course.outcomes_viewed", data={"treatments": sorted(counts)})
    return [
        {
            "treatment": slug,
            **row,
            "response_rate": round(row["response"] * 100 / row["measured"], 1) if row["measured"] else None,
            "remission_rate": round(row["remission"] * 100 / row["measured"], 1) if row["measured"] else None,
        }
        for slug, row in sorted(counts.items())
    ]

"""Starting a course, moving it, booking its sessions, deciding its next step, recording a relapse."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from benefits.models import PaCase
from benefits.transitions import PaStatus
from elevium.accounts.models import User
from elevium.accounts.roles import Role
from elevium.audit.services import audit_record
from elevium.lib.errors import Invalid, Refused
from patients.models import Patient
from treatments.models import Protocol, Treatment

from ..clinical import next_steps, schedules
from ..clinical.parameters import KETAMINE_SERIES
from ..models import (
    OPEN_STATUSES,
    Course,
    CourseDecision,
    CourseStatus,
    DecisionKind,
    Relapse,
    SessionSlot,
    SlotStatus,
    SpravatoIndication,
)
from ..snapshots import course_outcome, course_snapshot, response_reached_on
from .common import check_revision, conflict, locked, move, status_label


def default_planned_sessions(treatment: str, indication: str, series: int | None) -> int:
    """The label's or the usual authorization's count (criteria.md §2.4, §3.2, §4.1)."""
    start = dt.date(2000, 1, 3)  # any Monday: only the count is read
    if treatment == "tms":
        return len(schedules.tms_schedule(start))
    if treatment == "spravato":
        return len(schedules.spravato_schedule(start, indication="mdsi" if indication == "mdsi" else "trd"))
    return len(schedules.ketamine_schedule(start, series=series or KETAMINE_SERIES.value))


def _pa_case_errors(
    pa_case: PaCase | None, self_pay: bool, patient: Patient, treatment: str
) -> dict[str, list[str]]:
    if (pa_case is None) == (not self_pay):
        return {
            "pa_case": ["Choose the approved prior authorization, or mark the course as self-pay, not both."]
        }
    if pa_case is None:
        return {}
    if pa_case.patient_id != patient.pk or pa_case.treatment != treatment:
        return {"pa_case": ["This prior authorization is for another patient or treatment."]}
    if pa_case.status != PaStatus.APPROVED:
        return {"pa_case": ["Only an approved prior authorization can start a course."]}
    return {}


def _protocol(treatment: Treatment, slug: str) -> Protocol | None:
    if not slug:
        return None
    protocol = treatment.protocols.filter(slug=slug).first()
    if protocol is None:
        raise Invalid({"protocol": ["Choose one of this treatment's protocols from the catalog."]})
    return protocol


@transaction.atomic
def course_start(
    *,
    actor: User,
    patient: Patient,
    treatment: str,
    starts_on: dt.date,
    pa_case: PaCase | None = None,
    self_pay: bool = False,
    protocol: str = "",
    planned_sessions: int | None = None,
    spravato_indication: str = "",
    ketamine_series: int | None = None,
) -> Course:
    """A planned course drawing on an approved PA case, or self-paid. One open course per approval."""
    catalog = Treatment.objects.filter(slug=treatment).first()
    if catalog is None:
        raise Invalid({"treatment": ["Choose TMS, Spravato or ketamine."]})
    errors = _pa_case_errors(pa_case, self_pay, patient, treatment)
    if treatment == "spravato" and spravato_indication not in SpravatoIndication.values:
        errors["spravato_indication"] = [
            "Choose the Spravato indication: treatment-resistant depression or MDSI."
        ]
    if planned_sessions is not None and not 1 <= planned_sessions <= 200:
        errors["planned_sessions"] = ["Plan between 1 and 200 sessions."]
    if ketamine_series is not None and not 1 <= ketamine_series <= 30:
        errors["ketamine_series"] = ["A ketamine series has between 1 and 30 infusions."]
    if errors:
        raise Invalid(errors)
    chosen = _protocol(catalog, protocol)
    if pa_case is not None and Course.objects.filter(pa_case=pa_case, status__in=OPEN_STATUSES).exists():
        raise Refused("A course is already open on this prior authorization.")
    planned = planned_sessions or default_planned_sessions(treatment, spravato_indication, ketamine_series)
    course = Course.objects.create(
        patient=patient,
        treatment=catalog,
        protocol=chosen,
        pa_case=pa_case,
        self_pay=self_pay,
        planned_sessions=planned,
        starts_on=starts_on,
        spravato_indication=spravato_indication if treatment == "spravato" else "",
        owner=actor,
    )
    audit_record(
        actor=actor,
        action="course.started",
        obj=course,
        patient_id=patient.pk,
        data={"treatment": treatment, "pa_case": str(pa_case.pk) if pa_case else None, "self_pay": self_pay},
    )
    return course


STOP_REASON_NEEDED = "Say why the course is stopped."


@transaction.atomic
def course_transition(
    *, actor: User, course: Course, to: str, reason: str = "", revision: int | None = None
) -> Course:
    """Move a course (taper, continuation, completed, stopped with its reason, resumed after review)."""
    course = locked(course)
    check_revision(course, revision)
    reason = reason.strip()
    if to not in CourseStatus.values:
        raise Invalid({"to": ["Choose a course status."]})
    if to == CourseStatus.STOPPED and not reason:
        raise Invalid({"reason": [STOP_REASON_NEEDED]})
    if course.status == CourseStatus.PAUSED and actor.role != Role.CLINICIAN:
        raise Refused("Only a clinician resumes or ends a course stopped pending review.")
    before = course.status
    if to == before:
        raise conflict(f"This course is already {status_label(to)}.", course)
    move(course, to, reason)
    _save_status(course)
    audit_record(
        actor=actor,
        action="course.status_changed",
        obj=course,
        patient_id=course.patient_id,
        data={"from": before, "to": to, "revision": course.revision},
    )
    return course


def _save_status(course: Course) -> None:
    if course.status in (CourseStatus.COMPLETED, CourseStatus.STOPPED) and course.ended_at is None:
        course.ended_at = timezone.now()
    course.revision += 1
    course.save(
        update_fields=["status", "status_reason", "planned_sessions", "ended_at", "revision", "updated_at"]
    )


_DECISION_STATUS = {
    DecisionKind.TAPER: CourseStatus.TAPER,
    DecisionKind.MAINTENANCE: CourseStatus.CONTINUATION,
    DecisionKind.SWITCH: CourseStatus.STOPPED,
}


def _apply_decision(course: Course, kind: str, extra_sessions: int, note: str) -> None:
    if kind == DecisionKind.EXTEND:
        if extra_sessions < 1:
            raise Invalid({"extra_sessions": ["Say how many sessions the course is extended by."]})
        course.planned_sessions += extra_sessions
        if course.status == CourseStatus.PAUSED:
            move(course, CourseStatus.ACTIVE)
    elif kind == DecisionKind.STOP:
        done = course.sessions_done >= course.planned_sessions
        if not done and not note:
            raise Invalid({"note": ["Say why the course stops before its planned sessions are done."]})
        move(
            course, CourseStatus.COMPLETED if done else CourseStatus.STOPPED, note or "Planned sessions done."
        )
    elif kind == DecisionKind.CONTINUE:
        if course.status == CourseStatus.PAUSED:
            move(course, CourseStatus.ACTIVE, note or "Resumed after review.")
    elif kind == DecisionKind.SWITCH:
        # A switch ends this course and feeds a new evaluation (services/switch.py): say why.
        if not note:
            raise Invalid({"note": ["Say why the course is switched to another option."]})
        move(course, CourseStatus.STOPPED, f"Switched to another option: {note}")
    else:
        move(course, _DECISION_STATUS[DecisionKind(kind)], note)


@transaction.atomic
def course_decide_next(
    *,
    actor: User,
    course: Course,
    kind: str,
    note: str = "",
    extra_sessions: int = 0,
    revision: int | None = None,
    today: dt.date | None = None,
) -> CourseDecision:
    """The clinician's next step (extend, taper, maintenance, switch, stop, continue), recorded
    with the proposals shown at the time; the course moves accordingly."""
    if actor.role != Role.CLINICIAN:
        raise Refused("Only a clinician decides a course's next step.")
    if kind not in DecisionKind.values:
        raise Invalid({"kind": ["Choose extend, taper, maintenance, switch, stop or continue."]})
    course = locked(course)
    check_revision(course, revision)
    if course.status in (CourseStatus.COMPLETED, CourseStatus.STOPPED):
        raise conflict("This course has ended; start a new course instead.", course)
    proposals = next_steps.propose(course_snapshot(course))
    before = course.status
    _apply_decision(course, kind, extra_sessions, note.strip())
    _save_status(course)
    decision = CourseDecision.objects.create(
        course=course,
        kind=kind,
        proposals=[proposal.rule_id for proposal in proposals],
        extra_sessions=extra_sessions if kind == DecisionKind.EXTEND else 0,
        note=note.strip(),
        decided_by=actor,
        decided_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="course.next_step_decided",
        obj=course,
        patient_id=course.patient_id,
        data={"kind": kind, "from": before, "to": course.status, "proposals": decision.proposals},
    )
    return decision


@transaction.atomic
def course_record_relapse(*, actor: User, course: Course, relapse_on: dt.date, note: str = "") -> Relapse:
    """A relapse after a responded course, with the facts retreatment criteria read (§3.6, §3.7)."""
    course = locked(course)
    outcome = course_outcome(course)
    reached = response_reached_on(course)
    if outcome is None or reached is None:
        raise Refused(
            "This course never reached a response (a drop of at least half), so no relapse is recorded."
        )
    best, response_on = reached
    if relapse_on < response_on:
        raise Invalid({"relapse_on": ["A relapse comes after the response was reached."]})
    facts = next_steps.retreatment_facts(best, response_on, relapse_on)
    relapse = Relapse.objects.create(
        course=course,
        best_improvement_percent=Decimal(str(facts.best_improvement_percent)),
        response_on=facts.response_on,
        relapse_on=facts.relapse_on,
        months_sustained=facts.months_sustained,
        meets_l37086=facts.meets_l37086,
        meets_aetna=facts.meets_aetna,
        note=note.strip(),
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    audit_record(actor=actor, action="course.relapse_recorded", obj=course, patient_id=course.patient_id)
    return relapse


@transaction.atomic
def slot_book(*, actor: User, course: Course, starts_at: dt.datetime, room: str = "") -> SessionSlot:
    """A time on the schedule for the course's next session, by room or chair."""
    course = locked(course)
    if course.status not in OPEN_STATUSES:
        raise conflict("Sessions are booked for open courses only.", course)
    slot = SessionSlot.objects.create(
        course=course, starts_at=starts_at, room=room.strip()[:60], booked_by=actor
    )
    audit_record(actor=actor, action="course.slot_booked", obj=slot, patient_id=course.patient_id)
    return slot


@transaction.atomic
def slot_cancel(*, actor: User, slot: SessionSlot) -> SessionSlot:
    slot = SessionSlot.objects.select_for_update().select_related("course").get(pk=slot.pk)
    if slot.status == SlotStatus.DONE:
        raise Refused("This slot's session was recorded; it cannot be cancelled.")
    if slot.status != SlotStatus.CANCELLED:
        slot.status = SlotStatus.CANCELLED
        slot.save(update_fields=["status"])
        audit_record(actor=actor, action="course.slot_cancelled", obj=slot, patient_id=slot.course.patient_id)
    return slot

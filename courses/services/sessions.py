"""Recording a session (refused, in words, while a pre-session check is missing), its
observations after dosing, and the clinician's discharge clearance."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from benefits.models import PaCase
from benefits.services import pa_case_record_units
from elevium.accounts.models import User
from elevium.accounts.roles import Role
from elevium.audit.services import audit_record
from elevium.lib.errors import Invalid, Refused

from ..clinical import checks, schedules, units
from ..clinical import parameters as p
from ..clinical.checks import join_words
from ..inputs import ObservationInput, SessionInput
from ..models import (
    GIVING_STATUSES,
    AdverseEvent,
    Course,
    CourseStatus,
    RemsEnrolment,
    RemsRequirementCode,
    Session,
    SessionSlot,
    SlotStatus,
)
from ..snapshots import last_phq9_on
from .common import conflict, locked, move
from .rems import monitoring_form_open, rems_requirements, rems_value, requires

_REQUIRED = {
    "tms": ("intensity_percent_mt", "pulses", "tms_protocol"),
    "spravato": ("dose_mg",),
    "ketamine": ("dose_mg_per_kg", "route", "infusion_minutes"),
}
_FIELD_WORDS = {
    "intensity_percent_mt": "Enter the intensity as a percentage of the motor threshold.",
    "pulses": "Enter the number of pulses given.",
    "tms_protocol": "Choose the protocol: 10 Hz or iTBS.",
    "dose_mg": "Choose the dose: 28, 56 or 84 mg.",
    "dose_mg_per_kg": "Enter the dose in milligrams per kilogram.",
    "route": "Choose the route.",
    "infusion_minutes": "Enter how many minutes the infusion ran.",
}


def _field_errors(treatment: str, data: SessionInput, number: int, indication: str) -> dict[str, list[str]]:
    errors = {
        name: [_FIELD_WORDS[name]] for name in _REQUIRED[treatment] if getattr(data, name) in (None, "")
    }
    if treatment == "spravato" and data.dose_mg is not None:
        problems = schedules.spravato_dose_problems(
            data.dose_mg, number=number, indication="mdsi" if indication == "mdsi" else "trd"
        )
        if problems:
            errors["dose_mg"] = problems
    if (
        treatment == "ketamine"
        and data.dose_mg_per_kg is not None
        and data.dose_mg_per_kg > p.KETAMINE_MAX_MG_PER_KG.value
    ):
        errors["dose_mg_per_kg"] = [
            f"Above {p.KETAMINE_MAX_MG_PER_KG.value} mg/kg, the clinic's upper bound."
        ]
    if (data.bp_pre_systolic is None) != (data.bp_pre_diastolic is None):
        errors["bp_pre_systolic"] = ["Enter both the systolic and the diastolic pressure."]
    if data.given_at > timezone.now() + dt.timedelta(minutes=5):
        errors["given_at"] = ["A session is recorded once given, not ahead of time."]
    return errors


def _bp_decider(actor: User, data: SessionInput, course: Course) -> User | None:
    """Who weighed the risk of a pre-dose BP above 140/90 (none when nothing was decided)."""
    if not data.bp_decision:
        return None
    return clinician_decider(actor, data.bp_decided_by, course)


def clinician_decider(actor: User, decided_by: int | None, course: Course) -> User:
    """The recorder if a clinician, else the clinician named (a colleague at the patient's clinic)."""
    if actor.role == Role.CLINICIAN:
        return actor
    decider = (
        User.objects.filter(
            pk=decided_by, role=Role.CLINICIAN, is_active=True, clinics=course.patient.clinic
        ).first()
        if decided_by is not None
        else None
    )
    if decider is None:
        raise Invalid({"bp_decided_by": ["Name the clinician who weighed the blood pressure risk."]})
    return decider


def local_date(course: Course, moment: dt.datetime) -> dt.date:
    """The day of ``moment`` at the patient's clinic."""
    return moment.astimezone(ZoneInfo(course.patient.clinic.time_zone)).date()


def _facts(
    course: Course, data: SessionInput, number: int, requirements: dict[str, Any]
) -> checks.SessionFacts:
    on = local_date(course, data.given_at)
    enrolled = not requires(requirements, RemsRequirementCode.ENROLMENT_BEFORE_FIRST_DOSE) or (
        RemsEnrolment.objects.filter(patient_id=course.patient_id, enrolled_on__lte=on).exists()
    )
    return checks.SessionFacts(
        treatment=course.treatment.slug,
        number=number,
        on=on,
        rems_enrolled=enrolled,
        pre_dose_systolic=data.bp_pre_systolic,
        pre_dose_diastolic=data.bp_pre_diastolic,
        bp_decision=data.bp_decision,
        last_phq9_on=last_phq9_on(course, on_or_before=on),
        weight_kg=float(data.weight_kg) if data.weight_kg is not None else None,
        motor_threshold_percent=data.motor_threshold_percent,
        course_paused=course.status == CourseStatus.PAUSED,
    )


def _use_unit(actor: User, course: Course, on: dt.date) -> None:
    """One more session used on the approval, through benefits' own service so the PA case's
    timeline, audit and renewal flags follow (benefits must not import courses)."""
    if course.pa_case_id is None:
        return
    case = PaCase.objects.select_for_update().get(pk=course.pa_case_id)
    approval = units.Approval(
        approved_units=case.approved_units,
        used_units=case.used_units,
        valid_from=case.valid_from,
        valid_until=case.valid_until,
    )
    refusals = units.session_refusals(approval, on)
    if refusals:
        raise Refused(" ".join(refusals))
    pa_case_record_units(actor=actor, case=case, used_units=case.used_units + 1, revision=case.revision)


def _codes(treatment: str, data: SessionInput, number: int) -> list[str]:
    if treatment == "tms":
        return [schedules.tms_code(number, motor_threshold_redetermined=data.motor_threshold_redetermined)]
    if treatment == "spravato" and data.dose_mg is not None:
        return [schedules.spravato_code(data.dose_mg)]
    return schedules.ketamine_codes(data.infusion_minutes or 1)


_SESSION_FIELDS = (
    "side_effects", "adverse_event", "notes", "motor_threshold_percent", "motor_threshold_redetermined",
    "intensity_percent_mt", "pulses", "coil", "target", "tms_protocol", "bp_pre_systolic", "bp_pre_diastolic",
    "bp_decision", "heart_rate", "dose_mg", "weight_kg", "dose_mg_per_kg", "route", "infusion_minutes",
)  # fmt: skip


def _fill_slot(course: Course, slot_id: str | None, session: Session) -> None:
    if not slot_id:
        return
    try:
        filled = SessionSlot.objects.filter(pk=slot_id, course=course, status=SlotStatus.BOOKED).update(
            status=SlotStatus.DONE, session=session
        )
    except (ValueError, TypeError):
        filled = 0
    if not filled:
        raise Invalid({"slot_id": ["This booking is not open for this course."]})


def _after_session(course: Course, session: Session) -> None:
    course.sessions_done = session.number
    if course.status == CourseStatus.PLANNED:
        move(course, CourseStatus.ACTIVE)
    if session.adverse_event != AdverseEvent.NONE:
        event = AdverseEvent(session.adverse_event).label.lower()
        move(course, CourseStatus.PAUSED, f"A {event} at session {session.number}: stopped pending review.")
    course.revision += 1
    course.save(update_fields=["sessions_done", "status", "status_reason", "revision", "updated_at"])


@transaction.atomic
def session_record(*, actor: User, course: Course, data: SessionInput) -> Session:
    """Record the next session, signed by ``actor``. Refused (409), naming every missing check,
    while a pre-session check the protocol requires is missing; the approval's units follow."""
    course = locked(course)
    if course.status not in GIVING_STATUSES and course.status != CourseStatus.PAUSED:
        raise conflict("Sessions are recorded on open courses only.", course)
    treatment, number = course.treatment.slug, course.sessions_done + 1
    errors = _field_errors(treatment, data, number, course.spravato_indication)
    if errors:
        raise Invalid(errors)
    decider = _bp_decider(actor, data, course)
    requirements = rems_requirements()
    facts = _facts(course, data, number, requirements)
    missing = checks.missing_checks(facts)
    if missing:
        raise Refused(checks.missing_sentence(missing))
    _use_unit(actor, course, facts.on)
    values = {name: getattr(data, name) for name in _SESSION_FIELDS}
    session = Session.objects.create(
        course=course,
        number=number,
        given_at=data.given_at,
        given_by=actor,
        bp_decision_by=decider,
        billing_codes=_codes(treatment, data, number),
        checks=[c.id for c in checks.required_checks(facts)],
        **values,
    )
    _fill_slot(course, data.slot_id, session)
    if treatment == "spravato":
        monitoring_form_open(session, course.patient.clinic.time_zone, requirements)
    _after_session(course, session)
    audit_record(
        actor=actor,
        action="course.session_recorded",
        obj=session,
        patient_id=course.patient_id,
        data={"course": str(course.pk), "number": number, "adverse_event": session.adverse_event},
    )
    return session


@transaction.atomic
def session_record_observations(*, actor: User, session: Session, data: ObservationInput) -> Session:
    """Observations after dosing (Spravato, ketamine): only the fields sent change."""
    session = (
        Session.objects.select_for_update(of=("self",)).select_related("course__treatment").get(pk=session.pk)
    )
    if session.course.treatment.slug == "tms":
        raise Refused("TMS sessions have no observation period to record.")
    if session.discharged:
        raise Refused("Discharge was cleared; the observations of this session are closed.")
    changed = sorted(data.model_fields_set)
    pairs = (("bp_40_systolic", "bp_40_diastolic"), ("bp_discharge_systolic", "bp_discharge_diastolic"))
    for first, second in pairs:
        if (getattr(data, first) is None) != (getattr(data, second) is None) and (
            first in changed or second in changed
        ):
            raise Invalid({first: ["Enter both the systolic and the diastolic pressure."]})
    for name in changed:
        value = _EMPTY.get(name) if getattr(data, name) is None else getattr(data, name)
        setattr(session, name, value)
    session.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=actor,
        action="course.session_observed",
        obj=session,
        patient_id=session.course.patient_id,
        data={"fields": changed},
    )
    return session


# What a field sent as null stores: text and choices blank, the ride not arranged; numbers null.
_EMPTY: dict[str, object] = {
    "sedation": "",
    "dissociation": "",
    "side_effects": "",
    "transport_arranged": False,
}


def _discharge_missing(session: Session, minimum: int, now: dt.datetime) -> list[str]:
    missing = []
    watched = (now - session.given_at).total_seconds() / 60
    if watched < minimum:
        missing.append(f"{minimum} minutes of observation ({int(watched)} so far)")
    if session.bp_40_systolic is None:
        missing.append("the blood pressure at about 40 minutes")
    if session.bp_discharge_systolic is None:
        missing.append("the blood pressure before discharge")
    if not session.transport_arranged:
        missing.append("a ride home (the patient may not drive until the next day)")
    return missing


@transaction.atomic
def session_clear_discharge(*, actor: User, session: Session, now: dt.datetime | None = None) -> Session:
    """A clinician clears discharge after Spravato (≥ the REMS observation time, 2 hours under
    the 12/31/2024 REMS) or ketamine. Clearing again changes nothing."""
    if actor.role != Role.CLINICIAN:
        raise Refused("Only a clinician clears a patient's discharge.")
    session = (
        Session.objects.select_for_update(of=("self",)).select_related("course__treatment").get(pk=session.pk)
    )
    if session.course.treatment.slug == "tms":
        raise Refused("TMS sessions need no discharge clearance.")
    if session.discharged:
        return session
    now = now or timezone.now()
    minimum = 0
    if session.course.treatment.slug == "spravato":
        minimum = rems_value(
            rems_requirements(),
            RemsRequirementCode.MINIMUM_OBSERVATION_MINUTES,
            p.REMS_OBSERVATION_MINUTES.value,
        )
    missing = _discharge_missing(session, minimum, now)
    if missing:
        raise Refused("Discharge cannot be cleared yet. Still needed: " + join_words(missing) + ".")
    session.discharge_cleared_by, session.discharge_cleared_at = actor, now
    session.save(update_fields=["discharge_cleared_by", "discharge_cleared_at", "updated_at"])
    audit_record(
        actor=actor, action="course.discharge_cleared", obj=session, patient_id=session.course.patient_id
    )
    return session

"""The Spravato REMS side of a session: requirements as catalog rows, the patient's enrolment,
and the Patient Monitoring Form with its filing clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from elevium.accounts.models import User
from elevium.audit.services import audit_record
from elevium.lib.errors import Invalid, Refused
from patients.models import Patient

from ..clinical import parameters as p
from ..clinical.pmf import filing_clock
from ..models import MonitoringForm, RemsEnrolment, RemsRequirement, RemsRequirementCode, Session


def rems_requirements() -> dict[str, RemsRequirement]:
    """The active requirement of each code (one query)."""
    return {row.code: row for row in RemsRequirement.objects.filter(active=True)}


def rems_value(requirements: dict[str, RemsRequirement], code: str, default: int) -> int:
    row = requirements.get(code)
    return row.value if row is not None and row.value is not None else default


def rems_version(requirements: dict[str, RemsRequirement]) -> str:
    versions = sorted({row.rems_version for row in requirements.values()})
    return versions[-1] if versions else p.REMS_VERSION.value


def requires(requirements: dict[str, RemsRequirement], code: str) -> bool:
    """Whether the active REMS requires ``code``: a requirement retired in the admin no longer applies."""
    row = requirements.get(code)
    return row is not None and row.required


@transaction.atomic
def rems_enrolment_record(
    *, actor: User, patient: Patient, enrolled_on: dt.date, reference: str = ""
) -> RemsEnrolment:
    """The patient's REMS enrolment; recording the same one again changes nothing."""
    if enrolled_on > patient.clinic.today():
        raise Invalid({"enrolled_on": ["The enrolment date cannot be in the future."]})
    existing = RemsEnrolment.objects.select_for_update().filter(patient=patient).first()
    if existing is not None:
        if existing.enrolled_on == enrolled_on and existing.reference == reference.strip():
            return existing
        raise Refused("This patient's REMS enrolment is already recorded.")
    enrolment = RemsEnrolment.objects.create(
        patient=patient,
        enrolled_on=enrolled_on,
        reference=reference.strip()[:64],
        rems_version=rems_version(rems_requirements()),
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    audit_record(actor=actor, action="rems.enrolment_recorded", obj=enrolment, patient_id=patient.pk)
    return enrolment


def monitoring_form_open(
    session: Session, clinic_tz: str, requirements: dict[str, RemsRequirement]
) -> MonitoringForm | None:
    """The form a Spravato session needs, its clock started (called by session_record)."""
    if not requires(requirements, RemsRequirementCode.MONITORING_FORM):
        return None
    window = rems_value(
        requirements, RemsRequirementCode.MONITORING_FORM_FILING_DAYS, p.REMS_PMF_FILING_DAYS.value
    )
    clock = filing_clock(session.given_at, clinic_tz, window_days=window)
    return MonitoringForm.objects.create(
        session=session,
        rems_version=rems_version(requirements),
        window_days=window,
        last_day=clock.last_day,
        due_at=clock.due_at,
        remind_at=clock.remind_at,
    )


def _bp(systolic: int | None, diastolic: int | None) -> str | None:
    return f"{systolic}/{diastolic}" if systolic is not None and diastolic is not None else None


def monitoring_form_content(session: Session) -> dict[str, Any]:
    """The form's content, generated from the session (criteria.md §2.4: pre-dose, 40-minute and
    pre-discharge BP; sedation, dissociation, respiratory status; discharge)."""
    return {
        "session_number": session.number,
        "given_at": session.given_at.isoformat(),
        "dose_mg": session.dose_mg,
        "bp_pre_dose": _bp(session.bp_pre_systolic, session.bp_pre_diastolic),
        "bp_decision": session.bp_decision,
        "bp_40_minutes": _bp(session.bp_40_systolic, session.bp_40_diastolic),
        "bp_before_discharge": _bp(session.bp_discharge_systolic, session.bp_discharge_diastolic),
        "sedation": session.sedation,
        "dissociation": session.dissociation,
        "spo2_lowest": session.spo2_lowest,
        "side_effects": bool(session.side_effects),
        "discharge_cleared_at": session.discharge_cleared_at.isoformat()
        if session.discharge_cleared_at
        else None,
        "transport_arranged": session.transport_arranged,
    }


@transaction.atomic
def monitoring_form_file(
    *, actor: User, form: MonitoringForm, confirmation: str = "", now: dt.datetime | None = None
) -> MonitoringForm:
    """Mark the form filed with the REMS (its content as filed); stops its reminders. Filing
    again changes nothing."""
    form = MonitoringForm.objects.select_for_update().select_related("session__course").get(pk=form.pk)
    if form.filed:
        return form
    session = form.session
    if session.discharge_cleared_at is None:
        raise Refused("The monitoring form is filed after a clinician clears the patient's discharge.")
    form.content = monitoring_form_content(session)
    form.filed_at = now or timezone.now()
    form.filed_by = actor
    form.confirmation = confirmation.strip()[:64]
    form.save(update_fields=["content", "filed_at", "filed_by", "confirmation"])
    audit_record(
        actor=actor,
        action="rems.monitoring_form_filed",
        obj=form,
        patient_id=session.course.patient_id,
        data={"late": form.filed_at >= form.due_at},
    )
    return form

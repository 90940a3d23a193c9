"""A dose deferred for a pre-dose blood pressure above 140/90: recorded, not refused.

Nothing is given, so no session number is used, no unit drawn on the approval and no REMS
monitoring form opened; the reason and the deciding clinician are kept and audited."""

from __future__ import annotations

from django.db import transaction

from elevium.accounts.models import User
from elevium.audit.services import audit_record
from elevium.lib.errors import Invalid, Refused

from ..clinical import checks
from ..inputs import DeferralInput
from ..models import GIVING_STATUSES, Course, DeferredDose, SessionSlot, SlotStatus
from .common import conflict, locked
from .sessions import clinician_decider


def _mark_slot(course: Course, slot_id: str | None) -> None:
    if not slot_id:
        return
    try:
        marked = SessionSlot.objects.filter(pk=slot_id, course=course, status=SlotStatus.BOOKED).update(
            status=SlotStatus.DEFERRED
        )
    except (ValueError, TypeError):
        marked = 0
    if not marked:
        raise Invalid({"slot_id": ["This booking is not open for this course."]})


@transaction.atomic
def dose_defer(*, actor: User, course: Course, data: DeferralInput) -> DeferredDose:
    """Record that the next dose was deferred by a clinician for a blood pressure above 140/90."""
    course = locked(course)
    if course.status not in GIVING_STATUSES:
        raise conflict("Doses are deferred on courses open for sessions only.", course)
    refusal = checks.deferral_refusal(course.treatment.slug, data.bp_pre_systolic, data.bp_pre_diastolic)
    if refusal:
        raise Refused(refusal)
    reason = data.reason.strip()
    if not reason:
        raise Invalid({"reason": ["Say why dosing was deferred."]})
    decider = clinician_decider(actor, data.bp_decided_by, course)
    deferral = DeferredDose.objects.create(
        course=course,
        number=course.sessions_done + 1,
        deferred_at=data.deferred_at,
        bp_pre_systolic=data.bp_pre_systolic,
        bp_pre_diastolic=data.bp_pre_diastolic,
        reason=reason,
        decided_by=decider,
        recorded_by=actor,
    )
    _mark_slot(course, data.slot_id)
    audit_record(
        actor=actor,
        action="course.dose_deferred",
        obj=deferral,
        patient_id=course.patient_id,
        data={"course": str(course.pk), "number": deferral.number, "rule": checks.DEFERRAL_RULE},
    )
    return deferral

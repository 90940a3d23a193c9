"""A course switched to another option feeds a new evaluation: the clinician starts a new
reassessment for the patient from the course, and the switch decision keeps which one."""

from __future__ import annotations

from django.db import transaction

from elevium.accounts.models import User
from elevium.accounts.roles import REASSESSMENT_WRITERS
from elevium.audit.services import audit_record
from elevium.lib.errors import Refused
from reassessment.models import Reassessment
from reassessment.services import reassessment_create

from ..models import Course, CourseDecision, DecisionKind


def switch_decision(course: Course) -> CourseDecision | None:
    """The course's latest switch decision, if it was switched."""
    return course.decisions.filter(kind=DecisionKind.SWITCH).order_by("-decided_at", "-id").first()


@transaction.atomic
def course_switch_reassess(*, actor: User, course: Course) -> Reassessment:
    """Start the new reassessment a switch calls for, once per switch (a second call returns
    the one started)."""
    if actor.role not in REASSESSMENT_WRITERS:
        raise Refused("Only a clinician starts a reassessment.")
    decision = (
        CourseDecision.objects.select_for_update()
        .filter(course=course, kind=DecisionKind.SWITCH)
        .order_by("-decided_at", "-id")
        .first()
    )
    if decision is None:
        raise Refused("This course was not switched to another option; decide the switch first.")
    if decision.reassessment_id is not None:
        return Reassessment.objects.get(pk=decision.reassessment_id)
    reassessment = reassessment_create(actor=actor, patient=course.patient)
    decision.reassessment = reassessment
    decision.save(update_fields=["reassessment"])
    audit_record(
        actor=actor,
        action="course.switch_reassessment_started",
        obj=course,
        patient_id=course.patient_id,
        data={"reassessment": str(reassessment.pk), "decision": decision.pk},
    )
    return reassessment

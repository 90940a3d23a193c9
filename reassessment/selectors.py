"""Every read of reassessments; reads of one record are audited."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404

from elevium.accounts.models import User
from elevium.audit.services import audit_record
from patients.models import Patient
from patients.selectors import patient_queryset_for

from .models import Reassessment, ScoreObservation
from .transitions import Status


def reassessment_queryset_for(user: User) -> QuerySet[Reassessment]:
    return Reassessment.objects.filter(patient__in=patient_queryset_for(user))


def reassessment_list_for_patient(*, user: User, patient: Patient) -> QuerySet[Reassessment]:
    """The patient's reassessments, newest first, with what a list row shows (no N+1)."""
    return (
        reassessment_queryset_for(user)
        .filter(patient=patient)
        .select_related("author", "signed_by", "supersedes")
        .defer("document")
    )


def reassessment_get_for_user(
    *, user: User, reassessment_id: uuid.UUID | str, action: str = "reassessment.viewed"
) -> Reassessment:
    """The reassessment, or 404 when absent or not visible to ``user``; records the read."""
    try:
        reassessment = (
            reassessment_queryset_for(user)
            .select_related("patient", "author", "signed_by", "supersedes")
            .get(id=reassessment_id)
        )
    except (Reassessment.DoesNotExist, ValueError):
        raise Http404("No such reassessment.") from None
    audit_record(actor=user, action=action, obj=reassessment, patient_id=reassessment.patient_id)
    return reassessment


def reassessment_get_for_write(*, user: User, reassessment_id: uuid.UUID | str) -> Reassessment:
    """The reassessment for a write that shows nothing of it (the intake's autosave), or 404 when
    absent or not visible to ``user``. No read is recorded; the service audits the write."""
    try:
        return reassessment_queryset_for(user).select_related("patient").get(id=reassessment_id)
    except (Reassessment.DoesNotExist, ValueError):
        raise Http404("No such reassessment.") from None


def score_history(*, patient: Patient, scale: str = "phq9") -> list[ScoreObservation]:
    """Dated scores for the trend chart: from every version not replaced by an amendment, one
    point per date and total (an amendment copies its original's scores)."""
    rows = ScoreObservation.objects.filter(patient=patient, scale=scale).exclude(
        reassessment__status=Status.AMENDED
    )
    seen: set[tuple[object, int]] = set()
    history = []
    for row in rows.order_by("administered_on", "id"):
        key = (row.administered_on, row.total)
        if key not in seen:
            seen.add(key)
            history.append(row)
    return history

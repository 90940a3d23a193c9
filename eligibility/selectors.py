"""Every read of evaluations; reading one is audited as a read of the patient's record."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import F, Q, QuerySet
from django.http import Http404

from elevium.accounts.models import User
from elevium.accounts.roles import Role
from elevium.audit.services import audit_record
from patients.selectors import patient_queryset_for
from reassessment.models import Reassessment
from reassessment.transitions import Status as ReassessmentStatus

from .engine import ruleset_hash
from .models import BatchRun, BatchStatus, Decision, Evaluation


def evaluation_queryset_for(user: User) -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(patient__in=patient_queryset_for(user))


def evaluation_list_for_reassessment(*, user: User, reassessment: Reassessment) -> QuerySet[Evaluation]:
    """Newest first, without the heavy JSON a list does not show."""
    return (
        evaluation_queryset_for(user)
        .filter(reassessment=reassessment)
        .select_related("requested_by")
        .defer("input_snapshot", "report")
    )


def evaluation_get_for_user(*, user: User, evaluation_id: uuid.UUID | str) -> Evaluation:
    try:
        evaluation = (
            evaluation_queryset_for(user)
            .select_related("patient", "reassessment", "requested_by")
            .get(id=evaluation_id)
        )
    except (Evaluation.DoesNotExist, ValueError):
        raise Http404("No such evaluation.") from None
    audit_record(actor=user, action="evaluation.viewed", obj=evaluation, patient_id=evaluation.patient_id)
    return evaluation


def stale_condition() -> Q:
    """Evaluations whose results no longer describe the record: the reassessment was edited
    since, the rules changed, or the patient's coverage changed (its PA gaps are out of date).
    A filter, so a list of evaluations can ask it in the same query."""
    return (
        ~Q(reassessment_revision=F("reassessment__revision"))
        | ~Q(ruleset_hash=ruleset_hash())
        | Q(coverage_changed_at__isnull=False)
    )


def evaluation_stale_reasons(evaluation: Evaluation) -> list[str]:
    """Why ``evaluation`` is out of date, as sentences (empty when it is current). Reads the
    evaluation's own row and its reassessment's revision (select_related it first)."""
    reasons = []
    if evaluation.reassessment_revision != evaluation.reassessment.revision:
        reasons.append("The reassessment has been edited since this evaluation.")
    if evaluation.ruleset_hash != ruleset_hash():
        reasons.append("The rules have changed since this evaluation.")
    if evaluation.coverage_changed_at is not None:
        reasons.append("The patient's insurance coverage has changed since this evaluation.")
    return reasons


def stale_evaluations_for_patient(*, user: User, patient_id: uuid.UUID) -> list[Evaluation]:
    """The latest evaluation of each of the patient's current reassessments, where it is out of
    date: what a re-evaluation would refresh. Two queries (latest ids, then the rows)."""
    latest = _latest_per_reassessment(evaluation_queryset_for(user).filter(patient_id=patient_id))
    return list(
        Evaluation.objects.filter(id__in=latest)
        .filter(stale_condition())
        .select_related("reassessment")
        .defer("input_snapshot", "report")
        .order_by("-created_at")
    )


def _latest_per_reassessment(evaluations: QuerySet[Evaluation]) -> list[uuid.UUID]:
    rows = (
        evaluations.exclude(reassessment__status=ReassessmentStatus.AMENDED)
        .order_by("reassessment_id", "-created_at", "-id")
        .distinct("reassessment_id")
        .values_list("id", flat=True)
    )
    return list(rows)


def current_decisions(evaluation: Evaluation) -> dict[str, Decision]:
    """The latest decision per treatment (earlier ones stay as history)."""
    latest: dict[str, Decision] = {}
    for decision in evaluation.decisions.select_related("decided_by").order_by("decided_at", "id"):
        latest[decision.treatment] = decision
    return latest


OTHER_CLINIC_REQUESTER = "A reviewer at another clinic"


def batch_list(*, user: User) -> list[BatchRun]:
    """The last 20 runs, each with ``requester``: who asked for it, named only to staff sharing a
    clinic with them (and to administrators, who manage every account).

    Every run is listed: one re-evaluates every clinic's reassessments, and only one runs at a
    time, so a reviewer must see the one that blocks theirs. Who started it is another matter:
    a reviewer of another clinic is not someone this user works with or may otherwise look up."""
    batches = list(BatchRun.objects.select_related("requested_by")[:20])
    if user.role == Role.ADMIN:
        named = {b.requested_by_id for b in batches}
    else:
        named = set(
            User.objects.filter(
                pk__in={b.requested_by_id for b in batches}, clinics__in=user.clinics.all()
            ).values_list("pk", flat=True)
        ) | {user.pk}
    for batch in batches:
        requester = str(batch.requested_by) if batch.requested_by_id in named else OTHER_CLINIC_REQUESTER
        batch.requester = requester  # type: ignore[attr-defined]  # for the template, not a model field
    return batches


def batch_get(batch_id: uuid.UUID | str) -> BatchRun:
    try:
        return BatchRun.objects.select_related("requested_by").get(id=batch_id)
    except (BatchRun.DoesNotExist, ValueError):
        raise Http404("No such batch.") from None


# A running batch renews its lease with every chunk (about a second each); a batch whose lease
# ran out lost its worker, and the next delivery or the beat sweep takes it over.
BATCH_LEASE = dt.timedelta(minutes=2)
# A batch still queued this long after it was requested missed its message (the broker was down).
BATCH_UNSENT = dt.timedelta(minutes=1)


def batches_to_resend(*, now: dt.datetime) -> list[uuid.UUID]:
    """Batches whose task must be sent again: queued a while ago and never claimed, or running
    with a lease that ran out."""
    stale = Q(status=BatchStatus.QUEUED, created_at__lt=now - BATCH_UNSENT) | Q(
        status=BatchStatus.RUNNING, started_at__lt=now - BATCH_LEASE
    )
    return list(BatchRun.objects.filter(stale).values_list("id", flat=True))


BATCH_CHOICES = 20


def batch_choices() -> QuerySet[BatchRun, tuple[uuid.UUID, dt.datetime]]:
    """(id, started) of the latest batch runs, newest first."""
    return BatchRun.objects.order_by("-created_at").values_list("id", "created_at")[:BATCH_CHOICES]

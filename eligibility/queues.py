"""Each role's work queue: what is waiting for them, read in a fixed number of queries whatever
the number of rows (one per list), scoped to the patients of the user's clinics.

Selectors only: the pages (eligibility/queue_views.py) and the API (eligibility/queue_api.py)
render the same items, and audit them as listed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, Func, JSONField, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse

from elevium.accounts.models import User
from elevium.audit.services import audit_record_many
from reassessment.models import Reassessment, SafetyAction
from reassessment.selectors import reassessment_queryset_for
from reassessment.transitions import Status as ReassessmentStatus
from treatments.models import TreatmentSlug

from .coverage import pa_case_started
from .models import Decision, DecisionKind, Evaluation
from .selectors import evaluation_queryset_for, stale_condition

LIMIT = 50  # rows per list; the oldest waiting first, so nothing sinks out of sight
ELIGIBLE = ("eligible", "eligible_with_cautions")
TREATMENT_COUNT = len(TreatmentSlug.values)


@dataclass(frozen=True)
class QueueItem:
    """One row of a queue: whose record, what waits, since when, and where to act on it."""

    kind: str
    id: uuid.UUID
    patient_id: uuid.UUID
    patient_name: str
    at: dt.datetime
    what: str  # a sentence for people
    url: str
    treatment: str = ""
    record: Any = field(default=None, repr=False, compare=False)  # what the audit event names


def _newest_of_its_reassessment() -> Q:
    """An evaluation with no later one of the same reassessment (composable, one query)."""
    newer = Evaluation.objects.filter(
        reassessment=OuterRef("reassessment"), created_at__gt=OuterRef("created_at")
    )
    return Q(~Exists(newer)) & ~Q(reassessment__status=ReassessmentStatus.AMENDED)


def latest_evaluations_for(user: User) -> QuerySet[Evaluation]:
    """The current evaluation of each of the user's clinics' reassessments, without its JSON."""
    return (
        evaluation_queryset_for(user)
        .filter(_newest_of_its_reassessment())
        .select_related("patient", "reassessment")
        .defer("input_snapshot", "report")
    )


# --- Clinician ---------------------------------------------------------------------------------------


def _reassessment_items(rows: QuerySet[Reassessment], kind: str, what: str) -> list[QueueItem]:
    return [
        QueueItem(
            kind=kind,
            id=r.id,
            patient_id=r.patient_id,
            patient_name=r.patient.display_name,
            at=r.updated_at,
            what=what,
            url=reverse("reassessment:summary", kwargs={"reassessment_id": r.id}),
            record=r,
        )
        for r in rows.select_related("patient").order_by("updated_at", "id")[:LIMIT]
    ]


def clinician_queue(*, user: User) -> dict[str, list[QueueItem]]:
    """Drafts and reassessments awaiting signature (the clinician's own), evaluations awaiting a
    clinician's decision, and flagged reassessments with no safety action yet: four queries."""
    mine = reassessment_queryset_for(user).filter(author=user)
    awaiting = (
        latest_evaluations_for(user)
        .annotate(decided=Count("decisions__treatment", distinct=True))
        .filter(decided__lt=TREATMENT_COUNT)
        .order_by("created_at", "id")[:LIMIT]
    )
    unsafe = (
        reassessment_queryset_for(user)
        .filter(safety_flag=True)
        .exclude(status=ReassessmentStatus.AMENDED)
        .filter(~Exists(SafetyAction.objects.filter(reassessment=OuterRef("pk"))))
    )
    return {
        "urgent_safety": _reassessment_items(
            unsafe, "urgent_safety", "A safety concern is flagged and no safety action is recorded yet."
        ),
        "drafts": _reassessment_items(
            mine.filter(status=ReassessmentStatus.DRAFT), "draft", "Reassessment in progress."
        ),
        "awaiting_signature": _reassessment_items(
            mine.filter(status=ReassessmentStatus.COMPLETE),
            "awaiting_signature",
            "Complete and ready to sign.",
        ),
        "awaiting_decision": [
            QueueItem(
                kind="awaiting_decision",
                id=e.id,
                patient_id=e.patient_id,
                patient_name=e.patient.display_name,
                at=e.created_at,
                what=f"{TREATMENT_COUNT - e.decided} of {TREATMENT_COUNT} treatments await your decision.",
                url=reverse("eligibility:evaluation", kwargs={"evaluation_id": e.id}),
                record=e,
            )
            for e in awaiting
        ],
    }


# --- Coordinator ------------------------------------------------------------------------------------


def accepted_without_pa_case(*, user: User) -> list[QueueItem]:
    """Treatments a clinician accepted (or overrode to eligible) on a current evaluation, with no
    prior authorization started for the patient and treatment: one query."""
    later = Decision.objects.filter(
        evaluation=OuterRef("evaluation"), treatment=OuterRef("treatment"), id__gt=OuterRef("id")
    )
    has_case = pa_case_started(patient=OuterRef("evaluation__patient"), treatment=OuterRef("treatment"))
    rows = (
        Decision.objects.filter(evaluation__in=latest_evaluations_for(user).values("id"))
        .filter(
            Q(kind=DecisionKind.ACCEPT, engine_status__in=ELIGIBLE)
            | Q(kind=DecisionKind.OVERRIDE, clinician_status__in=ELIGIBLE)
        )
        .filter(~Exists(later), ~has_case)
        .select_related("evaluation__patient", "decided_by")
        .order_by("decided_at", "id")[:LIMIT]
    )
    labels = dict(TreatmentSlug.choices)
    return [
        QueueItem(
            kind="accepted_no_pa",
            id=d.evaluation_id,
            patient_id=d.evaluation.patient_id,
            patient_name=d.evaluation.patient.display_name,
            at=d.decided_at,
            what=f"{labels.get(d.treatment, d.treatment)} accepted by "
            f"{d.decided_by.get_full_name() or d.decided_by}; no prior authorization started.",
            url=reverse("eligibility:evaluation", kwargs={"evaluation_id": d.evaluation_id})
            + f"#coverage-{d.treatment}",
            treatment=d.treatment,
            record=d.evaluation,
        )
        for d in rows
    ]


# --- Reviewer ---------------------------------------------------------------------------------------


def _previous_statuses() -> Subquery:
    before = Evaluation.objects.filter(
        reassessment=OuterRef("reassessment"), created_at__lt=OuterRef("created_at")
    ).order_by("-created_at", "-id")
    return Subquery(before.values("statuses")[:1])


def reviewer_queue(
    *,
    user: User,
    overridden: bool = False,
    stale: bool = False,
    urgent: bool = False,
    batch: uuid.UUID | None = None,
) -> QuerySet[Evaluation]:
    """Current evaluations, oldest first, narrowed by the filters chosen: overridden by a
    clinician, out of date, urgent safety flag, or whose statuses a batch changed. One query
    for a page (patient and reassessment joined, overrides and previous statuses annotated)."""
    overrides = Decision.objects.filter(evaluation=OuterRef("pk"), kind=DecisionKind.OVERRIDE)
    rows = latest_evaluations_for(user).annotate(overridden=Exists(overrides), before=_previous_statuses())
    if overridden:
        rows = rows.filter(overridden=True)
    if stale:
        rows = rows.filter(stale_condition())
    if urgent:
        rows = rows.filter(urgent_safety_flag=True)
    if batch is not None:
        rows = batch_changed(rows.filter(batch_id=batch))
    return rows.order_by("created_at", "id")


def batch_changed(rows: QuerySet[Any]) -> QuerySet[Any]:
    """Of ``rows`` (evaluations annotated with ``before``: typed Any, as the annotation is
    not on the model), those whose statuses differ from the evaluation
    before them."""
    return rows.filter(before__isnull=False).exclude(statuses=F("before"))


class _PaGapIds(Func):
    """The rule ids of a report's prior-authorization gaps, every treatment's, worked out by
    PostgreSQL (the ~35 KB report never leaves the database)."""

    template = "jsonb_path_query_array(%(expressions)s, '$.treatments[*].pa_gaps[*].rule_id')"
    output_field = JSONField()


def batch_changed_patients(*, user: User, batch_id: uuid.UUID) -> list[Evaluation]:
    """The batch's evaluations of the user's clinics' patients whose statuses or payer gaps
    changed, each with ``before`` (the statuses before) and ``gaps_changed``: the batch
    summary's list of patients. One query."""
    before = Evaluation.objects.filter(
        reassessment=OuterRef("reassessment"), created_at__lt=OuterRef("created_at")
    ).order_by("-created_at", "-id")
    rows = (
        evaluation_queryset_for(user)
        .filter(batch_id=batch_id)
        .annotate(
            before=_previous_statuses(),
            gaps=_PaGapIds(F("report")),
            gaps_before=Subquery(before.annotate(g=_PaGapIds(F("report"))).values("g")[:1]),
        )
        .filter(before__isnull=False)
        .filter(~Q(statuses=F("before")) | ~Q(gaps=F("gaps_before")))
        .select_related("patient")
        .defer("input_snapshot", "report")
        .order_by("patient__family_name", "patient__given_name", "id")
    )
    changed: list[Evaluation] = list(rows[:500])
    for evaluation in changed:
        # The template's flag, set on the row it lists (annotations are not model attributes).
        evaluation.gaps_changed = evaluation.gaps != evaluation.gaps_before  # type: ignore[attr-defined]
    return changed


def queue_audit(*, user: User, items: list[QueueItem]) -> None:
    """Record that ``user`` was shown these records (reassessments or evaluations) on a queue:
    one INSERT however many."""
    audit_record_many(
        actor=user,
        action="queue.listed",
        objects=[item.record for item in items],
        patient_id_of=lambda record: record.patient_id,
    )


def reviewer_items(rows: list[Evaluation]) -> list[QueueItem]:
    """The reviewer's rows as queue items, each saying in words why it may need a look."""
    items = []
    for e in rows:
        notes = []
        if getattr(e, "overridden", False):
            notes.append("a clinician overrode a conclusion")
        if e.urgent_safety_flag:
            notes.append("urgent safety flag")
        before = getattr(e, "before", None)
        if e.batch_id and before is not None and before != e.statuses:
            notes.append("a batch re-evaluation changed a status")
        items.append(
            QueueItem(
                kind="evaluation",
                id=e.id,
                patient_id=e.patient_id,
                patient_name=e.patient.display_name,
                at=e.created_at,
                what=(notes[0].capitalize() + "".join(f"; {n}" for n in notes[1:]) + ".")
                if notes
                else "Evaluated.",
                url=reverse("eligibility:evaluation", kwargs={"evaluation_id": e.id}),
                record=e,
            )
        )
    return items

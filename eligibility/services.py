"""Every write of evaluations, decisions and batches: atomic, given the acting user, audited."""

from __future__ import annotations

import contextlib
import gc
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import orjson
from django.db import IntegrityError, connection, transaction
from django.db.models import Field, JSONField, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from pydantic import ValidationError

from elevium.accounts.models import User
from elevium.audit.services import audit_record, audit_record_many
from elevium.jobs.outbox import enqueue
from elevium.lib.copy import copy_rows
from elevium.lib.errors import Refused
from reassessment.documents import ReassessmentDocument
from reassessment.errors import DocumentInvalid
from reassessment.models import Reassessment
from reassessment.transitions import Status as ReassessmentStatus

from .coverage import engine_policies_by_patient
from .engine import RULESET_VERSION, CandidacyReport, CoveragePolicy, evaluate, ruleset_hash
from .engine.models import STATUSES, TREATMENTS
from .models import BatchRun, BatchStatus, Decision, DecisionKind, Evaluation
from .selectors import BATCH_LEASE, stale_evaluations_for_patient


def _build(reassessment: Reassessment, *, actor: User, batch: BatchRun | None = None) -> Evaluation:
    """Evaluate a stored reassessment as it stands; the Evaluation is returned unsaved, its
    report kept as the engine's model too (``report_model``) for whoever reads it next."""
    policies = engine_policies_by_patient([reassessment.patient_id], as_of=timezone.localdate())
    evaluation, report = _evaluate(
        reassessment, actor=actor, batch=batch, policies=policies.get(reassessment.patient_id, ())
    )
    evaluation.report_model = report
    return evaluation


def _evaluate(
    reassessment: Reassessment,
    *,
    actor: User,
    batch: BatchRun | None,
    policies: tuple[CoveragePolicy, ...] = (),
) -> tuple[Evaluation, CandidacyReport]:
    """The unsaved Evaluation without its report field, and the engine's report. (A batch
    writes the report straight from the model: see _insert_many.) The patient's coverage
    policies only add prior-authorization gaps; they never change a status."""
    report = evaluate(reassessment.document_model, policies=policies)
    # criteria.md §10.1: the report is as of the assessment date, whatever day it is evaluated.
    as_of = report.as_of
    evaluation = Evaluation(
        reassessment=reassessment,
        patient_id=reassessment.patient_id,
        requested_by=actor,
        batch=batch,
        as_of=as_of,
        reassessment_revision=reassessment.revision,
        input_snapshot=reassessment.document,
        ruleset_version=report.ruleset_version,
        ruleset_hash=report.ruleset_hash,
        urgent_safety_flag=report.urgent_safety_flag,
        statuses={t.treatment: t.status for t in report.treatments},
    )
    return evaluation, report


@transaction.atomic
def evaluation_create(*, actor: User, reassessment: Reassessment) -> Evaluation:
    """Evaluate the reassessment as it stands and keep the evaluation; each treatment whose
    status is unchanged from the previous evaluation keeps its clinician's decision."""
    previous = (
        Evaluation.objects.filter(reassessment=reassessment)
        .order_by("-created_at", "-id")
        .only("id", "statuses")
        .first()
    )
    evaluation = _build(reassessment, actor=actor)
    evaluation.save()
    audit_record(
        actor=actor,
        action="evaluation.created",
        obj=evaluation,
        patient_id=evaluation.patient_id,
        data={"reassessment": str(reassessment.id), "ruleset_hash": evaluation.ruleset_hash},
    )
    if previous is not None:
        decisions_carry(actor=actor, pairs=[(previous, evaluation)])
    return evaluation


def decisions_carry(*, actor: User | None, pairs: list[tuple[Evaluation, Evaluation]]) -> list[Decision]:
    """Carry each current decision of the older evaluation of a pair to the newer one where the
    treatment's status did not change; a changed status gets no decision, so it waits for a new
    one. Called inside the caller's transaction: one read, one INSERT, one audit INSERT for any
    number of pairs. Each carried decision is audited as decision.carried."""
    newer_of = {old.id: new for old, new in pairs}
    current: dict[tuple[Any, str], Decision] = {}
    for decision in Decision.objects.filter(evaluation_id__in=list(newer_of)).order_by("decided_at", "id"):
        current[decision.evaluation_id, decision.treatment] = decision
    old_statuses = {old.id: old.statuses for old, _ in pairs}
    carried = [
        Decision(
            evaluation=newer_of[evaluation_id],
            treatment=treatment,
            kind=decision.kind,
            engine_status=decision.engine_status,
            clinician_status=decision.clinician_status,
            reason=decision.reason,
            decided_by_id=decision.decided_by_id,
            carried_from=decision,
        )
        for (evaluation_id, treatment), decision in current.items()
        if newer_of[evaluation_id].statuses.get(treatment) == old_statuses[evaluation_id].get(treatment)
    ]
    Decision.objects.bulk_create(carried)
    audit_record_many(
        actor=actor,
        action="decision.carried",
        objects=carried,
        patient_id_of=lambda d: d.evaluation.patient_id,
    )
    return carried


def evaluations_mark_coverage_changed(*, patient_id: Any) -> int:
    """Mark the patient's evaluations out of date after a coverage change (called inside the
    coverage service's transaction, which audits the change): their prior-authorization gaps
    were worked out against the coverage as it was. Returns how many were marked."""
    return Evaluation.objects.filter(patient_id=patient_id, coverage_changed_at__isnull=True).update(
        coverage_changed_at=timezone.now()
    )


@transaction.atomic
def evaluations_refresh_for_patient(*, actor: User, patient_id: Any) -> list[Evaluation]:
    """Re-evaluate each of the patient's current reassessments whose latest evaluation is out of
    date (eligibility.selectors.stale_evaluations_for_patient decides which); each new
    evaluation is audited as evaluation.created, as a re-evaluation from its page is."""
    stale = stale_evaluations_for_patient(user=actor, patient_id=patient_id)
    reassessments = Reassessment.objects.filter(id__in=[e.reassessment_id for e in stale]).order_by("id")
    return [evaluation_create(actor=actor, reassessment=r) for r in reassessments]


def evaluation_preview(*, actor: User, document: dict[str, Any]) -> CandidacyReport:
    """Evaluate a posted document without storing anything (the date of birth is the document's)."""
    try:
        parsed = ReassessmentDocument.model_validate(document)
    except ValidationError as exc:
        raise DocumentInvalid.from_pydantic(exc) from None
    audit_record(actor=actor, action="evaluation.previewed")
    return evaluate(parsed)


@transaction.atomic
def decision_record(
    *, actor: User, evaluation: Evaluation, treatment: str, kind: str, reason: str, clinician_status: str = ""
) -> Decision:
    """Accept or override one treatment's conclusion. An override needs a reason and the
    clinician's own status; the engine's report is never changed."""
    engine_status = evaluation.statuses.get(treatment)
    reason = reason.strip()
    errors: dict[str, list[str]] = {}
    if engine_status is None:
        errors["treatment"] = ["not a treatment of this evaluation"]
    if kind not in DecisionKind.values:
        errors["kind"] = ["choose accept or override"]
    if kind == DecisionKind.OVERRIDE:
        if clinician_status not in STATUSES:
            errors["clinician_status"] = ["an override states the clinician's own conclusion"]
        elif clinician_status == engine_status:
            errors["clinician_status"] = ["this is the engine's conclusion: accept it instead"]
        if len(reason) < 10:
            errors["reason"] = ["an override needs a reason (at least 10 characters)"]
    elif kind == DecisionKind.ACCEPT:
        clinician_status = ""
    if errors:
        raise DocumentInvalid(errors)
    decision = Decision.objects.create(
        evaluation=evaluation,
        treatment=treatment,
        kind=kind,
        engine_status=engine_status or "",
        clinician_status=clinician_status,
        reason=reason,
        decided_by=actor,
    )
    audit_record(
        actor=actor,
        action=f"evaluation.{kind}",
        obj=decision,
        patient_id=evaluation.patient_id,
        data={"evaluation": str(evaluation.id)},
    )
    return decision


# --- Batch re-evaluation ----------------------------------------------------------------------


def batch_reassessments() -> QuerySet[Reassessment]:
    """What a batch re-evaluates: every reassessment not replaced by an amendment."""
    return Reassessment.objects.exclude(status=ReassessmentStatus.AMENDED).order_by("id")


ACTIVE_BATCH = (BatchStatus.QUEUED, BatchStatus.RUNNING)
ONE_BATCH_CONSTRAINT = "batch_one_at_a_time"


class BatchAlreadyRunning(Refused):
    """A re-evaluation is queued or running: one at a time (HTTP 409, linking to it)."""

    def __init__(self, running: BatchRun) -> None:
        self.running = running
        super().__init__("A re-evaluation is already queued or running; it re-evaluates every reassessment.")


def _active_batch() -> BatchRun | None:
    return BatchRun.objects.filter(status__in=ACTIVE_BATCH).order_by("created_at").first()


@transaction.atomic
def batch_start(*, actor: User) -> BatchRun:
    """Queue a re-evaluation of every current reassessment, unless one is queued or running.

    Two requests at once can both find none; the partial unique index on active batches lets
    only one INSERT through, and the other is answered with the batch that won."""
    running = _active_batch()
    if running is not None:
        raise BatchAlreadyRunning(running)
    try:
        with transaction.atomic():  # a savepoint: the losing INSERT must not spoil the transaction
            batch = BatchRun.objects.create(
                requested_by=actor,
                total=batch_reassessments().count(),
                ruleset_version=RULESET_VERSION,
                ruleset_hash=ruleset_hash(),
            )
    except IntegrityError as exc:
        running = _active_batch()
        if ONE_BATCH_CONSTRAINT not in str(exc) or running is None:
            raise
        raise BatchAlreadyRunning(running) from None
    audit_record(actor=actor, action="evaluation_batch.requested", obj=batch, data={"total": batch.total})
    # Through the outbox, in this transaction: a request made while Redis is down is relayed later.
    enqueue(
        "eligibility.tasks.reevaluate_batch",
        kwargs={"batch_id": str(batch.id)},
        queue="evaluations",
        idempotency_key=f"evaluation-batch:{batch.id}",
    )
    return batch


def batch_claim(batch_id: str) -> bool:
    """Queued -> running, or take over a running batch whose worker went silent (its lease, renewed
    with every chunk, has run out). False when another worker holds it or it is finished."""
    now = timezone.now()
    claimable = Q(status=BatchStatus.QUEUED) | Q(status=BatchStatus.RUNNING, started_at__lt=now - BATCH_LEASE)
    return bool(
        BatchRun.objects.filter(claimable, id=batch_id).update(status=BatchStatus.RUNNING, started_at=now)
    )


@contextlib.contextmanager
def _gc_frozen() -> Iterator[None]:
    """Keep the cyclic garbage collector off the objects that exist before the batch (the
    framework, the ruleset, the worker's caches): a batch allocates millions of short-lived
    objects, and each full collection would walk those long-lived ones again. Objects made
    during the batch are collected as usual; everything is unfrozen afterwards, so nothing is
    kept alive. Measured: 15-35 % of a 10,000-row batch (docs/PERFORMANCE.md). A worker process
    that froze its start-up objects (elevium/celery.py) is frozen again afterwards, as it was."""
    frozen_before = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
        if frozen_before:
            gc.collect()  # the batch's garbage first, so only live objects are frozen again
            gc.freeze()


def batch_run(batch_id: str, *, chunk_size: int = 500) -> BatchRun:
    """Evaluate every reassessment the batch has not yet evaluated, a chunk per transaction.

    Rerunnable: rows already evaluated in this batch are skipped (and a unique constraint
    makes a duplicate impossible), so a redelivered task continues where the last one stopped.
    """
    with _gc_frozen():
        return _batch_run(batch_id, chunk_size=chunk_size)


def _batch_run(batch_id: str, *, chunk_size: int) -> BatchRun:
    batch = BatchRun.objects.select_related("requested_by").get(id=batch_id)
    changes: dict[str, Counter[str]] = {t: Counter(batch.changes.get(t, {})) for t in TREATMENTS}
    done = set(Evaluation.objects.filter(batch=batch).values_list("reassessment_id", flat=True))
    ids = list(batch_reassessments().exclude(id__in=done).values_list("id", flat=True))
    for start in range(0, len(ids), chunk_size):
        chunk_ids = ids[start : start + chunk_size]
        with transaction.atomic():
            _batch_chunk(batch, chunk_ids, changes)
            batch.processed = len(done) + start + len(chunk_ids)
            batch.changes = {t: dict(sorted(c.items())) for t, c in changes.items() if c}
            batch.started_at = timezone.now()  # renews the lease
            batch.save(update_fields=["processed", "changes", "started_at"])
    batch.status, batch.finished_at = BatchStatus.DONE, timezone.now()
    batch.processed = batch.total = len(done) + len(ids)
    batch.save(update_fields=["status", "finished_at", "processed", "total"])
    audit_record(
        actor=None, action="evaluation_batch.finished", obj=batch, data={"processed": batch.processed}
    )
    return batch


def _batch_chunk(batch: BatchRun, chunk_ids: list[Any], changes: dict[str, Counter[str]]) -> None:
    """Evaluate one chunk, store it, audit it, carry its decisions and count its status changes
    into ``changes`` (in the caller's transaction)."""
    reassessments = list(
        Reassessment.objects.filter(id__in=chunk_ids).only("id", "patient_id", "document", "revision")
    )
    previous = _latest_before(chunk_ids, exclude_batch=batch)
    policies = engine_policies_by_patient({r.patient_id for r in reassessments}, as_of=timezone.localdate())
    # A generator: on PostgreSQL each row is evaluated as the COPY before it is being stored.
    built = (
        _evaluate(r, actor=batch.requested_by, batch=batch, policies=policies.get(r.patient_id, ()))
        for r in reassessments
    )
    evaluations = _insert_many(built)
    # Each stored evaluation is a write to that patient's record: one event each, one
    # INSERT per chunk, committed with the chunk. The requester is who caused it.
    audit_record_many(
        actor=batch.requested_by,
        action="evaluation.created",
        objects=evaluations,
        patient_id_of=lambda e: e.patient_id,
        data={"batch": str(batch.id)},
    )
    # Unchanged statuses keep their decisions: a batch must not wipe the clinicians' work.
    decisions_carry(
        actor=batch.requested_by,
        pairs=[(previous[e.reassessment_id], e) for e in evaluations if e.reassessment_id in previous],
    )
    for evaluation in evaluations:
        older = previous.get(evaluation.reassessment_id)
        if older is None:
            continue
        for treatment, status in evaluation.statuses.items():
            if older.statuses.get(treatment) != status:
                changes.setdefault(treatment, Counter())[f"{older.statuses.get(treatment)}->{status}"] += 1


# Every concrete column, in the model's order: COPY names each one, and a field added to the
# model is written without touching this list. The JSON and timestamp columns are encoded
# below; the rest are written as Python gives them.
_COPY_FIELDS = tuple(Evaluation._meta.concrete_fields)
_COPY_COLUMNS = tuple(f.column for f in _COPY_FIELDS)


def _copy_value(evaluation: Evaluation, field: Field[Any, Any], report: CandidacyReport) -> object:
    if field.name == "report":
        return report.model_dump_json()
    value = getattr(evaluation, field.attname)
    return orjson.dumps(value).decode() if isinstance(field, JSONField) else value


def _insert_many(built: Iterable[tuple[Evaluation, CandidacyReport]]) -> list[Evaluation]:
    """Insert a chunk of evaluations as ``built`` yields them; the evaluations, in order.

    On PostgreSQL through COPY: Django's bulk_create quotes each ~35 KB report client-side,
    which measured two thirds of a 10,000-row batch's time. The rows are written while they are
    evaluated (``built`` is a generator), so the server stores one report while the engine
    builds the next, instead of the two taking turns chunk by chunk (docs/PERFORMANCE.md)."""
    evaluations: list[Evaluation] = []
    if connection.vendor != "postgresql":
        for evaluation, report in built:
            evaluation.report_model = report
            evaluations.append(evaluation)
        Evaluation.objects.bulk_create(evaluations)
        return evaluations
    now = timezone.now()

    def rows() -> Iterator[tuple[object, ...]]:
        for evaluation, report in built:
            evaluation.created_at = now
            evaluations.append(evaluation)
            yield tuple(_copy_value(evaluation, field, report) for field in _COPY_FIELDS)

    copy_rows(Evaluation, _COPY_COLUMNS, rows())
    return evaluations


def _latest_before(reassessment_ids: Iterable[Any], *, exclude_batch: BatchRun) -> dict[Any, Evaluation]:
    """Each reassessment's latest evaluation before this batch (id and statuses): one query."""
    latest = (
        Evaluation.objects.filter(reassessment=OuterRef("reassessment"))
        .exclude(batch=exclude_batch)
        .order_by("-created_at")
        .values("id")[:1]
    )
    rows = Evaluation.objects.filter(reassessment_id__in=list(reassessment_ids), id=Subquery(latest))
    return {e.reassessment_id: e for e in rows.only("id", "reassessment_id", "statuses")}


def batch_release(batch_id: str) -> None:
    """Back to queued after a transient error, so the retry (or the sweep) can claim it again."""
    BatchRun.objects.filter(id=batch_id, status=BatchStatus.RUNNING).update(status=BatchStatus.QUEUED)


def batch_fail(batch_id: str, error: BaseException) -> None:
    BatchRun.objects.filter(id=batch_id).exclude(status=BatchStatus.DONE).update(
        status=BatchStatus.FAILED, finished_at=timezone.now(), error_class=type(error).__qualname__
    )

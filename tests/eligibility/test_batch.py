"""Re-evaluating every reassessment: a task in its own queue, run by a real worker, rerunnable."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.utils import timezone

from elevium.accounts.roles import Role
from eligibility import services
from eligibility.models import BatchRun, BatchStatus, Evaluation
from reassessment import services as reassessment_services
from reassessment.demo import full_document
from tests.factories import PatientFactory, UserFactory
from tests.worker import WorkerProcess


def _reassessments(actor: Any, n: int) -> list[Any]:
    rows = []
    for _ in range(n):
        patient = PatientFactory(date_of_birth=dt.date(1975, 6, 1))
        document = full_document(assessed_on=timezone.localdate(), date_of_birth=patient.date_of_birth)
        rows.append(
            reassessment_services.reassessment_create(actor=actor, patient=patient, document=document)
        )
    return rows


@pytest.mark.django_db
def test_a_batch_evaluates_each_reassessment_once_even_when_run_twice(clinician: Any) -> None:
    _reassessments(clinician, 3)
    batch = BatchRun.objects.create(requested_by=clinician, total=3)
    assert services.batch_claim(str(batch.id))
    assert not services.batch_claim(str(batch.id))  # a second delivery finds it claimed
    services.batch_run(str(batch.id), chunk_size=2)
    services.batch_run(str(batch.id), chunk_size=2)  # a redelivered task continues, and finds nothing left
    batch.refresh_from_db()
    assert (batch.status, batch.processed, batch.total) == (BatchStatus.DONE, 3, 3)
    assert Evaluation.objects.filter(batch=batch).count() == 3
    # The batch's bulk path stores the same report as a single evaluation does.
    batched = Evaluation.objects.filter(batch=batch).select_related("reassessment").first()
    single = services.evaluation_create(actor=clinician, reassessment=batched.reassessment)
    single.refresh_from_db()
    assert batched.report == single.report and batched.statuses == single.statuses


@pytest.mark.django_db
def test_a_batch_stores_reports_that_read_back_as_evaluated(clinician: Any) -> None:
    """The batch COPYs JSON text into lz4-compressed columns (migration 0002): what is read back
    is the engine's report and the document, unchanged."""
    from django.db import connection

    from eligibility.engine import evaluate
    from reassessment.documents import ReassessmentDocument

    (reassessment,) = _reassessments(clinician, 1)
    batch = BatchRun.objects.create(requested_by=clinician, total=1)
    services.batch_run(str(batch.id))
    stored = Evaluation.objects.get(batch=batch)
    expected = evaluate(ReassessmentDocument.model_validate(reassessment.document)).model_dump(mode="json")
    assert stored.report == expected
    assert stored.input_snapshot == reassessment.document
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_compression(report) FROM eligibility_evaluation WHERE id = %s", [stored.id]
        )
        assert cursor.fetchone()[0] == "lz4"


@pytest.mark.django_db
def test_the_summary_counts_statuses_that_changed_since_the_last_evaluation(clinician: Any) -> None:
    (reassessment,) = _reassessments(clinician, 1)
    services.evaluation_create(actor=clinician, reassessment=reassessment)
    document = {
        **reassessment.document,
        "co_occurring": {**reassessment.document["co_occurring"], "bipolar_spectrum": "yes"},
    }
    reassessment = reassessment_services.reassessment_update(
        actor=clinician, reassessment=reassessment, document=document, revision=None
    )
    batch = BatchRun.objects.create(requested_by=clinician, total=1)
    services.batch_run(str(batch.id))
    batch.refresh_from_db()
    changed = batch.changes
    assert set(changed) == {"tms", "spravato", "ketamine"}
    assert all(any(key.endswith("->not_eligible") for key in counts) for counts in changed.values())


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_reviewer_starts_a_batch_and_a_real_worker_finishes_it(
    celery_worker_process: WorkerProcess,
) -> None:
    reviewer = UserFactory(username="rev", role=Role.REVIEWER)
    _reassessments(UserFactory(username="doc", role=Role.CLINICIAN), 4)
    batch = services.batch_start(actor=reviewer)  # committed: on_commit sends it to the evaluations queue
    deadline = time.monotonic() + 60
    while BatchRun.objects.get(id=batch.id).status != BatchStatus.DONE:
        assert time.monotonic() < deadline, celery_worker_process.log.read_text()[-3000:]
        time.sleep(0.2)
    batch.refresh_from_db()
    assert (batch.processed, batch.total) == (4, 4)
    assert Evaluation.objects.filter(batch=batch).count() == 4
    assert "eligibility.tasks.reevaluate_batch" in celery_worker_process.log.read_text()


@pytest.mark.django_db
def test_a_running_batch_whose_worker_died_is_taken_over_after_its_lease(clinician: Any) -> None:
    from eligibility.tasks import sweep_batches_task

    _reassessments(clinician, 2)
    batch = BatchRun.objects.create(requested_by=clinician, total=2)
    assert services.batch_claim(str(batch.id))
    assert not services.batch_claim(str(batch.id))  # the lease holds while the worker is alive
    BatchRun.objects.filter(id=batch.id).update(started_at=timezone.now() - services.BATCH_LEASE * 2)
    assert sweep_batches_task.apply().get() == 1  # the sweep re-sends it...
    assert services.batch_claim(str(batch.id))  # ...and the next delivery may take it over
    services.batch_run(str(batch.id))
    assert BatchRun.objects.get(id=batch.id).status == BatchStatus.DONE

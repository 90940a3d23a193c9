"""The deadline sweep sent through Redis to a real worker writes its reminder in PostgreSQL."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

import pytest
from django.utils import timezone

from benefits.models import Coverage, PaCase, PaEvent, PaEventKind
from benefits.tasks import sweep_deadlines_task
from benefits.transitions import PaStatus
from elevium.jobs.models import TaskRun, TaskRunStatus
from eligibility.models import Evaluation
from tests.worker import WorkerProcess

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds} s waiting for {what}")
        time.sleep(0.1)


def test_sweep_deadlines_runs_on_the_reminders_queue_and_records_the_reminder(
    celery_worker_process: WorkerProcess, evaluation: Evaluation, coverage: Coverage
) -> None:
    due = timezone.now() - dt.timedelta(hours=1)
    case = PaCase.objects.create(
        patient_id=evaluation.patient_id,
        evaluation=evaluation,
        coverage=coverage,
        treatment="tms",
        status=PaStatus.PENDING_PAYER,
        submitted_at=due - dt.timedelta(days=7),
        decision_due_at=due,
    )

    result = sweep_deadlines_task.delay()

    def reminded() -> bool:
        return PaEvent.objects.filter(case=case, kind=PaEventKind.REMINDER, data__sweep="overdue").exists()

    _wait_for(reminded, 30, "the overdue reminder")
    _wait_for(
        lambda: TaskRun.objects.filter(task_id=result.id, status=TaskRunStatus.SUCCEEDED).exists(),
        30,
        "the sweep's TaskRun row",
    )
    run = TaskRun.objects.get(task_id=result.id)
    assert run.task_name == "benefits.tasks.sweep_deadlines"
    assert run.queue == "reminders"

    # A second delivery adds nothing.
    again = sweep_deadlines_task.delay()
    _wait_for(
        lambda: TaskRun.objects.filter(task_id=again.id, status=TaskRunStatus.SUCCEEDED).exists(),
        30,
        "the second sweep",
    )
    assert PaEvent.objects.filter(case=case, kind=PaEventKind.REMINDER).count() == 1

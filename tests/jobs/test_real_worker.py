"""A real Celery worker process on Redis does the work, and PostgreSQL shows it."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable

import pytest

from elevium.jobs.models import TaskRun, TaskRunStatus
from elevium.jobs.tasks import heartbeat
from tests.worker import WorkerProcess

from .worker_tasks import sleepy

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds} s waiting for {what}")
        time.sleep(0.1)


def test_a_task_sent_through_redis_is_run_by_the_worker_and_recorded_in_postgresql(
    celery_worker_process: WorkerProcess,
) -> None:
    result = heartbeat.delay()

    def recorded() -> bool:
        return TaskRun.objects.filter(task_id=result.id, status=TaskRunStatus.SUCCEEDED).exists()

    _wait_for(recorded, 30, "the heartbeat's TaskRun row")
    run = TaskRun.objects.get(task_id=result.id)
    assert run.task_name == "elevium.jobs.tasks.heartbeat"
    assert run.queue == "default"
    assert run.worker.startswith("testworker@")
    assert run.deliveries == 1
    assert run.finished_at is not None


@pytest.mark.fault
def test_a_task_whose_worker_process_dies_is_given_back_and_done_again(
    celery_worker_process: WorkerProcess,
) -> None:
    """acks_late + reject_on_worker_lost: killing the pool process mid-task loses nothing."""
    result = sleepy.delay(3)

    def started() -> bool:
        return TaskRun.objects.filter(task_id=result.id, status=TaskRunStatus.STARTED).exists()

    _wait_for(started, 30, "the task to start")
    (child,) = celery_worker_process.pool_children
    os.kill(child, signal.SIGKILL)

    def finished() -> bool:
        return TaskRun.objects.filter(task_id=result.id, status=TaskRunStatus.SUCCEEDED).exists()

    _wait_for(finished, 60, "the task to be redelivered and finish")
    run = TaskRun.objects.get(task_id=result.id)
    assert run.deliveries == 2
    assert "WorkerLostError" in celery_worker_process.log.read_text()

"""Crashes and outages against real processes: a worker killed mid-task, Redis down while work is requested.

Each test runs its own redis-server on a free port (fixture `redis_server`), so stopping it
disturbs nothing else, and its own workers on it (fixture `start_worker`).
"""

from __future__ import annotations

import datetime as dt
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone

from elevium.accounts.roles import Role
from elevium.celery import app
from elevium.jobs.models import OutboxMessage, TaskEffect, TaskRun, TaskRunStatus
from elevium.jobs.outbox import enqueue, relay_pending
from eligibility import services
from eligibility.models import BatchRun, BatchStatus, Evaluation
from patients.models import Patient
from reassessment.computed import compute
from reassessment.demo import full_document
from reassessment.documents import ReassessmentDocument
from reassessment.models import Reassessment
from tests.factories import UserFactory, default_clinic
from tests.worker import RedisServer, StartWorker

from .conftest import wait_for
from .worker_tasks import effect_count

pytestmark = [pytest.mark.worker, pytest.mark.fault, pytest.mark.django_db(transaction=True)]

UseBroker = Callable[[str], None]

# A 5 s visibility timeout, scanned every second: a lost task comes back ~5 s after its delivery.
# Only for short crash-test tasks: a healthy task longer than this runs twice (see the last test).
CRASH_ENV = {
    "DJANGO_SETTINGS_MODULE": "tests.jobs.worker_settings",
    "CELERY_VISIBILITY_TIMEOUT": "5",
    "CELERY_UNACKED_RESTORE_INTERVAL": "1",
}


def _request(key: str, **kwargs: float) -> OutboxMessage:
    """Ask for the demo effect in a committed transaction, as a view would."""
    with transaction.atomic():
        return enqueue(
            "tests.jobs.record_effect", kwargs={"key": key, **kwargs}, idempotency_key=f"demo:{key}"
        )


def _run(message: OutboxMessage) -> TaskRun | None:
    return TaskRun.objects.filter(task_id=message.task_id).first()


def _succeeded(message: OutboxMessage) -> bool:
    run = _run(message)
    return run is not None and run.status == TaskRunStatus.SUCCEEDED


@pytest.mark.parametrize("killed", ["before_commit", "after_commit"])
def test_a_worker_killed_mid_task_is_replaced_and_the_task_takes_effect_exactly_once(
    killed: str,
    effect_table: None,
    redis_server: RedisServer,
    use_broker: UseBroker,
    start_worker: StartWorker,
) -> None:
    """kill -9 of the whole worker (main process and pool child); a new worker gets the message back.

    before_commit: the effect's transaction dies with the process; the redelivery does the effect.
    after_commit: the effect committed but was never acknowledged; the redelivery finds the
    run_once key and does nothing. Either way the effect table has one row.
    """
    use_broker(redis_server.url)
    worker = start_worker(redis_server.url, env=CRASH_ENV)
    hold = {"hold_before_commit": 30.0} if killed == "before_commit" else {"hold_after_commit": 30.0}
    message = _request(killed, **hold)
    assert OutboxMessage.objects.get(pk=message.pk).sent_at is not None, "relayed on commit"

    if killed == "before_commit":
        wait_for(lambda: _run(message) is not None, 30, "the task to start")
        time.sleep(0.5)  # well inside the 30 s hold, with the insert made and not committed
        assert effect_count(killed) == 0
    else:
        wait_for(lambda: effect_count(killed) == 1, 30, "the effect to commit")
    worker.kill()
    assert worker.group == []
    assert _run(message).status == TaskRunStatus.STARTED  # nobody finished it
    assert effect_count(killed) == (0 if killed == "before_commit" else 1)

    replacement = start_worker(redis_server.url, env=CRASH_ENV)
    took = wait_for(lambda: _succeeded(message), 60, "the redelivered task to finish")
    run = _run(message)
    assert run.deliveries == 2, replacement.log.read_text()[-3000:]
    assert effect_count(killed) == 1
    assert TaskEffect.objects.filter(key=f"tests.jobs.record_effect:{killed}").count() == 1
    print(f"redelivered and finished {took:.1f} s after the replacement worker was ready")


def test_a_task_longer_than_the_visibility_timeout_runs_twice_but_takes_effect_once(
    effect_table: None,
    redis_server: RedisServer,
    use_broker: UseBroker,
    start_worker: StartWorker,
) -> None:
    """stack notes §3: with a 5 s visibility timeout Redis hands an 8 s task out again while it runs."""
    use_broker(redis_server.url)
    start_worker(redis_server.url, env=CRASH_ENV)
    message = _request("long", hold_after_commit=8.0)

    def delivered_twice_and_done() -> bool:
        run = _run(message)
        return run is not None and run.deliveries >= 2 and run.status == TaskRunStatus.SUCCEEDED

    wait_for(delivered_twice_and_done, 40, "the duplicate delivery to finish")
    assert effect_count("long") == 1


def test_tasks_requested_while_redis_is_down_are_delivered_once_it_is_back(
    effect_table: None,
    redis_server: RedisServer,
    use_broker: UseBroker,
    start_worker: StartWorker,
) -> None:
    use_broker(redis_server.url)
    redis_server.stop()

    start = time.monotonic()
    messages = [_request(f"outage-{n}") for n in range(5)]  # five requests, five commits, no error
    assert time.monotonic() - start < 2.0, "the on-commit relay must fail fast, not hold up the request"
    pending = list(OutboxMessage.objects.filter(sent_at__isnull=True))
    assert len(pending) == 5
    assert {(m.attempts, m.last_error) for m in pending} == {(1, "OperationalError")}
    assert relay_pending() == 0  # still down: a sweep changes nothing and raises nothing

    redis_server.start()  # empty: nothing survived the outage but the outbox
    worker = start_worker(redis_server.url)
    # What beat sends every 5 s, run by the worker. An explicit connection: the app's producer pool
    # would keep this test's broker for the tests after it.
    with app.connection_for_write(redis_server.url) as broker:
        app.send_task("elevium.jobs.tasks.relay_outbox", connection=broker)

    wait_for(lambda: all(_succeeded(m) for m in messages), 30, "every requested task to run")
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()
    assert [effect_count(f"outage-{n}") for n in range(5)] == [1] * 5
    assert {_run(m).deliveries for m in messages} == {1}
    assert "elevium.jobs.tasks.relay_outbox" in worker.log.read_text()

    # A relay that died between publishing and marking the row sent publishes it again:
    # the same task id, so the same TaskRun counts a second delivery, and no second effect.
    OutboxMessage.objects.filter(pk=messages[0].pk).update(sent_at=None)
    assert relay_pending() == 1
    wait_for(
        lambda: _run(messages[0]).deliveries == 2 and _succeeded(messages[0]), 30, "the re-publish to run"
    )
    assert effect_count("outage-0") == 1


def _stored_reassessments(count: int) -> None:
    """`count` patients with one current reassessment each, inserted in bulk (as bench_batch does)."""
    author = UserFactory(username="fault-doc", role=Role.CLINICIAN)
    today, born = timezone.localdate(), dt.date(1980, 1, 1)
    document = ReassessmentDocument.model_validate(full_document(assessed_on=today, date_of_birth=born))
    as_json = document.model_dump(mode="json")
    computed = compute(document, as_of=today).model_dump(mode="json")
    patients = Patient.objects.bulk_create(
        Patient(
            clinic=default_clinic(),
            mrn=f"F{i:07d}",
            family_name="Fault",
            given_name=str(i),
            date_of_birth=born,
            sex_at_birth="female",
        )
        for i in range(count)
    )
    Reassessment.objects.bulk_create(
        Reassessment(
            patient=p,
            author=author,
            assessed_on=today,
            document=as_json,
            computed=computed,
            safety_flag=False,
        )
        for p in patients
    )


@pytest.mark.parametrize("redis", ["empty_after_restart", "append_only_file"])
def test_redis_restarted_while_a_batch_runs_leaves_the_worker_alive_and_the_batch_done(
    redis: str,
    tmp_path: Path,
    use_broker: UseBroker,
    start_worker: StartWorker,
) -> None:
    """Issue 13.3: with celery 5.7.0 / kombu 5.7.0 a Redis restart while a task ran killed the worker
    (`Unrecoverable error: AttributeError(... 'hostname')`), and batches and sweeps stopped until
    someone restarted it. Now the worker reconnects, the running batch finishes on its own, and the
    worker takes new work on the restarted Redis.

    empty_after_restart: a Redis that lost everything. append_only_file: as docker-compose's Redis,
    it comes back still holding the batch's message, unacknowledged; should Redis hand it out
    again, the batch's claim lets only one delivery evaluate."""
    (tmp_path / redis).mkdir()
    redis_server = RedisServer(tmp_path / redis, persistent=redis == "append_only_file")
    redis_server.start()
    try:
        _restart_redis_mid_batch(redis_server, use_broker, start_worker)
    finally:
        redis_server.stop(signal.SIGKILL)


def _restart_redis_mid_batch(
    redis_server: RedisServer, use_broker: UseBroker, start_worker: StartWorker
) -> None:
    rows = 3000  # chunks of 500: several seconds of work, so Redis restarts mid-batch
    _stored_reassessments(rows)
    reviewer = UserFactory(username="fault-rev", role=Role.REVIEWER)
    use_broker(redis_server.url)
    # As deployed (docker-compose.yml): two pool processes, so while one runs the batch the consumer
    # waits on Redis for more, and the settings' 10 s restore interval. The celery 5.7.0 crash needed
    # both; with one process, or a 1 s interval, that worker happened to survive (measured).
    worker = start_worker(redis_server.url, env={"CELERY_UNACKED_RESTORE_INTERVAL": "10"}, concurrency=2)
    batch = services.batch_start(actor=reviewer)

    def batch_row() -> BatchRun:
        return BatchRun.objects.get(id=batch.id)

    wait_for(lambda: batch_row().processed > 0, 60, "the batch to save its first chunk")
    assert batch_row().status == BatchStatus.RUNNING
    redis_server.stop()
    time.sleep(1.0)  # the worker notices the lost connection and retries
    redis_server.start()
    assert batch_row().status == BatchStatus.RUNNING, "Redis must restart while the batch is in flight"

    wait_for(lambda: batch_row().status == BatchStatus.DONE, 120, "the batch to finish")
    finished = batch_row()
    assert (finished.processed, finished.total) == (rows, rows)
    evaluations = Evaluation.objects.filter(batch=batch)
    assert evaluations.count() == rows
    assert evaluations.values("reassessment_id").distinct().count() == rows  # each row once
    log = worker.log.read_text()
    assert "Connection to broker lost" in log, log[-3000:]
    assert "Unrecoverable error" not in log, log[-3000:]
    assert worker.process.poll() is None, log[-3000:]

    # The same worker takes new work from the restarted Redis: the sweeps are not stopped.
    second = services.batch_start(actor=reviewer)
    wait_for(
        lambda: BatchRun.objects.get(id=second.id).status == BatchStatus.DONE,
        120,
        "a batch after the restart",
    )
    assert worker.process.poll() is None

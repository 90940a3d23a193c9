"""The outbox and run_once, without a worker: what is written, what is published, what stays pending."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone

from elevium.jobs.idempotency import run_once
from elevium.jobs.models import OutboxMessage, TaskEffect
from elevium.jobs.outbox import enqueue, relay_pending
from elevium.jobs.tasks import relay_outbox
from tests.worker import RedisServer, free_port

from .worker_tasks import effect_count, record_effect

pytestmark = pytest.mark.django_db

UseBroker = Callable[[str], None]


@pytest.fixture
def dead_broker(use_broker: UseBroker) -> str:
    url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    use_broker(url)
    return url


@pytest.fixture
def live_broker(redis_server: RedisServer, use_broker: UseBroker) -> RedisServer:
    use_broker(redis_server.url)
    return redis_server


def _published(server: RedisServer, queue: str) -> list[dict[str, Any]]:
    return [json.loads(raw) for raw in server.client().lrange(queue, 0, -1)]


@pytest.mark.django_db(transaction=True)
def test_enqueue_outside_a_transaction_is_refused() -> None:
    with pytest.raises(transaction.TransactionManagementError):
        enqueue("elevium.jobs.tasks.heartbeat")
    assert not OutboxMessage.objects.exists()


def test_the_same_idempotency_key_returns_the_first_request_and_requests_nothing_more() -> None:
    with transaction.atomic():
        first = enqueue("tests.jobs.record_effect", kwargs={"key": "a"}, idempotency_key="req-1")
        again = enqueue("tests.jobs.record_effect", kwargs={"key": "b"}, idempotency_key="req-1")
        other = enqueue("tests.jobs.record_effect", kwargs={"key": "a"}, idempotency_key="req-2")
        unkeyed = [enqueue("tests.jobs.record_effect", kwargs={"key": "a"}) for _ in range(2)]
    assert again.pk == first.pk and again.kwargs == {"key": "a"}
    assert len({first.pk, other.pk, *(m.pk for m in unkeyed)}) == 4
    assert OutboxMessage.objects.count() == 4


def test_an_idempotency_key_used_for_another_task_is_an_error() -> None:
    with transaction.atomic():
        enqueue("tests.jobs.record_effect", idempotency_key="req-1")
        with pytest.raises(ValueError, match="req-1"):
            enqueue("elevium.jobs.tasks.heartbeat", idempotency_key="req-1")


def test_a_rolled_back_change_requests_nothing(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        enqueue("elevium.jobs.tasks.heartbeat", idempotency_key="gone")
        raise RuntimeError
    assert callbacks == []
    assert not OutboxMessage.objects.exists()


@pytest.mark.fault
def test_a_request_made_while_the_broker_is_down_stays_pending_and_the_caller_sees_no_error(
    dead_broker: str, django_capture_on_commit_callbacks: Any
) -> None:
    start = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        message = enqueue("elevium.jobs.tasks.heartbeat")
    assert len(callbacks) == 1
    assert time.monotonic() - start < 1.0, "the on-commit relay must fail fast"
    message.refresh_from_db()
    assert message.sent_at is None and message.claimed_until is None
    assert (message.attempts, message.last_error) == (1, "OperationalError")


@pytest.mark.fault
def test_relay_pending_on_a_dead_broker_leaves_every_row_pending_and_does_not_raise(dead_broker: str) -> None:
    with transaction.atomic():
        messages = [enqueue("elevium.jobs.tasks.heartbeat") for _ in range(3)]
    start = time.monotonic()
    assert relay_pending() == 0
    assert relay_pending() == 0
    assert time.monotonic() - start < 1.0
    rows = {m.pk: m for m in OutboxMessage.objects.all()}
    assert all(row.sent_at is None and row.claimed_until is None for row in rows.values())
    # The sweep stops at the first broker error: the oldest row counts the attempts.
    assert rows[messages[0].pk].attempts == 2
    assert rows[messages[0].pk].last_error == "OperationalError"
    assert [rows[m.pk].attempts for m in messages[1:]] == [0, 0]


def test_relay_pending_publishes_each_row_with_its_own_task_id(
    live_broker: RedisServer, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        routed = enqueue("elevium.jobs.tasks.heartbeat")
        queued = enqueue("tests.jobs.record_effect", kwargs={"key": "k"}, queue="benefits", countdown=30)
    assert relay_pending() == 2
    assert relay_pending() == 0
    (default,) = _published(live_broker, "default")
    (benefits,) = _published(live_broker, "benefits")
    assert (default["headers"]["id"], default["headers"]["task"]) == (
        routed.task_id,
        "elevium.jobs.tasks.heartbeat",
    )
    assert benefits["headers"]["id"] == queued.task_id
    assert benefits["headers"]["eta"] is not None
    assert json.loads(base64.b64decode(benefits["body"]))[1] == {"key": "k"}
    for message in (routed, queued):
        message.refresh_from_db()
        assert message.sent_at is not None
        assert (message.attempts, message.last_error) == (1, "")


def test_the_on_commit_relay_publishes_at_once(
    live_broker: RedisServer, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        message = enqueue("elevium.jobs.tasks.heartbeat")
    message.refresh_from_db()
    assert message.sent_at is not None
    assert [m["headers"]["id"] for m in _published(live_broker, "default")] == [message.task_id]


def test_rows_claimed_by_another_relay_are_left_to_it_until_its_lease_ends(live_broker: RedisServer) -> None:
    with transaction.atomic():
        message = enqueue("elevium.jobs.tasks.heartbeat")
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_until=timezone.now() + timedelta(seconds=30))
    assert relay_pending() == 0
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert relay_pending() == 1


def test_without_skip_locked_rows_are_claimed_by_a_conditional_update(
    live_broker: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite has no SELECT ... FOR UPDATE SKIP LOCKED; the relay falls back to one update per row."""
    monkeypatch.setattr(connection.features, "has_select_for_update_skip_locked", False)
    with transaction.atomic():
        messages = [enqueue("elevium.jobs.tasks.heartbeat") for _ in range(3)]
    OutboxMessage.objects.filter(pk=messages[1].pk).update(
        claimed_until=timezone.now() + timedelta(seconds=30)
    )
    assert relay_pending(limit=10) == 2
    assert OutboxMessage.objects.filter(sent_at__isnull=True).get().pk == messages[1].pk


def test_the_beat_task_relays_what_is_pending(live_broker: RedisServer) -> None:
    with transaction.atomic():
        enqueue("elevium.jobs.tasks.heartbeat")
    assert relay_outbox() == 1
    assert len(_published(live_broker, "default")) == 1


def test_run_once_lets_the_first_run_do_the_effect_and_no_other() -> None:
    with run_once("effect-1") as first:
        assert first
    with run_once("effect-1") as again:
        assert not again
    assert TaskEffect.objects.filter(key="effect-1").count() == 1


def test_run_once_forgets_an_effect_that_rolled_back() -> None:
    with pytest.raises(RuntimeError), run_once("effect-2") as first:
        assert first
        raise RuntimeError
    assert not TaskEffect.objects.filter(key="effect-2").exists()
    with run_once("effect-2") as retry:
        assert retry


def test_the_demo_task_takes_effect_once_however_often_it_runs(effect_table: None) -> None:
    results = [record_effect.apply(kwargs={"key": "demo"}).get() for _ in range(3)]
    assert results == [True, False, False]
    assert effect_count("demo") == 1

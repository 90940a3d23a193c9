"""The transactional outbox: request a task in the change's own transaction; relay it to the broker after.

``transaction.on_commit(task.delay)`` alone loses the task when Redis is down at commit time,
or when the process dies between the commit and the publish. Here the request is a row that
commits with the change; the on-commit relay publishes it at once when it can, and the
``elevium.jobs.tasks.relay_outbox`` beat task re-sweeps every few seconds whatever is still
pending. Delivery is therefore at least once; tasks make it exactly once in effect with
``elevium.jobs.idempotency.run_once``. A row is published with its ``id`` as the Celery task id,
so a second publish of the same row shows up as a second delivery on the same ``TaskRun``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from functools import partial
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from elevium.celery import app

from .models import OutboxMessage

logger = logging.getLogger(__name__)

try:
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError
except ImportError:  # pragma: no cover - redis-py is installed with Celery's Redis extra
    RedisConnectionError = RedisTimeoutError = KombuOperationalError  # type: ignore[misc,assignment]

# The broker is unreachable or went away mid-publish: stop this sweep, keep the rows pending.
BROKER_ERRORS: tuple[type[BaseException], ...] = (
    KombuOperationalError,
    RedisConnectionError,
    RedisTimeoutError,
    ConnectionError,
    TimeoutError,
    OSError,
)

# Publishing must fail fast when Redis is down: it runs right after a request's commit. One
# connection attempt (kombu retries a refused connection for ~6 s by default), short socket
# timeouts for a host that does not answer. Merged over CELERY_BROKER_TRANSPORT_OPTIONS.
RELAY_TRANSPORT_OPTIONS: dict[str, Any] = {
    "max_retries": 0,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
# How long a relay owns the rows it claimed; a relay that dies mid-sweep leaves them to the next.
CLAIM_LEASE = timedelta(seconds=60)
DEFAULT_LIMIT = 500


def enqueue(
    task_name: str,
    *,
    kwargs: dict[str, Any] | None = None,
    queue: str | None = None,
    idempotency_key: str | None = None,
    countdown: int | None = None,
) -> OutboxMessage:
    """Request the task ``task_name`` in the caller's transaction; it is published after the commit.

    Call it inside the ``transaction.atomic()`` block that makes the change the task follows up::

        from elevium.jobs.outbox import enqueue

        @transaction.atomic
        def batch_start(*, actor: User) -> BatchRun:
            batch = BatchRun.objects.create(requested_by=actor, total=...)
            enqueue(
                "eligibility.tasks.reevaluate_batch",
                kwargs={"batch_id": str(batch.id)},
                idempotency_key=f"eligibility.reevaluate_batch:{batch.id}",
            )
            return batch

    If the block rolls back, so does the request. After the commit, the message is published
    at once if Redis answers; if not, the caller sees no error and the ``relay_outbox`` beat task
    publishes it when Redis is back. ``kwargs`` must be JSON (UUIDs, dates and decimals are
    stored as strings). ``queue`` overrides the task's route. ``countdown`` delays the run by
    that many seconds from now; keep it below the Redis visibility timeout.

    With ``idempotency_key``, asking twice (a retried form post, a replayed webhook) returns the
    row of the first request and requests nothing more; the key stays taken after the task ran.
    """
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError(
            "enqueue() writes to the caller's transaction: call it inside transaction.atomic()"
        )
    if idempotency_key is not None:
        existing = OutboxMessage.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return _same_request(existing, task_name)
    message, created = _insert(
        task_name=task_name,
        kwargs=kwargs or {},
        queue=queue or "",
        idempotency_key=idempotency_key,
        eta=timezone.now() + timedelta(seconds=countdown) if countdown else None,
    )
    if created:
        transaction.on_commit(partial(_relay_after_commit, message.pk), robust=True)
    return message


def _insert(**fields: Any) -> tuple[OutboxMessage, bool]:
    """The new row and True, or the row a concurrent request with the same key committed first
    (PostgreSQL waited for it) and False."""
    try:
        with transaction.atomic():  # a savepoint: losing a race on the key must not break the caller
            return OutboxMessage.objects.create(**fields), True
    except IntegrityError:
        if fields["idempotency_key"] is None:
            raise
        existing = OutboxMessage.objects.get(idempotency_key=fields["idempotency_key"])
        return _same_request(existing, fields["task_name"]), False


def _same_request(message: OutboxMessage, task_name: str) -> OutboxMessage:
    if message.task_name != task_name:
        raise ValueError(
            f"idempotency key {message.idempotency_key!r} was used for {message.task_name}, not {task_name}"
        )
    return message


def relay_pending(limit: int = DEFAULT_LIMIT) -> int:
    """Publish up to ``limit`` pending outbox rows, oldest first; return how many were published.

    Never raises for a broker failure: the rows stay pending with ``attempts`` counted and
    ``last_error`` set, for the next sweep. Safe to run concurrently: each row is claimed by one
    relay (row locks with SKIP LOCKED on PostgreSQL, a conditional update elsewhere).
    """
    return _publish(_claim(OutboxMessage.objects.all(), limit))


def _relay_after_commit(pk: Any) -> None:
    try:
        _publish(_claim(OutboxMessage.objects.filter(pk=pk), 1))
    except Exception:  # the caller's change is committed; the beat sweep will retry
        logger.exception("outbox: relaying %s after commit failed; the beat sweep will retry", pk)


def _claim(messages: Any, limit: int) -> list[OutboxMessage]:
    now = timezone.now()
    lease = now + CLAIM_LEASE
    due = messages.filter(sent_at__isnull=True).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            ids = list(
                due.select_for_update(skip_locked=True)
                .order_by("created_at")
                .values_list("pk", flat=True)[:limit]
            )
            OutboxMessage.objects.filter(pk__in=ids).update(claimed_until=lease)
    else:
        # No row locks (SQLite): one conditional update per row; 0 rows means another relay has it.
        candidates = list(due.order_by("created_at").values_list("pk", flat=True)[:limit])
        ids = [pk for pk in candidates if due.filter(pk=pk).update(claimed_until=lease) == 1]
    return list(OutboxMessage.objects.filter(pk__in=ids).order_by("created_at"))


def _publish(messages: Sequence[OutboxMessage]) -> int:
    if not messages:
        return 0
    sent = 0
    broker = app.connection_for_write(transport_options=RELAY_TRANSPORT_OPTIONS)
    try:
        for index, message in enumerate(messages):
            try:
                _send(message, broker)
            except BROKER_ERRORS as error:
                # The broker is down: count the attempt, and leave this row and the rest to a later sweep.
                logger.warning(
                    "outbox: broker unavailable (%s); %d row(s) stay pending",
                    type(error).__name__,
                    len(messages) - index,
                )
                _failed(message, error)
                _release(messages[index + 1 :])
                break
            except Exception as error:  # a bad row (unknown queue, ...) must not hold up the others
                logger.exception("outbox: publishing %s (%s) failed", message.pk, message.task_name)
                _failed(message, error)
                continue
            now = timezone.now()
            OutboxMessage.objects.filter(pk=message.pk, sent_at__isnull=True).update(
                sent_at=now,
                claimed_until=None,
                attempts=F("attempts") + 1,
                last_attempt_at=now,
                last_error="",
            )
            sent += 1
    finally:
        try:
            broker.release()
        except Exception:  # closing a connection that never opened
            logger.debug("outbox: closing the broker connection failed", exc_info=True)
    return sent


def _send(message: OutboxMessage, broker: Any) -> None:
    if app.conf.task_always_eager:  # send_task ignores eager mode; run it here as .delay() would
        app.tasks[message.task_name].apply(kwargs=message.kwargs, task_id=message.task_id)
        return
    options: dict[str, Any] = {
        "kwargs": message.kwargs,
        "task_id": message.task_id,
        "connection": broker,
        "retry": False,  # a failure returns the row to the outbox, not to a retry loop here
    }
    if message.queue:
        options["queue"] = message.queue
    if message.eta is not None and message.eta > timezone.now():
        options["eta"] = message.eta
    app.send_task(message.task_name, **options)


def _failed(message: OutboxMessage, error: BaseException) -> None:
    OutboxMessage.objects.filter(pk=message.pk, sent_at__isnull=True).update(
        claimed_until=None,
        attempts=F("attempts") + 1,
        last_attempt_at=timezone.now(),
        last_error=type(error).__qualname__[:200],
    )


def _release(messages: Sequence[OutboxMessage]) -> None:
    if messages:
        OutboxMessage.objects.filter(pk__in=[m.pk for m in messages], sent_at__isnull=True).update(
            claimed_until=None
        )

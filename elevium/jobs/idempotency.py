"""Exactly-once in effect: a task records its effect under a unique key in the effect's own transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from celery import current_task
from django.db import IntegrityError, transaction

from .models import TaskEffect


@contextmanager
def run_once(key: str) -> Iterator[bool]:
    """Open a transaction and yield whether the effect named ``key`` is still to be done.

    Brokers deliver at least once (a lost worker, a short visibility timeout, an outbox row
    published twice), so a task body guards its effect with a key that names *the effect*, not
    the delivery::

        @shared_task(base=ElevTask, name="benefits.tasks.submit_claim")
        def submit_claim(claim_id: str) -> None:
            with run_once(f"benefits.submit_claim:{claim_id}") as first:
                if not first:
                    return  # committed by an earlier delivery
                services.submit_claim(claim_id)  # writes in the same transaction as the key

    The key row and the effect commit together or not at all: a body that raises rolls the key
    back, so a retry does the work. A concurrent duplicate on PostgreSQL waits on the unique
    index until the first transaction ends, then sees ``False`` (committed) or ``True`` (rolled
    back). Only database effects are covered; a call to an outside system inside the block needs
    that system's own idempotency key (the same ``key`` is a good one).
    """
    task = current_task
    request = getattr(task, "request", None)
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: a duplicate key must not break the outer block
                TaskEffect.objects.create(
                    key=key,
                    task_name=getattr(task, "name", "") or "",
                    task_id=getattr(request, "id", "") or "",
                )
        except IntegrityError:
            first = False
        else:
            first = True
        yield first


def effect_done(key: str) -> bool:
    return TaskEffect.objects.filter(key=key).exists()

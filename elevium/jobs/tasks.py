from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .base import ElevTask
from .outbox import relay_pending


@shared_task(base=ElevTask, name="elevium.jobs.tasks.heartbeat")
def heartbeat() -> str:
    """Beat sends this every minute; its TaskRun rows show /healthz that workers and beat are alive.

    Idempotent: it only records that it ran.
    """
    return timezone.now().isoformat()


@shared_task(name="elevium.jobs.tasks.relay_outbox", ignore_result=True)
def relay_outbox() -> int:
    """Beat sends this every few seconds: publish outbox rows whose on-commit relay did not get through.

    Deliberately not an ElevTask: it runs every 5 s (a TaskRun row each would be ~17,000 a day),
    it is idempotent (a row is claimed before it is published), and a lost run is replaced by the next.
    """
    return relay_pending()

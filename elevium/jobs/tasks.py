from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .base import ElevTask


@shared_task(base=ElevTask, name="elevium.jobs.tasks.heartbeat")
def heartbeat() -> str:
    """Beat sends this every minute; its TaskRun rows show /healthz that workers and beat are alive.

    Idempotent: it only records that it ran.
    """
    return timezone.now().isoformat()

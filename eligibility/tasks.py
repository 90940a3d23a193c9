from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from elevium.jobs.base import ElevTask

from . import services
from .models import BatchRun, BatchStatus


@shared_task(base=ElevTask, name="eligibility.tasks.reevaluate_batch")
def reevaluate_batch_task(batch_id: str) -> None:
    """Re-evaluate every current reassessment for one batch. Idempotent: a second delivery finds
    the batch claimed (and does nothing) or continues after the last saved chunk."""
    if not services.batch_claim(batch_id):
        return
    try:
        services.batch_run(batch_id)
    except Exception as exc:
        services.batch_fail(batch_id, exc)
        raise


@shared_task(base=ElevTask, name="eligibility.tasks.sweep_batches")
def sweep_batches_task() -> int:
    """Re-send batches still queued a minute after they were requested (the broker was down when
    the request committed). Sending twice is harmless: the claim lets one run."""
    stale = timezone.now() - dt.timedelta(minutes=1)
    ids = list(
        BatchRun.objects.filter(status=BatchStatus.QUEUED, created_at__lt=stale).values_list("id", flat=True)
    )
    for batch_id in ids:
        reevaluate_batch_task.delay(str(batch_id))
    return len(ids)

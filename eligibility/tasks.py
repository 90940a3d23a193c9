from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from elevium.jobs.base import TRANSIENT_ERRORS, ElevTask

from . import services
from .selectors import batches_to_resend


@shared_task(base=ElevTask, name="eligibility.tasks.reevaluate_batch")
def reevaluate_batch_task(batch_id: str) -> None:
    """Re-evaluate every current reassessment for one batch. Idempotent: a second delivery finds
    the batch claimed (and does nothing) or continues after the last saved chunk."""
    if not services.batch_claim(batch_id):
        return
    try:
        services.batch_run(batch_id)
    except TRANSIENT_ERRORS:
        services.batch_release(batch_id)  # the task's automatic retry continues after the last chunk
        raise
    except Exception as exc:
        services.batch_fail(batch_id, exc)
        raise


@shared_task(base=ElevTask, name="eligibility.tasks.sweep_batches")
def sweep_batches_task() -> int:
    """Re-send batches still queued a minute after they were requested (the broker was down when
    the request committed), and running ones whose lease ran out (their worker died after the
    broker had already given the message back). Sending twice is harmless: the claim lets one run."""
    ids = batches_to_resend(now=timezone.now())
    for batch_id in ids:
        reevaluate_batch_task.delay(str(batch_id))
    return len(ids)

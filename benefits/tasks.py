"""Benefits tasks: ids (or nothing) in, one service call, idempotent by construction."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from elevium.jobs.base import ElevTask

from . import sweeps


@shared_task(base=ElevTask, name="benefits.tasks.sweep_deadlines")
def sweep_deadlines_task() -> dict[str, int]:
    """Overdue, follow-up and renewal reminders for every case, on beat every 5 minutes (queue
    "reminders"). A redelivery or an overlapping run adds nothing: each sweep skips what it has
    already reminded, claims follow-ups with a conditional update, and holds an advisory lock."""
    return sweeps.sweep_deadlines(timezone.now())

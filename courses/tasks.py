"""Course tasks: nothing or a clock in, one sweep, idempotent by construction."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from elevium.jobs.base import ElevTask

from . import sweeps


@shared_task(base=ElevTask, name="courses.tasks.sweep_monitoring_forms")
def sweep_monitoring_forms_task(now: str | None = None) -> dict[str, int]:
    """Monitoring-form reminders, on beat every 5 minutes (queue "reminders"). ``now`` (ISO 8601,
    with its offset) replaces the clock: tests and a replay of a missed window pass it. A
    redelivery or an overlapping run adds nothing (sweeps.sweep_monitoring_forms)."""
    moment = dt.datetime.fromisoformat(now) if now else timezone.now()
    if moment.tzinfo is None:
        raise ValueError("now must carry its UTC offset")
    return sweeps.sweep_monitoring_forms(moment)

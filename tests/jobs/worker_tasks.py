"""Tasks that exist only for the worker tests; the test worker loads them with --include."""

from __future__ import annotations

import time

from celery import shared_task

from elevium.jobs.base import ElevTask


@shared_task(base=ElevTask, name="tests.jobs.sleepy")
def sleepy(seconds: float) -> float:
    time.sleep(seconds)
    return seconds

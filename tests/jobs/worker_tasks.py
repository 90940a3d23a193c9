"""Tasks that exist only for the worker tests; the test worker loads them with --include."""

from __future__ import annotations

import os
import time
from typing import Any

from celery import shared_task
from django.db import connection

from elevium.jobs.base import ElevTask
from elevium.jobs.idempotency import run_once
from elevium.jobs.models import TaskRun

# A table with no unique constraint: if the effect happened twice, it would show two rows.
EFFECT_TABLE = "tests_jobs_effect"


@shared_task(base=ElevTask, name="tests.jobs.sleepy")
def sleepy(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


@shared_task(base=ElevTask, bind=True, name="tests.jobs.record_effect")
def record_effect(self: Any, key: str, hold_before_commit: float = 0, hold_after_commit: float = 0) -> bool:
    """Insert one effect row for `key`, guarded by run_once; returns whether this delivery did it.

    The holds (first delivery only, so a crash test can kill the worker there) keep the task
    busy with its transaction open, or after its commit and before its acknowledgement.
    """
    first_delivery = TaskRun.objects.filter(task_id=self.request.id, deliveries=1).exists()
    with run_once(f"tests.jobs.record_effect:{key}") as first:
        if not first:
            return False
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {EFFECT_TABLE} (key, pid) VALUES (%s, %s)", [key, os.getpid()])  # noqa: S608
        if first_delivery:
            time.sleep(hold_before_commit)
    if first_delivery:
        time.sleep(hold_after_commit)
    return True


def create_effect_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {EFFECT_TABLE}"
            " (id bigserial PRIMARY KEY, key text NOT NULL, pid integer NOT NULL)"
        )


def drop_effect_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {EFFECT_TABLE}")


def effect_count(key: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {EFFECT_TABLE} WHERE key = %s", [key])  # noqa: S608
        return int(cursor.fetchone()[0])

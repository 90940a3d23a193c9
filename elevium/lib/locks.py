"""One lock for the periodic sweeps (PA deadlines, monitoring-form reminders): two overlapping
runs of the same sweep, from two beat ticks or two workers, must not both write reminders."""

from __future__ import annotations

import zlib

from django.db import connection


def try_sweep_lock(name: str) -> bool:
    """A transaction-scoped PostgreSQL advisory lock named ``name``; False when another
    transaction holds it. Call inside ``transaction.atomic``: the lock ends with it."""
    if connection.vendor != "postgresql":
        return True  # SQLite (the embedded setup) lets one writer in at a time anyway
    key = zlib.crc32(name.encode())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [key])
        return bool(cursor.fetchone()[0])

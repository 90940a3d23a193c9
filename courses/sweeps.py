"""The monitoring-form sweep: a "due soon" and an "overdue" reminder for each unfiled Spravato
Patient Monitoring Form, each at most once (criteria.md §2.4: filed within 7 days).

Idempotent by construction, as benefits.sweeps: a transaction-scoped advisory lock keeps two
overlapping sweeps (a redelivered beat task) apart, candidates are filtered with NOT EXISTS a
reminder of that kind, and the (form, kind) unique constraint is the last word
(``ignore_conflicts``). A filed form has no candidates: filing stops its reminders. Set-based:
one query a chunk to read, one INSERT a chunk to write.

The clock is an argument: beat passes the time it runs, tests pass theirs. A reminder's delay
(days) is far beyond Redis's visibility timeout, so no task is queued with an ETA: the beat sweep
re-reads PostgreSQL, the truth, every few minutes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef

from elevium.audit.services import audit_record
from elevium.lib.locks import try_sweep_lock

from .models import MonitoringForm, MonitoringFormReminder, ReminderKind

CHUNK = 5000


def _candidates(kind: str, now: dt.datetime) -> Any:
    reminded = Exists(MonitoringFormReminder.objects.filter(form_id=OuterRef("pk"), kind=kind))
    forms = MonitoringForm.objects.filter(filed_at__isnull=True).filter(~reminded)
    if kind == ReminderKind.OVERDUE:
        return forms.filter(due_at__lte=now)
    return forms.filter(remind_at__lte=now, due_at__gt=now)


def _remind(kind: str, now: dt.datetime) -> int:
    created = 0
    last = None
    while True:
        page = _candidates(kind, now)
        if last is not None:
            page = page.filter(pk__gt=last)
        ids = list(page.order_by("pk").values_list("pk", flat=True)[:CHUNK])
        if not ids:
            return created
        rows = MonitoringFormReminder.objects.bulk_create(
            [MonitoringFormReminder(form_id=form_id, kind=kind, at=now) for form_id in ids],
            ignore_conflicts=True,
        )
        created += len(rows)
        if len(ids) < CHUNK:
            return created
        last = ids[-1]


@transaction.atomic
def sweep_monitoring_forms(now: dt.datetime) -> dict[str, int]:
    """Reminders written now: {"due_soon": n, "overdue": m}; zeros when another sweep holds the lock."""
    if not try_sweep_lock("courses.sweeps.monitoring_forms"):
        return {"due_soon": 0, "overdue": 0}
    counts = {kind: _remind(kind, now) for kind in (ReminderKind.OVERDUE, ReminderKind.DUE_SOON)}
    result = {"due_soon": counts[ReminderKind.DUE_SOON], "overdue": counts[ReminderKind.OVERDUE]}
    audit_record(actor=None, action="rems.monitoring_forms_swept", data=result)
    return result

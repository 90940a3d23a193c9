"""Deadline sweeps over prior-authorization cases: overdue payer decisions, follow-ups, renewals.

Set-based: each sweep reads its candidates in chunks (one query a chunk, keyset on the primary
key), computes in Python without further queries, and writes a chunk with one statement per
table. 100,000 open cases take a few dozen statements, never one query per case.

Idempotent by construction (STYLE.md "Celery"), each in its own way:

- overdue: a reminder event carries ``data = {"sweep": "overdue", "due": <decision_due_at>}``
  and candidates are filtered with NOT EXISTS such an event for the case's current due moment.
- follow-up: a chunk is *claimed* with one conditional UPDATE (``next_follow_up_at`` still the
  value read), and events are written only for the rows that UPDATE returned, in the same
  transaction; a row another sweep already moved is "done elsewhere".
- renewal: an event carries ``data = {"sweep": "renewal", "valid_until": <date>}``, NOT EXISTS
  as for overdue: one per (case, validity end).

Each sweep holds a transaction-scoped advisory lock while it runs, so two overlapping sweeps
(a redelivered beat task) never both pass the NOT EXISTS filter; the second finds the lock
taken and returns 0. Each sweep writes one audit event with counts only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, NamedTuple

import orjson
from django.db import connection, transaction
from django.db.models import DateField, DateTimeField, Exists, F, OuterRef, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.db.models.lookups import GreaterThanOrEqual

from elevium.audit.services import audit_record
from elevium.lib.copy import copy_rows
from elevium.lib.locks import try_sweep_lock

from .deadlines import (
    RENEWAL_DAYS_BEFORE_END,
    RENEWAL_UNITS_USED_PERCENT,
    reminder_schedule,
    renewal_due,
)
from .models import PaCase, PaEvent, PaEventKind
from .selectors import OPEN_STATUSES
from .transitions import AWAITING_PAYER, PaStatus

CHUNK = 5000
# A case no timeframe binds is followed up weekly (as at submission, services.pa_cases._schedule).
UNBOUND_FOLLOW_UP = dt.timedelta(days=7)
# The earliest local date anywhere is at most 14 h ahead of UTC: a candidate filter in SQL
# that must not miss a plan whose zone is already on the next day.
_MAX_UTC_OFFSET = dt.timedelta(hours=14)

_AWAITING = [s.value for s in AWAITING_PAYER]


def _chunks(queryset: QuerySet[PaCase], *fields: str) -> Iterator[list[dict[str, Any]]]:
    """Rows of ``queryset`` as dicts, CHUNK at a time, keyset-paginated on the primary key."""
    last = None
    while True:
        page = queryset if last is None else queryset.filter(pk__gt=last)
        # Timestamps are read in C on UTC connections (elevium/lib/pg_timestamps.py): they were a
        # tenth of a 100,000-case sweep with Django's Python reader.
        rows = list(page.order_by("pk").values("pk", *fields)[:CHUNK])
        if rows:
            yield rows
        if len(rows) < CHUNK:
            return
        last = rows[-1]["pk"]


def _audit(counts: dict[str, int]) -> None:
    audit_record(actor=None, action="pa_case.swept", data=counts)


class _Reminder(NamedTuple):
    """A reminder event to write. A plain tuple, not a PaEvent: building ~87,000 model instances
    was a fifth of a 100,000-case sweep's profile (docs/PERFORMANCE.md)."""

    case_id: Any
    at: dt.datetime
    note: str
    data: dict[str, Any]


def _reminder(case_id: Any, at: dt.datetime, note: str, data: dict[str, Any]) -> _Reminder:
    return _Reminder(case_id, at, note, data)


_EVENT_COLUMNS = ("case_id", "at", "actor_id", "kind", "from_status", "to_status", "note", "data")


def _insert(reminders: list[_Reminder]) -> None:
    """Write a chunk of reminders (no actor: the sweep). On PostgreSQL through COPY: bulk_create
    of the ~87,000 reminders of a 100,000-case sweep was about half its time (docs/PERFORMANCE.md)."""
    if connection.vendor != "postgresql":
        PaEvent.objects.bulk_create(
            PaEvent(
                case_id=r.case_id, actor=None, kind=PaEventKind.REMINDER, at=r.at, note=r.note, data=r.data
            )
            for r in reminders
        )
        return
    kind = PaEventKind.REMINDER.value
    copy_rows(
        PaEvent,
        _EVENT_COLUMNS,
        # orjson: the column is jsonb, so the server stores the same value as from json.dumps.
        ((r.case_id, r.at, None, kind, "", "", r.note, orjson.dumps(r.data).decode()) for r in reminders),
    )


# --- Overdue payer decisions ---------------------------------------------------------------------


def _overdue_reminded() -> Exists:
    return Exists(
        PaEvent.objects.filter(case_id=OuterRef("pk"), kind=PaEventKind.REMINDER, data__sweep="overdue")
        .annotate(reminded_due=Cast(KeyTextTransform("due", "data"), DateTimeField()))
        .filter(reminded_due=OuterRef("decision_due_at"))
    )


def _reminded_pairs(case_ids: list[Any]) -> set[tuple[Any, str]]:
    rows = PaEvent.objects.filter(case_id__in=case_ids, kind=PaEventKind.REMINDER, data__sweep="overdue")
    return {(case_id, data.get("due")) for case_id, data in rows.values_list("case_id", "data")}


@transaction.atomic
def sweep_overdue(now: dt.datetime) -> int:
    """One reminder per (case, due moment) for each case awaiting the payer past its due moment."""
    if not try_sweep_lock("benefits.sweeps.overdue"):
        return 0
    candidates = PaCase.objects.filter(status__in=_AWAITING, decision_due_at__lt=now)
    postgresql = connection.vendor == "postgresql"
    if postgresql:
        candidates = candidates.filter(~_overdue_reminded())
    created = 0
    for rows in _chunks(candidates, "decision_due_at"):
        events = []
        # Elsewhere (SQLite, the embedded setup) a JSON timestamp cannot be compared in SQL
        # reliably: read this chunk's earlier overdue reminders instead (one query).
        reminded = set() if postgresql else _reminded_pairs([row["pk"] for row in rows])
        for row in rows:
            due = row["decision_due_at"].astimezone(dt.UTC)
            if (row["pk"], due.isoformat()) in reminded:
                continue
            events.append(
                _reminder(
                    row["pk"],
                    now,
                    f"Payer decision overdue since {due:%Y-%m-%d %H:%M} UTC",
                    {"sweep": "overdue", "due": due.isoformat()},
                )
            )
        _insert(events)
        created += len(events)
    _audit({"overdue": created})
    return created


# --- Follow-ups ------------------------------------------------------------------------------------


def _next_follow_up(row: dict[str, Any], now: dt.datetime) -> tuple[dt.datetime | None, str]:
    """The follow-up after the one now due (None: the overdue sweep takes over) and the reason of
    the one now due."""
    old = row["next_follow_up_at"]
    due, submitted = row["decision_due_at"], row["submitted_at"]
    if due is None or submitted is None:
        return now + UNBOUND_FOLLOW_UP, "no decision timeframe binds the payer; weekly follow-up"
    schedule = [(r.at, r.reason) for r in reminder_schedule(submitted, due, plan_tz=row["tz"])]
    schedule.append((due, "the decision is due"))
    reason = next((why for at, why in schedule if at == old), "follow-up due")
    later = [at for at, _ in schedule if at > old and at > now]
    return (later[0] if later else None), reason


_CLAIM_SQL = """
UPDATE benefits_pacase AS c
   SET next_follow_up_at = v.new_at, updated_at = %s
  FROM unnest(%s::uuid[], %s::timestamptz[], %s::timestamptz[]) AS v(id, old_at, new_at)
 WHERE c.id = v.id AND c.next_follow_up_at = v.old_at
   AND c.id BETWEEN %s AND %s
RETURNING c.id
"""


def _claim(plan: dict[Any, tuple[Any, Any, str]], now: dt.datetime) -> list[Any]:
    """Move each case's follow-up on, only where it is still the one read: the cases claimed."""
    ids = list(plan)
    if connection.vendor == "postgresql":  # one statement for the chunk
        # The chunk's key range lets the planner read those rows by the
        # primary key, instead of hashing the whole table for every chunk.
        params = [now, ids, [plan[i][0] for i in ids], [plan[i][1] for i in ids], min(ids), max(ids)]
        with connection.cursor() as cursor:
            cursor.execute(_CLAIM_SQL, params)
            return [row[0] for row in cursor.fetchall()]
    # Elsewhere (SQLite, the embedded setup, with few cases): a conditional update per case.
    return [
        case_id
        for case_id in ids
        if PaCase.objects.filter(pk=case_id, next_follow_up_at=plan[case_id][0]).update(
            next_follow_up_at=plan[case_id][1], updated_at=now
        )
    ]


@transaction.atomic
def sweep_follow_ups(now: dt.datetime) -> int:
    """A reminder for each open case whose follow-up is due, and its next follow-up set: the
    next one from ``deadlines.reminder_schedule``, the due moment, or none once that has passed."""
    if not try_sweep_lock("benefits.sweeps.follow_ups"):
        return 0
    candidates = PaCase.objects.filter(status__in=OPEN_STATUSES, next_follow_up_at__lte=now)
    fields = ("next_follow_up_at", "decision_due_at", "submitted_at")
    created = 0
    for rows in _chunks(candidates.annotate(tz=F("coverage__plan__time_zone")), *fields, "tz"):
        plan: dict[Any, tuple[dt.datetime, dt.datetime | None, str]] = {}
        for row in rows:
            following, reason = _next_follow_up(row, now)
            plan[row["pk"]] = (row["next_follow_up_at"], following, reason)
        claimed = _claim(plan, now)
        events = []
        for case_id in claimed:
            old, following, reason = plan[case_id]
            events.append(
                _reminder(
                    case_id,
                    now,
                    f"Follow up with the payer: {reason}",
                    {
                        "sweep": "follow_up",
                        "at": old.isoformat(),
                        "next": following.isoformat() if following else None,
                    },
                )
            )
        _insert(events)
        created += len(events)
    _audit({"follow_ups": created})
    return created


# --- Renewals --------------------------------------------------------------------------------------


def _renewal_reminded() -> Exists:
    return Exists(
        PaEvent.objects.filter(case_id=OuterRef("pk"), kind=PaEventKind.REMINDER, data__sweep="renewal")
        .annotate(reminded_until=Cast(KeyTextTransform("valid_until", "data"), DateField()))
        .filter(reminded_until=OuterRef("valid_until"))
    )


@transaction.atomic
def sweep_renewals(now: dt.datetime) -> int:
    """One reminder per (case, validity end) for each approval near its end date or with most of
    its units used (thresholds: ``deadlines.RENEWAL_*``; the decision: ``deadlines.renewal_due``)."""
    if not try_sweep_lock("benefits.sweeps.renewals"):
        return 0
    # The SQL filter is a superset (latest local date on Earth); renewal_due decides in the plan's zone.
    latest_today = (now.astimezone(dt.UTC) + _MAX_UTC_OFFSET).date()
    near_end = Q(valid_until__lte=latest_today + dt.timedelta(days=RENEWAL_DAYS_BEFORE_END))
    units_used = Q(approved_units__gt=0) & Q(
        GreaterThanOrEqual(F("used_units") * 100, F("approved_units") * RENEWAL_UNITS_USED_PERCENT)
    )
    candidates = (
        PaCase.objects.filter(status=PaStatus.APPROVED, valid_until__isnull=False)
        .filter(near_end | units_used)
        .filter(~_renewal_reminded())
        .annotate(tz=F("coverage__plan__time_zone"))
    )
    created = 0
    for rows in _chunks(candidates, "valid_until", "approved_units", "used_units", "tz"):
        events = []
        for row in rows:
            reasons = renewal_due(
                row["valid_until"], row["approved_units"], row["used_units"], now, plan_tz=row["tz"]
            )
            if not reasons:
                continue
            events.append(
                _reminder(
                    row["pk"],
                    now,
                    "Renewal due: " + "; ".join(r.message for r in reasons),
                    {
                        "sweep": "renewal",
                        "valid_until": row["valid_until"].isoformat(),
                        "reasons": [r.kind for r in reasons],
                    },
                )
            )
        _insert(events)
        created += len(events)
    _audit({"renewals": created})
    return created


def sweep_deadlines(now: dt.datetime) -> dict[str, int]:
    """The three sweeps, each in its own transaction: reminders created by each."""
    return {
        "overdue": sweep_overdue(now),
        "follow_ups": sweep_follow_ups(now),
        "renewals": sweep_renewals(now),
    }

"""The audit trail as CSV for a range of days: one service for the admin page and the command.

The export is streamed from a server-side cursor, so a year of events (a million rows or more)
never sits in memory, and it is itself an audit event. Cells are CSV-injection safe: a
spreadsheet must not run a username such as ``=HYPERLINK(...)`` as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Max, QuerySet
from django.utils import timezone

from .models import AuditEvent
from .services import audit_record

# A year, leap or not: longer ranges are split by whoever needs them, so that one request
# cannot hold a database cursor open over the whole trail.
MAX_DAYS = 366
CHUNK_SIZE = 2000
# Rows are written to a buffer and sent when it holds about this much: one WSGI write per
# ~64 KB rather than one per row.
_FLUSH_AT = 64 * 1024

COLUMNS = (
    "timestamp",
    "actor_id",
    "actor_username",
    "role",
    "action",
    "object_type",
    "object_id",
    "patient_id",
    "request_id",
    "data",
)
_FIELDS = (
    "occurred_at",
    "actor_id",
    "actor__username",
    "actor_role",
    "action",
    "object_type",
    "object_id",
    "patient_id",
    "request_id",
    "data",
)
# OWASP "CSV injection": a cell starting with one of these is a formula to Excel, LibreOffice
# and Google Sheets.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ExportRange:
    """Whole days ``first``..``last`` (inclusive) in ``time_zone``, as a half-open UTC interval."""

    first: dt.date
    last: dt.date
    time_zone: str

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.first, dt.time.min, tzinfo=ZoneInfo(self.time_zone))

    @property
    def end(self) -> dt.datetime:
        """Midnight after ``last``: excluded, so 23:59:59.999999 on the last day is in."""
        return dt.datetime.combine(
            self.last + dt.timedelta(days=1), dt.time.min, tzinfo=ZoneInfo(self.time_zone)
        )

    @property
    def filename(self) -> str:
        return f"audit-{self.first.isoformat()}-to-{self.last.isoformat()}.csv"


def export_range_errors(first: dt.date, last: dt.date, *, today: dt.date | None = None) -> list[str]:
    """Why ``first``..``last`` cannot be exported; empty when it can. Nothing has happened after
    today (the site's), and refusing later days also keeps the range's end, midnight after the
    last day, inside what a date can hold (year 9999 would overflow)."""
    if first > last:
        return ["The first day must not be after the last day."]
    if last > (today or timezone.localdate()):
        return ["The last day cannot be after today."]
    if (last - first).days + 1 > MAX_DAYS:
        return [f"Export at most {MAX_DAYS} days at a time."]
    return []


def export_range(first: dt.date, last: dt.date, time_zone: str | None = None) -> ExportRange:
    """The range in the site's time zone (settings.TIME_ZONE) unless another is named."""
    errors = export_range_errors(first, last)
    if errors:
        raise ValueError(errors[0])
    return ExportRange(first=first, last=last, time_zone=time_zone or settings.TIME_ZONE)


def csv_safe(value: str) -> str:
    """The cell as text no spreadsheet will evaluate: a leading formula character gets a quote."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _events(period: ExportRange, last_id: int) -> QuerySet[AuditEvent]:
    # Bounded by the last id at the start, so the row count recorded up front is the count sent
    # even while new events are appended (the export's own event among them).
    return AuditEvent.objects.filter(
        occurred_at__gte=period.start, occurred_at__lt=period.end, id__lte=last_id
    ).order_by("occurred_at", "id")


def _cells(row: tuple[Any, ...]) -> list[str]:
    occurred_at, actor_id, username, role, action, object_type, object_id, patient_id, request_id, data = row
    cells = [
        occurred_at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
        "" if actor_id is None else str(actor_id),
        username or "",
        role,
        action,
        object_type,
        object_id,
        "" if patient_id is None else str(patient_id),
        request_id,
        json.dumps(data, sort_keys=True, separators=(",", ":")),
    ]
    return [csv_safe(cell) for cell in cells]


def _csv(rows: Iterator[tuple[Any, ...]]) -> Iterator[str]:
    buffer = io.StringIO()
    # Every cell quoted, as OWASP advises alongside the leading quote.
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(_cells(row))
        if buffer.tell() >= _FLUSH_AT:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


@dataclass(frozen=True)
class Export:
    period: ExportRange
    rows: int
    chunks: Iterator[str]


def audit_export(*, actor: Any, period: ExportRange, channel: str, chunk_size: int = CHUNK_SIZE) -> Export:
    """Record ``audit.exported`` (range, time zone, row count) and return the CSV as text chunks.

    The event is committed before the first row is sent, so an export that is interrupted is
    still on the record. ``channel`` says where it was asked for ("admin_page", "command").
    """
    last_id = AuditEvent.objects.aggregate(last=Max("id"))["last"] or 0
    events = _events(period, last_id)
    rows = events.count()
    audit_record(
        actor=actor,
        action="audit.exported",
        data={
            "from": period.first.isoformat(),
            "to": period.last.isoformat(),
            "time_zone": period.time_zone,
            "rows": rows,
            "channel": channel,
        },
    )
    # values_list and iterator(): tuples from a server-side cursor, chunk_size rows at a time.
    stream = events.values_list(*_FIELDS).iterator(chunk_size=chunk_size)
    return Export(period=period, rows=rows, chunks=_csv(stream))

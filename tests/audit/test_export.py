"""The administrator's audit export: whole local days, streamed CSV, safe cells, itself audited."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import stat
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.http import StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from elevium.accounts.roles import Role
from elevium.audit.exports import COLUMNS, MAX_DAYS, audit_export, csv_safe, export_range
from elevium.audit.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/audit/export/"
# Not UTC, so that "local midnight" and "UTC midnight" differ and a mix-up shows.
ZONE = "America/New_York"
NY = ZoneInfo(ZONE)


@pytest.fixture(autouse=True)
def _site_time_zone(settings: Any) -> None:
    settings.TIME_ZONE = ZONE


@pytest.fixture
def admin_client(client_for: Callable[[Role], Client]) -> Client:
    return client_for(Role.ADMIN)


def _event(at: dt.datetime, action: str = "patient.viewed", **fields: Any) -> AuditEvent:
    return AuditEvent.objects.create(occurred_at=at, action=action, **fields)


def _export(client: Client, first: str, last: str) -> Any:
    return client.post(URL, {"date_from": first, "date_to": last})


def _rows(response: Any) -> list[dict[str, str]]:
    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_the_range_is_whole_local_days_both_ends_included(admin_client: Client) -> None:
    inside = [
        _event(dt.datetime(2026, 3, 1, 0, 0, 0, tzinfo=NY), object_id="first-midnight"),
        _event(dt.datetime(2026, 3, 3, 23, 59, 59, tzinfo=NY), object_id="last-second"),
        _event(dt.datetime(2026, 3, 3, 23, 59, 59, 999_999, tzinfo=NY), object_id="last-microsecond"),
    ]
    _event(dt.datetime(2026, 2, 28, 23, 59, 59, tzinfo=NY), object_id="day-before")
    _event(dt.datetime(2026, 3, 4, 0, 0, 0, tzinfo=NY), object_id="next-day")
    # UTC midnight of the first day is 19:00 the evening before in New York: outside.
    _event(dt.datetime(2026, 3, 1, 0, 0, 0, tzinfo=dt.UTC), object_id="utc-midnight")

    rows = _rows(_export(admin_client, "2026-03-01", "2026-03-03"))

    assert [row["object_id"] for row in rows] == [e.object_id for e in inside]
    assert rows[0]["timestamp"] == "2026-03-01T05:00:00Z"  # EST is UTC-5
    assert rows[1]["timestamp"] == "2026-03-04T04:59:59Z"
    assert rows[2]["timestamp"] == "2026-03-04T04:59:59.999999Z"


def test_a_range_across_the_daylight_saving_change_keeps_local_midnights(admin_client: Client) -> None:
    # 2026-03-08: clocks go forward in New York; the last day ends at 04:00 UTC (EDT), not 05:00.
    _event(dt.datetime(2026, 3, 8, 23, 59, 59, tzinfo=NY), object_id="in")
    _event(dt.datetime(2026, 3, 9, 0, 0, 0, tzinfo=NY), object_id="out")
    rows = _rows(_export(admin_client, "2026-03-07", "2026-03-08"))
    assert [(row["object_id"], row["timestamp"]) for row in rows] == [("in", "2026-03-09T03:59:59Z")]


def test_every_column_is_written(admin_client: Client) -> None:
    actor = UserFactory(username="dr-who", role=Role.CLINICIAN)
    patient_id = uuid.uuid4()
    _event(
        dt.datetime(2026, 5, 2, 12, 0, tzinfo=NY),
        action="pa_case.approved",
        actor=actor,
        actor_role="clinician",
        patient_id=patient_id,
        object_type="benefits.pacase",
        object_id="c0ffee",
        request_id="req-12345678",
        data={"to": "approved", "event": 7},
    )
    response = _export(admin_client, "2026-05-02", "2026-05-02")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="audit-2026-05-02-to-2026-05-02.csv"'
    assert response["Cache-Control"] == "no-store"
    rows = _rows(response)
    assert list(rows[0]) == list(COLUMNS)
    assert rows == [
        {
            "timestamp": "2026-05-02T16:00:00Z",
            "actor_id": str(actor.pk),
            "actor_username": "dr-who",
            "role": "clinician",
            "action": "pa_case.approved",
            "object_type": "benefits.pacase",
            "object_id": "c0ffee",
            "patient_id": str(patient_id),
            "request_id": "req-12345678",
            "data": '{"event":7,"to":"approved"}',
        }
    ]


def test_a_system_event_has_empty_actor_cells(admin_client: Client) -> None:
    _event(dt.datetime(2026, 5, 2, 12, 0, tzinfo=NY), action="pa_case.swept", data={"overdue": 2})
    (row,) = _rows(_export(admin_client, "2026-05-02", "2026-05-02"))
    assert (row["actor_id"], row["actor_username"], row["role"], row["patient_id"]) == ("", "", "", "")
    assert json.loads(row["data"]) == {"overdue": 2}


@pytest.mark.parametrize(
    ("username", "cell"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+15551234", "'+15551234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("plain=name", "plain=name"),
    ],
)
def test_a_cell_that_a_spreadsheet_would_run_as_a_formula_is_quoted(
    admin_client: Client, username: str, cell: str
) -> None:
    # Usernames come from administrators (or a directory import) and are not checked for this.
    actor = UserFactory(username=username, role=Role.REVIEWER)
    _event(dt.datetime(2026, 5, 2, 12, 0, tzinfo=NY), actor=actor, actor_role="reviewer", object_id="-1")
    (row,) = _rows(_export(admin_client, "2026-05-02", "2026-05-02"))
    assert row["actor_username"] == cell
    assert row["object_id"] == "'-1"


def test_csv_safe_leaves_ordinary_text_alone() -> None:
    assert [csv_safe(v) for v in ("", "patient.viewed", "{}", "2026-01-01T00:00:00Z", " =x")] == [
        "",
        "patient.viewed",
        "{}",
        "2026-01-01T00:00:00Z",
        " =x",
    ]


def test_every_cell_is_quoted(admin_client: Client) -> None:
    _event(dt.datetime(2026, 5, 2, 12, 0, tzinfo=NY), object_id="x,y")
    response = _export(admin_client, "2026-05-02", "2026-05-02")
    body = b"".join(response.streaming_content).decode()
    header, line = body.splitlines()[:2]
    assert header == ",".join(f'"{c}"' for c in COLUMNS)
    assert line.startswith('"2026-05-02T16:00:00Z",') and '"x,y"' in line


def test_the_export_is_itself_audited_with_its_range_and_row_count(admin_client: Client) -> None:
    for hour in (9, 10, 11):
        _event(dt.datetime(2026, 5, 2, hour, 0, tzinfo=NY))
    response = admin_client.post(
        URL, {"date_from": "2026-05-01", "date_to": "2026-05-31"}, HTTP_X_REQUEST_ID="req-export-0001"
    )
    rows = _rows(response)
    event = AuditEvent.objects.get(action="audit.exported")
    assert event.actor is not None and event.actor.role == Role.ADMIN
    assert event.actor_role == "admin"
    assert event.request_id == "req-export-0001"
    assert event.patient_id is None
    assert event.data == {
        "from": "2026-05-01",
        "to": "2026-05-31",
        "time_zone": ZONE,
        "rows": 3,
        "channel": "admin_page",
    }
    assert len(rows) == 3


def test_an_export_that_includes_today_leaves_out_its_own_event(admin_client: Client) -> None:
    # The row count is recorded before the rows are sent: the export's own event is not one of them.
    today = dt.datetime.now(NY).date().isoformat()
    audit_events_before = AuditEvent.objects.count()
    assert audit_events_before == 0
    rows = _rows(_export(admin_client, today, today))
    assert rows == []
    assert AuditEvent.objects.get(action="audit.exported").data["rows"] == 0


@pytest.mark.parametrize("role", [Role.CLINICIAN, Role.CARE_COORDINATOR, Role.REVIEWER])
def test_staff_who_are_not_administrators_are_refused(
    client_for: Callable[[Role], Client], role: Role
) -> None:
    _event(dt.datetime(2026, 5, 2, 12, 0, tzinfo=NY))
    client = client_for(role)
    assert client.get(URL).status_code == 403
    assert _export(client, "2026-05-01", "2026-05-31").status_code == 403
    assert not AuditEvent.objects.filter(action="audit.exported").exists()


def test_the_signed_out_are_sent_to_sign_in(client: Client) -> None:
    response = _export(client, "2026-05-01", "2026-05-31")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert not AuditEvent.objects.filter(action="audit.exported").exists()


def test_the_form_offers_the_last_seven_days_in_the_site_time_zone(admin_client: Client) -> None:
    response = admin_client.get(URL)
    assert response.status_code == 200
    today = dt.datetime.now(NY).date()
    form = response.context["form"]
    assert form.initial == {"date_from": today - dt.timedelta(days=6), "date_to": today}
    assert ZONE in response.content.decode()


@pytest.mark.parametrize(
    ("first", "last", "field", "message"),
    [
        ("2026-05-02", "2026-05-01", "date_to", "The first day must not be after the last day."),
        ("2025-01-01", "2026-01-02", "date_to", f"Export at most {MAX_DAYS} days at a time."),
        ("", "2026-05-01", "date_from", "This field is required."),
        ("2026-05-01", "31/05/2026", "date_to", "Enter a valid date."),
        # Beyond today nothing has happened, and the end of 9999-12-31 is past what a date holds.
        ("9999-12-31", "9999-12-31", "date_to", "The last day cannot be after today."),
        ("9999-01-01", "9999-01-02", "date_to", "The last day cannot be after today."),
        ("2026-01-01", "9999-12-31", "date_to", "The last day cannot be after today."),
    ],
)
def test_an_invalid_range_is_a_form_error_and_exports_nothing(
    admin_client: Client, first: str, last: str, field: str, message: str
) -> None:
    response = _export(admin_client, first, last)
    assert response.status_code == 400
    assert not isinstance(response, StreamingHttpResponse)
    assert response.context["form"].errors[field] == [message]
    assert not AuditEvent.objects.filter(action="audit.exported").exists()


def test_the_command_refuses_a_day_after_today() -> None:
    with pytest.raises(CommandError, match="The last day cannot be after today."):
        call_command("audit_export", "--from", "9999-12-31", "--to", "9999-12-31")


@pytest.mark.parametrize(("first", "last"), [("2024-01-01", "2024-12-31"), ("2025-06-01", "2026-06-01")])
def test_a_year_of_366_days_is_allowed(admin_client: Client, first: str, last: str) -> None:
    assert _export(admin_client, first, last).status_code == 200


def _queries_for_export(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = _export(client, "2026-05-01", "2026-05-31")
        b"".join(response.streaming_content)
    print("\n".join(q["sql"][:150] for q in queries))  # shown when the test fails
    return len(queries)


def _events(count: int) -> None:
    actors = [UserFactory(username=f"actor-{n}", role=Role.CLINICIAN) for n in range(3)]
    start = dt.datetime(2026, 5, 1, 8, 0, tzinfo=NY)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            occurred_at=start + dt.timedelta(minutes=n),
            actor=actors[n % 3],
            actor_role="clinician",
            action="patient.viewed",
            patient_id=uuid.uuid4(),
        )
        for n in range(count)
    )


def test_the_query_count_does_not_grow_with_the_number_of_events(admin_client: Client) -> None:
    _queries_for_export(admin_client)  # the session's first request does its own bookkeeping
    _events(10)
    with_10 = _queries_for_export(admin_client)
    _events(990)
    with_1000 = _queries_for_export(admin_client)
    assert with_10 == with_1000, (with_10, with_1000)


def test_rows_are_read_through_a_server_side_cursor_while_the_csv_is_sent() -> None:
    """A year of events must not be fetched into memory at once: while the first part of the
    file is being sent, the rest is still behind an open cursor on the server."""
    _events(1000)
    period = export_range(dt.date(2026, 5, 1), dt.date(2026, 5, 31))
    export = audit_export(actor=None, period=period, channel="command", chunk_size=100)
    first = next(export.chunks)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_cursors")
        open_cursors = [row[0] for row in cursor.fetchall()]
    assert any("audit_auditevent" in statement for statement in open_cursors), open_cursors
    assert first.count("\r\n") < 1001
    assert (first + "".join(export.chunks)).count("\r\n") == 1001  # the header and every row


def test_the_command_writes_the_same_csv_to_a_private_file(tmp_path: Path) -> None:
    _event(dt.datetime(2026, 5, 2, 12, 0, tzinfo=NY), object_id="=1+1")
    _event(dt.datetime(2026, 6, 1, 0, 0, tzinfo=NY), object_id="june")
    output = tmp_path / "audit.csv"
    err = io.StringIO()
    call_command(
        "audit_export", "--from", "2026-05-01", "--to", "2026-05-31", "--output", str(output), stderr=err
    )
    assert stat.S_IMODE(os.stat(output).st_mode) == 0o600
    with output.open(newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert [row["object_id"] for row in rows] == ["'=1+1"]
    assert "1 events written" in err.getvalue()
    event = AuditEvent.objects.get(action="audit.exported")
    assert event.actor is None
    assert event.data == {
        "from": "2026-05-01",
        "to": "2026-05-31",
        "time_zone": ZONE,
        "rows": 1,
        "channel": "command",
    }


def test_the_command_writes_to_standard_output_without_extra_newlines() -> None:
    _event(dt.datetime(2026, 5, 2, 12, 0, tzinfo=NY), object_id="a")
    _event(dt.datetime(2026, 5, 2, 13, 0, tzinfo=NY), object_id="b")
    out = io.StringIO()
    call_command("audit_export", "--from", "2026-05-02", "--to", "2026-05-02", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert [row["object_id"] for row in rows] == ["a", "b"]
    assert out.getvalue().count("\r\n") == 3


def test_the_command_refuses_an_existing_file_and_records_nothing(tmp_path: Path) -> None:
    output = tmp_path / "audit.csv"
    output.write_text("keep me")
    with pytest.raises(CommandError, match="exists"):
        call_command("audit_export", "--from", "2026-05-01", "--to", "2026-05-31", "--output", str(output))
    assert output.read_text() == "keep me"
    assert not AuditEvent.objects.filter(action="audit.exported").exists()


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        ("2026-05-02", "2026-05-01", "first day must not be after"),
        ("2025-01-01", "2026-01-02", "at most 366 days"),
        ("2026-13-01", "2026-05-01", "not a date"),
    ],
)
def test_the_command_refuses_an_invalid_range(first: str, last: str, message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("audit_export", "--from", first, "--to", last)
    assert not AuditEvent.objects.filter(action="audit.exported").exists()


def test_the_admin_home_and_the_audit_trail_link_the_export(admin_client: Client) -> None:
    for page in ("/home/admin/", "/admin/audit/auditevent/"):
        response = admin_client.get(page)
        assert response.status_code == 200, page
        assert f'href="{URL}"' in response.content.decode(), page

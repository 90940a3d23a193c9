"""The C-speed timestamptz reader gives what Django's own reader gives, value for value and
error for error (elevium/lib/pg_timestamps.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import BaseTzLoader
from psycopg import errors
from psycopg.pq import Format

from elevium.lib.pg_timestamps import UTC

pytestmark = pytest.mark.django_db

TIMESTAMPTZ_OID = 1184


def _djangos(text: str) -> object:
    """What Django's loader makes of PostgreSQL's text for a value (or the error it raises)."""

    class DjangoLoader(BaseTzLoader):  # what django's register_tzloader registers
        timezone = UTC

    try:
        return DjangoLoader(TIMESTAMPTZ_OID, connection.connection).load(text.encode())
    except Exception as exc:  # noqa: BLE001 - the error itself is what is compared
        return (type(exc), str(exc))


def _ours(sql: str) -> object:
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()[0]
    except Exception as exc:  # noqa: BLE001
        raised = exc.__cause__ or exc  # Django wraps psycopg's error in its own DataError
        return (type(raised), str(raised))


def test_it_is_installed_on_the_utc_connection() -> None:
    connection.ensure_connection()
    loader = connection.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
    assert loader.__name__ == "UtcTimestamptzLoader" and loader.timezone is UTC


@pytest.mark.parametrize(
    "literal",
    [
        "2026-12-03 18:24:17.845394+00",
        "2026-12-03 18:24:17+00",
        "2026-12-03 18:24:17.8+00",
        "2026-12-03 18:24:17.000001+00",
        "2026-12-03 23:59:59.999999-05:30",
        "2026-03-29 01:30:00 Europe/Amsterdam",
        "1890-01-01 00:00:00 Europe/Amsterdam",
        "0001-01-01 00:00:00+00",
        "9999-12-31 23:59:59.999999+00",
        "0001-01-01 00:00:00+05",
        "0044-03-15 12:00:00+00 BC",
        "10000-01-01 00:00:00+00",
        "infinity",
        "-infinity",
    ],
)
def test_each_value_reads_as_djangos_reader_reads_it(literal: str) -> None:
    text = _ours(f"SELECT '{literal}'::timestamptz::text")
    assert isinstance(text, str)
    ours = _ours(f"SELECT '{literal}'::timestamptz")
    theirs = _djangos(text)
    assert ours == theirs
    if isinstance(ours, dt.datetime):
        assert ours.tzinfo is UTC and theirs.tzinfo is UTC  # type: ignore[union-attr]
    else:
        assert ours[0] is errors.DataError  # type: ignore[index]


def test_a_range_of_values_reads_the_same() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t, t::text FROM generate_series("
            "'1900-01-01 00:00:00.123457+00'::timestamptz, '2100-01-01'::timestamptz, "
            "'1234567.891011 seconds'::interval) AS t"
        )
        rows = cursor.fetchall()
    assert len(rows) > 5000
    assert all(value == _djangos(text) for value, text in rows)

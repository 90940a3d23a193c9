from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from django.db import connection


def database_conninfo() -> str:
    """The test database, for a connection of the test's own beside Django's."""
    db = connection.settings_dict
    return psycopg.conninfo.make_conninfo(
        dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"] or None, host=db["HOST"], port=db["PORT"]
    )


@pytest.fixture
def side_sql(transactional_db: None) -> Callable[..., list[tuple[Any, ...]]]:
    """Run one statement on a separate autocommit connection: it sees what others committed and
    what they wait for, whatever transaction the test's own connection is in."""

    def run(statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with psycopg.connect(database_conninfo(), autocommit=True) as conn:
            cursor = conn.execute(statement, params)
            return cursor.fetchall() if cursor.description else []

    return run

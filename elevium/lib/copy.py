"""Appending many rows to one table with PostgreSQL's COPY.

Django's ``bulk_create`` builds a model instance per row and quotes every value in Python; for
tens of thousands of rows that is most of the time a batch takes (the profiles are in
docs/PERFORMANCE.md). COPY streams the values as they are. Used by the batch re-evaluation
(eligibility/services.py) and the deadline sweeps (benefits/sweeps.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models


def copy_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """COPY ``rows`` (values in the order of ``columns``, database column names) into ``model``'s
    table, on the default connection inside the caller's transaction. PostgreSQL only: callers
    keep their ``bulk_create`` for other databases. JSON columns take the JSON text."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)

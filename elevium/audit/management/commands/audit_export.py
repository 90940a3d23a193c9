"""Write the audit trail for a range of days as CSV, the same file the admin page gives.

    python manage.py audit_export --from 2026-01-01 --to 2026-03-31 --output q1.csv

The export is recorded in the trail (``audit.exported``, channel "command", no actor). An
output file is created readable by its owner only: it holds patient ids.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from elevium.audit.exports import audit_export, export_range, export_range_errors


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = "Export the audit trail for whole days (site time zone) as CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="first", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="last", required=True, help="last day (included), YYYY-MM-DD")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args: Any, first: str, last: str, output: str | None, **options: Any) -> None:
        first_day, last_day = _date(first), _date(last)
        errors = export_range_errors(first_day, last_day)
        if errors:
            raise CommandError(errors[0])
        if not output:
            export = audit_export(actor=None, period=export_range(first_day, last_day), channel="command")
            for chunk in export.chunks:
                self.stdout.write(chunk, ending="")
            return
        # O_EXCL: never overwrite a file, nor follow a symlink planted where the file should go.
        # Opened before the export is recorded, so a refused file name records nothing.
        try:
            fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise CommandError(f"{output} exists; choose a new file name") from None
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            export = audit_export(actor=None, period=export_range(first_day, last_day), channel="command")
            stream.writelines(export.chunks)
        self.stderr.write(f"{export.rows} events written to {output}")

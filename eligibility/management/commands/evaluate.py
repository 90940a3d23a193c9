"""`python manage.py evaluate FILE.json`: the candidacy report for a reassessment document, as JSON.

Reads no database and stores nothing. Exit 0 with the report on stdout; exit 2 with one line
per problem on stderr for a file that is missing, not JSON, or not a valid document.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from pydantic import ValidationError

from eligibility.engine import evaluate
from reassessment.dates import date_errors
from reassessment.documents import ReassessmentDocument
from reassessment.errors import DocumentInvalid


class Command(BaseCommand):
    help = "Evaluate a reassessment document (JSON file) and print the candidacy report as JSON."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        # No --as-of: a report is as of the document's assessment date (criteria.md §10.1).
        parser.add_argument("file", help="a reassessment document, as exported by the API")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        try:
            document = ReassessmentDocument.model_validate(json.loads(Path(file).read_text()))
        except OSError as exc:
            self._fail([f"{file}: cannot be read ({exc.strerror})"])
        except json.JSONDecodeError as exc:
            self._fail([f"{file}: not JSON ({exc.msg} at line {exc.lineno})"])
        except ValidationError as exc:
            errors = DocumentInvalid.from_pydantic(exc).errors
            self._fail([f"{path}: {message}" for path, messages in errors.items() for message in messages])
        # Dates that cannot be true are refused as when saving (the assessment date stands in for today:
        # a file has no other clock).
        problems = date_errors(document, today=document.assessed_on)
        if problems:
            self._fail([f"{path}: {message}" for path, message in problems.items()])
        report = evaluate(document)
        self.stdout.write(report.model_dump_json(indent=2))

    def _fail(self, lines: list[str]) -> None:
        sys.stderr.write("".join(f"evaluate: {line}\n" for line in lines))
        raise SystemExit(2)

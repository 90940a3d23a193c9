"""`python manage.py evaluate FILE.json`: the candidacy report for a reassessment document, as JSON.

Reads no database and stores nothing. Exit 0 with the report on stdout; exit 2 with one line
per problem on stderr for a file that is missing, not JSON, or not a valid document.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from pydantic import ValidationError

from eligibility.engine import evaluate
from reassessment.documents import ReassessmentDocument
from reassessment.errors import DocumentInvalid


class Command(BaseCommand):
    help = "Evaluate a reassessment document (JSON file) and print the candidacy report as JSON."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="a reassessment document, as exported by the API")
        parser.add_argument(
            "--as-of",
            type=dt.date.fromisoformat,
            default=None,
            help="evaluation date (YYYY-MM-DD); default: the document's assessment date",
        )

    def handle(self, *args: Any, file: str, as_of: dt.date | None, **options: Any) -> None:
        try:
            document = ReassessmentDocument.model_validate(json.loads(Path(file).read_text()))
        except OSError as exc:
            self._fail([f"{file}: cannot be read ({exc.strerror})"])
        except json.JSONDecodeError as exc:
            self._fail([f"{file}: not JSON ({exc.msg} at line {exc.lineno})"])
        except ValidationError as exc:
            errors = DocumentInvalid.from_pydantic(exc).errors
            self._fail([f"{path}: {message}" for path, messages in errors.items() for message in messages])
        report = evaluate(document, as_of=as_of or document.assessed_on)
        self.stdout.write(report.model_dump_json(indent=2))

    def _fail(self, lines: list[str]) -> None:
        sys.stderr.write("".join(f"evaluate: {line}\n" for line in lines))
        raise SystemExit(2)

"""The tree stays readable (issue 11): no template line over 160 characters, and no module over
500 lines outside migrations and seed data. Split by concept when one grows."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "elevium",
    "patients",
    "clinics",
    "frontdesk",
    "ops",
    "reassessment",
    "treatments",
    "eligibility",
    "benefits",
)
MAX_TEMPLATE_LINE = 160
MAX_MODULE_LINES = 500


def test_no_template_line_is_over_160_characters():
    long = [
        f"{path.relative_to(ROOT)}:{number} ({len(line)})"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if len(line) > MAX_TEMPLATE_LINE
    ]
    assert long == []


def test_no_module_is_over_500_lines_outside_migrations_and_seeds():
    big = [
        f"{path.relative_to(ROOT)} ({count})"
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts and path.name != "seed.py"
        if (count := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    ]
    assert big == []

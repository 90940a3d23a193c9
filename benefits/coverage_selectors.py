"""Reads about a patient's coverages for the pages (beside selectors.py, which is being split
by concept in parallel)."""

from __future__ import annotations

from .models import BenefitsCheck, Coverage

RECENT_CHECKS = 10


def benefits_check_recent(*, coverage: Coverage) -> list[BenefitsCheck]:
    """The coverage's latest checks, newest first, with who recorded them (one query)."""
    checks = coverage.benefits_checks.select_related("recorded_by").order_by("-recorded_at")
    return list(checks[:RECENT_CHECKS])

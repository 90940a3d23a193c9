"""Reads about a patient's coverages for the pages (beside selectors.py, which is being split
by concept in parallel)."""

from __future__ import annotations

import datetime as dt
import uuid

from elevium.accounts.models import User

from .models import BenefitsCheck, Coverage
from .selectors import coverages_for_patient

RECENT_CHECKS = 10


def benefits_check_recent(*, coverage: Coverage) -> list[BenefitsCheck]:
    """The coverage's latest checks, newest first, with who recorded them (one query)."""
    checks = coverage.benefits_checks.select_related("recorded_by").order_by("-recorded_at")
    return list(checks[:RECENT_CHECKS])


def coverages_in_force(*, user: User, patient_id: uuid.UUID, on: dt.date) -> list[Coverage]:
    """The patient's coverages still in force ``on`` that day: a prior authorization is asked of
    a plan that still covers."""
    return [
        c
        for c in coverages_for_patient(user=user, patient_id=patient_id)
        if c.valid_to is None or c.valid_to >= on
    ]

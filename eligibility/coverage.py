"""What eligibility knows of a patient's insurance: an interface that benefits fills in.

benefits reads evaluations (a PA case starts from one), so eligibility must not import benefits
back (pyproject's import-linter contract "eligibility-below-benefits"). What eligibility needs
of it, the payer policies the engine weighs and the coverages and PA cases the evaluation page
and the coordinator's queue show, it asks of the ``CoverageSource`` registered at start-up
(``benefits.apps.BenefitsConfig.ready``). With none registered these raise rather than answer
"no coverage": an evaluation without the patient's policies would silently lose its PA gaps.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Exists, OuterRef

from elevium.accounts.models import User

from .engine import CoveragePolicy


class CoverageRow(Protocol):
    """A coverage as the evaluation page lists it (a benefits.models.Coverage)."""

    @property
    def valid_to(self) -> dt.date | None: ...


class CoverageSource(Protocol):
    def engine_policies(
        self, patient_ids: Iterable[uuid.UUID], *, as_of: dt.date
    ) -> Mapping[uuid.UUID, tuple[CoveragePolicy, ...]]:
        """Each patient's engine policies from their primary coverage in force on ``as_of``
        (patients without one are absent), in a fixed number of queries."""
        ...

    def coverages_for_patient(self, *, user: User, patient_id: uuid.UUID) -> Sequence[CoverageRow]:
        """The patient's coverages, primary first, scoped to ``user``."""
        ...

    def pa_case_counters(self, *, user: User, now: dt.datetime) -> dict[str, int]:
        """The user's overdue and due-today prior authorizations."""
        ...

    def pa_case_started(self, *, patient: OuterRef, treatment: OuterRef) -> Exists:
        """A filter: a prior authorization not withdrawn exists for this patient and treatment."""
        ...


_source: CoverageSource | None = None


def register(source: CoverageSource) -> None:
    """Called once per process, at app start-up."""
    global _source
    _source = source


def _registered() -> CoverageSource:
    if _source is None:
        raise ImproperlyConfigured("No coverage source is registered: add benefits to INSTALLED_APPS.")
    return _source


def engine_policies_by_patient(
    patient_ids: Iterable[uuid.UUID], *, as_of: dt.date
) -> Mapping[uuid.UUID, tuple[CoveragePolicy, ...]]:
    return _registered().engine_policies(patient_ids, as_of=as_of)


def coverages_for_patient(*, user: User, patient_id: uuid.UUID) -> Sequence[CoverageRow]:
    return _registered().coverages_for_patient(user=user, patient_id=patient_id)


def coverages_in_force(*, user: User, patient_id: uuid.UUID, on: dt.date) -> list[CoverageRow]:
    """The patient's coverages still in force ``on`` that day: a prior authorization is asked of
    a plan that still covers."""
    return [
        c
        for c in coverages_for_patient(user=user, patient_id=patient_id)
        if c.valid_to is None or c.valid_to >= on
    ]


def pa_case_counters(*, user: User, now: dt.datetime) -> dict[str, int]:
    return _registered().pa_case_counters(user=user, now=now)


def pa_case_started(*, patient: OuterRef, treatment: OuterRef) -> Exists:
    return _registered().pa_case_started(patient=patient, treatment=treatment)

"""benefits' answers to what eligibility asks of a patient's insurance (eligibility.coverage),
registered by BenefitsConfig.ready."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence

from django.db.models import Exists, OuterRef

from elevium.accounts.models import User
from eligibility.engine import CoveragePolicy

from . import selectors
from .models import Coverage, PaCase, PaCaseStatus
from .policies import engine_policies_by_patient


class BenefitsCoverage:
    """eligibility.coverage.CoverageSource over benefits' models."""

    def engine_policies(
        self, patient_ids: Iterable[uuid.UUID], *, as_of: dt.date
    ) -> Mapping[uuid.UUID, tuple[CoveragePolicy, ...]]:
        return engine_policies_by_patient(patient_ids, as_of=as_of)

    def coverages_for_patient(self, *, user: User, patient_id: uuid.UUID) -> Sequence[Coverage]:
        return selectors.coverages_for_patient(user=user, patient_id=patient_id)

    def pa_case_counters(self, *, user: User, now: dt.datetime) -> dict[str, int]:
        return selectors.pa_case_counters(user=user, now=now)

    def pa_case_started(self, *, patient: OuterRef, treatment: OuterRef) -> Exists:
        return Exists(
            PaCase.objects.filter(patient=patient, treatment=treatment).exclude(status=PaCaseStatus.WITHDRAWN)
        )

"""The catalog as plain data, for the eligibility engine and benefits. No Django here.

``treatments.selectors.treatment_facts()`` reads the database once and returns a
``CatalogFacts``; pure code takes that as an argument (as it takes ``as_of``), so it can be
tested with hand-built facts and no database.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

# Mirrors of the model choices (tests/treatments/test_facts.py checks they agree).
TreatmentSlugValue = Literal["tms", "spravato", "ketamine"]
PhaseValue = Literal["induction", "maintenance", "acute", "taper"]
RegulatoryStatusValue = Literal["fda_cleared", "fda_approved", "off_label", "not_cleared"]
MonitoringWhenValue = Literal["before", "during", "after"]
CodeSystemValue = Literal["CPT", "HCPCS", "ICD-10-CM"]
ScheduleValue = Literal["", "CIII"]


class _Facts(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ProtocolFacts(_Facts):
    slug: str
    name: str
    phase: PhaseValue
    sessions: int | None
    frequency: str
    weeks: int | None
    dose: str
    session_minutes: Decimal | None
    confirmed: bool


class RegulatoryFacts(_Facts):
    indication: str
    status: RegulatoryStatusValue
    population: str
    product: str
    since: str
    since_date: dt.date | None
    confirmed: bool


class MonitoringFacts(_Facts):
    requirement: str
    when: MonitoringWhenValue
    minimum_minutes: int | None
    confirmed: bool


class BillingCodeFacts(_Facts):
    code_system: CodeSystemValue
    code: str
    description: str
    notes: str
    effective_from: dt.date | None
    replaces: str | None  # the superseded code, in the same code system
    confirmed: bool


class TreatmentFacts(_Facts):
    slug: TreatmentSlugValue
    name: str
    requires_daily_visits: bool
    requires_driver: bool
    controlled_substance_schedule: ScheduleValue
    rems_program: str
    protocols: tuple[ProtocolFacts, ...]
    regulatory: tuple[RegulatoryFacts, ...]
    monitoring: tuple[MonitoringFacts, ...]
    billing_codes: tuple[BillingCodeFacts, ...]

    @property
    def observation_minutes(self) -> int | None:
        """The longest required stay after dosing (Spravato: 120), or None when none is set."""
        minutes = [m.minimum_minutes for m in self.monitoring if m.when == "after" and m.minimum_minutes]
        return max(minutes, default=None)

    @property
    def requires_rems(self) -> bool:
        return bool(self.rems_program)

    def protocol(self, slug: str) -> ProtocolFacts:
        for protocol in self.protocols:
            if protocol.slug == slug:
                return protocol
        raise KeyError(f"{self.slug} has no protocol {slug!r}")

    def codes_in_effect(
        self, *, as_of: dt.date, code_system: CodeSystemValue | None = None
    ) -> tuple[BillingCodeFacts, ...]:
        """Codes usable on ``as_of``: started by then, and not yet replaced by a code that has.

        J0013 replaces S0013 from 2026-01-01: S0013 answers for 2025-12-31, J0013 from then on.
        """
        started = [c for c in self.billing_codes if c.effective_from is None or c.effective_from <= as_of]
        superseded = {(c.code_system, c.replaces) for c in started if c.replaces}
        return tuple(
            c
            for c in started
            if (c.code_system, c.code) not in superseded
            and (code_system is None or c.code_system == code_system)
        )


class CatalogFacts(_Facts):
    treatments: dict[TreatmentSlugValue, TreatmentFacts]

    def __getitem__(self, slug: str) -> TreatmentFacts:
        return self.treatments[slug]  # type: ignore[index]

    def billing_codes_by_treatment(self, *, as_of: dt.date) -> dict[str, tuple[BillingCodeFacts, ...]]:
        """Each treatment's codes in effect on ``as_of``."""
        return {slug: facts.codes_in_effect(as_of=as_of) for slug, facts in self.treatments.items()}

"""Which coverage policy applies, and which decision timeframe binds the payer.

Reads only (no writes). A plan's own policy wins over its payer's; the timeframe comes from the
policy, else the payer, else the regulation the plan falls under (criteria.md §7.1).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from django.db.models import Q

from eligibility.engine import CoveragePolicy as EngineCoveragePolicy

from .deadlines import ERISA_PRE_SERVICE, ERISA_URGENT, DecisionTimeframe, cms_0057f_timeframe
from .models import Coverage, CoveragePolicy, Plan, RegulatedBy

# Treatments whose prior authorization is a drug request: CMS-0057-F excludes drugs (§7.1).
DRUG_TREATMENTS = frozenset({"spravato", "ketamine"})


def policy_for(*, plan: Plan, treatment: str) -> CoveragePolicy | None:
    """The plan's own policy for the treatment, else its payer's; None when neither has one (1 query)."""
    rows = list(
        CoveragePolicy.objects.filter(treatment=treatment).filter(
            Q(plan=plan) | Q(payer_id=plan.payer_id, plan__isnull=True)
        )
    )
    rows.sort(key=lambda p: p.plan_id is None)
    return rows[0] if rows else None


def decision_timeframe(
    *, policy: CoveragePolicy | None, plan: Plan, treatment: str, expedited: bool
) -> tuple[DecisionTimeframe | None, str]:
    """The timeframe and where it came from; (None, reason) when nothing sets one."""
    if policy is not None:
        timeframe = policy.timeframe(expedited=expedited)
        if timeframe is not None:
            return timeframe, f"policy {policy.pk}"
    timeframe = plan.payer.timeframe(expedited=expedited)
    if timeframe is not None:
        return timeframe, f"payer {plan.payer_id}"
    if plan.regulated_by == RegulatedBy.CMS_0057F:
        timeframe = cms_0057f_timeframe(expedited=expedited, drug=treatment in DRUG_TREATMENTS)
        if timeframe is not None:
            return timeframe, "CMS-0057-F (criteria.md §7.1)"
        return None, "CMS-0057-F excludes drugs and the policy sets no timeframe"
    if plan.regulated_by == RegulatedBy.ERISA or plan.erisa:
        parameter = ERISA_URGENT if expedited else ERISA_PRE_SERVICE
        return parameter.timeframe, f"ERISA default ({parameter.source})"
    return None, f"no timeframe for a plan regulated by {plan.regulated_by}"


def engine_policies_by_patient(
    patient_ids: Iterable[uuid.UUID], *, as_of: dt.date
) -> dict[uuid.UUID, tuple[EngineCoveragePolicy, ...]]:
    """For each patient, the engine's coverage policies of their primary coverage in force on
    ``as_of`` (a plan's own policy before its payer's): two queries for any number of patients,
    so a batch re-evaluation stays set-based."""
    coverages = (
        Coverage.objects.filter(patient_id__in=list(patient_ids), valid_from__lte=as_of)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=as_of))
        .select_related("plan__payer")
        .order_by("patient_id", "rank", "valid_from")  # "primary" sorts before "secondary"
    )
    policies = list(CoveragePolicy.objects.select_related("payer", "plan__payer"))
    chosen: dict[uuid.UUID, tuple[EngineCoveragePolicy, ...]] = {}
    for coverage in coverages:
        if coverage.patient_id in chosen:
            continue  # primary coverage only
        by_treatment: dict[str, CoveragePolicy] = {}
        for policy in sorted(policies, key=lambda p: p.plan_id is None):  # plan-level first
            applies = policy.plan_id == coverage.plan_id or (
                policy.plan_id is None and policy.payer_id == coverage.plan.payer_id
            )
            if applies:
                by_treatment.setdefault(policy.treatment, policy)
        chosen[coverage.patient_id] = tuple(by_treatment[t].to_engine() for t in sorted(by_treatment))
    return chosen

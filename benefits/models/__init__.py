"""Payers, plans, coverages, coverage policies, benefits checks and prior-authorization cases.

Fields, constraints, choices and properties that read their own row only (STYLE.md): the state
machine is ``benefits.transitions``, deadline arithmetic ``benefits.deadlines``, cost arithmetic
``benefits.estimates``; services do every write. One module per concept, as pretix splits
base/models/; every model is imported here, where Django and the importers look for it.
"""

from .attachments import PaAttachment
from .checks import BenefitsCheck, CheckMethod, CoverageStatus
from .coverages import Coverage, CoveragePolicy, CoverageRank
from .fees import ClinicFee, FeeItem
from .letters import Letter, LetterStatus, LetterVersion
from .pa_cases import PaCase, PaCaseStatus, PaChecklistItem, PaEvent, PaEventKind, Priority, SatisfiedBy
from .payers import Payer, PayerKind, Plan, RegulatedBy, TimeframeFields, TimeframeKind, validate_time_zone

__all__ = [
    "BenefitsCheck",
    "CheckMethod",
    "ClinicFee",
    "Coverage",
    "CoveragePolicy",
    "CoverageRank",
    "CoverageStatus",
    "FeeItem",
    "Letter",
    "LetterStatus",
    "LetterVersion",
    "PaAttachment",
    "PaCase",
    "PaCaseStatus",
    "PaChecklistItem",
    "PaEvent",
    "PaEventKind",
    "Payer",
    "PayerKind",
    "Plan",
    "Priority",
    "RegulatedBy",
    "SatisfiedBy",
    "TimeframeFields",
    "TimeframeKind",
    "validate_time_zone",
]

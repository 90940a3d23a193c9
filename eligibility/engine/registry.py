"""The rule registry: every rule's declarative entry in one tuple, its canonical JSON, its hash.

Adding a rule is one entry in a ``rules/*.py`` tuple (with its check) and one test naming its
id. The canonical JSON (rules sorted by id, keys sorted, parameters with their values and
sources) is what ``ruleset_hash`` digests: a changed threshold, source or field list changes
the hash recorded on every evaluation (EU DCC ``normalCopyOf``).
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from typing import Any

from .models import TREATMENTS, Treatment
from .parameters import canonical_parameters
from .rules import Rule, common, ketamine, payer, spravato, tms

# Bump on any change that can change a report for the same input (rules, texts, scoring).
RULESET_VERSION = "2026.12.2"

RULES: tuple[Rule, ...] = (*common.RULES, *tms.RULES, *spravato.RULES, *ketamine.RULES, *payer.RULES)

# Evaluation order per treatment: common rules, the treatment's own, then payer rules.
CLINICAL_RULES_FOR: dict[Treatment, tuple[Rule, ...]] = {
    treatment: tuple(
        rule for rule in RULES if rule.treatment in ("common", treatment) and rule.kind != "payer_requirement"
    )
    for treatment in TREATMENTS
}
PAYER_RULES: tuple[Rule, ...] = tuple(rule for rule in RULES if rule.kind == "payer_requirement")
RULES_FOR: dict[Treatment, tuple[Rule, ...]] = {
    treatment: CLINICAL_RULES_FOR[treatment] + PAYER_RULES for treatment in TREATMENTS
}


def canonical_registry() -> dict[str, Any]:
    return {
        "parameters": canonical_parameters(),
        "rules": [rule.canonical() for rule in sorted(RULES, key=lambda rule: rule.id)],
    }


def canonical_json() -> str:
    return json.dumps(canonical_registry(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@cache
def ruleset_hash() -> str:
    """SHA-256 (hex) of the registry's canonical JSON."""
    return hashlib.sha256(canonical_json().encode("utf-8")).hexdigest()

"""What changed between two evaluations: plain Python over the stored reports and snapshots."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Change:
    treatment: str  # "" for the whole report
    what: str
    before: str
    after: str


def _criteria(report: dict[str, Any], treatment: str) -> dict[str, dict[str, Any]]:
    for result in report.get("treatments", ()):
        if result["treatment"] == treatment:
            return {c["rule_id"]: c for c in result["criteria"]}
    return {}


def evaluation_changes(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Changes in ruleset, urgent flag, and per treatment: status, score, each rule's outcome."""
    changes: list[Change] = []
    if old.get("ruleset_hash") != new.get("ruleset_hash"):
        changes.append(Change("", "ruleset", old.get("ruleset_version", ""), new.get("ruleset_version", "")))
    if old.get("urgent_safety_flag") != new.get("urgent_safety_flag"):
        changes.append(
            Change(
                "",
                "urgent safety flag",
                str(old.get("urgent_safety_flag")),
                str(new.get("urgent_safety_flag")),
            )
        )
    old_by = {t["treatment"]: t for t in old.get("treatments", ())}
    for result in new.get("treatments", ()):
        treatment, before = result["treatment"], old_by.get(result["treatment"], {})
        for key in ("status", "score"):
            if before.get(key) != result.get(key):
                changes.append(Change(treatment, key, str(before.get(key, "—")), str(result.get(key))))
        old_rules, new_rules = _criteria(old, treatment), _criteria(new, treatment)
        for rule_id in sorted(old_rules.keys() | new_rules.keys()):
            was = old_rules.get(rule_id, {}).get("outcome", "not evaluated")
            now = new_rules.get(rule_id, {}).get("outcome", "not evaluated")
            if was != now:
                changes.append(Change(treatment, rule_id, was, now))
    return changes


def input_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The reassessment sections whose recorded answers differ between two snapshots."""
    return sorted(key for key in old.keys() | new.keys() if old.get(key) != new.get(key))

"""What changed between two evaluations: plain Python over the stored reports and snapshots.

Stored reports differ in shape across engine versions (a report from before the second edition
has no summary line, staging, work-up reminders or safety reasons, and its ranking has no ECT
referral), so every field is read with a default and compared as a person would read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from reassessment.labels import describe_path
from reassessment.stored import current_document

NOT_EVALUATED = "not evaluated"
TREATMENT_NAMES = {"tms": "TMS", "spravato": "Spravato", "ketamine": "Ketamine", "ect": "ECT referral"}


@dataclass(frozen=True)
class Change:
    treatment: str  # "" for the whole report
    what: str  # in words: "status", or the criterion as the report words it
    before: str
    after: str
    rule_id: str = ""  # the rule, for a link to the rules page (staff); never shown as text


def _criteria(report: dict[str, Any], treatment: str) -> dict[str, dict[str, Any]]:
    for result in report.get("treatments", ()):
        if result["treatment"] == treatment:
            return {c["rule_id"]: c for c in result.get("criteria", ())}
    return {}


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).replace("_", " ")


def _ranking(report: dict[str, Any]) -> str:
    """The ranking as read: "ECT referral, then Spravato, then TMS, then Ketamine"."""
    names = [
        TREATMENT_NAMES.get(o.get("treatment", ""), _shown(o.get("treatment")))
        for o in report.get("ranking", ())
    ]
    return ", then ".join(names) if names else "—"


def _listed(old: tuple[str, ...] | list[str], new: tuple[str, ...] | list[str], what: str) -> list[Change]:
    """Lines added to or dropped from a list of sentences (work-up reminders, safety reasons)."""
    changes = [Change("", what, "—", line) for line in new if line not in old]
    changes += [Change("", what, line, "—") for line in old if line not in new]
    return changes


def evaluation_changes(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Changes in ruleset, urgent flag, ranking, staging, safety reasons and work-up reminders,
    and per treatment: status, score, the summary line and each criterion's outcome."""
    changes: list[Change] = []
    if old.get("ruleset_hash") != new.get("ruleset_hash"):
        changes.append(
            Change("", "ruleset", old.get("ruleset_version", "—"), new.get("ruleset_version", "—"))
        )
    if old.get("urgent_safety_flag") != new.get("urgent_safety_flag"):
        changes.append(
            Change(
                "",
                "urgent safety flag",
                _shown(old.get("urgent_safety_flag")),
                _shown(new.get("urgent_safety_flag")),
            )
        )
    if (before := _ranking(old)) != (after := _ranking(new)):
        changes.append(Change("", "ranking", before, after))
    old_staging = (old.get("staging") or {}).get("text", "—")
    new_staging = (new.get("staging") or {}).get("text", "—")
    if old_staging != new_staging:
        changes.append(Change("", "treatment-resistance stage", old_staging, new_staging))
    changes += _listed(old.get("safety_reasons", ()), new.get("safety_reasons", ()), "suicide-risk screen")
    changes += _listed(old.get("workup", ()), new.get("workup", ()), "work-up reminder")

    old_by = {t["treatment"]: t for t in old.get("treatments", ())}
    for result in new.get("treatments", ()):
        treatment, before_result = result["treatment"], old_by.get(result["treatment"], {})
        for key in ("status", "score", "summary"):
            was, now = before_result.get(key), result.get(key)
            if was != now:
                changes.append(Change(treatment, key, _shown(was), _shown(now)))
        old_rules, new_rules = _criteria(old, treatment), _criteria(new, treatment)
        for rule_id in sorted(old_rules.keys() | new_rules.keys()):
            was_rule, now_rule = old_rules.get(rule_id, {}), new_rules.get(rule_id, {})
            was = was_rule.get("outcome", NOT_EVALUATED)
            now = now_rule.get("outcome", NOT_EVALUATED)
            if was != now:
                # The criterion as the newer report words it (or the older, for a rule now gone).
                what = now_rule.get("rationale") or was_rule.get("rationale") or "a criterion"
                changes.append(Change(treatment, what, _shown(was), _shown(now), rule_id=rule_id))
    return changes


def input_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The reassessment sections whose recorded answers differ between two snapshots, in words.

    Both are read as the current schema first, so a version-1 snapshot compared with a version-2
    one shows the answers that differ, not the upgrade's new (unknown) fields.
    """
    old, new = _current(old), _current(new)
    keys = sorted(
        key for key in old.keys() | new.keys() if key != "schema_version" and old.get(key) != new.get(key)
    )
    return [describe_path(key) for key in keys]


def _current(snapshot: dict[str, Any]) -> dict[str, Any]:
    try:
        return current_document(snapshot)
    except ValidationError:  # a snapshot the current schema refuses is compared as stored
        return snapshot

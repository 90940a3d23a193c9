"""An evaluation's treatment cards: each treatment's result with its criteria in reading order."""

from __future__ import annotations

from typing import Any

from .engine.models import STATUSES
from .models import Decision

# Worst effect first (`common.precedence`); criteria with no effect after those with one.
_EFFECT_ORDER: dict[str | None, int] = {status: index for index, status in enumerate(STATUSES)}


def _criteria_in_reading_order(
    criteria: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(what decides the status, everything else): the lines that impose a status (not met, unknown,
    caution) and the cautions that change no status, worst effect first; folded below them, the
    criteria met and the checks that decide nothing (payer rules, an indication path not taken),
    so "What decides this" never lists a line that does not (issue 10)."""

    def decides(c: dict[str, Any]) -> bool:
        return c.get("status_effect") is not None or (
            c["outcome"] == "not_met" and c.get("kind") == "relative_caution"
        )

    attention = [c for c in criteria if decides(c)]
    met = [c for c in criteria if not decides(c)]
    attention.sort(
        key=lambda c: (
            _EFFECT_ORDER.get(c.get("status_effect"), len(_EFFECT_ORDER)),
            c["outcome"] != "not_met",
        )
    )
    return attention, met


def _card(result: dict[str, Any], decision: Decision | None) -> dict[str, Any]:
    attention, met = _criteria_in_reading_order(list(result.get("criteria", ())))
    return {"result": result, "decision": decision, "attention": attention, "met": met}


def treatment_cards(report: dict[str, Any], decisions: dict[str, Decision]) -> list[dict[str, Any]]:
    """One card per treatment of the report, with the clinician's current decision on it."""
    return [_card(result, decisions.get(result["treatment"])) for result in report["treatments"]]

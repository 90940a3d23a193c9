"""A payer criterion the engine could not judge from the record ("unknown") is worded as such on
the checklist, never as "found it unmet" (issue 12); like an unmet one, it is ticked only with a
written justification."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from benefits.checklist import tick_problem, unjustified
from benefits.checklist_display import _state


@dataclass
class Item:
    finding: str
    satisfied: bool = True
    justification: str = ""
    code: str = "phq9_recent"
    label: str = "PHQ-9 within 30 days"
    required: bool = True


WHY = "The PHQ-9 was given at the referring clinic last week; the scan is attached."


@pytest.mark.parametrize(
    ("item", "state", "words"),
    [
        (Item("met"), "done", "Done"),
        (
            Item("unmet", justification=WHY),
            "justified",
            "Done with a justification: the evaluation found it unmet",
        ),
        (
            Item("unknown", justification=WHY),
            "justified",
            "Done with a justification: it could not be judged from the record",
        ),
        (
            Item("unknown"),
            "unjustified",
            "Marked done without a justification: it could not be judged from the record",
        ),
        (Item("unknown", satisfied=False), "missing", "Not done"),
    ],
)
def test_each_finding_is_worded_for_what_the_engine_found(item: Item, state: str, words: str) -> None:
    assert _state(item) == (state, words)  # type: ignore[arg-type]


def test_an_unknown_criterion_needs_a_justification_in_its_own_words() -> None:
    problem = tick_problem(Item("unknown", satisfied=False), justification="")
    assert problem is not None and "could not judge this payer criterion from the record" in problem
    assert "unmet" not in problem
    assert tick_problem(Item("unknown", satisfied=False), justification=WHY) is None
    assert unjustified([Item("unknown")]) == ["PHQ-9 within 30 days"]

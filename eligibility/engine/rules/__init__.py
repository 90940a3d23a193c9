"""What a rule is: one small check function plus a declarative entry (STYLE.md, "The rules engine").

A check reads the shared ``Facts`` of one evaluation and returns a ``Finding`` for one
treatment: the outcome (``met``, ``not_met``, ``unknown``), the status it imposes, a rationale
naming the patient's own facts, and what would resolve it. ``Finding`` is a plain tuple: the
engine turns it into the report's pydantic ``CriterionResult`` once, at the end.

Outcome reads the criterion as a requirement the patient should clear: ``met`` imposes nothing;
``not_met`` imposes ``effect`` (contraindicated, not_eligible, or eligible_with_cautions for a
relative caution); ``unknown`` means a fact the rule needs is not recorded. A decisive unknown
(absolute contraindication, label criterion, the C-SSRS) imposes ``needs_information``; an
unknown relative caution cannot be assumed absent, so it imposes ``eligible_with_cautions`` and
lists the fact as missing. Payer rules never impose a status.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, NamedTuple

from ..models import Kind, Outcome, Status, Treatment

if TYPE_CHECKING:
    from ..facts import Facts

Scope = Literal["common"] | Treatment


class Gap(NamedTuple):
    """A prior-authorization gap for one coverage policy (index into the treatment's policies)."""

    policy: int
    requirement: str
    rationale: str
    closes_with: str
    source: str


class Finding(NamedTuple):
    outcome: Outcome
    effect: Status | None
    rationale: str
    missing: tuple[str, ...] = ()  # decisive facts not recorded, in plain words
    steps: tuple[str, ...] = ()  # what the clinic can do about it
    gaps: tuple[Gap, ...] = ()  # payer rules only


Check = Callable[["Facts", Treatment], Finding]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    treatment: Scope  # "common": evaluated for each of the three treatments
    kind: Kind
    source: str
    fields: tuple[str, ...]
    summary: str
    check: Check = field(compare=False, repr=False)

    def canonical(self) -> dict[str, object]:
        """The reviewed content of the rule, for the ruleset hash (the check is code, not content)."""
        return {
            "fields": list(self.fields),
            "id": self.id,
            "kind": self.kind,
            "source": self.source,
            "treatment": self.treatment,
        }


# --- Finding helpers ---------------------------------------------------------------------------------


_tuple_new = tuple.__new__


@lru_cache(maxsize=4096)
def met(rationale: str) -> Finding:
    """A met finding. Memoised (bounded) on its text, a pure function of it: the same sentence is the
    same object, so the report's criterion cache finds it by identity instead of comparing text."""
    # tuple.__new__ skips NamedTuple's Python-level __new__: this is the hot path.
    return _tuple_new(Finding, ("met", None, rationale, (), (), ()))


def not_met(
    effect: Status, rationale: str, *, steps: tuple[str, ...] = (), missing: tuple[str, ...] = ()
) -> Finding:
    return Finding("not_met", effect, rationale, missing, steps)


def unknown(
    rationale: str,
    *,
    missing: tuple[str, ...],
    steps: tuple[str, ...] = (),
    effect: Status | None = "needs_information",
) -> Finding:
    return Finding("unknown", effect, rationale, missing, steps)


def caution_unknown(rationale: str, *, missing: tuple[str, ...], steps: tuple[str, ...] = ()) -> Finding:
    """An unknown relative-caution fact: checked before treatment, never a bar."""
    return Finding("unknown", "eligible_with_cautions", rationale, missing, steps)


# As written mid-sentence; `sentence()` capitalises at the start of one.
TREATMENT_NAMES: dict[str, str] = {"tms": "TMS", "spravato": "Spravato", "ketamine": "ketamine"}


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def same_for_every_treatment(check: Check) -> Check:
    """For a check that reads no treatment-specific fact: evaluated once per evaluation."""

    @functools.wraps(check)
    def once(facts: Facts, treatment: Treatment) -> Finding:
        finding = facts.memo.get(check)
        if finding is None:
            finding = facts.memo[check] = check(facts, treatment)
        return finding  # type: ignore[return-value]  # memo holds this check's own Finding

    return once


def yes_and_unknown(*items: tuple[str, str, str]) -> tuple[list[str], list[str]]:
    """For facts recorded as "yes", "no" or "unknown", each given as (answer, what a "yes" shows,
    what an "unknown" leaves open): the facts found and the facts open, in the order given."""
    found = [yes for answer, yes, _ in items if answer == "yes"]
    open_ = [unknown for answer, _, unknown in items if answer == "unknown"]
    return found, open_

"""The intake's sections read back: what was recorded, as label/value pairs, for the summary a
clinician reviews before signing (the forms that record it are sections.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, get_origin

from pydantic import BaseModel

from .labels import field_label, value_label
from .sections import (
    SECTIONS,
    SectionSpec,
    answered_none,
    applicable,
    capfirst,
    section_value,
    unwrap_optional,
)


def _shown(value: Any, field: str = "", model: type[BaseModel] | None = None) -> str:
    if isinstance(value, list | tuple):
        if field == "items":
            return ", ".join(str(v) for v in value)
        return ", ".join(_shown(v, field) for v in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{field_label(k)}: {_shown(v, k)}" for k, v in value.items())
    return value_label(value, field)


@dataclass(frozen=True)
class SectionDisplay:
    spec: SectionSpec
    rows: tuple[tuple[tuple[str, str], ...], ...]  # one row for an object section, one per list entry
    none_of_these: bool = False  # a list answered "None of these"


def _pairs(model: type[BaseModel], entry: dict[str, Any], exclude: tuple[str, ...]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for name, info in model.model_fields.items():
        if name in exclude or name not in entry:
            continue
        annotation, _ = unwrap_optional(info.annotation)
        value = entry[name]
        if isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(value, dict):
            # The nested parts' labels say what they belong to ("C-SSRS date", "Blood pressure: …").
            pairs += _pairs(annotation, value, ())
        else:
            shown = _shown(value, name, model)
            # A coded answer reads as a choice does on the form ("Alcohol"); free text as typed.
            pairs.append(
                (field_label(name, model), capfirst(shown) if get_origin(annotation) is Literal else shown)
            )
    return pairs


def recorded_answers(document: dict[str, Any]) -> list[SectionDisplay]:
    """Every section as label/value pairs, for the summary a clinician reviews before signing."""
    shown = []
    for spec in SECTIONS:
        value = section_value(document, spec)
        entries = value if spec.many else [value or {}]
        # A question not asked of this patient (pregnancy of a male patient) is not shown either.
        exclude = applicable(spec, document).exclude
        rows = tuple(tuple(_pairs(spec.model, entry, exclude)) for entry in entries or ())
        shown.append(SectionDisplay(spec=spec, rows=rows, none_of_these=answered_none(document, spec)))
    return shown


SectionState = Literal["complete", "incomplete", "attention"]
STATE_WORDS: dict[str, str] = {
    "complete": "complete",
    "incomplete": "incomplete",
    "attention": "needs attention",
}


@dataclass(frozen=True)
class SectionStatus:
    spec: SectionSpec
    state: SectionState

    @property
    def words(self) -> str:
        return STATE_WORDS[self.state]


def _owner(path: list[str]) -> SectionSpec | None:
    """The section whose document path is the longest prefix of ``path`` (implants before medical)."""
    owners = [s for s in SECTIONS if list(s.path) == path[: len(s.path)]]
    return max(owners, key=lambda s: len(s.path), default=None)


def section_states(
    document: dict[str, Any], computed: dict[str, Any], *, safety_open: bool, with_errors: str = ""
) -> list[SectionStatus]:
    """Each section's state for the section list, from completeness (computed["missing"]):
    needs attention when an unresolved safety flag points at it or its last save had errors;
    incomplete when completeness lists something in it, or a list section is still unanswered;
    complete otherwise."""
    incomplete: set[str] = set()
    for missing in computed.get("missing") or ():
        path = [p for p in f"{missing['section']}.{missing.get('item') or ''}".split(".") if p]
        if (owner := _owner(path)) is not None:
            incomplete.add(owner.slug)
    attention = {with_errors} if with_errors else set()
    if safety_open:
        attention.add("safety")
        if (computed.get("safety") or {}).get("item9_unscreened_on"):
            attention.add("phq9")
    states = []
    for spec in SECTIONS:
        unanswered = spec.many and not section_value(document, spec) and not answered_none(document, spec)
        state: SectionState = "complete"
        if spec.slug in attention:
            state = "attention"
        elif spec.slug in incomplete or (unanswered and spec.none_key):
            state = "incomplete"
        states.append(SectionStatus(spec=spec, state=state))
    return states

"""The intake's sections read back: what was recorded, as label/value pairs, for the summary a
clinician reviews before signing (the forms that record it are sections.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, get_origin

from pydantic import BaseModel

from .labels import field_label, value_label
from .sections import SECTIONS, SectionSpec, answered_none, capfirst, section_value, unwrap_optional


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
        rows = tuple(tuple(_pairs(spec.model, entry, spec.exclude)) for entry in entries or ())
        shown.append(SectionDisplay(spec=spec, rows=rows, none_of_these=answered_none(document, spec)))
    return shown

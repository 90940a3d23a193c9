"""How the engine writes names and lists in its sentences (shared by facts, rules and the report)."""

from __future__ import annotations

from collections.abc import Sequence

from reassessment.catalog import DRUGS, OTHER_DRUGS, DrugClass
from reassessment.labels import value_label


def drug_name(key: str) -> str:
    name = _DRUG_NAMES.get(key)
    return name if name is not None else _drug_name(key)


def _drug_name(key: str) -> str:
    other = OTHER_DRUGS.get(key)
    if other is not None:
        return other.name[:1].lower() + other.name[1:]
    return key.replace("_", " ")


# Every catalog drug's name, written once (long histories name each trial's drug several times).
_DRUG_NAMES: dict[str, str] = {key: _drug_name(key) for key in (*DRUGS, *OTHER_DRUGS)}


def _mid_sentence(label: str) -> str:
    # "Serotonin modulator" -> "serotonin modulator"; "SSRI", "NaSSA" and "5-HT1A agonist" keep theirs.
    rest = label[1:]
    return label[:1].lower() + rest if rest == rest.lower() and not label[:1].isdigit() else label


# Each antidepressant class as written mid-sentence, from the labels the intake pages show.
CLASS_NAMES: dict[str, str] = {c.value: _mid_sentence(value_label(c.value, "drug_class")) for c in DrugClass}


def names(items: Sequence[str]) -> str:
    return ", ".join(items)


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def joined(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"

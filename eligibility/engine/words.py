"""How the engine writes names and lists in its sentences (shared by facts, rules and the report)."""

from __future__ import annotations

from collections.abc import Sequence

from reassessment.catalog import DRUGS, OTHER_DRUGS


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


def names(items: Sequence[str]) -> str:
    return ", ".join(items)


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def joined(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"

"""How the engine writes names and lists in its sentences (shared by facts, rules and the report)."""

from __future__ import annotations

from collections.abc import Sequence

from reassessment.catalog import OTHER_DRUGS


def drug_name(key: str) -> str:
    other = OTHER_DRUGS.get(key)
    if other is not None:
        return other.name[:1].lower() + other.name[1:]
    return key.replace("_", " ")


def names(items: Sequence[str]) -> str:
    return ", ".join(items)


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def joined(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"

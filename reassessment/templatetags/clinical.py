from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def words(value: object) -> str:
    """``moderately_severe`` -> ``moderately severe``: codes shown as plain words."""
    return str(value).replace("_", " ") if value is not None else ""

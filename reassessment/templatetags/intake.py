"""The intake form's own template helpers: the PHQ-9 row's total as the server sees it, so the
page shows it without JavaScript (static/js/intake.js only keeps it live while choosing)."""

from __future__ import annotations

from django import template
from django.forms import Form

register = template.Library()


@register.filter
def phq9_total(row: Form) -> str:
    """ "17 of 27 (9 of 9 items answered)" from the row's posted or stored item scores."""
    scores = []
    for i in range(1, 10):
        raw = row[f"items_{i}"].value()
        if raw not in (None, "") and str(raw).isdigit() and 0 <= int(raw) <= 3:
            scores.append(int(raw))
    return f"{sum(scores)} of 27 ({len(scores)} of 9 items answered)"

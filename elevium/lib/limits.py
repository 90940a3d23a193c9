"""What people may type, in one place for the API serializers and the HTML forms alike.

A page's form and the API operation behind it take the same text, so they share its limits and
its messages: a value one refuses the other refuses too, in the same words. Both kinds of text
field refuse a NUL character (Django's and DRF's CharField carry ProhibitNullCharactersValidator,
"Null characters are not allowed."), which PostgreSQL cannot store in text; the length limit
keeps a pasted megabyte from being saved and then shown on every page of the record.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from rest_framework import serializers

# --- Limits, in characters ---------------------------------------------------------------------

NOTE = 4_000  # a PA case note, or the note with a transition or an approval
CHECKLIST_CODE = 48
CHECKLIST_NOTE = 2_000
AUTHORIZATION_NUMBER = 64
DECISION_REASON = 4_000
SAFETY_NOTE = 4_000
BENEFITS_REFERENCE = 64
BENEFITS_NOTE = 2_000
MEMBER_ID = 64  # as the coverage's column holds it
GROUP_NUMBER = 64
# The largest value a PositiveIntegerField column holds on PostgreSQL; beyond it a save fails.
COUNT_MAX = 2**31 - 1
# Money: dollars and cents up to 99,999,999.99, as the columns hold it.
MONEY_DIGITS = 10
MONEY_PLACES = 2
MAINTENANCE_SESSIONS = 200  # Spravato maintenance sessions in one estimate

# Dates a payer's approval can plausibly carry: arithmetic on them (renewal reminders, day
# counts) stays far inside what a date holds, where 9999-12-31 plus a day would overflow.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2199, 12, 31)


def too_long(limit: int) -> str:
    return f"Write at most {limit:,} characters here."


def date_in_range(value: dt.date) -> None:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            f"Enter a date between {EARLIEST_DATE.year} and {LATEST_DATE.year}.", code="date_range"
        )


# --- The same field, for each side -----------------------------------------------------------------


def api_text(limit: int, **kwargs: Any) -> serializers.CharField:
    """A DRF text field with the shared limit and message (NULs refused by DRF itself)."""
    return serializers.CharField(max_length=limit, error_messages={"max_length": too_long(limit)}, **kwargs)


def form_text(
    limit: int, *, required: bool = True, required_message: str = "", **kwargs: Any
) -> forms.CharField:
    """A form text field with the shared limit and message (NULs refused by Django itself)."""
    messages = {"max_length": too_long(limit)}
    if required_message:
        messages["required"] = required_message
    return forms.CharField(max_length=limit, required=required, error_messages=messages, **kwargs)


def api_date(**kwargs: Any) -> serializers.DateField:
    return serializers.DateField(validators=[date_in_range], **kwargs)


def form_date(**kwargs: Any) -> forms.DateField:
    return forms.DateField(validators=[date_in_range], **kwargs)


def form_errors(form: forms.Form) -> list[str]:
    """A bound form's errors as sentences, each led by its field's label (never its key)."""
    out = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        for error in errors:
            out.append(f"{label}: {error}" if label else str(error))
    return out

"""Forms of the reassessment pages outside the section editor: the API's limits and messages
(elevium/lib/limits.py)."""

from __future__ import annotations

from django import forms

from elevium.lib import limits

from .models import SafetyActionKind


class SafetyActionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Action",
        choices=SafetyActionKind.choices,
        error_messages={
            "invalid_choice": "Choose one of the listed actions.",
            "required": "Choose an action.",
        },
    )
    note = limits.form_text(limits.SAFETY_NOTE, required_message="Describe what was done.")

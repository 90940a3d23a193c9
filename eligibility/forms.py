"""The clinician's decision form: the API's limits and messages (elevium/lib/limits.py)."""

from __future__ import annotations

from django import forms

from elevium.lib import limits
from treatments.models import TreatmentSlug

from .engine.models import STATUSES
from .models import DecisionKind


class DecisionForm(forms.Form):
    treatment = forms.ChoiceField(
        choices=TreatmentSlug.choices,
        error_messages={"invalid_choice": "Choose one of the listed treatments."},
    )
    kind = forms.ChoiceField(
        label="Decision",
        choices=DecisionKind.choices,
        error_messages={
            "invalid_choice": "Choose accept or override.",
            "required": "Choose accept or override.",
        },
    )
    clinician_status = forms.ChoiceField(
        label="Your conclusion",
        choices=[(s, s.replace("_", " ")) for s in STATUSES],
        required=False,
        error_messages={"invalid_choice": "Choose one of the listed conclusions."},
    )
    reason = limits.form_text(limits.DECISION_REASON, required=False)


class ReviewerQueueForm(forms.Form):
    """The reviewer queue's filters (GET): ticks and a batch id, never patient data."""

    overridden = forms.BooleanField(required=False, label="Overridden by a clinician")
    stale = forms.BooleanField(required=False, label="Out of date")
    urgent = forms.BooleanField(required=False, label="Urgent safety flag")
    batch = forms.UUIDField(
        required=False,
        label="Status changed by batch",
        error_messages={"invalid": "Choose one of the listed batches."},
    )

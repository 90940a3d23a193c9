"""The HTML forms of the course pages. Each only checks the shape of what was typed; what fits
the treatment and the protocol is the services' question (courses/services), and their refusals
come back as sentences. Labels are the words a field's error is led by (elevium.lib.limits)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from elevium.lib import limits

from .models import BpDecision, DecisionKind, Route, Severity, SpravatoIndication, TmsProtocol
from .status_actions import ACTION_WORDS

BLANK = [("", "Not recorded")]


def _number(label: str, low: int, high: int, *, required: bool = False, **kwargs: Any) -> forms.IntegerField:
    words = f"Enter a whole number from {low} to {high}."
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        required=required,
        error_messages={"invalid": words, "min_value": words, "max_value": words, "required": words},
        **kwargs,
    )


def _decimal(label: str, low: float, high: float, places: int, words: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(str(low)),
        max_value=Decimal(str(high)),
        decimal_places=places,
        error_messages={
            "invalid": words,
            "min_value": words,
            "max_value": words,
            "max_decimal_places": words,
        },
    )


def _choice(label: str, choices: list[tuple[str, str]], **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=False,
        error_messages={"invalid_choice": "Choose one of the listed options."},
        **kwargs,
    )


class SessionForm(forms.Form):
    """Every field a session of any treatment takes; the page shows the ones of its treatment."""

    given_at = forms.DateTimeField(
        label="Given at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"required": "Enter when the session was given.", "invalid": "Enter a date and time."},
    )
    # TMS
    motor_threshold_percent = _number("Motor threshold (% of output)", 1, 100)
    motor_threshold_redetermined = forms.BooleanField(
        label="Motor threshold determined again today", required=False
    )
    intensity_percent_mt = _number("Intensity (% of motor threshold)", 1, 200)
    pulses = _number("Pulses", 1, 20000)
    tms_protocol = _choice("Protocol", [("", "Choose"), *TmsProtocol.choices])
    coil = limits.form_text(100, required=False, label="Coil")
    target = limits.form_text(100, required=False, label="Target")
    # Spravato and ketamine
    bp_pre_systolic = _number("Blood pressure before dosing, systolic", 40, 300)
    bp_pre_diastolic = _number("Blood pressure before dosing, diastolic", 40, 300)
    bp_decision = forms.ChoiceField(
        label="Decision on a blood pressure above 140/90",
        choices=[("", "Not needed: at or below 140/90"), *[c for c in BpDecision.choices if c[0]]],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the listed options."},
    )
    bp_decided_by = forms.TypedChoiceField(
        label="Clinician who weighed the risk", coerce=int, required=False, empty_value=None, choices=[]
    )
    heart_rate = _number("Heart rate (beats a minute)", 20, 250)
    dose_mg = forms.TypedChoiceField(
        label="Dose",
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "Choose"), ("28", "28 mg"), ("56", "56 mg"), ("84", "84 mg")],
        error_messages={"invalid_choice": "Choose 28, 56 or 84 mg."},
    )
    weight_kg = _decimal("Weight (kg)", 1, 400, 1, "Enter the weight in kilograms, like 72.5.")
    dose_mg_per_kg = _decimal(
        "Dose (mg/kg)", 0.01, 5, 2, "Enter the dose in milligrams per kilogram, like 0.5."
    )
    route = _choice("Route", [("", "Choose"), *Route.choices])
    infusion_minutes = _number("Infusion time (minutes)", 1, 480)
    # Every treatment
    side_effects = limits.form_text(
        2000, required=False, label="Side effects", widget=forms.Textarea(attrs={"rows": 2})
    )
    adverse_event = _choice(
        "Seizure or syncope", [("", "Neither"), ("seizure", "Seizure"), ("syncope", "Syncope")]
    )
    notes = limits.form_text(4000, required=False, label="Notes", widget=forms.Textarea(attrs={"rows": 2}))
    slot_id = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, clinicians: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["bp_decided_by"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101 - declared above
        field.choices = [("", "I did, or none was needed"), *(clinicians or [])]


class ObservationForm(forms.Form):
    """Observations after dosing; an empty field leaves what was recorded."""

    bp_40_systolic = _number("Blood pressure at about 40 minutes, systolic", 40, 300)
    bp_40_diastolic = _number("Blood pressure at about 40 minutes, diastolic", 40, 300)
    bp_discharge_systolic = _number("Blood pressure before discharge, systolic", 40, 300)
    bp_discharge_diastolic = _number("Blood pressure before discharge, diastolic", 40, 300)
    sedation = _choice("Sedation", [("", "Not recorded"), *Severity.choices])
    dissociation = _choice("Dissociation", [("", "Not recorded"), *Severity.choices])
    spo2_lowest = _number("Lowest oxygen saturation (%)", 50, 100)
    transport_arranged = forms.BooleanField(label="A ride home is arranged", required=False)

    def sent(self) -> dict[str, Any]:
        """Only what was entered: the service changes only the fields it is given."""
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "", False)}


class MeasurementForm(forms.Form):
    total = _number("PHQ-9 total", 0, 27, required=True)
    item9 = _number("Item 9 (thoughts of self-harm)", 0, 3)
    measured_on = limits.form_date(
        label="Measured on",
        error_messages={"required": "Enter the day it was measured.", "invalid": "Enter a date."},
    )


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Next step",
        choices=DecisionKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the next step.",
            "invalid_choice": "Choose one of the listed next steps.",
        },
    )
    extra_sessions = _number("Extra sessions, when extending", 1, 60)
    note = limits.form_text(
        2000, required=False, label="Reason or note", widget=forms.Textarea(attrs={"rows": 2})
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


class StatusForm(forms.Form):
    """A course's status moved by the clinician from the course page (the buttons shown are the
    moves its status allows: courses/status_actions.py)."""

    to = forms.ChoiceField(
        choices=[],
        error_messages={
            "required": "Choose what to do.",
            "invalid_choice": "Choose one of the listed actions.",
        },
    )
    reason = limits.form_text(2000, required=False, label="Reason", widget=forms.Textarea(attrs={"rows": 2}))
    confirm = forms.BooleanField(
        required=False, label="Yes, stop this course: no more sessions are given on it."
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = list(ACTION_WORDS.items())


class FileForm(forms.Form):
    confirmation = limits.form_text(64, required=False, label="REMS confirmation number")


class EnrolmentForm(forms.Form):
    enrolled_on = limits.form_date(
        label="Enrolled on",
        error_messages={"required": "Enter the enrolment date.", "invalid": "Enter a date."},
    )
    reference = limits.form_text(64, required=False, label="REMS patient enrolment number")


class StartForm(forms.Form):
    starts_on = limits.form_date(
        label="First session on",
        error_messages={"required": "Enter the first day.", "invalid": "Enter a date."},
    )
    protocol = _choice("Protocol", [])
    planned_sessions = _number("Planned sessions", 1, 200, help_text="Leave empty for the usual count.")
    spravato_indication = _choice("Spravato indication", [("", "Choose"), *SpravatoIndication.choices])

    def __init__(self, *args: Any, protocols: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["protocol"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = [("", "The catalog's default"), *protocols]


class SelfPayStartForm(StartForm):
    treatment = forms.ChoiceField(
        label="Treatment",
        choices=[("tms", "TMS"), ("spravato", "Spravato"), ("ketamine", "Ketamine")],
        error_messages={
            "required": "Choose a treatment.",
            "invalid_choice": "Choose TMS, Spravato or ketamine.",
        },
    )

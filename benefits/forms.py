"""The coordinator's forms: the same limits and messages as the API serializers (elevium/lib/limits.py),
so a value the API refuses with a 400 is a form error here, never a 500 or a megabyte saved."""

from __future__ import annotations

from django import forms

from elevium.lib import limits
from treatments.models import TreatmentSlug

from .models import PaCaseStatus, Priority

YES_NO = (("yes", "Yes"), ("no", "No"))


def _yes(value: str) -> bool:
    return value == "yes"


def _revision() -> forms.IntegerField:
    # Missing reads as 0, which never matches: a form that does not say what it was based on is
    # refused as stale by the service rather than saved blindly.
    return forms.IntegerField(required=False, min_value=0, max_value=limits.COUNT_MAX)


def _count(minimum: int, **kwargs: object) -> forms.IntegerField:
    return forms.IntegerField(
        required=False,
        min_value=minimum,
        max_value=limits.COUNT_MAX,
        error_messages={"invalid": "Enter a whole number."},
        **kwargs,  # type: ignore[arg-type]
    )


class TransitionForm(forms.Form):
    to = forms.ChoiceField(
        label="Next status",
        choices=PaCaseStatus.choices,
        error_messages={
            "invalid_choice": "Choose one of the listed statuses.",
            "required": "Choose a status.",
        },
    )
    revision = _revision()
    note = limits.form_text(limits.NOTE, required=False)


class ChecklistMarkForm(forms.Form):
    code = limits.form_text(limits.CHECKLIST_CODE, label="Checklist item", required_message="Choose an item.")
    satisfied = forms.TypedChoiceField(
        choices=YES_NO, coerce=_yes, required=False, empty_value=False, label="Satisfied"
    )
    note = limits.form_text(limits.CHECKLIST_NOTE, required=False)


class ApprovalForm(forms.Form):
    authorization_number = limits.form_text(
        limits.AUTHORIZATION_NUMBER, required_message="Enter the payer's authorization number."
    )
    approved_units = _count(1)
    valid_from = limits.form_date(
        label="Valid from",
        error_messages={"required": "Give the approval's first day.", "invalid": "Enter a date."},
    )
    valid_until = limits.form_date(
        label="Valid until",
        error_messages={"required": "Give the approval's last day.", "invalid": "Enter a date."},
    )
    revision = _revision()
    note = limits.form_text(limits.NOTE, required=False)


class UnitsForm(forms.Form):
    used_units = _count(0, label="Units used")
    revision = _revision()


class NoteForm(forms.Form):
    text = limits.form_text(limits.NOTE, label="Note", required_message="Write the note.")


class CaseNewForm(forms.Form):
    coverage = forms.UUIDField(error_messages={"invalid": "Choose one of the patient's coverages."})
    treatment = forms.ChoiceField(
        choices=TreatmentSlug.choices,
        error_messages={"invalid_choice": "Choose one of the listed treatments."},
    )
    priority = forms.ChoiceField(
        choices=Priority.choices,
        required=False,
        error_messages={"invalid_choice": "Choose one of the listed priorities."},
    )
    expedited = forms.TypedChoiceField(choices=YES_NO, coerce=_yes, required=False, empty_value=False)


class WorklistFilterForm(forms.Form):
    """The worklist's filters (GET). A value that is not one of the choices is set aside with a
    message; the rest still filter."""

    status = forms.ChoiceField(
        choices=PaCaseStatus.choices,
        required=False,
        error_messages={"invalid_choice": "Choose a listed status."},
    )
    payer = _count(1, label="Payer")
    treatment = forms.ChoiceField(
        choices=TreatmentSlug.choices,
        required=False,
        error_messages={"invalid_choice": "Choose a listed treatment."},
    )
    owner = forms.CharField(required=False, max_length=12)
    overdue = forms.ChoiceField(choices=YES_NO, required=False)

    def filters(self) -> dict[str, object]:
        data = self.cleaned_data if self.is_bound else {}
        owner = str(data.get("owner") or "")
        return {
            "status": data.get("status") or None,
            "payer": data.get("payer"),
            "treatment": data.get("treatment") or None,
            "owner": int(owner) if owner.isascii() and owner.isdigit() and len(owner) <= 9 else None,
            "unassigned": owner == "none",
            "overdue": {"yes": True, "no": False}.get(str(data.get("overdue") or "")),
        }

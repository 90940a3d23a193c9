"""The coordinator's forms: the same limits and messages as the API serializers (elevium/lib/limits.py),
so a value the API refuses with a 400 is a form error here, never a 500 or a megabyte saved."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms

from elevium.lib import limits
from treatments.models import TreatmentSlug

from .courses import course_for, missing_prices, with_fees
from .estimates import CourseCost
from .models import CheckMethod, CoverageRank, CoverageStatus, FeeItem, PaCaseStatus, Plan, Priority

SPRAVATO_DOSES = [(28, "28"), (56, "56"), (84, "84")]  # mg: one, two or three 28 mg devices

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


# Moves that end the request for good (no way back): each asks for a reason and an explicit
# confirmation, so one stray click cannot end a case. "Denied" is not one: it records the payer's
# answer, and a denial can still be appealed. The text is the confirmation box's label.
CONFIRMED_MOVES: dict[str, str] = {
    PaCaseStatus.WITHDRAWN: "Yes, withdraw this request",
    PaCaseStatus.EXPIRED: "Yes, mark this request expired",
}


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
    confirm = forms.BooleanField(required=False)

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        to = cleaned.get("to")
        if to in CONFIRMED_MOVES:
            if not str(cleaned.get("note") or "").strip() and "note" not in self.errors:
                self.add_error("note", "Give the reason for this step: it is kept on the case's timeline.")
            if not cleaned.get("confirm"):
                confirm = CONFIRMED_MOVES[str(to)]
                self.add_error("confirm", f"Tick '{confirm}' to confirm: this cannot be undone.")
        return cleaned


class ChecklistMarkForm(forms.Form):
    code = limits.form_text(limits.CHECKLIST_CODE, label="Checklist item", required_message="Choose an item.")
    satisfied = forms.TypedChoiceField(
        choices=YES_NO,
        coerce=_yes,
        required=False,
        empty_value=False,  # type: ignore[arg-type]  # any value is allowed; the stubs say str
        label="Satisfied",
    )
    note = limits.form_text(limits.CHECKLIST_NOTE, required=False)
    justification = limits.form_text(limits.CHECKLIST_NOTE, required=False, label="Justification")


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
    expedited = forms.TypedChoiceField(
        choices=YES_NO,
        coerce=_yes,
        required=False,
        empty_value=False,  # type: ignore[arg-type]  # any value is allowed; the stubs say str
    )


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


# --- The coverage page: a benefits check and the course estimate --------------------------------


def _money(*, required: bool = False, **kwargs: object) -> forms.DecimalField:
    return forms.DecimalField(
        required=required,
        min_value=0,
        max_digits=limits.MONEY_DIGITS,
        decimal_places=limits.MONEY_PLACES,
        error_messages={"invalid": "Enter an amount in dollars and cents."},
        **kwargs,  # type: ignore[arg-type]
    )


class BenefitsCheckForm(forms.Form):
    """The API's BenefitsCheckSerializer, for the page: the same fields, limits and defaults."""

    ZERO_IF_BLANK = ("deductible", "deductible_met", "coinsurance_pct", "copay", "oop_met", "visits_used")

    treatment = forms.ChoiceField(
        choices=TreatmentSlug.choices,
        error_messages={"invalid_choice": "Choose one of the listed treatments."},
    )
    method = forms.ChoiceField(
        choices=[c for c in CheckMethod.choices if c[0] != CheckMethod.PENDING],
        error_messages={"invalid_choice": "Choose phone, portal or gateway."},
    )
    coverage_status = forms.ChoiceField(
        choices=CoverageStatus.choices,
        error_messages={"invalid_choice": "Choose one of the listed statuses."},
    )
    pa_required = forms.NullBooleanField(required=False)
    deductible = _money(label="Deductible")
    deductible_met = _money(label="Deductible met")
    coinsurance_pct = forms.DecimalField(
        label="Coinsurance",
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=limits.MONEY_PLACES,
    )
    copay = _money(label="Copay per visit")
    oop_max = _money(label="Out-of-pocket maximum")
    oop_met = _money(label="Out-of-pocket met")
    visit_limit = _count(0, label="Visit limit")
    visits_used = _count(0, label="Visits used")
    reference = limits.form_text(limits.BENEFITS_REFERENCE, required=False, label="Call or portal reference")
    note = limits.form_text(limits.BENEFITS_NOTE, required=False)

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        for name in self.ZERO_IF_BLANK:
            if name in cleaned and cleaned[name] is None:
                cleaned[name] = 0
        return cleaned


class EstimateForm(forms.Form):
    """The API's EstimateSerializer, for the page: the clinic's prices for one course."""

    treatment = forms.ChoiceField(
        choices=TreatmentSlug.choices,
        error_messages={"invalid_choice": "Choose one of the listed treatments."},
    )
    price_initial = _money(label=FeeItem.PRICE_INITIAL.label)
    price_subsequent = _money(label=FeeItem.PRICE_SUBSEQUENT.label)
    price_g2082 = _money(label=FeeItem.PRICE_G2082.label)
    price_g2083 = _money(label=FeeItem.PRICE_G2083.label)
    dose_mg = forms.TypedChoiceField(
        choices=SPRAVATO_DOSES,
        coerce=int,
        required=False,
        empty_value=84,  # type: ignore[arg-type]  # any value is allowed; the stubs say str
    )
    maintenance_dose_mg = forms.TypedChoiceField(
        choices=SPRAVATO_DOSES, coerce=int, required=False, empty_value=None
    )
    maintenance_sessions = forms.IntegerField(
        required=False, min_value=0, max_value=limits.MAINTENANCE_SESSIONS
    )
    price_infusion = _money(label=FeeItem.PRICE_INFUSION.label)

    def __init__(self, *args: Any, fees: Mapping[str, Decimal] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fees = fees or {}

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if "treatment" in cleaned:
            # A price left empty is the clinic's fee schedule's, when it has one.
            cleaned.update(with_fees(cleaned, self.fees))
            for name, problems in missing_prices(cleaned).items():
                if name not in self.errors:
                    self.add_error(name, problems)
        return cleaned

    def course(self) -> CourseCost:
        return course_for(self.cleaned_data)


# --- A patient's coverages, from the patient page --------------------------------------------------


if TYPE_CHECKING:  # generic only to the type checker (no django_stubs_ext patch)
    _PlanModelChoiceField = forms.ModelChoiceField[Plan]
else:
    _PlanModelChoiceField = forms.ModelChoiceField


class PlanChoiceField(_PlanModelChoiceField):
    def label_from_instance(self, obj: Plan) -> str:
        return f"{obj.payer.name} — {obj.name}"


class CoverageForm(forms.Form):
    """Add or edit a coverage: the payer and plan (the seeded plans, by payer), the card's
    member and group numbers, primary or secondary, and the period it holds."""

    plan = PlanChoiceField(
        queryset=Plan.objects.select_related("payer").order_by("payer__name", "name"),
        label="Payer and plan",
        empty_label="Choose the payer and plan",
        error_messages={
            "required": "Choose the payer and plan.",
            "invalid_choice": "Choose one of the listed plans.",
        },
    )
    member_id = limits.form_text(
        limits.MEMBER_ID, label="Member id", required_message="Enter the member id printed on the card."
    )
    group_number = limits.form_text(limits.GROUP_NUMBER, label="Group number", required=False)
    rank = forms.ChoiceField(
        label="Primary or secondary",
        choices=CoverageRank.choices,
        initial=CoverageRank.PRIMARY,
        error_messages={
            "invalid_choice": "Choose primary or secondary.",
            "required": "Choose primary or secondary.",
        },
    )
    valid_from = limits.form_date(
        label="Covered from",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Give the first day of cover.", "invalid": "Enter a date."},
    )
    valid_to = limits.form_date(
        label="Covered until",
        required=False,
        help_text="Leave empty while the coverage continues.",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date."},
    )

    def __init__(self, *args: Any, revision: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if revision is not None:
            # An edit carries the revision it was read at: a stale one is refused (409).
            self.fields["revision"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, min_value=0, initial=revision
            )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", "The coverage cannot end before it starts.")
        return cleaned


class CoverageEndForm(forms.Form):
    valid_to = limits.form_date(
        label="Last day of cover",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Give the last day of cover.", "invalid": "Enter a date."},
    )

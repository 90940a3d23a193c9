"""Registration: the patient's details and, optionally, their insurance coverage (payer and plan
chosen from the list, as on the coverage form), saved together or not at all. Every refusal is
a field-level 400 with everything typed kept."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from benefits.forms import CoverageForm
from elevium.accounts.access import role_required
from elevium.accounts.http import AuthenticatedHttpRequest
from patients.forms import PatientForm
from patients.views import WRITE_ROLES
from reassessment.errors import DocumentInvalid

from .registration import patient_register

COVERAGE_PREFIX = "coverage"
# Typing either of these asks for a coverage; the start date and rank have defaults on screen.
_COVERAGE_WANTED_BY = ("plan", "member_id", "group_number")


def _coverage_wanted(data: Any) -> bool:
    return any(str(data.get(f"{COVERAGE_PREFIX}-{name}", "")).strip() for name in _COVERAGE_WANTED_BY)


def _forms(request: AuthenticatedHttpRequest) -> tuple[PatientForm, CoverageForm]:
    data = request.POST or None
    patient = PatientForm(data, user=request.user)
    coverage = CoverageForm(
        data if data is not None and _coverage_wanted(data) else None,
        prefix=COVERAGE_PREFIX,
        initial={"valid_from": timezone.localdate()},
    )
    if data is not None and not coverage.is_bound:
        # Not asked for: shown again as typed (the start date, the rank) but not checked.
        coverage = CoverageForm(prefix=COVERAGE_PREFIX, initial=_typed(data))
    return patient, coverage


def _typed(data: Any) -> dict[str, Any]:
    return {name: data.get(f"{COVERAGE_PREFIX}-{name}", "") for name in CoverageForm.base_fields}


def _register(
    request: AuthenticatedHttpRequest, patient_form: PatientForm, coverage_form: CoverageForm
) -> Any:
    try:
        return patient_register(
            actor=request.user,
            patient=patient_form.cleaned_data,
            coverage=coverage_form.cleaned_data if coverage_form.is_bound else None,
        )
    except ValidationError as exc:
        patient_form.add_service_error(exc)
    except DocumentInvalid as exc:
        for name, problems in exc.errors.items():
            coverage_form.add_error(name if name in coverage_form.fields else None, problems)
    return None


@role_required(*WRITE_ROLES)
@require_http_methods(["GET", "POST"])
def patient_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    patient_form, coverage_form = _forms(request)
    if request.method == "POST":
        # Both checked before anything is written, so every problem shows at once.
        valid = patient_form.is_valid()
        valid = (coverage_form.is_valid() if coverage_form.is_bound else True) and valid
        patient = _register(request, patient_form, coverage_form) if valid else None
        if patient is not None:
            insured = " with their coverage" if coverage_form.is_bound else ""
            messages.success(request, f"Patient registered{insured}.")
            return redirect("patients:patient-detail", patient_id=patient.id)
    failed = request.method == "POST" and bool(patient_form.errors or coverage_form.errors)
    return render(
        request,
        "patients/patient_form.html",
        {"form": patient_form, "coverage_form": coverage_form, "patient": None},
        status=400 if failed else 200,
    )

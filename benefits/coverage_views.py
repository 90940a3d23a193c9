"""A patient's coverages, from the patient page: add, edit and end one (coordinators, and
clinicians at registration). Each write goes through one service in benefits/coverage_services.py;
a refused form keeps what was typed."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from elevium.accounts.access import role_required
from elevium.accounts.http import AuthenticatedHttpRequest
from elevium.accounts.roles import PATIENT_WRITERS
from elevium.lib.form_actions import run_posted
from eligibility.selectors import stale_evaluations_for_patient
from patients.selectors import patient_get_for_user
from reassessment.errors import DocumentInvalid

from .coverage_services import CoverageStale, coverage_create, coverage_end, coverage_update
from .forms import CoverageEndForm, CoverageForm
from .selectors import coverage_get_for_user

WRITERS = PATIENT_WRITERS
STALE_NOTE = " The patient's evaluations are out of date: re-evaluate from the patient page."


def _service_errors(form: CoverageForm | CoverageEndForm, exc: DocumentInvalid) -> None:
    for name, problems in exc.errors.items():
        form.add_error(name if name in form.fields else None, problems)


def _render(
    request: AuthenticatedHttpRequest,
    form: CoverageForm,
    *,
    patient: Any,
    coverage: Any = None,
    status: int | None = None,
) -> HttpResponse:
    return render(
        request,
        "benefits/coverage_form.html",
        {"form": form, "patient": patient, "coverage": coverage},
        status=status or (400 if form.is_bound and form.errors else 200),
    )


@role_required(*WRITERS)
@require_http_methods(["GET", "POST"])
def coverage_new(request: AuthenticatedHttpRequest, patient_id: uuid.UUID) -> HttpResponse:
    patient = patient_get_for_user(user=request.user, patient_id=patient_id)
    form = CoverageForm(request.POST or None, initial={"valid_from": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            coverage_create(actor=request.user, patient=patient, **form.cleaned_data)
        except DocumentInvalid as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, "Coverage added." + _stale_note(request, patient.id))
            return redirect("patients:patient-detail", patient_id=patient.id)
    return _render(request, form, patient=patient)


@role_required(*WRITERS)
@require_http_methods(["GET", "POST"])
def coverage_edit(request: AuthenticatedHttpRequest, coverage_id: uuid.UUID) -> HttpResponse:
    coverage = coverage_get_for_user(user=request.user, coverage_id=coverage_id)
    initial = {name: getattr(coverage, name) for name in CoverageForm.base_fields}
    form = CoverageForm(request.POST or None, initial=initial, revision=coverage.revision)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name != "revision"}
        try:
            coverage_update(
                actor=request.user,
                coverage=coverage,
                revision=form.cleaned_data["revision"] or 0,
                **changes,
            )
        except DocumentInvalid as exc:
            _service_errors(form, exc)
        except CoverageStale as exc:
            # The typed values stay on screen to copy from; saving needs the current coverage.
            form.add_error(None, str(exc))
            return _render(request, form, patient=coverage.patient, coverage=coverage, status=409)
        else:
            note = _stale_note(request, coverage.patient_id) if changes else ""
            messages.success(request, "Coverage saved." + note)
            return redirect("patients:patient-detail", patient_id=coverage.patient_id)
    return _render(request, form, patient=coverage.patient, coverage=coverage)


@role_required(*WRITERS)
@require_POST
def coverage_end_view(request: AuthenticatedHttpRequest, coverage_id: uuid.UUID) -> HttpResponse:
    """End a coverage (the form on the patient page). Refused, the end form comes back on a page of
    its own with the date as typed and the sentence by its box (400, or 409 when it has already
    ended); nothing is written."""
    coverage = coverage_get_for_user(user=request.user, coverage_id=coverage_id)
    form = CoverageEndForm(request.POST)
    ended = run_posted(
        request,
        form,
        lambda data: coverage_end(actor=request.user, coverage=coverage, valid_to=data["valid_to"]),
        failed="Coverage not ended.",
    )
    if ended is None:
        context = {"form": form, "patient": coverage.patient, "coverage": coverage}
        # A wrong date is the form's (400); an already ended coverage is the record's state (409).
        status = 400 if any(form.errors.get(name) for name in form.fields) else 409
        return render(request, "benefits/coverage_end.html", context, status=status)
    messages.success(request, "Coverage ended." + _stale_note(request, coverage.patient_id))
    return redirect("patients:patient-detail", patient_id=coverage.patient_id)


def _stale_note(request: AuthenticatedHttpRequest, patient_id: uuid.UUID) -> str:
    return STALE_NOTE if stale_evaluations_for_patient(user=request.user, patient_id=patient_id) else ""

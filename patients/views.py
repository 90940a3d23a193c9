"""Patient list and edit form (the patient page and registration are in frontdesk).

Searches are POSTed so that names and MRNs never appear in URLs or access logs.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from elevium.accounts.access import role_required
from elevium.accounts.http import AuthenticatedHttpRequest
from elevium.accounts.roles import PATIENT_READERS, PATIENT_WRITERS

from .forms import PatientForm, PatientSearchForm
from .selectors import patient_get_for_user, patient_list_audit, patient_search
from .services import StalePatient, patient_update

READ_ROLES = PATIENT_READERS
WRITE_ROLES = PATIENT_WRITERS
PAGE_SIZE = 50


@role_required(*READ_ROLES)
@require_http_methods(["GET", "POST"])
def patient_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PatientSearchForm(request.POST or None)
    query = form.cleaned_data["q"] if request.method == "POST" and form.is_valid() else ""
    patients = patient_search(user=request.user, query=query)
    if query:
        # Search results are one page: paging would have to carry the query in the URL.
        rows = list(patients[: PAGE_SIZE + 1])
        page = None
        truncated = len(rows) > PAGE_SIZE
        rows = rows[:PAGE_SIZE]
    else:
        page = Paginator(patients, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = list(page.object_list)
        truncated = False
    patient_list_audit(user=request.user, patients=rows)
    context = {
        "form": form,
        "patients": rows,
        "page": page,
        "query": query,
        "truncated": truncated,
        "can_edit": request.user.role in WRITE_ROLES,
    }
    return render(request, "patients/patient_list.html", context)


@role_required(*WRITE_ROLES)
@require_http_methods(["GET", "POST"])
def patient_edit(request: AuthenticatedHttpRequest, patient_id: uuid.UUID) -> HttpResponse:
    patient = patient_get_for_user(user=request.user, patient_id=patient_id)
    form = PatientForm(request.POST or None, instance=patient, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name != "revision"}
        try:
            patient_update(
                actor=request.user, patient=patient, revision=form.cleaned_data["revision"], **changes
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        except StalePatient as exc:
            # Their values stay on screen to copy from; saving again needs the current record.
            form.add_error(None, f"Not saved: {exc}.")
            status = 409
        else:
            messages.success(request, "Patient details saved.")
            return redirect("patients:patient-detail", patient_id=patient.id)
    return render(
        request,
        "patients/patient_form.html",
        {"form": form, "patient": patient},
        status=status if status != 200 else _status(form),
    )


def _status(form: PatientForm) -> int:
    return 400 if form.is_bound and form.errors else 200

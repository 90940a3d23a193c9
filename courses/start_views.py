"""Starting a course: from an approved prior authorization (the PA case page links here), or
self-paid from the patient page. The service refuses anything but an approved case."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from benefits.selectors import pa_case_get_for_user
from elevium.accounts.access import role_required
from elevium.accounts.http import AuthenticatedHttpRequest
from elevium.accounts.roles import COURSE_STARTERS
from elevium.lib.errors import Invalid, Refused
from elevium.lib.form_actions import as_sentence
from patients.selectors import patient_get_for_user
from treatments.models import Treatment

from . import services
from .forms import SelfPayStartForm, StartForm
from .page_selectors import clinic_today


def _protocols(treatment: str | None) -> list[tuple[str, str]]:
    rows = (
        Treatment.objects.filter(slug=treatment).values_list("protocols__slug", "protocols__name")
        if treatment
        else []
    )
    return [(slug, name) for slug, name in rows if slug]


def _start(
    request: AuthenticatedHttpRequest, form: StartForm, context: dict[str, Any], start: Any
) -> HttpResponse:
    """GET: the empty form; POST: the course, or the form as typed with its problems and a 400."""
    refusals: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            course = start(form.cleaned_data)
        except Invalid as exc:
            for name, problems in exc.errors.items():
                for problem in problems:
                    if name in form.fields:
                        form.add_error(name, as_sentence(problem))
                    else:
                        refusals.append(as_sentence(problem))
        except Refused as exc:
            refusals.append(as_sentence(str(exc)))
        else:
            messages.success(request, "Course started.")
            return redirect("courses:course", course_id=course.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "courses/start.html", {**context, "form": form, "refusals": refusals}, status=status
    )


def _optional(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "starts_on": data["starts_on"],
        "protocol": data["protocol"],
        "planned_sessions": data["planned_sessions"],
        "spravato_indication": data["spravato_indication"],
    }


@role_required(*COURSE_STARTERS)
@require_http_methods(["GET", "POST"])
def start_from_case(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = pa_case_get_for_user(user=request.user, case_id=case_id)
    initial = {"starts_on": clinic_today(request.user), "planned_sessions": case.approved_units}
    data = request.POST if request.method == "POST" else None
    form = StartForm(data, initial=initial, protocols=_protocols(case.treatment))
    context = {"patient": case.patient, "case": case, "treatment": case.treatment}
    return _start(
        request,
        form,
        context,
        lambda d: services.course_start(
            actor=request.user, patient=case.patient, treatment=case.treatment, pa_case=case, **_optional(d)
        ),
    )


@role_required(*COURSE_STARTERS)
@require_http_methods(["GET", "POST"])
def start_self_pay(request: AuthenticatedHttpRequest, patient_id: uuid.UUID) -> HttpResponse:
    patient = patient_get_for_user(user=request.user, patient_id=patient_id)
    data = request.POST if request.method == "POST" else None
    chosen = request.POST.get("treatment") if data else None
    form = SelfPayStartForm(
        data, initial={"starts_on": clinic_today(request.user)}, protocols=_protocols(chosen)
    )
    if chosen is None:
        # Before a treatment is chosen every protocol is offered, named with its treatment.
        rows = Treatment.objects.values_list("name", "protocols__slug", "protocols__name")
        form.fields["protocol"].choices = [("", "The catalog's default")] + [  # type: ignore[attr-defined]
            (slug, f"{t}: {name}") for t, slug, name in rows if slug
        ]
    return _start(
        request,
        form,
        {"patient": patient, "case": None, "treatment": None},
        lambda d: services.course_start(
            actor=request.user, patient=patient, treatment=d["treatment"], self_pay=True, **_optional(d)
        ),
    )

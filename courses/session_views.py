"""Recording a session (TMS, Spravato, ketamine) and, after dosing, its observations, the
clinician's discharge clearance and the REMS monitoring form's filing.

A session the protocol's checks refuse is not recorded: the form comes back as typed, with one
sentence naming every missing check, and a 400."""

from __future__ import annotations

import uuid
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from pydantic import ValidationError

from elevium.accounts.access import role_required
from elevium.accounts.http import AuthenticatedHttpRequest
from elevium.accounts.roles import COURSE_DECIDERS, COURSE_READERS, SESSION_RECORDERS
from elevium.lib.errors import Invalid, Refused
from elevium.lib.form_actions import as_sentence, run_posted

from . import services
from .clinical import parameters as p
from .clinical import schedules
from .forms import FileForm, ObservationForm, SessionForm
from .inputs import DeferralInput, ObservationInput, SessionInput
from .models import MonitoringForm, Session
from .page_selectors import clinicians_of
from .selectors import course_get_for_user, monitoring_form_get_for_user, session_get_for_user

# The fields each treatment's form shows (the rest of SessionForm stays off the page).
_PRE_DOSE = ("bp_pre_systolic", "bp_pre_diastolic", "bp_decision", "bp_decided_by", "heart_rate")
FIELDS = {
    "tms": (
        "motor_threshold_percent",
        "motor_threshold_redetermined",
        "intensity_percent_mt",
        "pulses",
        "tms_protocol",
        "coil",
        "target",
    ),
    "spravato": (*_PRE_DOSE, "dose_mg"),
    "ketamine": ("weight_kg", "dose_mg_per_kg", "route", "infusion_minutes", *_PRE_DOSE),
}
COMMON = ("side_effects", "adverse_event", "notes")


def _session_input(form: SessionForm, treatment: str, zone: str) -> SessionInput:
    data = form.cleaned_data
    # The time as typed is the clinic's wall clock; the form read it in the server's zone.
    given_at = data["given_at"].replace(tzinfo=ZoneInfo(zone))
    values: dict[str, Any] = {name: data[name] for name in (*FIELDS[treatment], *COMMON)}
    values = {k: v for k, v in values.items() if v not in (None, "")}
    try:
        return SessionInput(given_at=given_at, slot_id=data["slot_id"] or None, **values)
    except ValidationError as exc:
        raise Invalid.from_pydantic(exc) from None


def _deferral_input(form: SessionForm, zone: str) -> DeferralInput:
    """The form with "defer dosing" chosen: a deferral whose reason is the notes typed."""
    data = form.cleaned_data
    errors: dict[str, list[str]] = {}
    if data["bp_pre_systolic"] is None or data["bp_pre_diastolic"] is None:
        errors["bp_pre_systolic"] = ["Enter the blood pressure taken before dosing."]
    if not (data["notes"] or "").strip():
        errors["notes"] = ["Say in the notes why dosing was deferred."]
    if errors:
        raise Invalid(errors)
    try:
        return DeferralInput(
            deferred_at=data["given_at"].replace(tzinfo=ZoneInfo(zone)),
            slot_id=data["slot_id"] or None,
            bp_pre_systolic=data["bp_pre_systolic"],
            bp_pre_diastolic=data["bp_pre_diastolic"],
            reason=data["notes"],
            bp_decided_by=data["bp_decided_by"],
        )
    except ValidationError as exc:
        raise Invalid.from_pydantic(exc) from None


def _put_errors(form: forms.Form, errors: dict[str, list[str]]) -> list[str]:
    """Each problem under its field where the form shows it; the rest to say above the form."""
    rest = []
    for name, problems in errors.items():
        for problem in problems:
            if name in form.fields:
                form.add_error(name, as_sentence(problem))
            else:
                rest.append(as_sentence(problem))
    return rest


def _session_page(
    request: AuthenticatedHttpRequest, course: Any, form: SessionForm, refusals: list[str], status: int
) -> HttpResponse:
    treatment = course.treatment.slug
    context = {
        "course": course,
        "patient": course.patient,
        "form": form,
        "fields": [form[name] for name in FIELDS[treatment]],
        "common": [form[name] for name in COMMON],
        "refusals": refusals,
        "number": course.sessions_done + 1,
        "treatment": treatment,
        "ketamine_mg_per_kg": p.KETAMINE_MG_PER_KG.value,
    }
    return render(request, "courses/session_form.html", context, status=status)


@role_required(*SESSION_RECORDERS)
@require_http_methods(["GET", "POST"])
def session_new(request: AuthenticatedHttpRequest, course_id: uuid.UUID) -> HttpResponse:
    course = course_get_for_user(user=request.user, course_id=course_id, action="course.viewed")
    clinicians = clinicians_of(course)
    zone = course.patient.clinic.time_zone
    if request.method == "GET":
        now = timezone.now().astimezone(ZoneInfo(zone)).replace(second=0, microsecond=0, tzinfo=None)
        form = SessionForm(
            initial={"given_at": now, "slot_id": request.GET.get("slot", "")}, clinicians=clinicians
        )
        return _session_page(request, course, form, [], 200)
    form = SessionForm(request.POST, clinicians=clinicians)
    refusals: list[str] = []
    if form.is_valid() and form.cleaned_data["bp_decision"] == "defer":
        try:
            services.dose_defer(actor=request.user, course=course, data=_deferral_input(form, zone))
        except Invalid as exc:
            refusals = _put_errors(form, exc.errors)
        except Refused as exc:
            refusals = [as_sentence(str(exc))]
        else:
            messages.success(request, "Dose deferred: nothing was given and no unit was used.")
            return redirect("courses:course", course_id=course.pk)
    elif form.is_valid():
        try:
            session = services.session_record(
                actor=request.user, course=course, data=_session_input(form, course.treatment.slug, zone)
            )
        except Invalid as exc:
            refusals = _put_errors(form, exc.errors)
        except Refused as exc:
            refusals = [as_sentence(str(exc))]
        else:
            messages.success(request, f"Session {session.number} recorded.")
            return redirect("courses:session", session_id=session.pk)
    return _session_page(request, course, form, refusals, 400)


def _observed_minutes(session: Session) -> int:
    return int((timezone.now() - session.given_at).total_seconds() // 60)


@role_required(*COURSE_READERS)
@require_http_methods(["GET"])
def session_detail(request: AuthenticatedHttpRequest, session_id: uuid.UUID) -> HttpResponse:
    session = session_get_for_user(user=request.user, session_id=session_id)
    return _session_detail(request, session, ObservationForm(), 200)


def _ketamine_total(session: Session) -> float | None:
    """The weight-based dose in milligrams, computed from what was recorded (criteria.md §4.1)."""
    if session.weight_kg is None or session.dose_mg_per_kg is None:
        return None
    return schedules.ketamine_dose_mg(float(session.weight_kg), float(session.dose_mg_per_kg))


def _session_detail(
    request: AuthenticatedHttpRequest, session: Session, form: ObservationForm, status: int
) -> HttpResponse:
    course = session.course
    pmf: MonitoringForm | None = getattr(session, "monitoring_form", None)
    minimum = services.rems_requirements().get("minimum_observation_minutes")
    context = {
        "session": session,
        "course": course,
        "patient": course.patient,
        "treatment": course.treatment.slug,
        "observation_form": form,
        "observed_minutes": _observed_minutes(session),
        "minimum_minutes": minimum.value if minimum and minimum.value else p.REMS_OBSERVATION_MINUTES.value,
        "pmf": pmf,
        "file_form": FileForm(),
        "can_record": request.user.role in SESSION_RECORDERS,
        "can_clear": request.user.role in COURSE_DECIDERS,
        "today": course.patient.clinic.today(),
        "dose_total_mg": _ketamine_total(session),
    }
    return render(request, "courses/session.html", context, status=status)


@role_required(*SESSION_RECORDERS)
@require_POST
def session_observe(request: AuthenticatedHttpRequest, session_id: uuid.UUID) -> HttpResponse:
    session = session_get_for_user(user=request.user, session_id=session_id)
    form = ObservationForm(request.POST)

    def perform(data: dict[str, Any]) -> Session:
        sent = form.sent()
        if not sent:
            raise Refused("Enter at least one observation.")
        try:
            observed = ObservationInput(**sent)
        except ValidationError as exc:
            raise Invalid.from_pydantic(exc) from None
        return services.session_record_observations(actor=request.user, session=session, data=observed)

    if run_posted(request, form, perform, failed="Observations not recorded.") is None:
        return _session_detail(
            request, session_get_for_user(user=request.user, session_id=session_id, audit=False), form, 400
        )
    messages.success(request, "Observations recorded.")
    return redirect("courses:session", session_id=session.pk)


@role_required(*COURSE_DECIDERS)
@require_POST
def session_discharge(request: AuthenticatedHttpRequest, session_id: uuid.UUID) -> HttpResponse:
    session = session_get_for_user(user=request.user, session_id=session_id)
    try:
        services.session_clear_discharge(actor=request.user, session=session)
    except Refused as exc:
        messages.error(request, f"Discharge not cleared. {as_sentence(str(exc))}")
    else:
        messages.success(request, "Discharge cleared.")
    return redirect("courses:session", session_id=session.pk)


@role_required(*SESSION_RECORDERS)
@require_POST
def monitoring_form_file(request: AuthenticatedHttpRequest, form_id: uuid.UUID) -> HttpResponse:
    pmf = monitoring_form_get_for_user(user=request.user, form_id=form_id)
    done = run_posted(
        request,
        FileForm(request.POST),
        lambda d: services.monitoring_form_file(actor=request.user, form=pmf, confirmation=d["confirmation"]),
        failed="Monitoring form not marked filed.",
    )
    if done is not None:
        messages.success(request, "Monitoring form marked filed.")
    return redirect("courses:session", session_id=pmf.session_id)

"""The course pages: the day's schedule by room or chair, a course with its chart, flags and the
clinician's next step, a PHQ-9 recorded on it, a REMS enrolment, and outcomes across patients.
Thin over courses.services and courses.selectors; every refusal is a sentence on the page."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from elevium.accounts.access import role_required
from elevium.accounts.http import AuthenticatedHttpRequest
from elevium.accounts.roles import (
    COURSE_DECIDERS,
    COURSE_READERS,
    PATIENT_READERS,
    REASSESSMENT_WRITERS,
    SESSION_RECORDERS,
    Role,
)
from elevium.lib.errors import Invalid, Refused
from elevium.lib.form_actions import as_sentence, run_posted
from patients.models import Patient

from . import services
from .chart import course_chart, narrow_chart
from .forms import DecisionForm, EnrolmentForm, MeasurementForm, StatusForm
from .inputs import MeasurementInput
from .models import OPEN_STATUSES, Course, CourseStatus, DecisionKind
from .page_selectors import clinic_today, user_time_zone
from .selectors import (
    course_get_for_user,
    course_progress,
    outcomes_by_treatment,
    rems_enrolment_for,
    schedule_for_day,
)
from .status_actions import ACTION_DONE, allowed_actions

OUTCOME_READERS = (Role.REVIEWER, Role.CLINICIAN)
# A met check, in words (an unmet one says what is still needed: clinical/checks.py).
CHECK_MET = {
    "courses.check.not_paused": "The course is open for sessions.",
    "courses.check.phq9": "PHQ-9 up to date.",
    "courses.check.rems_enrolment": "REMS enrolment present.",
}


def _by_room(rows: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The day's rows under each room or chair, rooms in name order, times in order within."""
    rooms: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        row["met"] = [CHECK_MET[c.id] for c in row["checks"] if c.met and c.id in CHECK_MET]
        rooms.setdefault(row["slot"].room or "No room given", []).append(row)
    return sorted(rooms.items())


def _day(request: AuthenticatedHttpRequest, today: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return today


@role_required(*SESSION_RECORDERS)
@require_GET
def schedule(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Today's sessions by room or chair, each with what must be done before it starts."""
    zone = user_time_zone(request.user)
    today = dt.datetime.now(ZoneInfo(zone)).date()
    day = _day(request, today)
    rows = schedule_for_day(user=request.user, day=day, tz=zone)
    context = {
        "day": day,
        "rows": rows,
        "rooms": _by_room(rows),
        "previous": day - dt.timedelta(days=1),
        "next": day + dt.timedelta(days=1),
        "is_today": day == today,
        "zone": zone,
    }
    return render(request, "courses/schedule.html", context)


def course_context(
    request: AuthenticatedHttpRequest, course: Course, refusals: list[str] | None = None, **forms_: forms.Form
) -> dict[str, Any]:
    status_form = forms_.get("status_form") or StatusForm(initial={"revision": course.revision})
    today = clinic_today(request.user)
    progress = course_progress(course, today=today)
    role = request.user.role
    kinds = dict(DecisionKind.choices)
    decisions = list(course.decisions.all())
    return {
        "course": course,
        "patient": course.patient,
        "progress": progress,
        "chart": course_chart(progress["chart"]),
        "narrow": narrow_chart(progress["chart"]),
        "sessions": list(course.sessions.all()),
        "decisions": decisions,
        "switched": next((d for d in reversed(decisions) if d.kind == DecisionKind.SWITCH), None),
        "can_reassess": role in REASSESSMENT_WRITERS,
        "deferrals": list(course.deferrals.select_related("decided_by")),
        "enrolment": rems_enrolment_for(patient_id=course.patient_id)
        if course.treatment.slug == "spravato"
        else None,
        "is_open": course.status in OPEN_STATUSES,
        "can_record": role in SESSION_RECORDERS,
        "can_decide": role in COURSE_DECIDERS,
        "status_actions": allowed_actions(course) if role in COURSE_DECIDERS else [],
        "status_form": status_form,
        "page_errors": [*status_form.non_field_errors(), *(refusals or [])],
        "decision_form": forms_.get("decision_form") or DecisionForm(initial={"revision": course.revision}),
        "measurement_form": forms_.get("measurement_form") or MeasurementForm(initial={"measured_on": today}),
        "enrolment_form": forms_.get("enrolment_form") or EnrolmentForm(initial={"enrolled_on": today}),
        "proposals": [(kinds[p.kind], p) for p in progress["proposals"]],
        "can_see_patient": role in PATIENT_READERS,
    }


@role_required(*COURSE_READERS)
@require_GET
def course_detail(request: AuthenticatedHttpRequest, course_id: uuid.UUID) -> HttpResponse:
    course = course_get_for_user(user=request.user, course_id=course_id)
    return render(request, "courses/course.html", course_context(request, course))


def _course_post(
    request: AuthenticatedHttpRequest,
    course_id: uuid.UUID,
    form: forms.Form,
    name: str,
    perform: Any,
    *,
    done: str,
    failed: str,
) -> HttpResponse:
    """Run one small form of the course page: back to the page when done; when refused, the page
    again with the form as typed, its problems named, and a 400."""
    course = course_get_for_user(user=request.user, course_id=course_id, action="course.viewed")
    if run_posted(request, form, lambda data: perform(course, data), failed=failed) is None:
        context = course_context(
            request, course_get_for_user(user=request.user, course_id=course_id, audit=False)
        )
        return render(request, "courses/course.html", {**context, name: form}, status=400)
    messages.success(request, done)
    return redirect("courses:course", course_id=course.pk)


@role_required(*COURSE_DECIDERS)
@require_POST
def course_decide(request: AuthenticatedHttpRequest, course_id: uuid.UUID) -> HttpResponse:
    """The clinician's next step, chosen among the proposals or not (audited by the service)."""
    return _course_post(
        request,
        course_id,
        DecisionForm(request.POST),
        "decision_form",
        lambda course, d: services.course_decide_next(
            actor=request.user,
            course=course,
            kind=d["kind"],
            note=d["note"],
            extra_sessions=d["extra_sessions"] or 0,
            revision=d["revision"],
        ),
        done="Next step recorded.",
        failed="Next step not recorded.",
    )


def _status_move(request: AuthenticatedHttpRequest, course: Course, form: StatusForm) -> None:
    data = form.cleaned_data
    if data["to"] == CourseStatus.STOPPED and not data["confirm"]:
        # Both problems at once, so the stop form is put right in one go.
        problems = {"confirm": ["Tick the box to confirm the course stops."]}
        if not data["reason"].strip():
            problems["reason"] = [services.STOP_REASON_NEEDED]
        raise Invalid(problems)
    services.course_transition(
        actor=request.user, course=course, to=data["to"], reason=data["reason"], revision=data["revision"]
    )


@role_required(*COURSE_DECIDERS)
@require_POST
def course_status(request: AuthenticatedHttpRequest, course_id: uuid.UUID) -> HttpResponse:
    """A status move from the course page: 400 for a form problem (a stop without its reason or
    its confirmation), 409 for a move the course's status does not allow, each in a sentence."""
    course = course_get_for_user(user=request.user, course_id=course_id, action="course.viewed")
    form = StatusForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            _status_move(request, course, form)
        except Invalid as exc:
            for key, problems in exc.errors.items():
                for problem in problems:
                    form.add_error(key if key in form.fields else None, as_sentence(problem))
        except Refused as exc:
            status = 409
            form.add_error(None, f"The course was not changed. {as_sentence(str(exc))}")
        else:
            messages.success(request, ACTION_DONE[form.cleaned_data["to"]])
            return redirect("courses:course", course_id=course.pk)
    fresh = course_get_for_user(user=request.user, course_id=course_id, audit=False)
    context = course_context(request, fresh, status_form=form)
    return render(request, "courses/course.html", context, status=status)


@role_required(*REASSESSMENT_WRITERS)
@require_POST
def course_reassess(request: AuthenticatedHttpRequest, course_id: uuid.UUID) -> HttpResponse:
    """After a switch, start the patient's new reassessment (kept on the switch decision)."""
    course = course_get_for_user(user=request.user, course_id=course_id, action="course.viewed")
    try:
        reassessment = services.course_switch_reassess(actor=request.user, course=course)
    except Refused as exc:
        fresh = course_get_for_user(user=request.user, course_id=course_id, audit=False)
        context = course_context(request, fresh, [f"No reassessment started. {as_sentence(str(exc))}"])
        return render(request, "courses/course.html", context, status=409)
    messages.success(request, "Reassessment started for the switch. Save each section as you go.")
    return redirect("reassessment:summary", reassessment_id=reassessment.pk)


@role_required(*SESSION_RECORDERS)
@require_POST
def measurement_new(request: AuthenticatedHttpRequest, course_id: uuid.UUID) -> HttpResponse:
    return _course_post(
        request,
        course_id,
        MeasurementForm(request.POST),
        "measurement_form",
        lambda course, d: services.measurement_record(
            actor=request.user,
            course=course,
            data=MeasurementInput(
                scale="phq9", total=d["total"], item9=d["item9"], measured_on=d["measured_on"]
            ),
        ),
        done="PHQ-9 recorded.",
        failed="PHQ-9 not recorded.",
    )


@role_required(*SESSION_RECORDERS)
@require_POST
def rems_enrolment(request: AuthenticatedHttpRequest, course_id: uuid.UUID) -> HttpResponse:
    return _course_post(
        request,
        course_id,
        EnrolmentForm(request.POST),
        "enrolment_form",
        lambda course, d: services.rems_enrolment_record(
            actor=request.user,
            patient=Patient.objects.get(pk=course.patient_id),
            enrolled_on=d["enrolled_on"],
            reference=d["reference"],
        ),
        done="REMS enrolment recorded.",
        failed="REMS enrolment not recorded.",
    )


@role_required(*OUTCOME_READERS)
@require_GET
def outcomes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Response and remission rates per treatment, with the count each is based on; no names."""
    names = {"tms": "TMS", "spravato": "Spravato", "ketamine": "Ketamine"}
    rows = [
        {**row, "name": names.get(row["treatment"], row["treatment"])}
        for row in outcomes_by_treatment(user=request.user)
    ]
    return render(request, "courses/outcomes.html", {"rows": rows})

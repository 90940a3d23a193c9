"""Booking a course's sessions from its page (a day and a time read in the clinic's zone, a room or
chair), cancelling a booking, and recording a relapse after a responded course. Thin over
courses.services, which audit each write; a refusal is the course page again, the form as typed
beside its sentence, with a 400."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from elevium.accounts.access import role_required
from elevium.accounts.http import AuthenticatedHttpRequest
from elevium.accounts.roles import COURSE_DECIDERS, SLOT_BOOKERS
from elevium.lib import limits
from elevium.lib.errors import Invalid
from elevium.lib.form_actions import run_posted

from . import services
from .models import Course, SessionSlot
from .selectors import course_get_for_user
from .views import course_context


class BookingForm(forms.Form):
    day = limits.form_date(
        label="Day",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Enter the day of the session.", "invalid": "Enter a date."},
    )
    time = forms.TimeField(
        label="Time",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": "Enter the time of the session.",
            "invalid": "Enter a time such as 09:30.",
        },
    )
    room = limits.form_text(60, required=False, label="Room or chair")

    def starts_at(self, zone: str) -> dt.datetime:
        """The typed day and time as a moment in the clinic's zone (not the server's)."""
        data = self.cleaned_data
        return dt.datetime.combine(data["day"], data["time"], tzinfo=ZoneInfo(zone))


class RelapseForm(forms.Form):
    relapse_on = limits.form_date(
        label="Relapsed on",
        error_messages={"required": "Enter the day the relapse was found.", "invalid": "Enter a date."},
    )
    note = limits.form_text(
        2000, required=False, label="What was seen", widget=forms.Textarea(attrs={"rows": 2})
    )


def _post(
    request: AuthenticatedHttpRequest,
    course: Course,
    form: forms.Form,
    name: str,
    perform: Callable[[dict[str, Any]], Any],
    *,
    done: str,
    failed: str,
) -> HttpResponse:
    """Back to the course page when done; when refused, the page again with the form as typed."""
    if run_posted(request, form, perform, failed=failed) is None:
        fresh = course_get_for_user(user=request.user, course_id=course.pk, audit=False)
        return render(
            request, "courses/course.html", {**course_context(request, fresh), name: form}, status=400
        )
    messages.success(request, done)
    return redirect("courses:course", course_id=course.pk)


@role_required(*SLOT_BOOKERS)
@require_POST
def slot_new(request: AuthenticatedHttpRequest, course_id: uuid.UUID) -> HttpResponse:
    course = course_get_for_user(user=request.user, course_id=course_id, action="course.viewed")
    zone = course.patient.clinic.time_zone
    form = BookingForm(request.POST)

    def book(data: dict[str, Any]) -> SessionSlot:
        starts_at = form.starts_at(zone)
        if starts_at <= timezone.now():
            raise Invalid({"time": ["A session is booked for a time still to come."]})
        return services.slot_book(actor=request.user, course=course, starts_at=starts_at, room=data["room"])

    return _post(
        request, course, form, "booking_form", book, done="Session booked.", failed="Session not booked."
    )


@role_required(*SLOT_BOOKERS)
@require_POST
def slot_cancel(request: AuthenticatedHttpRequest, slot_id: uuid.UUID) -> HttpResponse:
    """Cancel one booking (the page asked to confirm first); the slot's course is read as any course."""
    slot = get_object_or_404(SessionSlot.objects.only("id", "course_id"), pk=slot_id)
    course = course_get_for_user(user=request.user, course_id=slot.course_id, action="course.viewed")
    return _post(
        request,
        course,
        forms.Form(request.POST),
        "cancel_form",
        lambda data: services.slot_cancel(actor=request.user, slot=slot),
        done="Booking cancelled.",
        failed="Booking not cancelled.",
    )


@role_required(*COURSE_DECIDERS)
@require_POST
def relapse_new(request: AuthenticatedHttpRequest, course_id: uuid.UUID) -> HttpResponse:
    course = course_get_for_user(user=request.user, course_id=course_id, action="course.viewed")
    return _post(
        request,
        course,
        RelapseForm(request.POST),
        "relapse_form",
        lambda d: services.course_record_relapse(
            actor=request.user, course=course, relapse_on=d["relapse_on"], note=d["note"]
        ),
        done="Relapse recorded.",
        failed="Relapse not recorded.",
    )

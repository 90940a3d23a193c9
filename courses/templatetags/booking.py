"""The course page's booking and relapse panel, read here so the page's view stays as it is: the
upcoming bookings and the relapses recorded (two queries, however many rows)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from courses.models import CourseStatus, SlotStatus
from elevium.accounts.roles import COURSE_DECIDERS, SLOT_BOOKERS

register = template.Library()


@register.inclusion_tag("courses/_booking_panel.html", takes_context=True)
def booking_panel(context: template.Context) -> dict[str, Any]:
    from courses.booking_views import BookingForm, RelapseForm  # the views import this app's models late

    course = context["course"]
    role = context["request"].user.role
    progress = context.get("progress") or {}
    upcoming = course.slots.filter(starts_at__gte=timezone.now(), status=SlotStatus.BOOKED).order_by(
        "starts_at"
    )
    responded = course.status == CourseStatus.COMPLETED and bool(progress.get("response"))
    return {
        "course": course,
        "zone": course.patient.clinic.time_zone,
        "upcoming": list(upcoming),
        "relapses": list(course.relapses.all()),
        "can_book": role in SLOT_BOOKERS and context.get("is_open"),
        "can_cancel": role in SLOT_BOOKERS,
        "can_record_relapse": role in COURSE_DECIDERS and responded,
        "booking_form": context.get("booking_form") or BookingForm(),
        "relapse_form": context.get("relapse_form") or RelapseForm(),
        "cancel_form": context.get("cancel_form"),
        "csrf_token": context.get("csrf_token"),
    }

"""Each role's home page, and the redirect that sends a signed-in user to theirs."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from benefits.selectors import pa_case_counters
from courses.page_selectors import clinic_today, courses_near_limits_listed, sessions_booked_on
from courses.selectors import NEAR_DAYS_LEFT, NEAR_UNITS_LEFT
from elevium.accounts.access import role_required
from elevium.accounts.http import AuthenticatedHttpRequest
from elevium.accounts.roles import ALL_ROLES, Role
from elevium.health import check_broker, check_database, worker_heartbeat

from .selectors import audit_event_recent, staff_count_by_role

HOME_URL_NAMES = {
    Role.CLINICIAN: "accounts:home-clinician",
    Role.CARE_COORDINATOR: "accounts:home-coordinator",
    Role.REVIEWER: "accounts:home-reviewer",
    Role.ADMIN: "accounts:home-admin",
    Role.TREATMENT_STAFF: "accounts:home-treatment-staff",
}


@role_required(*ALL_ROLES)
@require_GET
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Send each role to its own home page."""
    return redirect(HOME_URL_NAMES[Role(request.user.role)])


def _patient_home(request: AuthenticatedHttpRequest, template: str) -> HttpResponse:
    # The search form posts to the patient list; nothing about patients is read here.
    return render(request, template, {"patient_list_url": reverse("patients:patient-list")})


@role_required(Role.CLINICIAN)
@require_GET
def home_clinician(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _patient_home(request, "accounts/home_clinician.html")


@role_required(Role.CARE_COORDINATOR)
@require_GET
def home_coordinator(request: AuthenticatedHttpRequest) -> HttpResponse:
    counters = pa_case_counters(user=request.user, now=timezone.now())
    return render(
        request,
        "accounts/home_coordinator.html",
        {
            "patient_list_url": reverse("patients:patient-list"),
            "counters": counters,
            "near_limits": courses_near_limits_listed(user=request.user, today=clinic_today(request.user)),
            "near_units": NEAR_UNITS_LEFT,
            "near_days": NEAR_DAYS_LEFT,
        },
    )


@role_required(Role.REVIEWER)
@require_GET
def home_reviewer(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _patient_home(request, "accounts/home_reviewer.html")


@role_required(Role.TREATMENT_STAFF)
@require_GET
def home_treatment_staff(request: AuthenticatedHttpRequest) -> HttpResponse:
    # A count only: the schedule page (courses/views.py) names the patients and audits the read.
    return render(
        request,
        "accounts/home_treatment_staff.html",
        {"sessions_today": sessions_booked_on(user=request.user, day=clinic_today(request.user))},
    )


@role_required(Role.ADMIN)
@require_GET
def home_admin(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "recent_events": audit_event_recent(),
        "staff_by_role": staff_count_by_role(),
        "checks": {"Database": check_database(), "Broker": check_broker()},
        "heartbeat": worker_heartbeat(),
    }
    return render(request, "accounts/home_admin.html", context)

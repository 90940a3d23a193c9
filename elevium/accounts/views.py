from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from benefits.selectors import pa_case_counters
from elevium.accounts.access import public, role_required
from elevium.accounts.http import AuthenticatedHttpRequest
from elevium.accounts.roles import ALL_ROLES, Role
from elevium.audit.models import AuditEvent
from elevium.audit.services import audit_record
from elevium.health import check_broker, check_database, worker_heartbeat

from .forms import ThrottledAuthenticationForm
from .models import User

HOME_URL_NAMES = {
    Role.CLINICIAN: "accounts:home-clinician",
    Role.CARE_COORDINATOR: "accounts:home-coordinator",
    Role.REVIEWER: "accounts:home-reviewer",
    Role.ADMIN: "accounts:home-admin",
}


@public
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form: ThrottledAuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        audit_record(actor=form.get_user(), action="auth.signed_in")
        return response

    def form_invalid(self, form: ThrottledAuthenticationForm) -> HttpResponse:
        # No username in the event: a mistyped one can be someone's name or password.
        audit_record(actor=None, action="auth.sign_in_refused")
        return super().form_invalid(form)


@public
@require_GET
def admin_login_redirect(request: HttpRequest) -> HttpResponse:
    """The admin site sends the signed-out here: use the one sign-in page. A signed-in user who is
    not an administrator is refused rather than bounced between the two login pages."""
    if request.user.is_authenticated:
        raise PermissionDenied
    next_url = request.GET.get("next", "")
    login_url = reverse("accounts:login")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        login_url += "?" + urlencode({"next": next_url})
    return redirect(login_url)


@role_required(*ALL_ROLES)
class LogoutView(auth_views.LogoutView):
    pass


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
        },
    )


@role_required(Role.REVIEWER)
@require_GET
def home_reviewer(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _patient_home(request, "accounts/home_reviewer.html")


@role_required(Role.ADMIN)
@require_GET
def home_admin(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "recent_events": AuditEvent.objects.select_related("actor")[:15],
        "staff_by_role": [
            (Role(role).label, User.objects.filter(role=role, is_active=True).count()) for role in Role
        ],
        "checks": {"Database": check_database(), "Broker": check_broker()},
        "heartbeat": worker_heartbeat(),
    }
    return render(request, "accounts/home_admin.html", context)

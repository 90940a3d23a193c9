from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from elevium.accounts.access import before_second_factor, public, role_required
from elevium.accounts.http import AuthenticatedHttpRequest
from elevium.accounts.roles import ALL_ROLES, Role
from elevium.audit.services import audit_record

from .forms import CodeForm, ThrottledAuthenticationForm, refused_message
from .idle import idle_logout_message, passive, seconds_left
from .lockout import login_code_failure, login_is_locked
from .models import User
from .sign_in import (
    pending_sign_in,
    pending_sign_in_clear,
    pending_sign_in_seconds_left,
    pending_sign_in_start,
    second_factor_mark_verified,
    second_factor_step,
    second_factor_unmark,
    second_factor_verified,
    sign_in_complete,
    sign_out,
)
from .totp import (
    confirmed_device,
    has_confirmed_device,
    qr_code_svg,
    secret_for_display,
    totp_check,
    totp_disable,
    totp_enrolment_confirm,
    totp_enrolment_start,
)


@public
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        step = second_factor_step(user, has_device=has_confirmed_device(user))
        if step == "verify":
            # Not signed in yet: the session only remembers who is waiting for the code step.
            pending_sign_in_start(self.request, user=user, next_url=self.get_success_url())
            audit_record(actor=None, action="auth.password_accepted", obj=user)
            return redirect("accounts:otp-verify")
        sign_in_complete(self.request, user=user, backend=getattr(user, "backend", None), second_factor=False)
        if step == "enrol":
            # An administrator without a device: signed in, but held on enrolment by SecondFactorMiddleware.
            return redirect("accounts:otp-enrol")
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        # No username in the event: a mistyped one can be someone's name or password.
        refused_by_count = form.has_error(NON_FIELD_ERRORS, code="locked")
        audit_record(
            actor=None, action="auth.sign_in_refused", data={"reason": "locked"} if refused_by_count else None
        )
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
@before_second_factor
class LogoutView(auth_views.LogoutView):
    pass


def _refused_by_count(request: HttpRequest) -> HttpResponse:
    """Too many failures (or a lock set meanwhile): back to the sign-in page with the same neutral
    message the password step gives. A signed-in session that reached the lock is ended, so a
    stolen session cannot go on guessing codes."""
    pending_sign_in_clear(request)
    if request.user.is_authenticated:
        sign_out(request, action="auth.signed_out_locked")
    messages.error(request, refused_message())
    return redirect(settings.LOGIN_URL)


def _code_failed(request: HttpRequest, user: User) -> bool:
    """Count a wrong code like a wrong password. Returns whether it locked."""
    locked = login_code_failure(request, user=user)
    audit_record(actor=request.user, action="auth.second_factor_refused", obj=user)
    return locked


def _code_refused_before_check(request: HttpRequest, user: User) -> bool:
    return login_is_locked(request, username=user.get_username())


WRONG_CODE = (
    "That code is not valid. Use the current code from your app; check the phone's clock if it keeps failing."
)


@public
@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The code step of signing in, for a user waiting after the password step, or a signed-in
    session that must pass the second factor again (an administrator's session without the mark)."""
    marker = None
    if request.user.is_authenticated:
        user: User = request.user
        if second_factor_verified(request.session):
            return redirect("accounts:home")
        if not has_confirmed_device(user):
            return redirect("accounts:otp-enrol" if user.role == Role.ADMIN else "accounts:home")
    else:
        pending_user, marker, expired = pending_sign_in(request)
        if pending_user is None:
            if expired:
                messages.info(request, "The sign-in took too long. Please sign in again.")
            return redirect(settings.LOGIN_URL)
        user = pending_user
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _code_refused_before_check(request, user):
            return _refused_by_count(request)
        if totp_check(user=user, code=form.cleaned_data["code"]):
            if marker is not None:
                sign_in_complete(request, user=user, backend=marker["backend"], second_factor=True)
                next_url = marker["next"]
                if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                    next_url = reverse(settings.LOGIN_REDIRECT_URL)
                return redirect(next_url)
            second_factor_mark_verified(request.session)
            audit_record(actor=user, action="auth.second_factor_verified")
            return redirect("accounts:home")
        if _code_failed(request, user):
            return _refused_by_count(request)
        form.add_error("code", WRONG_CODE)
    context = {"form": form, "seconds_left": pending_sign_in_seconds_left(marker) if marker else None}
    return render(request, "accounts/two_step_verify.html", context)


@role_required(*ALL_ROLES)
@before_second_factor
@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def otp_enrol(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Turn two-step sign-in on (scan, then confirm with a code), or see that it is on."""
    user = request.user
    required = user.role == Role.ADMIN
    device = confirmed_device(user)
    if device is not None:
        if required and not second_factor_verified(request.session):
            return redirect("accounts:otp-verify")
        return render(
            request,
            "accounts/two_step_status.html",
            {"device": device, "required": required, "form": CodeForm()},
        )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_enrolment_confirm(user=user, code=form.cleaned_data["code"]):
            second_factor_mark_verified(request.session)
            messages.success(
                request, "Two-step sign-in is on. You will be asked for a code each time you sign in."
            )
            return redirect("accounts:home")
        form.add_error("code", WRONG_CODE)
    device = totp_enrolment_start(user=user)
    context = {
        "form": form,
        "qr_svg": qr_code_svg(device),
        "secret": secret_for_display(device),
        "required": required,
    }
    return render(request, "accounts/two_step_enrol.html", context)


@role_required(*ALL_ROLES)
@sensitive_post_parameters("code")
@require_POST
def otp_disable(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Turn two-step sign-in off with a current code; not for administrators, who must keep it."""
    user = request.user
    if user.role == Role.ADMIN:
        messages.error(
            request,
            "Administrators must keep two-step sign-in. "
            "If the phone is lost, another administrator can reset it.",
        )
        return redirect("accounts:otp-enrol")
    if not has_confirmed_device(user):
        return redirect("accounts:otp-enrol")
    if _code_refused_before_check(request, user):
        return _refused_by_count(request)
    form = CodeForm(request.POST)
    if not form.is_valid():
        # Not a code at all (empty, too long, other digits): said as it is, and not a guess.
        messages.error(
            request,
            " ".join(str(error) for error in form.errors.get("code", [])) + " Two-step sign-in stays on.",
        )
        return redirect("accounts:otp-enrol")
    if totp_disable(user=user, code=form.cleaned_data["code"]):
        second_factor_unmark(request.session)
        messages.success(request, "Two-step sign-in is off.")
        return redirect("accounts:otp-enrol")
    if _code_failed(request, user):
        return _refused_by_count(request)
    messages.error(request, "That code is not valid, so two-step sign-in stays on.")
    return redirect("accounts:otp-enrol")


@public
@passive
@never_cache
@require_GET
def session_idle(request: HttpRequest) -> HttpResponse:
    """Where an idle tab goes (idle.js). Reaching it is not activity (accounts/idle.py).

    A session idle past the limit has been signed out by IdleTimeoutMiddleware before this
    runs. One still signed in was used in another tab meanwhile: this tab shows no records and
    (idle.js, as on every signed-in page) comes back here when the session would next expire.
    """
    if not request.user.is_authenticated:
        messages.info(request, idle_logout_message())
        return redirect(settings.LOGIN_URL)
    return render(request, "accounts/idle.html")


@role_required(*ALL_ROLES)
@before_second_factor
@never_cache
@require_http_methods(["GET", "POST"])
def session_keepalive(request: HttpRequest) -> JsonResponse:
    """How long the session has left, for idle.js: no patient data, nothing audited.

    A POST is made when the person types or clicks, so it counts as activity (the middleware
    notes it before this runs); a GET with ``?auto-refresh=1`` only asks, and is passive. Once
    the session is idle past the limit the middleware signs it out instead (a redirect to sign
    in), so this never extends a session the server has ended.
    """
    return JsonResponse({"seconds_left": seconds_left(request.session)})

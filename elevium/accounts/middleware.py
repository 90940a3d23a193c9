from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from .access import declared_roles, is_before_second_factor, is_public
from .idle import activity_record, idle_logout_message, idle_seconds, is_passive
from .roles import Role
from .sign_in import second_factor_verified, sign_out
from .totp import has_confirmed_device


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _unauthorized(detail: str) -> JsonResponse:
    response = JsonResponse({"detail": detail}, status=401)
    # As DRF's SessionAuthentication answers (accounts/authentication.py).
    response["WWW-Authenticate"] = 'Session realm="elevium"'
    return response


class ViewMiddleware:
    """A middleware that acts only in ``process_view``, once the view is known."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)


class AccessPolicyMiddleware(ViewMiddleware):
    """Login on every view but the public ones; the user's role must be one the view declares.

    The admin site keeps its own gate (staff only, which only administrators can be);
    API views answer JSON 401/403 through DRF's permission classes instead of redirects.
    """

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if is_public(view):
            return None
        match = request.resolver_match
        if match is not None and "admin" in match.namespaces:
            return None
        if getattr(view, "cls", None) is not None:
            return None  # DRF view: HasDeclaredRole decides, with JSON errors.
        user = request.user
        if not user.is_authenticated:
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "Authentication credentials were not provided."}, status=401)
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        roles = declared_roles(view)
        if roles is None or user.role not in roles:
            raise PermissionDenied
        return None


class IdleTimeoutMiddleware(ViewMiddleware):
    """Sign out a session unused for IDLE_TIMEOUT_SECONDS; otherwise note the request as activity.

    Pages are sent to the sign-in page with a message (and back to the page after signing in);
    API calls get 401. What counts as activity is explained in accounts/idle.py.
    """

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if not request.user.is_authenticated:
            return None
        passive = is_passive(request, view)
        idle = idle_seconds(request.session)
        if idle is None or idle < settings.IDLE_TIMEOUT_SECONDS:
            activity_record(request.session, passive=passive)
            return None
        sign_out(request, action="session.idle_logout", data={"idle_seconds": idle})
        if _is_api(request):
            return _unauthorized("Signed out after inactivity.")
        messages.info(request, idle_logout_message())
        if passive or request.method != "GET":
            return redirect(settings.LOGIN_URL)
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)


class SecondFactorMiddleware(ViewMiddleware):
    """Administrators must pass a second factor: until their session carries the mark
    (accounts/sign_in.py), they reach only the enrolment and verification pages and sign-out.

    Every view is covered, the admin site and the API included. Other roles have no such gate:
    for them the code step at sign-in is what a confirmed device adds. Verified sessions cost
    no query here; only a held administrator's device is looked up, to choose the page.
    """

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or user.role != Role.ADMIN:
            return None
        if second_factor_verified(request.session) or is_public(view) or is_before_second_factor(view):
            return None
        if _is_api(request):
            return _unauthorized("Complete two-step sign-in first.")
        return redirect("accounts:otp-verify" if has_confirmed_device(user) else "accounts:otp-enrol")

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse

from .access import declared_roles, is_public


class AccessPolicyMiddleware:
    """Login on every view but the public ones; the user's role must be one the view declares.

    The admin site keeps its own gate (staff only, which only administrators can be);
    API views answer JSON 401/403 through DRF's permission classes instead of redirects.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

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

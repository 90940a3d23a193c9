"""A typed authenticated request, so views can rely on ``request.user.role``."""

from __future__ import annotations

from django.http import HttpRequest

from .models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User

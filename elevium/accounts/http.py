"""Typed authenticated requests, so views can rely on ``request.user`` being a ``User``.

Both are annotations only: Django and DRF hand views their own request objects. They are true
for every view behind the access policy (elevium/accounts/access.py): a page's middleware and
an API view's ``HasDeclaredRole`` refuse the signed-out before the view runs.
"""

from __future__ import annotations

from django.http import HttpRequest
from rest_framework.request import Request

from .models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User


class AuthenticatedRequest(Request):
    """A DRF request past ``HasDeclaredRole``: signed in, active, in one of the view's roles."""

    user: User

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from .access import ROLES_ATTR


class HasDeclaredRole(BasePermission):
    """DRF's side of the access policy: the API view must declare roles, and the user hold one."""

    message = "Your role does not allow this."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        roles = getattr(view, ROLES_ATTR, None)
        return bool(roles) and user.role in roles

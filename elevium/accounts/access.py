"""Who may reach a view: declared on the view, enforced by middleware and DRF, denied by default.

A view is reachable only when it carries a declaration: ``@role_required(...)`` for
signed-in staff in the named roles, or ``@public`` for the login page and the health
check. The role matrix test (tests/accounts/test_role_matrix.py) asserts every role's
answer on every URL of the URLconf.

An API view declares the roles that may read it on the class, and narrows a method that
changes data with ``@role_required(..., message=...)`` on that method: ``HasDeclaredRole``,
DRF's side of the policy, checks both before the method runs, so no method compares
``request.user.role`` itself. Pages (function views) are checked by AccessPolicyMiddleware.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from .roles import Role

ROLES_ATTR = "elevium_roles"
MESSAGE_ATTR = "elevium_roles_message"
PUBLIC_ATTR = "elevium_public"
BEFORE_SECOND_FACTOR_ATTR = "elevium_before_second_factor"

V = TypeVar("V", bound=Callable[..., Any])


def role_required(*roles: Role, message: str | None = None) -> Callable[[V], V]:
    """Allow signed-in users whose role is one of ``roles``; everyone else gets 403.

    On an API view's method, ``message`` is the 403's detail for a role the class admits but
    the method does not ("Only clinicians change reassessments.").
    """
    if not roles:
        raise ValueError("role_required needs at least one role")

    def mark(view: V) -> V:
        setattr(view, ROLES_ATTR, frozenset(roles))
        if message is not None:
            setattr(view, MESSAGE_ATTR, message)
        return view

    return mark


def public(view: V) -> V:
    """Reachable without signing in. Only the login page and the health check use it."""
    setattr(view, PUBLIC_ATTR, True)
    return view


def declared_roles(view: Callable[..., Any]) -> frozenset[Role] | None:
    """The roles a view (function, class-based view or DRF APIView) declares, if any."""
    view_class = getattr(view, "view_class", None) or getattr(view, "cls", None)
    for target in (view, view_class):
        if target is not None and hasattr(target, ROLES_ATTR):
            return frozenset(getattr(target, ROLES_ATTR))
    return None


def is_public(view: Callable[..., Any]) -> bool:
    view_class = getattr(view, "view_class", None) or getattr(view, "cls", None)
    return any(getattr(target, PUBLIC_ATTR, False) for target in (view, view_class) if target is not None)


def before_second_factor(view: V) -> V:
    """Reachable by a signed-in administrator who has not passed the second factor yet: only
    enrolment and sign-out use it (SecondFactorMiddleware holds such a session everywhere else)."""
    setattr(view, BEFORE_SECOND_FACTOR_ATTR, True)
    return view


def is_before_second_factor(view: Callable[..., Any]) -> bool:
    view_class = getattr(view, "view_class", None) or getattr(view, "cls", None)
    return any(
        getattr(target, BEFORE_SECOND_FACTOR_ATTR, False)
        for target in (view, view_class)
        if target is not None
    )


def method_roles(view: Any, method: str) -> tuple[frozenset[Role], str | None] | None:
    """The roles an API view's handler for ``method`` declares beyond its class's, with the
    refusal's message; None when the method declares none (the class's roles apply)."""
    handler = getattr(view, method.lower(), None)
    roles: Iterable[Role] | None = getattr(handler, ROLES_ATTR, None)
    if roles is None:
        return None
    return frozenset(roles), getattr(handler, MESSAGE_ATTR, None)


class HasDeclaredRole(BasePermission):
    """DRF's side of the access policy: the API view must declare roles, and the user hold one
    of them, and of the roles its method declares, if any."""

    message = "Your role does not allow this."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        role = getattr(user, "role", None)
        roles: frozenset[Role] = getattr(view, ROLES_ATTR, None) or frozenset()
        if role not in roles:
            return False
        narrowed = method_roles(view, request.method or "")
        if narrowed is not None and role not in narrowed[0]:
            if narrowed[1] is not None:
                self.message = narrowed[1]  # an instance per request: DRF reads it for the 403
            return False
        return True

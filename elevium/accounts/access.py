"""Who may reach a view: declared on the view, enforced by middleware and DRF, denied by default.

A view is reachable only when it carries a declaration: ``@role_required(...)`` for
signed-in staff in the named roles, or ``@public`` for the login page and the health
check. The role matrix test (tests/test_role_matrix.py) reads the same declarations
through the URLconf and asserts every role's answer on every URL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from .roles import Role

ROLES_ATTR = "elevium_roles"
PUBLIC_ATTR = "elevium_public"
BEFORE_SECOND_FACTOR_ATTR = "elevium_before_second_factor"

V = TypeVar("V", bound=Callable[..., Any])


def role_required(*roles: Role) -> Callable[[V], V]:
    """Allow signed-in users whose role is one of ``roles``; everyone else gets 403."""
    if not roles:
        raise ValueError("role_required needs at least one role")

    def mark(view: V) -> V:
        setattr(view, ROLES_ATTR, frozenset(roles))
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

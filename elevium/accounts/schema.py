"""Tells drf-spectacular that the project's session authentication is a cookie session."""

from __future__ import annotations

from drf_spectacular.authentication import SessionScheme


# drf-spectacular registers extensions in an untyped __init_subclass__.
class ElevSessionScheme(SessionScheme):  # type: ignore[no-untyped-call]
    target_class = "elevium.accounts.authentication.SessionAuthentication"

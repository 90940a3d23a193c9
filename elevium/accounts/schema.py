"""Tells drf-spectacular that the project's session authentication is a cookie session."""

from __future__ import annotations

from drf_spectacular.authentication import SessionScheme


class ElevSessionScheme(SessionScheme):
    target_class = "elevium.accounts.authentication.SessionAuthentication"

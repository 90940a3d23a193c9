from __future__ import annotations

from rest_framework import authentication
from rest_framework.request import Request


class SessionAuthentication(authentication.SessionAuthentication):
    """Session auth that answers 401 (not 403) to an anonymous API call, so clients can tell
    "sign in" from "your role may not do this"."""

    def authenticate_header(self, request: Request) -> str:
        return 'Session realm="elevium"'

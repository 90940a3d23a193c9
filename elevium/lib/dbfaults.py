"""A database outage answers 503 with ``Retry-After``, never a 500.

While PostgreSQL restarts or fails over, queries raise ``OperationalError`` (refused, shutting
down, starting up, connection terminated) or ``InterfaceError`` (a connection psycopg already
knows is closed). That is no bug in the request: the answer is "briefly unavailable, try again",
with no detail, since the error text names hosts and ports and the page must echo nothing.

Recovery needs no restart of the app. Django drops a connection that failed during a request
when the request ends (``errors_occurred``, then ``close_if_unusable_or_obsolete``), and checks a
persistent connection before its first use in a request (``CONN_HEALTH_CHECKS``, set for
PostgreSQL in ``elevium.lib.env.parse_database_url``), so the next request reconnects.

The error reaches three places, each handled here:

- views: ``process_exception`` (HTML pages) and DRF's exception handler (the API, set as
  ``REST_FRAMEWORK["EXCEPTION_HANDLER"]``);
- the first read of a request, the session and its user, which ``AccessPolicyMiddleware`` makes
  in ``process_view``, outside any view: ``process_view`` here makes it first, inside a ``try``;
- any middleware inside this one (a per-request check that reads the database, a new session
  inserted on the way out): Django turns its exception into a 500 before this middleware sees
  it, so ``got_request_exception`` marks the request and the 500 leaves as a 503. Django has
  logged that one as a server error already. (A failed update of an existing session is
  Django's own 400, SessionInterrupted.)
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from elevium.accounts.access import is_public

logger = logging.getLogger(__name__)
R = TypeVar("R", bound=HttpResponse)

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5
PROBLEM_CONTENT_TYPE = "application/problem+json"
# RFC 9457 problem details. A 503 may come after a write committed and before its answer was
# sent, so the reader is told to look before repeating a change.
PROBLEM = {
    "type": "about:blank",
    "title": "Service Unavailable",
    "status": 503,
    "detail": (
        "The database is briefly unavailable. Try again in a few seconds; "
        "read the record first to see whether your last change was saved."
    ),
}
_FLAG = "_elevium_database_unavailable"


def _log(exc: BaseException) -> None:
    # The class only: the message names the database host, and the request path is in the access log.
    logger.warning("database unavailable (%s): answered 503", type(exc).__name__)


def _set_headers(response: R) -> R:
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503: problem JSON under /api/, a standalone page (no user, no database) elsewhere."""
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(PROBLEM, status=503, content_type=PROBLEM_CONTENT_TYPE)
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    return _set_headers(response)


class DatabaseUnavailableMiddleware:
    """Place it before SessionMiddleware: every middleware that reads the database is then inside it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, _FLAG, False):
            return unavailable_response(request)
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        # Public views (sign-in, /healthz) read the user themselves if at all; /healthz reports
        # which of its checks failed, which a generic 503 here would hide.
        user = getattr(request, "user", None)
        if user is None or is_public(view):
            return None
        try:
            user.is_authenticated  # noqa: B018 - evaluates the lazy session and user read, here
        except DATABASE_UNAVAILABLE as exc:
            _log(exc)
            return unavailable_response(request)
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_UNAVAILABLE):
            _log(exception)
            return unavailable_response(request)
        return None


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus the 503 for a database outage (DRF would re-raise it as a 500)."""
    if isinstance(exc, DATABASE_UNAVAILABLE):
        set_rollback()
        _log(exc)
        response = Response(PROBLEM, status=503, content_type=PROBLEM_CONTENT_TYPE)
        return _set_headers(response)
    return exception_handler(exc, context)


def _mark_request(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    # Sent while Django handles the exception, so sys.exc_info() is the error being turned into a 500.
    if request is not None and isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        setattr(request, _FLAG, True)


got_request_exception.connect(_mark_request, dispatch_uid="elevium.lib.dbfaults")

"""Every log line of a request names its request id, including Django's own 4xx lines, which it
writes after the middleware chain has returned."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from django.test import Client

from elevium.accounts.roles import Role
from elevium.audit.middleware import RequestIdLogFilter

pytestmark = pytest.mark.django_db

MISSING = "00000000-0000-0000-0000-000000000000"


@pytest.mark.parametrize(
    ("who", "path", "line"),
    [
        (None, "/no-such-page/", "Not Found: /no-such-page/"),
        (None, f"/api/patients/{MISSING}/", f"Unauthorized: /api/patients/{MISSING}/"),
        (Role.CLINICIAN, "/no-such-page/", "Not Found: /no-such-page/"),
        (Role.CLINICIAN, f"/patients/{MISSING}/", f"Not Found: /patients/{MISSING}/"),
        (Role.CLINICIAN, f"/api/patients/{MISSING}/", f"Not Found: /api/patients/{MISSING}/"),
        (
            Role.CARE_COORDINATOR,
            "/api/benefits/pa-cases/?status=nope",
            "Bad Request: /api/benefits/pa-cases/",
        ),
    ],
)
def test_a_4xx_log_line_carries_the_request_id(
    caplog: pytest.LogCaptureFixture,
    client: Client,
    client_for: Callable[[Role], Client],
    who: Role | None,
    path: str,
    line: str,
) -> None:
    # The filter runs where the project's console handler runs it: when the record is emitted.
    caplog.handler.addFilter(RequestIdLogFilter())
    visitor = client_for(who) if who else client
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = visitor.get(path, HTTP_X_REQUEST_ID="req-log-404-test")
    assert response["X-Request-ID"] == "req-log-404-test"
    records = [r for r in caplog.records if r.name == "django.request"]
    assert [r.getMessage() for r in records] == [line]
    assert records[0].request_id == "req-log-404-test"  # type: ignore[attr-defined]


def test_a_line_outside_any_request_says_so(caplog: pytest.LogCaptureFixture) -> None:
    caplog.handler.addFilter(RequestIdLogFilter())
    with caplog.at_level(logging.INFO, logger="elevium.test"):
        logging.getLogger("elevium.test").info("no request here")
    assert caplog.records[0].request_id == "-"  # type: ignore[attr-defined]

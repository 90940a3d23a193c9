"""Each place a dropped database connection can surface in a request answers 503, never 500.

The connection is really lost: PostgreSQL terminates the request's own backend
(``pg_terminate_backend``) just before the chosen statement runs, so psycopg and Django see
exactly what a restart of the server shows them. tests/faults/test_postgres_restart.py does the
same to a whole gunicorn under load, and shows the recovery.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from elevium.accounts.models import User
from elevium.accounts.roles import Role
from elevium.lib.dbfaults import PROBLEM
from tests.factories import PatientFactory, UserFactory

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def drop_connection_at(side_sql: Callable[..., Any]) -> Iterator[Callable[[str], None]]:
    """``drop_connection_at('FROM "patients_patient"')``: the first statement containing the text
    finds its connection terminated by the server. The broken connection is closed afterwards so
    the test database can be flushed."""
    wrappers: list[Any] = []

    def arm(fragment: str) -> None:
        fired = False

        def wrapper(execute: Any, sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
            nonlocal fired
            if not fired and fragment in sql:
                fired = True
                pid = context["connection"].connection.info.backend_pid
                # Waits (up to 5 s) until the backend is gone, so the statement cannot slip through.
                side_sql("SELECT pg_terminate_backend(%s, 5000)", (pid,))
            return execute(sql, params, many, context)

        manager = connection.execute_wrapper(wrapper)
        manager.__enter__()
        wrappers.append(manager)

    try:
        yield arm
    finally:
        for manager in reversed(wrappers):
            manager.__exit__(None, None, None)
        connection.close()


@pytest.fixture
def clinician_client() -> Client:
    client = Client()
    client.force_login(UserFactory(username="dbfault-clinician", role=Role.CLINICIAN))
    return client


def _assert_problem(response: Any) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "5" and response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == PROBLEM


def _assert_page(response: Any) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "5" and response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "Briefly unavailable" in body
    for leak in ("OperationalError", "psycopg", "terminating connection", connection.settings_dict["NAME"]):
        assert leak not in body


def test_an_api_view_losing_its_connection_answers_a_503_problem(
    clinician_client: Client, drop_connection_at: Callable[[str], None], caplog: pytest.LogCaptureFixture
) -> None:
    patient = PatientFactory(family_name="Zebediah")
    drop_connection_at('FROM "patients_patient"')
    with caplog.at_level(logging.WARNING):
        response = clinician_client.get(f"/api/patients/{patient.id}/")
    _assert_problem(response)
    assert "database unavailable (OperationalError): answered 503" in caplog.text
    assert "Zebediah" not in caplog.text  # django.request logs the path: an opaque id, by design


def test_a_page_losing_its_connection_answers_a_503_page(
    clinician_client: Client, drop_connection_at: Callable[[str], None]
) -> None:
    PatientFactory()
    drop_connection_at('FROM "patients_patient"')
    _assert_page(clinician_client.get("/patients/"))


@pytest.mark.parametrize("path", ["/patients/", "/api/patients/"])
def test_losing_the_connection_at_the_session_read_answers_503(
    path: str, clinician_client: Client, drop_connection_at: Callable[[str], None]
) -> None:
    """The session and its user are read before any view runs (the access policy needs the role)."""
    drop_connection_at('FROM "django_session"')
    response = clinician_client.get(path)
    if path.startswith("/api/"):
        _assert_problem(response)
    else:
        _assert_page(response)


class ReadsBeforeTheView:
    """A middleware inside DatabaseUnavailableMiddleware that reads the database before the view,
    as a per-request check of a clinic or a second factor would."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        if request.user.is_authenticated:
            User.objects.filter(pk=request.user.pk).exists()
        return self.get_response(request)


def test_losing_the_connection_in_a_middleware_inside_answers_503(
    settings: Any, drop_connection_at: Callable[[str], None], caplog: pytest.LogCaptureFixture
) -> None:
    """Django turns an exception in a middleware into a 500 before the middlewares outside it
    see it; the 500 still leaves as a 503."""
    auth = settings.MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[: auth + 1],
        f"{__name__}.ReadsBeforeTheView",
        *settings.MIDDLEWARE[auth + 1 :],
    ]
    user = UserFactory(username="dbfault-middleware", role=Role.CLINICIAN)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    drop_connection_at('FROM "accounts_user"')
    _assert_page(client.get("/patients/"))

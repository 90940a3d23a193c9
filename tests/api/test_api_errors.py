"""The API's error answers outside its views: an /api/ path that matches no route."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from elevium.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_a_malformed_id_under_api_answers_json_404(client_for: Callable[[Role], Client]) -> None:
    response = client_for(Role.CLINICIAN).get("/api/patients/MRN-1234/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}  # the path is not echoed


def test_an_unknown_page_outside_api_still_answers_html(client_for: Callable[[Role], Client]) -> None:
    response = client_for(Role.CLINICIAN).get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert b"no-such-page" not in response.content

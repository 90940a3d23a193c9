"""The API's error answers outside its views: an /api/ path that matches no route, a body
Django refuses before any view."""

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


def test_a_body_with_too_many_fields_answers_json_400_under_api(client_for: Callable[[Role], Client]) -> None:
    # Django refuses it before any view runs (DATA_UPLOAD_MAX_NUMBER_FIELDS, 1,000 by default):
    # schemathesis found the HTML page answering an API client.
    fields = {"case_ids": [f"00000000-0000-0000-0000-{i:012d}" for i in range(1_001)]}
    api = client_for(Role.CARE_COORDINATOR).post("/api/benefits/pa-cases/assign/", fields)
    page = client_for(Role.CARE_COORDINATOR).post("/benefits/worklist/assign/", fields)
    assert api.status_code == 400 and api["Content-Type"] == "application/json"
    assert "too many fields" in api.json()["detail"]
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")

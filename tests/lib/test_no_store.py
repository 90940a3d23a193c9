"""No response Django answers may be kept by a browser or a proxy: pages, API answers, letters
and PDFs carry patient data. Static files keep their own caching."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from elevium.accounts.roles import Role
from tests.accounts.test_role_matrix import (  # noqa: F401 - sample_kwargs is a fixture
    APP_URLS,
    EXPECTED,
    WHO,
    _client,
    _url,
    sample_kwargs,
)


def _never_stored(response: Any) -> None:
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert "no-store" in directives, response["Cache-Control"]
    assert response["Pragma"] == "no-cache"


READABLE = [
    (name, next(who for who in WHO if EXPECTED[name][1][who] == 200))
    for name in APP_URLS
    if EXPECTED[name][0] == "GET" and 200 in EXPECTED[name][1].values()
]


@pytest.mark.parametrize(("name", "who"), READABLE, ids=[name for name, _ in READABLE])
def test_every_page_and_api_answer_is_never_stored(
    client: Client,
    sample_kwargs: dict[str, Any],  # noqa: F811
    name: str,
    who: str,
) -> None:
    response = _client(client, who).get(_url(name, sample_kwargs))
    assert response.status_code == 200, name
    _never_stored(response)


def test_the_letter_pdf_and_error_answers_are_never_stored(
    client: Client,
    sample_kwargs: dict[str, Any],  # noqa: F811
) -> None:
    coordinator = _client(client, Role.CARE_COORDINATOR)
    pdf = coordinator.get(_url("benefits:case-letter-pdf", sample_kwargs))
    assert pdf["Content-Type"] == "application/pdf"
    _never_stored(pdf)
    _never_stored(coordinator.get("/no-such-page/"))
    _never_stored(coordinator.get("/api/benefits/pa-cases/?status=nonsense"))


def test_static_files_keep_their_caching(client: Client, db: None) -> None:
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")

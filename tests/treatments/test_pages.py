"""The catalog pages: every role reads them, and they cost a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from elevium.accounts.roles import Role

from .helpers import add_rows

pytestmark = pytest.mark.django_db

# Session and user (2), then the treatments and their four kinds of row (5).
PAGE_QUERIES = 7

LIST_URL = reverse("treatments:treatment-list")


def _detail(slug: str) -> str:
    return reverse("treatments:treatment-detail", kwargs={"treatment_slug": slug})


@pytest.mark.parametrize("role", list(Role))
def test_every_role_reads_the_catalog(client_for: Callable[[Role], Client], role: Role) -> None:
    client = client_for(role)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert [row["treatment"].slug for row in response.context["rows"]] == ["tms", "spravato", "ketamine"]
    for slug in ("tms", "spravato", "ketamine"):
        assert client.get(_detail(slug)).status_code == 200


def test_the_signed_out_are_sent_to_sign_in(client: Client) -> None:
    for url in (LIST_URL, _detail("spravato")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_an_unknown_treatment_is_404(client_for: Callable[[Role], Client]) -> None:
    assert client_for(Role.REVIEWER).get(_detail("ect")).status_code == 404


def test_the_pages_only_answer_get(client_for: Callable[[Role], Client]) -> None:
    client = client_for(Role.CLINICIAN)
    assert client.post(LIST_URL).status_code == 405
    assert client.post(_detail("tms")).status_code == 405


def test_the_spravato_page_shows_monitoring_codes_and_what_the_patient_arranges(
    client_for: Callable[[Role], Client],
) -> None:
    response = client_for(Role.CARE_COORDINATOR).get(_detail("spravato"))
    html = response.content.decode()
    groups = {value: rows for value, _label, rows in response.context["monitoring_groups"]}
    assert list(groups) == ["before", "during", "after"]
    assert any(row.minimum_minutes == 120 for row in groups["after"])
    assert "<strong>120 min</strong>" in html
    for text in ("SPRAVATO REMS", "Schedule III", "G2082", "G2083", "J0013", "S0013", "from 2026-01-01"):
        assert text in html, text
    assert "replaces <code>S0013</code>" in html
    assert "replaced by <code>J0013</code> from 2026-01-01" in html
    assert 'data-status="fda_approved"' in html
    assert '<time datetime="2025-01-21">' in html
    assert "<strong>Needed</strong>" in html  # a ride home


def test_unconfirmed_rows_are_marked(client_for: Callable[[Role], Client]) -> None:
    html = client_for(Role.CLINICIAN).get(_detail("ketamine")).content.decode()
    assert html.count('class="unconfirmed"') == 4  # the IV series length and three routes
    assert 'data-status="off_label"' in html


def test_only_administrators_get_the_edit_link(client_for: Callable[[Role], Client]) -> None:
    edit = "/admin/treatments/treatment/"
    assert edit in client_for(Role.ADMIN).get(_detail("tms")).content.decode()
    assert edit in client_for(Role.ADMIN).get(LIST_URL).content.decode()
    assert edit not in client_for(Role.CLINICIAN).get(_detail("tms")).content.decode()
    assert edit not in client_for(Role.CLINICIAN).get(LIST_URL).content.decode()


@pytest.mark.parametrize("url", [LIST_URL, _detail("spravato")], ids=["list", "detail"])
def test_a_page_costs_the_same_queries_at_1000_more_rows(
    client_for: Callable[[Role], Client], url: str
) -> None:
    client = client_for(Role.CLINICIAN)
    client.get(url)  # warm: first-request work (content types, caches) is not the page's cost
    with CaptureQueriesContext(connection) as seeded:
        assert client.get(url).status_code == 200
    add_rows("spravato", 1000)
    with CaptureQueriesContext(connection) as grown:
        assert client.get(url).status_code == 200
    assert len(seeded) == PAGE_QUERIES, "\n".join(q["sql"] for q in seeded.captured_queries)
    assert len(grown) == PAGE_QUERIES, "\n".join(q["sql"] for q in grown.captured_queries)

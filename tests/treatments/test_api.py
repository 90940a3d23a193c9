"""The read-only catalog API: every role reads it, in a fixed number of queries."""

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
API_QUERIES = 7

LIST_URL = reverse("treatments-api:treatment-list")


def _detail(slug: str) -> str:
    return reverse("treatments-api:treatment-detail", kwargs={"treatment_slug": slug})


@pytest.mark.parametrize("role", list(Role))
def test_every_role_reads_the_catalog(client_for: Callable[[Role], Client], role: Role) -> None:
    client = client_for(role)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert [t["slug"] for t in response.json()] == ["tms", "spravato", "ketamine"]
    assert client.get(_detail("ketamine")).status_code == 200


def test_the_signed_out_get_401(client: Client) -> None:
    assert client.get(LIST_URL).status_code == 401
    assert client.get(_detail("tms")).status_code == 401


def test_an_unknown_treatment_is_404(client_for: Callable[[Role], Client]) -> None:
    assert client_for(Role.CLINICIAN).get(_detail("ect")).status_code == 404


def test_it_is_read_only(client_for: Callable[[Role], Client]) -> None:
    client = client_for(Role.ADMIN)
    assert client.post(LIST_URL, {}).status_code == 405
    assert client.put(_detail("tms"), {}, content_type="application/json").status_code == 405
    assert client.delete(_detail("tms")).status_code == 405


def test_the_spravato_answer(client_for: Callable[[Role], Client]) -> None:
    body = client_for(Role.REVIEWER).get(_detail("spravato")).json()
    assert (body["controlled_substance_schedule"], body["rems_program"]) == ("CIII", "SPRAVATO REMS")
    assert (body["requires_driver"], body["requires_daily_visits"]) == (True, False)
    assert [p["slug"] for p in body["protocols"]] == [
        "spravato-trd-induction",
        "spravato-trd-maintenance-weekly",
        "spravato-trd-maintenance",
        "spravato-mdsi",
    ]
    observation = [m for m in body["monitoring"] if m["minimum_minutes"]]
    assert [(m["when"], m["minimum_minutes"]) for m in observation] == [("after", 120)]
    monotherapy = next(r for r in body["regulatory_statuses"] if "monotherapy" in r["indication"])
    assert (monotherapy["status"], monotherapy["since_date"]) == ("fda_approved", "2025-01-21")
    j0013 = next(c for c in body["billing_codes"] if c["code"] == "J0013")
    assert (j0013["effective_from"], j0013["replaces"]) == ("2026-01-01", "S0013")
    s0013 = next(c for c in body["billing_codes"] if c["code"] == "S0013")
    assert s0013["replaces"] is None


def test_the_tms_answer_has_its_protocol_numbers(client_for: Callable[[Role], Client]) -> None:
    body = client_for(Role.CLINICIAN).get(_detail("tms")).json()
    standard = next(p for p in body["protocols"] if p["slug"] == "tms-10hz")
    assert (standard["sessions"], standard["weeks"], standard["session_minutes"]) == (30, 6, "37.5")
    assert {c["code"] for c in body["billing_codes"] if c["code_system"] == "CPT"} == {
        "90867",
        "90868",
        "90869",
    }


@pytest.mark.parametrize("url", [LIST_URL, _detail("spravato")], ids=["list", "detail"])
def test_an_answer_costs_the_same_queries_at_1000_more_rows(
    client_for: Callable[[Role], Client], url: str
) -> None:
    client = client_for(Role.CARE_COORDINATOR)
    client.get(url)
    with CaptureQueriesContext(connection) as seeded:
        assert client.get(url).status_code == 200
    add_rows("spravato", 1000)
    with CaptureQueriesContext(connection) as grown:
        assert client.get(url).status_code == 200
    assert len(seeded) == API_QUERIES, "\n".join(q["sql"] for q in seeded.captured_queries)
    assert len(grown) == API_QUERIES, "\n".join(q["sql"] for q in grown.captured_queries)

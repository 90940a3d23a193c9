"""The one-query paginator answers exactly as Django's paginator and DRF's envelope do."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from elevium.accounts.roles import Role
from elevium.lib.pagination import OneQueryPaginator
from patients.models import Patient
from tests.factories import PatientFactory, default_clinic

pytestmark = pytest.mark.django_db


def _both(rows: Any, per_page: int, number: Any) -> tuple[Any, Any]:
    answers: list[Any] = []
    for cls in (Paginator, OneQueryPaginator):
        paginator = cls(rows, per_page)
        try:
            page = paginator.page(number)
        except (EmptyPage, PageNotAnInteger) as exc:
            answers.append((type(exc), str(exc)))
            continue
        answers.append((list(page), paginator.count, paginator.num_pages, page.has_next(), page.number))
    return answers[0], answers[1]


@pytest.mark.parametrize("total", [0, 1, 7, 10, 11])
@pytest.mark.parametrize("number", [1, 2, "1", "2", "3", 0, "0", -1, "x", "", "²", 1.5, None])
def test_pages_totals_and_errors_are_djangos(total: int, number: Any) -> None:
    Patient.objects.bulk_create(PatientFactory.build_batch(total, clinic=default_clinic()))
    rows = Patient.objects.order_by("family_name", "given_name", "id")
    django_answer, ours = _both(rows, 5, number)
    assert ours == django_answer


def test_a_page_is_one_query_and_its_rows_carry_no_extra_attribute() -> None:
    Patient.objects.bulk_create(PatientFactory.build_batch(12, clinic=default_clinic()))
    paginator = OneQueryPaginator(Patient.objects.order_by("id"), 5)
    with CaptureQueriesContext(connection) as queries:
        page = paginator.page("2")
        assert (paginator.count, paginator.num_pages, len(page)) == (12, 3, 5)
    assert len(queries) == 1
    assert all(not hasattr(row, "_elevium_page_total") for row in page)
    assert [p.pk for p in page] == [p.pk for p in Patient.objects.order_by("id")[5:10]]


def test_values_and_distinct_queries_take_djangos_path() -> None:
    Patient.objects.bulk_create(PatientFactory.build_batch(3, clinic=default_clinic()))
    for rows in (
        Patient.objects.order_by("id").values("id"),
        Patient.objects.order_by("id").values_list("id", "mrn"),
        Patient.objects.order_by("id").distinct(),
    ):
        django_answer, ours = _both(rows, 2, 1)
        assert ours == django_answer


@pytest.mark.parametrize("total", [0, 1, 7, 10, 11])
@pytest.mark.parametrize("number", [1, 2, "2", "3", 0, "x", None])
def test_a_flat_list_of_ids_is_one_query_with_djangos_answers(total: int, number: Any) -> None:
    Patient.objects.bulk_create(PatientFactory.build_batch(total, clinic=default_clinic()))
    rows = Patient.objects.order_by("family_name", "given_name", "id").values_list("id", flat=True)
    django_answer, ours = _both(rows, 5, number)
    assert ours == django_answer
    with CaptureQueriesContext(connection) as queries:
        OneQueryPaginator(rows, 5).page(1)
    assert len(queries) == (1 if total else 2)  # an empty list: Django's COUNT decides


def test_the_api_envelope_is_unchanged_past_the_first_page(client_for: Callable[[Role], Client]) -> None:
    client = client_for(Role.CLINICIAN)
    Patient.objects.bulk_create(PatientFactory.build_batch(120, clinic=default_clinic()))
    body = client.get("/api/patients/?page=3").json()
    assert body["count"] == 120 and len(body["results"]) == 20 and body["next"] is None
    assert body["previous"].endswith("/api/patients/?page=2")
    assert client.get("/api/patients/?page=4").status_code == 404
    assert client.get("/api/patients/?page=last").json()["results"] == body["results"]

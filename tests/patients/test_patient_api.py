from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent
from patients.models import Patient
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db

VALID = {
    "mrn": "API-1",
    "family_name": "Doe",
    "given_name": "Sam",
    "date_of_birth": "1975-02-03",
    "sex_at_birth": "male",
}


def test_it_creates_a_patient_and_audits_it(client_for: Callable[[Role], Client]) -> None:
    response = client_for(Role.CARE_COORDINATOR).post(
        "/api/patients/", VALID, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["mrn"] == "API-1"
    assert AuditEvent.objects.filter(action="patient.created", patient_id=body["id"]).exists()


def test_it_lists_every_field_error_at_once(client_for: Callable[[Role], Client]) -> None:
    response = client_for(Role.CLINICIAN).post(
        "/api/patients/",
        {"mrn": "", "date_of_birth": "not a date", "sex_at_birth": "robot"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"mrn", "family_name", "given_name", "date_of_birth", "sex_at_birth"}
    assert not Patient.objects.exists()


def test_a_duplicate_mrn_is_a_400_on_the_field(client_for: Callable[[Role], Client]) -> None:
    PatientFactory(mrn="API-1")
    response = client_for(Role.CLINICIAN).post("/api/patients/", VALID, content_type="application/json")
    assert response.status_code == 400
    assert "mrn" in response.json()


def test_a_reviewer_reads_but_cannot_create(client_for: Callable[[Role], Client]) -> None:
    client = client_for(Role.REVIEWER)
    assert client.get("/api/patients/").status_code == 200
    assert client.post("/api/patients/", VALID, content_type="application/json").status_code == 403
    assert not Patient.objects.exists()


def test_reading_a_patient_is_audited(client_for: Callable[[Role], Client]) -> None:
    patient = PatientFactory()
    response = client_for(Role.CLINICIAN).get(f"/api/patients/{patient.id}/")
    assert response.json()["id"] == str(patient.id)
    assert AuditEvent.objects.filter(action="patient.viewed", patient_id=patient.id).count() == 1


def test_a_partial_update_changes_only_what_was_sent(client_for: Callable[[Role], Client]) -> None:
    patient = PatientFactory(given_name="Before", family_name="Keep")
    response = client_for(Role.CLINICIAN).patch(
        f"/api/patients/{patient.id}/",
        {"given_name": "After", "revision": 1},
        content_type="application/json",
    )
    assert response.status_code == 200
    patient.refresh_from_db()
    assert (patient.given_name, patient.family_name) == ("After", "Keep")
    assert AuditEvent.objects.get(action="patient.updated").data == {"fields": ["given_name"]}


def test_search_takes_the_query_in_the_body(client_for: Callable[[Role], Client]) -> None:
    PatientFactory(family_name="Quixote", mrn="Q-9")
    PatientFactory(family_name="Other")
    response = client_for(Role.CLINICIAN).post(
        "/api/patients/search/", {"q": "quix"}, content_type="application/json"
    )
    assert [p["mrn"] for p in response.json()] == ["Q-9"]


def test_an_anonymous_call_is_401(client: Client) -> None:
    assert client.get("/api/patients/").status_code == 401


@pytest.mark.parametrize("rows", [10, 1000])
def test_the_list_costs_the_same_queries_for_10_or_1000_patients(
    client_for: Callable[[Role], Client], rows: int
) -> None:
    Patient.objects.bulk_create(PatientFactory.build_batch(rows))
    client = client_for(Role.CLINICIAN)
    client.get("/api/patients/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/patients/")
    assert len(response.json()["results"]) == min(rows, 50)
    # Session, user, the page with its total (elevium/lib/pagination.py), the audit INSERT.
    assert len(queries) == 4, "\n".join(q["sql"] for q in queries.captured_queries)


def test_an_edit_must_name_its_revision_and_a_stale_one_is_a_409(
    client_for: Callable[[Role], Client],
) -> None:
    patient = PatientFactory(given_name="Before")
    client = client_for(Role.CLINICIAN)
    url = f"/api/patients/{patient.id}/"

    missing = client.patch(url, {"given_name": "After"}, content_type="application/json")
    saved = client.patch(url, {"given_name": "After", "revision": 1}, content_type="application/json")
    stale = client.patch(url, {"given_name": "Again", "revision": 1}, content_type="application/json")

    assert missing.status_code == 400 and set(missing.json()) == {"revision"}
    assert saved.status_code == 200 and saved.json()["revision"] == 2
    assert stale.status_code == 409 and stale.json()["revision"] == 2
    patient.refresh_from_db()
    assert (patient.given_name, patient.revision) == ("After", 2)

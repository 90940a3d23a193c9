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
    "mrn": "A-1001",
    "family_name": "Doe",
    "given_name": "Jamie",
    "date_of_birth": "1980-05-17",
    "sex_at_birth": "female",
    "gender_identity": "",
}


def test_a_clinician_registers_a_patient_and_the_write_is_audited(
    client_for: Callable[[Role], Client],
) -> None:
    client = client_for(Role.CLINICIAN)
    response = client.post("/patients/new/", VALID)
    patient = Patient.objects.get(mrn="A-1001")
    assert response["Location"] == f"/patients/{patient.id}/"
    event = AuditEvent.objects.get(action="patient.created")
    assert (event.patient_id, event.actor.username, event.actor_role) == (
        patient.id,
        "test-clinician",
        "clinician",
    )


def test_every_field_error_is_shown_and_nothing_is_saved(client_for: Callable[[Role], Client]) -> None:
    response = client_for(Role.CLINICIAN).post(
        "/patients/new/", {**VALID, "mrn": "", "date_of_birth": "2999-01-01", "sex_at_birth": "robot"}
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) >= {"mrn", "sex_at_birth"}
    assert not Patient.objects.exists()
    assert not AuditEvent.objects.filter(action="patient.created").exists()


def test_a_future_date_of_birth_is_refused(client_for: Callable[[Role], Client]) -> None:
    response = client_for(Role.CLINICIAN).post("/patients/new/", {**VALID, "date_of_birth": "2999-01-01"})
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    assert not Patient.objects.exists()


def test_a_duplicate_mrn_is_a_field_error(client_for: Callable[[Role], Client]) -> None:
    PatientFactory(mrn="A-1001")
    response = client_for(Role.CARE_COORDINATOR).post("/patients/new/", VALID)
    assert response.status_code == 400
    assert "mrn" in response.context["form"].errors


def test_viewing_a_record_is_audited(client_for: Callable[[Role], Client]) -> None:
    patient = PatientFactory()
    response = client_for(Role.REVIEWER).get(f"/patients/{patient.id}/")
    assert response.status_code == 200
    assert AuditEvent.objects.filter(
        action="patient.viewed", patient_id=patient.id, actor_role=Role.REVIEWER
    ).exists()


def test_an_unknown_patient_is_404_and_no_read_is_recorded(client_for: Callable[[Role], Client]) -> None:
    response = client_for(Role.CLINICIAN).get("/patients/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert not AuditEvent.objects.exists()


def test_an_edit_records_the_changed_field_names_but_not_their_values(
    client_for: Callable[[Role], Client],
) -> None:
    patient = PatientFactory(family_name="Old")
    client = client_for(Role.CLINICIAN)
    data = {
        **VALID,
        "mrn": patient.mrn,
        "family_name": "Newname",
        "given_name": patient.given_name,
        "date_of_birth": patient.date_of_birth.isoformat(),
        "sex_at_birth": patient.sex_at_birth,
        "revision": patient.revision,
    }
    response = client.post(f"/patients/{patient.id}/edit/", data)
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.family_name == "Newname"
    event = AuditEvent.objects.get(action="patient.updated")
    assert event.data == {"fields": ["family_name"]}
    assert "Newname" not in str(event.data) and "Old" not in str(event.data)


def test_search_is_posted_so_names_never_reach_the_url(client_for: Callable[[Role], Client]) -> None:
    PatientFactory(family_name="Zebulon", mrn="Z-1")
    PatientFactory(family_name="Other", mrn="O-1")
    client = client_for(Role.CARE_COORDINATOR)
    response = client.post("/patients/", {"q": "zebu"})
    names = [p.family_name for p in response.context["patients"]]
    assert names == ["Zebulon"]
    assert client.post("/patients/", {"q": "o-1"}).context["patients"][0].mrn == "O-1"


def test_the_list_shows_each_patient_and_records_one_event_per_patient_shown(
    client_for: Callable[[Role], Client],
) -> None:
    PatientFactory.create_batch(3)
    response = client_for(Role.CLINICIAN).get("/patients/")
    assert len(response.context["patients"]) == 3
    assert AuditEvent.objects.filter(action="patient.listed").count() == 3


@pytest.mark.parametrize("rows", [10, 1000])
def test_the_list_page_costs_the_same_queries_for_10_or_1000_patients(
    client_for: Callable[[Role], Client], rows: int
) -> None:
    Patient.objects.bulk_create(PatientFactory.build_batch(rows))
    client = client_for(Role.CLINICIAN)
    client.get("/patients/")  # warm the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/patients/?page=2" if rows > 50 else "/patients/")
    assert response.status_code == 200
    # session, user, count, page of patients, one INSERT of audit events
    assert len(queries) == 5, "\n".join(q["sql"] for q in queries.captured_queries)


def test_a_reviewer_cannot_edit(client_for: Callable[[Role], Client]) -> None:
    patient = PatientFactory(family_name="Same")
    response = client_for(Role.REVIEWER).post(
        f"/patients/{patient.id}/edit/", {**VALID, "family_name": "Changed"}
    )
    assert response.status_code == 403
    patient.refresh_from_db()
    assert patient.family_name == "Same"


def test_error_pages_show_no_patient_data(client_for: Callable[[Role], Client]) -> None:
    patient = PatientFactory(family_name="Secretname")
    response = client_for(Role.ADMIN).get(f"/patients/{patient.id}/")
    assert response.status_code == 403
    assert "Secretname" not in response.content.decode()


def test_saving_over_someone_elses_edit_is_a_409_and_keeps_their_change(
    client_for: Callable[[Role], Client],
) -> None:
    patient = PatientFactory(family_name="Original")
    client = client_for(Role.CLINICIAN)
    opened = client.get(f"/patients/{patient.id}/edit/")
    assert f'name="revision" value="{patient.revision}"' in opened.content.decode()
    form = {
        **VALID,
        "mrn": patient.mrn,
        "given_name": patient.given_name,
        "date_of_birth": patient.date_of_birth.isoformat(),
        "sex_at_birth": patient.sex_at_birth,
        "revision": patient.revision,
    }
    assert (
        client.post(f"/patients/{patient.id}/edit/", {**form, "family_name": "Colleague"}).status_code == 302
    )

    response = client.post(f"/patients/{patient.id}/edit/", {**form, "family_name": "Mine"})

    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()
    patient.refresh_from_db()
    assert (patient.family_name, patient.revision) == ("Colleague", 2)
    assert AuditEvent.objects.filter(action="patient.updated", patient_id=patient.id).count() == 1

"""An MRN that looks the same on screen is the same MRN: full-width forms and invisible format
characters (zero-width space, direction marks) are folded away before the uniqueness check,
the save and the search."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from elevium.accounts.roles import Role
from elevium.lib.text import normalise_identifier
from patients.models import Patient
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db

LOOKALIKES = [
    ("zero-width space", "DEMO-0001\u200b"),
    ("zero-width joiner inside", "DEMO-\u200d0001"),
    ("byte-order mark first", "\ufeffDEMO-0001"),
    ("right-to-left mark", "DEMO-0001\u200f"),
    ("full-width", "ＤＥＭＯ-０００１"),
    ("full-width lower case", "ｄｅｍｏ－０００１"),
    ("non-breaking spaces around", "\u00a0DEMO-0001\u00a0"),
]
IDS = [name for name, _ in LOOKALIKES]
FORM = {
    "family_name": "Doe",
    "given_name": "Sam",
    "date_of_birth": "1975-02-03",
    "sex_at_birth": "male",
    "gender_identity": "",
}


@pytest.mark.parametrize(("name", "mrn"), LOOKALIKES, ids=IDS)
def test_it_folds_a_lookalike_to_the_plain_mrn(name: str, mrn: str) -> None:
    assert normalise_identifier(mrn).upper() == "DEMO-0001"


@pytest.mark.parametrize(("name", "mrn"), LOOKALIKES, ids=IDS)
def test_a_lookalike_mrn_is_a_duplicate_in_the_api(
    client_for: Callable[[Role], Client], name: str, mrn: str
) -> None:
    PatientFactory(mrn="DEMO-0001")
    response = client_for(Role.CLINICIAN).post(
        "/api/patients/", {**FORM, "mrn": mrn}, content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["mrn"] == ["A patient with this MRN is already registered at this clinic."]
    assert Patient.objects.count() == 1


@pytest.mark.parametrize(("name", "mrn"), LOOKALIKES, ids=IDS)
def test_a_lookalike_mrn_is_a_duplicate_in_the_form(
    client_for: Callable[[Role], Client], name: str, mrn: str
) -> None:
    PatientFactory(mrn="DEMO-0001")
    response = client_for(Role.CARE_COORDINATOR).post("/patients/new/", {**FORM, "mrn": mrn})
    assert response.status_code == 400
    assert "already registered at this clinic" in response.content.decode()
    assert Patient.objects.count() == 1


def test_a_new_mrn_is_stored_folded(client_for: Callable[[Role], Client]) -> None:
    response = client_for(Role.CLINICIAN).post(
        "/api/patients/", {**FORM, "mrn": "ＡＢＣ-\u200b７"}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert Patient.objects.get().mrn == "ABC-7"


def test_an_edit_to_a_lookalike_of_another_patients_mrn_is_refused(
    client_for: Callable[[Role], Client],
) -> None:
    PatientFactory(mrn="DEMO-0001")
    other = PatientFactory(mrn="DEMO-0002")
    response = client_for(Role.CLINICIAN).patch(
        f"/api/patients/{other.id}/",
        {"mrn": "ＤＥＭＯ-０００１", "revision": other.revision},
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    other.refresh_from_db()
    assert other.mrn == "DEMO-0002"


def test_an_edit_that_only_adds_invisible_characters_changes_nothing(
    client_for: Callable[[Role], Client],
) -> None:
    patient = PatientFactory(mrn="DEMO-0001")
    response = client_for(Role.CLINICIAN).patch(
        f"/api/patients/{patient.id}/",
        {"mrn": "DEMO-0001\u200b", "revision": patient.revision},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    patient.refresh_from_db()
    assert (patient.mrn, patient.revision) == ("DEMO-0001", 1)


@pytest.mark.parametrize(("name", "query"), LOOKALIKES, ids=IDS)
def test_a_lookalike_search_finds_the_patient(
    client_for: Callable[[Role], Client], name: str, query: str
) -> None:
    patient = PatientFactory(mrn="DEMO-0001", family_name="Zed", given_name="Zed")
    response = client_for(Role.REVIEWER).post(
        "/api/patients/search/", {"q": query}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert [row["id"] for row in response.json()] == [str(patient.id)]

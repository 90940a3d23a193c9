"""The reassessment API: one document in and out, every bad field named, state changes guarded."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent
from patients.models import Patient
from reassessment.demo import full_document
from reassessment.models import Reassessment
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def patient() -> Patient:
    return PatientFactory(date_of_birth=dt.date(1979, 4, 2), sex_at_birth="female")


@pytest.fixture
def clinician(client_for: Callable[[Role], Client]) -> Client:
    return client_for(Role.CLINICIAN)


def _document(patient: Patient, **kwargs: Any) -> dict[str, Any]:
    return full_document(assessed_on=timezone.localdate(), date_of_birth=patient.date_of_birth, **kwargs)


def _create(client: Client, patient: Patient, document: dict[str, Any] | None = None) -> dict[str, Any]:
    response = client.post(f"/api/patients/{patient.id}/reassessments/", document or {}, content_type=JSON)
    assert response.status_code == 201, response.json()
    return response.json()


def _put(client: Client, body: dict[str, Any], document: dict[str, Any]) -> Any:
    return client.put(
        f"/api/reassessments/{body['id']}/document/",
        {"revision": body["revision"], "document": document},
        content_type=JSON,
    )


def test_a_blank_draft_starts_today_with_every_fact_unknown(clinician: Client, patient: Patient) -> None:
    body = _create(clinician, patient)
    assert body["status"] == "draft"
    assert body["document"]["assessed_on"] == timezone.localdate().isoformat()
    assert body["document"]["diagnosis"]["psychotic_features"] == "unknown"
    assert body["document"]["medical"]["pregnant"] == "unknown"
    assert AuditEvent.objects.filter(action="reassessment.created", patient_id=patient.id).exists()


def test_export_then_import_gives_the_same_document(clinician: Client, patient: Patient) -> None:
    body = _create(clinician, patient, _document(patient))
    exported = clinician.get(f"/api/reassessments/{body['id']}/document/")
    assert exported.status_code == 200
    assert "attachment" in exported["Content-Disposition"]
    imported = clinician.post(
        f"/api/patients/{patient.id}/reassessments/import/", exported.json(), content_type=JSON
    )
    assert imported.status_code == 201, imported.json()
    assert imported.json()["document"] == exported.json()
    again = clinician.get(f"/api/reassessments/{imported.json()['id']}/document/").json()
    assert again == exported.json()
    actions = set(AuditEvent.objects.filter(patient_id=patient.id).values_list("action", flat=True))
    assert {"reassessment.exported", "reassessment.imported"} <= actions


def test_an_import_for_another_patient_is_refused(clinician: Client, patient: Patient) -> None:
    document = _document(patient)
    document["patient"]["date_of_birth"] = "1990-01-01"
    response = clinician.post(
        f"/api/patients/{patient.id}/reassessments/import/", document, content_type=JSON
    )
    assert response.status_code == 400
    assert list(response.json()) == ["patient.date_of_birth"]
    assert not Reassessment.objects.exists()


BAD_FIELDS = [
    (
        "phq9-item-of-4",
        lambda d: d["measurement"]["phq9"][0]["items"].__setitem__(3, 4),
        "measurement.phq9.0.items",
    ),
    (
        "bp-400-over-20",
        lambda d: d["medical"]["latest_blood_pressure"].update(systolic=400, diastolic=20),
        "medical.latest_blood_pressure.systolic",
    ),
    (
        "negative-weeks",
        lambda d: d["psychotherapy_trials"][0].update(weeks=-3),
        "psychotherapy_trials.0.weeks",
    ),
    ("future-date", lambda d: d["labs"][0].update(collected_on="2999-01-01"), "labs.0.collected_on"),
    (
        "unknown-drug",
        lambda d: d["medication_trials"][1].update(drug="unobtainium"),
        "medication_trials.1.drug",
    ),
    ("unknown-icd-code", lambda d: d["diagnosis"].update(icd10_code="Z99.9"), "diagnosis.icd10_code"),
    ("unknown-field", lambda d: d["logistics"].update(teleport="yes"), "logistics.teleport"),
]


@pytest.mark.parametrize(("mutate", "path"), [pytest.param(m, p, id=i) for i, m, p in BAD_FIELDS])
def test_a_bad_field_is_a_400_naming_its_path_and_nothing_is_saved(
    clinician: Client, patient: Patient, mutate: Callable[[dict[str, Any]], None], path: str
) -> None:
    body = _create(clinician, patient, _document(patient))
    document = copy.deepcopy(body["document"])
    mutate(document)
    response = _put(clinician, body, document)
    assert response.status_code == 400
    assert any(key.startswith(path) for key in response.json()), response.json()
    stored = Reassessment.objects.get(id=body["id"])
    assert stored.document == body["document"] and stored.revision == body["revision"]
    assert not AuditEvent.objects.filter(action="reassessment.updated").exists()


def test_several_bad_fields_are_all_reported_at_once(clinician: Client, patient: Patient) -> None:
    body = _create(clinician, patient, _document(patient))
    document = copy.deepcopy(body["document"])
    document["medication_trials"][0]["drug"] = "nope"
    document["psychotherapy_trials"][0]["sessions"] = -1
    document["measurement"]["other_scores"][0]["total"] = 99
    response = _put(clinician, body, document)
    assert response.status_code == 400
    assert {"medication_trials.0.drug", "psychotherapy_trials.0.sessions"} <= set(response.json())
    assert any(key.startswith("measurement.other_scores.0") for key in response.json())


@pytest.mark.fault
def test_a_stale_revision_is_a_409_and_does_not_overwrite(clinician: Client, patient: Patient) -> None:
    body = _create(clinician, patient, _document(patient))
    first = copy.deepcopy(body["document"])
    first["logistics"]["notes"] = "first writer"
    assert _put(clinician, body, first).status_code == 200
    second = copy.deepcopy(body["document"])
    second["logistics"]["notes"] = "second writer"
    response = _put(clinician, body, second)  # still names the old revision
    assert response.status_code == 409
    assert Reassessment.objects.get(id=body["id"]).document["logistics"]["notes"] == "first writer"


def _complete_and_sign(client: Client, body: dict[str, Any]) -> dict[str, Any]:
    completed = client.post(
        f"/api/reassessments/{body['id']}/complete/", {"revision": body["revision"]}, content_type=JSON
    )
    assert completed.status_code == 200, completed.json()
    signed = client.post(
        f"/api/reassessments/{body['id']}/sign/",
        {"revision": completed.json()["revision"]},
        content_type=JSON,
    )
    assert signed.status_code == 200, signed.json()
    return signed.json()


def test_a_signed_reassessment_refuses_edits_with_409_and_the_allowed_states(
    clinician: Client, patient: Patient
) -> None:
    signed = _complete_and_sign(clinician, _create(clinician, patient, _document(patient)))
    assert signed["status"] == "signed" and signed["signed_by"] == "test-clinician"
    response = _put(clinician, signed, signed["document"])
    assert response.status_code == 409
    assert response.json()["status"] == "signed"
    assert response.json()["allowed"] == ["amended"]


def test_an_amendment_is_a_new_version_and_both_stay_readable(clinician: Client, patient: Patient) -> None:
    original = _complete_and_sign(clinician, _create(clinician, patient, _document(patient)))
    amendment = clinician.post(f"/api/reassessments/{original['id']}/amend/", content_type=JSON).json()
    assert (amendment["version"], amendment["supersedes"], amendment["status"]) == (
        2,
        original["id"],
        "draft",
    )
    assert clinician.post(f"/api/reassessments/{original['id']}/amend/").status_code == 409
    document = copy.deepcopy(amendment["document"])
    document["logistics"]["notes"] = "corrected"
    updated = _put(clinician, amendment, document).json()
    _complete_and_sign(clinician, updated)
    assert clinician.get(f"/api/reassessments/{original['id']}/").json()["status"] == "amended"
    listed = clinician.get(f"/api/patients/{patient.id}/reassessments/").json()
    assert [(r["version"], r["status"]) for r in listed] == [(2, "signed"), (1, "amended")]


def test_completing_needs_a_diagnosis_a_phq9_and_a_cssrs(clinician: Client, patient: Patient) -> None:
    body = _create(clinician, patient)
    response = clinician.post(
        f"/api/reassessments/{body['id']}/complete/", {"revision": body["revision"]}, content_type=JSON
    )
    assert response.status_code == 400
    assert set(response.json()) == {"diagnosis.icd10_code", "measurement.phq9", "safety.cssrs"}


def test_a_high_risk_answer_raises_the_flag_and_blocks_completion_until_an_action_is_recorded(
    clinician: Client, patient: Patient
) -> None:
    body = _create(clinician, patient, _document(patient, cssrs_intent="yes"))
    assert body["safety_flag"] is True
    assert body["computed"]["safety"]["urgent"] is True
    assert body["computed"]["safety"]["banner"] is True
    response = clinician.post(
        f"/api/reassessments/{body['id']}/complete/", {"revision": body["revision"]}, content_type=JSON
    )
    assert response.status_code == 400 and "safety" in response.json()
    action = clinician.post(
        f"/api/reassessments/{body['id']}/safety-actions/",
        {"kind": "crisis_evaluation", "note": "Seen same day by Dr. Okafor; safety plan."},
        content_type=JSON,
    )
    assert action.status_code == 201
    assert (
        clinician.post(
            f"/api/reassessments/{body['id']}/complete/", {"revision": body["revision"]}, content_type=JSON
        ).status_code
        == 200
    )
    assert AuditEvent.objects.filter(action="safety_action.recorded", patient_id=patient.id).exists()


def test_phq9_item_9_above_zero_raises_the_flag_until_a_cssrs_follows(
    clinician: Client, patient: Patient
) -> None:
    """criteria.md §10.3: the banner stays up while item 9 >= 1 has no C-SSRS on or after it."""
    unscreened = _document(patient, item9=1)
    unscreened["safety"]["cssrs"] = None
    assert _create(clinician, patient, unscreened)["safety_flag"] is True
    older = _document(patient, item9=1)
    older["safety"]["cssrs"]["administered_on"] = (timezone.localdate() - dt.timedelta(days=3)).isoformat()
    assert _create(clinician, patient, older)["safety_flag"] is True
    # The same day's C-SSRS follows it: low risk, no banner.
    assert _create(clinician, patient, _document(patient, item9=1))["safety_flag"] is False
    assert _create(clinician, patient, _document(patient, item9=0))["safety_flag"] is False


def test_reviewers_and_coordinators_read_but_do_not_write(
    client_for: Callable[[Role], Client], clinician: Client, patient: Patient
) -> None:
    body = _create(clinician, patient, _document(patient))
    for role in (Role.REVIEWER, Role.CARE_COORDINATOR):
        client = client_for(role)
        assert client.get(f"/api/reassessments/{body['id']}/").status_code == 200
        assert _put(client, body, body["document"]).status_code == 403
        assert client.post(f"/api/reassessments/{body['id']}/sign/", {}, content_type=JSON).status_code == 403


def test_every_read_is_audited(clinician: Client, patient: Patient) -> None:
    body = _create(clinician, patient)
    clinician.get(f"/api/reassessments/{body['id']}/")
    event = AuditEvent.objects.get(action="reassessment.viewed")
    assert (event.patient_id, event.object_id) == (patient.id, body["id"])


def test_the_score_history_follows_the_document(clinician: Client, patient: Patient) -> None:
    body = _create(clinician, patient, _document(patient))
    rows = list(patient.score_observations.filter(scale="phq9").values_list("total", flat=True))
    assert rows == [18, 17]
    document = copy.deepcopy(body["document"])
    document["measurement"]["phq9"] = document["measurement"]["phq9"][:1]
    _put(clinician, body, document)
    assert list(patient.score_observations.filter(scale="phq9").values_list("total", flat=True)) == [18]


def test_a_change_that_does_not_say_which_revision_it_is_based_on_is_refused(
    clinician: Client, patient: Patient
) -> None:
    body = _create(clinician, patient, _document(patient))
    response = clinician.put(
        f"/api/reassessments/{body['id']}/document/", {"document": body["document"]}, content_type=JSON
    )
    assert response.status_code == 400 and "revision" in response.json()
    assert clinician.post(f"/api/reassessments/{body['id']}/sign/", {}, content_type=JSON).status_code == 400

"""Evaluations are records: stored with their input and ruleset, read and decided on through the API."""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent
from eligibility.engine import RULESET_VERSION, ruleset_hash
from eligibility.models import Evaluation
from reassessment import services as reassessment_services
from reassessment.demo import full_document
from reassessment.models import Reassessment
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def reassessment(clinician: Any) -> Reassessment:
    patient = PatientFactory(date_of_birth=dt.date(1979, 4, 2))
    document = full_document(assessed_on=timezone.localdate(), date_of_birth=patient.date_of_birth)
    return reassessment_services.reassessment_create(actor=clinician, patient=patient, document=document)


@pytest.fixture
def as_clinician(clinician: Any) -> Client:
    client = Client()
    client.force_login(clinician)
    return client


def _evaluate(client: Client, reassessment: Reassessment) -> dict[str, Any]:
    response = client.post(f"/api/reassessments/{reassessment.id}/evaluations/")
    assert response.status_code == 201, response.content
    return response.json()


def test_an_evaluation_keeps_its_input_ruleset_and_report(
    as_clinician: Client, reassessment: Reassessment
) -> None:
    body = _evaluate(as_clinician, reassessment)
    assert [t["treatment"] for t in body["report"]["treatments"]] == ["tms", "spravato", "ketamine"]
    assert (body["ruleset_version"], body["ruleset_hash"]) == (RULESET_VERSION, ruleset_hash())
    assert body["input_snapshot"] == reassessment.document
    assert body["reassessment_revision"] == reassessment.revision
    assert set(body["statuses"]) == {"tms", "spravato", "ketamine"}
    assert AuditEvent.objects.filter(action="evaluation.created", patient_id=reassessment.patient_id).exists()


def test_a_preview_evaluates_a_posted_document_without_storing_it(
    client_for: Callable[[Role], Client], reassessment: Reassessment
) -> None:
    response = client_for(Role.REVIEWER).post(
        "/api/evaluations/preview/", reassessment.document, content_type=JSON
    )
    assert response.status_code == 200
    assert len(response.json()["treatments"]) == 3
    assert not Evaluation.objects.exists()


def test_a_preview_of_an_invalid_document_names_each_bad_field(
    as_clinician: Client, reassessment: Reassessment
) -> None:
    document = copy.deepcopy(reassessment.document)
    document["measurement"]["phq9"][0]["items"][0] = 7
    document["medication_trials"][0]["drug"] = "nope"
    response = as_clinician.post("/api/evaluations/preview/", document, content_type=JSON)
    assert response.status_code == 400
    assert {"measurement.phq9.0.items", "medication_trials.0.drug"} <= set(response.json())


def test_an_override_needs_a_reason_and_never_changes_the_engine_output(
    as_clinician: Client, reassessment: Reassessment
) -> None:
    body = _evaluate(as_clinician, reassessment)
    engine_status = body["statuses"]["spravato"]
    other = "not_eligible" if engine_status != "not_eligible" else "eligible"
    url = f"/api/evaluations/{body['id']}/decisions/"
    refused = as_clinician.post(
        url, {"treatment": "spravato", "kind": "override", "clinician_status": other}, content_type=JSON
    )
    assert refused.status_code == 400 and "reason" in refused.json()
    decided = as_clinician.post(
        url,
        {
            "treatment": "spravato",
            "kind": "override",
            "clinician_status": other,
            "reason": "Patient declines intranasal dosing after discussion.",
        },
        content_type=JSON,
    )
    assert decided.status_code == 201
    evaluation = Evaluation.objects.get(id=body["id"])
    assert evaluation.statuses["spravato"] == engine_status
    assert evaluation.report == body["report"]
    detail = as_clinician.get(f"/api/evaluations/{body['id']}/").json()
    assert detail["decisions"][0]["clinician_status"] == other
    assert AuditEvent.objects.filter(
        action="evaluation.override", patient_id=reassessment.patient_id
    ).exists()


def test_only_clinicians_decide(
    client_for: Callable[[Role], Client], as_clinician: Client, reassessment: Reassessment
) -> None:
    body = _evaluate(as_clinician, reassessment)
    response = client_for(Role.REVIEWER).post(
        f"/api/evaluations/{body['id']}/decisions/", {"treatment": "tms", "kind": "accept"}, content_type=JSON
    )
    assert response.status_code == 403


def test_the_compare_page_shows_what_changed_between_two_evaluations(
    as_clinician: Client, clinician: Any, reassessment: Reassessment
) -> None:
    first = _evaluate(as_clinician, reassessment)
    document = copy.deepcopy(reassessment.document)
    document["diagnosis"]["bipolar_screen"] = "positive"
    document["co_occurring"]["bipolar_spectrum"] = "yes"
    reassessment_services.reassessment_update(
        actor=clinician, reassessment=reassessment, document=document, revision=None
    )
    second = _evaluate(as_clinician, Reassessment.objects.get(id=reassessment.id))
    assert set(second["statuses"].values()) == {"not_eligible"}
    page = as_clinician.get(f"/eligibility/evaluations/{second['id']}/compare/{first['id']}/")
    text = page.content.decode()
    assert page.status_code == 200
    # Sections and criteria in words; the rule itself only as a link to the rules page.
    assert "Co-occurring conditions" in text and 'href="/eligibility/rules/#rule-common.bipolar"' in text


def test_the_evaluation_page_shows_every_treatment_card(
    client_for: Callable[[Role], Client], as_clinician: Client, reassessment: Reassessment
) -> None:
    body = _evaluate(as_clinician, reassessment)
    page = client_for(Role.REVIEWER).get(f"/eligibility/evaluations/{body['id']}/").content.decode()
    for treatment in ("tms", "spravato", "ketamine"):
        assert f'data-testid="card-{treatment}"' in page
    assert "Record decision" not in page  # reviewers read; clinicians decide


def _run_evaluate_command(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "evaluate", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_the_evaluate_command_prints_the_report_for_a_valid_file(
    tmp_path: Path, reassessment: Reassessment
) -> None:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(reassessment.document))
    result = _run_evaluate_command(str(path))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ruleset_hash"] == ruleset_hash()


def test_the_evaluate_command_exits_2_with_a_clear_error_for_an_invalid_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"assessed_on": "yesterday"}))
    result = _run_evaluate_command(str(path))
    assert result.returncode == 2
    assert "evaluate: assessed_on:" in result.stderr
    assert "evaluate: patient:" in result.stderr
    not_json = tmp_path / "x.json"
    not_json.write_text("{")
    assert _run_evaluate_command(str(not_json)).returncode == 2


def test_the_compare_page_refuses_evaluations_of_two_different_patients(
    as_clinician: Client, clinician: Any, reassessment: Reassessment
) -> None:
    other_patient = PatientFactory(date_of_birth=dt.date(1990, 2, 2))
    document = full_document(assessed_on=timezone.localdate(), date_of_birth=other_patient.date_of_birth)
    other = reassessment_services.reassessment_create(
        actor=clinician, patient=other_patient, document=document
    )
    mine, theirs = _evaluate(as_clinician, reassessment), _evaluate(as_clinician, other)
    assert (
        as_clinician.get(f"/eligibility/evaluations/{mine['id']}/compare/{theirs['id']}/").status_code == 404
    )


def test_the_patients_coverage_policy_adds_pa_gaps_but_never_changes_a_status(
    as_clinician: Client, reassessment: Reassessment
) -> None:
    from benefits import seed
    from benefits.models import Coverage, Plan

    without = _evaluate(as_clinician, reassessment)
    plan = Plan.objects.get(
        payer__name=seed.CENTENE
    )  # PHQ-9 >= 15, 2 classes, psychotherapy (criteria.md §3.7)
    Coverage.objects.create(
        patient=reassessment.patient, plan=plan, member_id="C-1", valid_from=dt.date(2025, 1, 1)
    )
    with_policy = _evaluate(as_clinician, reassessment)
    assert with_policy["statuses"] == without["statuses"]
    tms = next(t for t in with_policy["report"]["treatments"] if t["treatment"] == "tms")
    payer_rules = {c["rule_id"]: c["outcome"] for c in tms["criteria"] if c["kind"] == "payer_requirement"}
    assert payer_rules["payer.coverage"] == "met"
    assert "Centene" in next(c["rationale"] for c in tms["criteria"] if c["rule_id"] == "payer.coverage")

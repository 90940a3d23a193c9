"""Registration records the patient's coverage in the same transaction, when one is typed: both
are saved or neither is; every problem is on its field (400) with everything typed kept."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from benefits import seed
from benefits.models import Coverage, Plan
from elevium.accounts.models import User
from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent
from patients.models import Patient
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/patients/new/"


@pytest.fixture
def coordinator() -> User:
    return UserFactory(username="reg-coordinator", role=Role.CARE_COORDINATOR)


@pytest.fixture
def plan() -> Plan:
    return Plan.objects.get(payer__name=seed.AETNA)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _patient(**changes: str) -> dict[str, str]:
    values = {
        "mrn": "REG-0001",
        "family_name": "Lindqvist",
        "given_name": "Maja",
        "date_of_birth": "1984-03-09",
        "sex_at_birth": "female",
        "gender_identity": "",
    }
    return {**values, **changes}


def _coverage(chosen: Plan | None, **changes: str) -> dict[str, str]:
    values = {
        "plan": str(chosen.pk) if chosen else "",
        "member_id": "W555000111",
        "group_number": "G-9",
        "rank": "primary",
        "valid_from": "2026-01-01",
        "valid_to": "",
    }
    return {f"coverage-{k}": v for k, v in {**values, **changes}.items()}


def test_a_patient_registered_with_their_coverage(coordinator: User, plan: Plan) -> None:
    response = _client(coordinator).post(URL, {**_patient(), **_coverage(plan)})
    assert response.status_code == 302
    patient = Patient.objects.get(mrn="REG-0001")
    coverage = Coverage.objects.get(patient=patient)
    assert (coverage.plan_id, coverage.member_id, coverage.group_number) == (plan.pk, "W555000111", "G-9")
    actions = set(AuditEvent.objects.filter(patient_id=patient.id).values_list("action", flat=True))
    assert {"patient.created", "coverage.created"} <= actions


def test_registration_without_a_coverage_still_works(coordinator: User) -> None:
    response = _client(coordinator).post(
        URL, {**_patient(), **_coverage(None, member_id="", group_number="")}
    )
    assert response.status_code == 302
    assert Patient.objects.filter(mrn="REG-0001").exists() and not Coverage.objects.exists()


@pytest.mark.parametrize(
    ("coverage", "field", "message"),
    [
        ({"plan": ""}, "plan", "Choose the payer and plan."),
        ({"member_id": ""}, "member_id", "Enter the member id printed on the card."),
        ({"valid_to": "2025-01-01"}, "valid_to", "The coverage cannot end before it starts."),
        ({"valid_from": "not a date"}, "valid_from", "Enter a date."),
    ],
)
def test_an_invalid_coverage_saves_nothing_and_keeps_the_input(
    coordinator: User, plan: Plan, coverage: dict[str, Any], field: str, message: str
) -> None:
    posted = {**_patient(), **_coverage(plan, **coverage)}
    response = _client(coordinator).post(URL, posted)
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body
    assert 'value="Lindqvist"' in body and 'value="REG-0001"' in body
    if field != "member_id":
        assert 'value="W555000111"' in body
    assert not Patient.objects.exists() and not Coverage.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["patient.created", "coverage.created"]).exists()


def test_both_forms_report_their_problems_at_once(coordinator: User, plan: Plan) -> None:
    response = _client(coordinator).post(URL, {**_patient(family_name=""), **_coverage(plan, member_id="")})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Enter the member id printed on the card." in body and "This field is required." in body
    assert not Patient.objects.exists()


def test_a_refused_coverage_rolls_the_patient_back(coordinator: User, plan: Plan, monkeypatch: Any) -> None:
    """The coverage service refusing after the patient row is written (a check only it makes)
    leaves no patient behind: one transaction."""
    from benefits import coverage_services
    from reassessment.errors import DocumentInvalid

    def refuse(values: dict[str, Any]) -> None:
        raise DocumentInvalid({"member_id": ["Enter the member id printed on the insurance card."]})

    monkeypatch.setattr(coverage_services, "_validate", refuse)
    response = _client(coordinator).post(URL, {**_patient(), **_coverage(plan)})
    assert (
        response.status_code == 400
        and "Enter the member id printed on the insurance card." in response.content.decode()
    )
    assert not Patient.objects.exists() and not Coverage.objects.exists()


def test_the_optional_coverage_fieldset_marks_no_field_required(coordinator: User) -> None:
    """The coverage may be left out as a whole: its legend says so and no box of it carries the
    required mark, while the patient's own required boxes still do (issue 12)."""
    page = _client(coordinator).get(URL).content.decode()
    patient_part, coverage_part = page.split('data-testid="registration-coverage"', 1)
    coverage_part = coverage_part.split("</fieldset>", 1)[0]
    assert "Insurance coverage (optional: leave it empty to add it later)" in coverage_part
    assert 'class="req"' not in coverage_part
    assert 'class="req"' in patient_part

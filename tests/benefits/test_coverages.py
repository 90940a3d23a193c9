"""A patient's coverages from the patient page: add, edit, end; each audited, clinic-scoped, and
each marking the patient's evaluations out of date, with a re-evaluation offered."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from benefits import seed
from benefits.coverage_services import CoverageEnded, coverage_create, coverage_end, coverage_update
from benefits.models import Coverage, Plan
from elevium.accounts.models import User
from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent
from eligibility.models import Evaluation
from eligibility.selectors import evaluation_stale_reasons, stale_evaluations_for_patient
from reassessment.errors import DocumentInvalid
from tests.factories import ClinicFactory, PatientFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan() -> Plan:
    return Plan.objects.select_related("payer").get(payer__name=seed.AETNA)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(plan: Plan, **changes: Any) -> dict[str, Any]:
    values = {
        "plan": str(plan.pk),
        "member_id": "W123456789",
        "group_number": "G-77",
        "rank": "primary",
        "valid_from": "2026-01-01",
        "valid_to": "",
    }
    return {**values, **changes}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def _visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


# --- Services ---------------------------------------------------------------------------------------


def test_adding_a_coverage_is_audited_and_marks_the_patients_evaluations_out_of_date(
    coordinator: User, evaluation: Evaluation, plan: Plan
) -> None:
    assert stale_evaluations_for_patient(user=coordinator, patient_id=evaluation.patient_id) == []
    coverage = coverage_create(
        actor=coordinator,
        patient=evaluation.patient,
        plan=plan,
        member_id=" W1 ",
        rank="primary",
        valid_from=dt.date(2026, 1, 1),
    )
    assert coverage.member_id == "W1"
    evaluation.refresh_from_db()
    assert evaluation.coverage_changed_at is not None
    assert "The patient's insurance coverage has changed since this evaluation." in (
        evaluation_stale_reasons(Evaluation.objects.select_related("reassessment").get(pk=evaluation.pk))
    )
    assert [
        e.id for e in stale_evaluations_for_patient(user=coordinator, patient_id=evaluation.patient_id)
    ] == [evaluation.id]
    event = AuditEvent.objects.get(action="coverage.created")
    assert event.patient_id == evaluation.patient_id
    assert event.data["evaluations_marked_stale"] == 1
    assert "W1" not in str(event.data)  # ids and field names only, never the member id


def test_a_coverage_cannot_end_before_it_starts_and_nothing_is_written(
    coordinator: User, coverage: Coverage
) -> None:
    with pytest.raises(DocumentInvalid) as caught:
        coverage_update(actor=coordinator, coverage=coverage, valid_to=dt.date(2020, 1, 1))
    assert caught.value.errors == {"valid_to": ["The coverage cannot end before it starts."]}
    coverage.refresh_from_db()
    assert coverage.valid_to is None
    assert not AuditEvent.objects.filter(action="coverage.updated").exists()


def test_an_edit_names_the_changed_fields_and_an_unchanged_edit_writes_nothing(
    coordinator: User, coverage: Coverage
) -> None:
    coverage_update(actor=coordinator, coverage=coverage, member_id=coverage.member_id)
    assert not AuditEvent.objects.filter(action="coverage.updated").exists()
    coverage_update(actor=coordinator, coverage=coverage, member_id="NEW-1", group_number="G")
    event = AuditEvent.objects.get(action="coverage.updated")
    assert event.data["fields"] == ["group_number", "member_id"]


def test_ending_a_coverage_twice_is_refused(coordinator: User, coverage: Coverage) -> None:
    coverage_end(actor=coordinator, coverage=coverage, valid_to=dt.date(2026, 1, 31))
    with pytest.raises(CoverageEnded):
        coverage_end(actor=coordinator, coverage=coverage, valid_to=dt.date(2026, 2, 28))
    coverage.refresh_from_db()
    assert coverage.valid_to == dt.date(2026, 1, 31)
    assert AuditEvent.objects.filter(action="coverage.ended").count() == 1


# --- Pages ------------------------------------------------------------------------------------------


def test_a_coordinator_adds_a_coverage_from_the_patient_page_and_sees_it_there(
    coordinator: User, evaluation: Evaluation, plan: Plan
) -> None:
    client = _client(coordinator)
    patient_url = f"/patients/{evaluation.patient_id}/"
    page = client.get(patient_url).content.decode()
    assert "No insurance coverage recorded." in page
    assert f"/benefits/patients/{evaluation.patient_id}/coverages/new/" in page
    form = client.get(f"/benefits/patients/{evaluation.patient_id}/coverages/new/").content.decode()
    assert f"{plan.payer.name} — {plan.name}" in form  # the seeded plans, by payer
    response = client.post(f"/benefits/patients/{evaluation.patient_id}/coverages/new/", _form(plan))
    assert response.status_code == 302 and response["Location"] == patient_url
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == [
        "Coverage added. The patient's evaluations are out of date: re-evaluate from the patient page."
    ]
    page = client.get(patient_url).content.decode()
    coverage = Coverage.objects.get(patient_id=evaluation.patient_id)
    assert "W123456789" in page and f"/benefits/coverages/{coverage.id}/" in page
    assert "Evaluations out of date" in page and "Re-evaluate now" in page


def test_a_refused_coverage_form_keeps_what_was_typed_and_says_why_in_sentences(
    coordinator: User, evaluation: Evaluation, plan: Plan
) -> None:
    response = _client(coordinator).post(
        f"/benefits/patients/{evaluation.patient_id}/coverages/new/",
        _form(plan, valid_to="2025-12-31", member_id="KEEP-ME"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The coverage cannot end before it starts." in page
    assert 'value="KEEP-ME"' in page
    assert not re.findall(r"\b[a-z]+_[a-z_]+\b", _visible_text(page)), "a field key reached the page"
    assert not Coverage.objects.filter(patient_id=evaluation.patient_id).exists()


def test_re_evaluating_from_the_patient_page_refreshes_the_out_of_date_evaluation(
    coordinator: User, evaluation: Evaluation, plan: Plan
) -> None:
    coverage_create(
        actor=coordinator,
        patient=evaluation.patient,
        plan=plan,
        member_id="W1",
        valid_from=dt.date(2026, 1, 1),
    )
    client = _client(coordinator)
    response = client.post(f"/eligibility/patients/{evaluation.patient_id}/re-evaluate/")
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Re-evaluated 1 reassessment with today's coverage."
    ]
    newest = Evaluation.objects.filter(reassessment=evaluation.reassessment).order_by("-created_at").first()
    assert newest is not None and newest.id != evaluation.id and newest.coverage_changed_at is None
    assert stale_evaluations_for_patient(user=coordinator, patient_id=evaluation.patient_id) == []
    again = client.post(f"/eligibility/patients/{evaluation.patient_id}/re-evaluate/")
    assert [str(m) for m in get_messages(again.wsgi_request)][
        -1
    ] == "Every evaluation was already up to date."


def test_editing_and_ending_a_coverage_from_the_patient_page(coordinator: User, coverage: Coverage) -> None:
    client = _client(coordinator)
    edit = client.get(f"/benefits/coverages/{coverage.id}/edit/")
    assert edit.status_code == 200 and 'value="M123"' in edit.content.decode()
    response = client.post(
        f"/benefits/coverages/{coverage.id}/edit/",
        _form(coverage.plan, member_id="M999", valid_from="2025-01-01", revision=coverage.revision),
    )
    assert response.status_code == 302
    coverage.refresh_from_db()
    assert coverage.member_id == "M999" and coverage.group_number == "G-77"
    client.post(f"/benefits/coverages/{coverage.id}/end/", {"valid_to": "2026-01-31"})
    coverage.refresh_from_db()
    assert coverage.valid_to == dt.date(2026, 1, 31)
    again = client.post(f"/benefits/coverages/{coverage.id}/end/", {"valid_to": "2026-02-28"})
    assert again.status_code == 409
    assert [str(m) for m in get_messages(again.wsgi_request)][-1] == (
        "Coverage not ended. This coverage has already ended; edit it to change its dates."
    )


def test_a_refused_end_date_comes_back_as_typed(coordinator: User, coverage: Coverage) -> None:
    """Ending before the coverage starts is refused: the end form again, the date as typed, the
    sentence by its box (400), and the coverage unchanged."""
    client = _client(coordinator)
    response = client.post(f"/benefits/coverages/{coverage.id}/end/", {"valid_to": "1999-12-31"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="1999-12-31"' in page
    assert '<p class="field-error">The coverage cannot end before it starts.</p>' in page
    coverage.refresh_from_db()
    assert coverage.valid_to is None


def test_a_clinician_may_add_a_coverage_and_a_reviewer_may_not(evaluation: Evaluation, plan: Plan) -> None:
    url = f"/benefits/patients/{evaluation.patient_id}/coverages/new/"
    clinician = UserFactory(username="cov-clinician", role=Role.CLINICIAN)
    reviewer = UserFactory(username="cov-reviewer", role=Role.REVIEWER)
    assert _client(clinician).post(url, _form(plan)).status_code == 302
    assert _client(reviewer).post(url, _form(plan, member_id="R")).status_code == 403
    assert Coverage.objects.filter(patient_id=evaluation.patient_id).count() == 1
    # The reviewer reads the coverage on the patient page but is offered no change.
    page = _client(reviewer).get(f"/patients/{evaluation.patient_id}/").content.decode()
    assert "W123456789" in page and "Add coverage" not in page and "End coverage" not in page


def test_another_clinics_patient_and_coverage_are_not_found(coordinator: User, plan: Plan) -> None:
    elsewhere = PatientFactory(clinic=ClinicFactory())
    coverage = Coverage.objects.create(
        patient=elsewhere, plan=plan, member_id="X", valid_from=dt.date(2026, 1, 1)
    )
    client = _client(coordinator)
    assert client.post(f"/benefits/patients/{elsewhere.id}/coverages/new/", _form(plan)).status_code == 404
    assert client.post(f"/benefits/coverages/{coverage.id}/edit/", _form(plan)).status_code == 404
    assert (
        client.post(f"/benefits/coverages/{coverage.id}/end/", {"valid_to": "2026-02-01"}).status_code == 404
    )
    assert client.post(f"/eligibility/patients/{elsewhere.id}/re-evaluate/").status_code == 404
    assert Coverage.objects.filter(patient=elsewhere).count() == 1


# --- API --------------------------------------------------------------------------------------------


def test_the_api_adds_lists_changes_and_ends_a_coverage(
    coordinator: User, evaluation: Evaluation, plan: Plan
) -> None:
    client = _client(coordinator)
    plans = client.get("/api/benefits/plans/?q=aetna").json()
    assert plans and all("aetna" in f"{p['payer']} {p['name']}".lower() for p in plans)
    base = f"/api/benefits/patients/{evaluation.patient_id}/coverages/"
    created = client.post(
        base,
        {"plan": plan.pk, "member_id": "W1", "valid_from": "2026-01-01", "valid_to": "2025-01-01"},
        content_type="application/json",
    )
    assert created.status_code == 400
    assert created.json()["valid_to"] == ["The coverage cannot end before it starts."]
    created = client.post(
        base,
        {"plan": plan.pk, "member_id": "W1", "valid_from": "2026-01-01"},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["plan"]["payer"] == plan.payer.name
    coverage_id = created.json()["id"]
    assert [c["id"] for c in client.get(base).json()] == [coverage_id]
    patched = client.patch(
        f"/api/benefits/coverages/{coverage_id}/", {"group_number": "G-9"}, content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["group_number"] == "G-9"
    end = f"/api/benefits/coverages/{coverage_id}/end/"
    assert client.post(end, {"valid_to": "2026-06-30"}, content_type="application/json").status_code == 200
    again = client.post(end, {"valid_to": "2026-07-31"}, content_type="application/json")
    assert again.status_code == 409
    assert again.json() == {"detail": "This coverage has already ended; edit it to change its dates."}
    reviewer = UserFactory(username="api-reviewer", role=Role.REVIEWER)
    refused = _client(reviewer).post(
        base, {"plan": plan.pk, "member_id": "R", "valid_from": "2026-01-01"}, content_type="application/json"
    )
    assert refused.status_code == 403


def test_no_prior_authorization_is_started_under_an_ended_coverage(
    coordinator: User, evaluation: Evaluation, coverage: Coverage
) -> None:
    from benefits.services import pa_case_create_from_evaluation

    coverage = coverage_end(actor=coordinator, coverage=coverage, valid_to=dt.date(2025, 6, 30))
    with pytest.raises(DocumentInvalid) as caught:
        pa_case_create_from_evaluation(
            actor=coordinator, evaluation=evaluation, treatment="tms", coverage=coverage
        )
    assert caught.value.errors == {"coverage_id": ["This coverage has ended; choose one that is in force."]}
    page = _client(coordinator).get(f"/eligibility/evaluations/{evaluation.id}/").content.decode()
    assert f'value="{coverage.id}"' not in page

"""Each role's work queue, page and API: what waits, scoped to the user's clinics, audited as
listed, and a constant number of queries at 10 and at 1,000 rows."""

from __future__ import annotations

import copy
import datetime as dt
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from benefits import seed
from benefits.models import Coverage, Plan
from benefits.services import pa_case_create_from_evaluation
from elevium.accounts.models import User
from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent
from eligibility.models import Decision, DecisionKind, Evaluation
from eligibility.queues import accepted_without_pa_case, clinician_queue, reviewer_queue
from eligibility.services import decision_record, evaluation_create
from reassessment.demo import full_document
from reassessment.models import Reassessment
from reassessment.services import reassessment_complete, reassessment_create
from tests.factories import ClinicFactory, PatientFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinician() -> User:
    return UserFactory(username="q-clinician", role=Role.CLINICIAN, first_name="Dana", last_name="Okafor")


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _evaluated(clinician: User, **patient: Any) -> Evaluation:
    p = PatientFactory(date_of_birth=dt.date(1979, 4, 2), **patient)
    document = full_document(assessed_on=timezone.localdate(), date_of_birth=p.date_of_birth)
    reassessment = reassessment_create(actor=clinician, patient=p, document=document)
    return evaluation_create(actor=clinician, reassessment=reassessment)


def _copies(evaluation: Evaluation, n: int, *, status: str = "draft", safety: bool = False) -> None:
    """``n`` more reassessments (each of a new patient) with one evaluation each, in bulk."""
    source = Reassessment.objects.get(pk=evaluation.reassessment_id)
    patients = [PatientFactory.build(clinic=evaluation.patient.clinic, mrn=f"Q-{i}") for i in range(n)]
    from patients.models import Patient

    Patient.objects.bulk_create(patients)
    rows = []
    for p in patients:
        r = copy.copy(source)
        r.pk, r.id, r.patient_id, r.status, r.safety_flag = uuid.uuid4(), None, p.id, status, safety
        r.id = r.pk
        rows.append(r)
    Reassessment.objects.bulk_create(rows)
    evaluations = []
    for r in rows:
        e = copy.copy(evaluation)
        e.pk = e.id = uuid.uuid4()
        e.reassessment_id, e.patient_id = r.id, r.patient_id
        evaluations.append(e)
    Evaluation.objects.bulk_create(evaluations)


# --- What each queue holds ----------------------------------------------------------------------------


def test_the_clinician_queue_holds_drafts_signatures_decisions_and_safety(clinician: User) -> None:
    evaluation = _evaluated(clinician)
    lists = clinician_queue(user=clinician)
    assert [i.id for i in lists["drafts"]] == [evaluation.reassessment_id]
    assert [i.id for i in lists["awaiting_decision"]] == [evaluation.id]
    assert lists["awaiting_decision"][0].what == "3 of 3 treatments await your decision."
    for treatment in ("tms", "spravato", "ketamine"):
        decision_record(actor=clinician, evaluation=evaluation, treatment=treatment, kind="accept", reason="")
    r = evaluation.reassessment
    reassessment_complete(actor=clinician, reassessment=r, revision=r.revision)
    lists = clinician_queue(user=clinician)
    assert lists["drafts"] == [] and lists["awaiting_decision"] == []
    assert [i.id for i in lists["awaiting_signature"]] == [r.id]
    Reassessment.objects.filter(pk=r.pk).update(safety_flag=True)
    assert [i.id for i in clinician_queue(user=clinician)["urgent_safety"]] == [r.id]


def test_the_coordinator_queue_lists_accepted_treatments_until_a_pa_case_starts(clinician: User) -> None:
    coordinator = UserFactory(username="q-coordinator", role=Role.CARE_COORDINATOR)
    evaluation = _evaluated(clinician)
    eligible = [t for t, s in evaluation.statuses.items() if s in ("eligible", "eligible_with_cautions")]
    assert eligible, evaluation.statuses
    treatment = eligible[0]
    assert accepted_without_pa_case(user=coordinator) == []
    decision_record(actor=clinician, evaluation=evaluation, treatment=treatment, kind="accept", reason="")
    items = accepted_without_pa_case(user=coordinator)
    assert [(i.id, i.treatment) for i in items] == [(evaluation.id, treatment)]
    assert "accepted by Dana Okafor; no prior authorization started." in items[0].what
    page = _client(coordinator).get("/eligibility/queues/coordinator/").content.decode()
    assert "Start PA" in page and f"/eligibility/evaluations/{evaluation.id}/#coverage-{treatment}" in page
    assert "/benefits/worklist/" in page
    coverage = Coverage.objects.create(
        patient=evaluation.patient,
        plan=Plan.objects.get(payer__name=seed.MA_EAST),
        member_id="M1",
        valid_from=dt.date(2025, 1, 1),
    )
    pa_case_create_from_evaluation(
        actor=coordinator, evaluation=evaluation, treatment=treatment, coverage=coverage
    )
    assert accepted_without_pa_case(user=coordinator) == []


def test_the_reviewer_queue_filters_overridden_stale_and_urgent(clinician: User) -> None:
    reviewer = UserFactory(username="q-reviewer", role=Role.REVIEWER)
    plain = _evaluated(clinician)
    overridden = _evaluated(clinician)
    status = next(s for s in ("contraindicated", "not_eligible") if s != overridden.statuses["tms"])
    decision_record(
        actor=clinician,
        evaluation=overridden,
        treatment="tms",
        kind=DecisionKind.OVERRIDE,
        reason="Seizure reported by the family.",
        clinician_status=status,
    )
    Evaluation.objects.filter(pk=plain.pk).update(coverage_changed_at=timezone.now(), urgent_safety_flag=True)
    assert {e.id for e in reviewer_queue(user=reviewer)} == {plain.id, overridden.id}
    assert [e.id for e in reviewer_queue(user=reviewer, overridden=True)] == [overridden.id]
    assert [e.id for e in reviewer_queue(user=reviewer, stale=True)] == [plain.id]
    assert [e.id for e in reviewer_queue(user=reviewer, urgent=True)] == [plain.id]
    page = _client(reviewer).get("/eligibility/queues/reviewer/?overridden=on").content.decode()
    assert "A clinician overrode a conclusion." in page
    api = _client(reviewer).get("/api/queues/reviewer/?stale=true")
    assert api.status_code == 200 and [row["id"] for row in api.json()] == [str(plain.id)]
    assert _client(reviewer).get("/api/queues/reviewer/?batch=nope").status_code == 400


def test_queues_show_only_the_users_clinics_patients_and_audit_what_they_show(clinician: User) -> None:
    mine = _evaluated(clinician)
    other_clinic = ClinicFactory()
    stranger = UserFactory(username="q-elsewhere", role=Role.CLINICIAN, clinics=[other_clinic])
    _evaluated(stranger, clinic=other_clinic)
    response = _client(clinician).get("/api/queues/clinician/")
    body = response.json()
    assert [row["id"] for row in body["awaiting_decision"]] == [str(mine.id)]
    events = AuditEvent.objects.filter(action="queue.listed", actor=clinician)
    assert {e.patient_id for e in events} == {mine.patient_id}


def test_each_home_page_links_to_its_queue(clinician: User) -> None:
    assert "/eligibility/queues/clinician/" in _client(clinician).get("/home/clinician/").content.decode()
    coordinator = UserFactory(username="q-coord-home", role=Role.CARE_COORDINATOR)
    assert (
        "/eligibility/queues/coordinator/" in _client(coordinator).get("/home/coordinator/").content.decode()
    )
    reviewer = UserFactory(username="q-rev-home", role=Role.REVIEWER)
    assert "/eligibility/queues/reviewer/" in _client(reviewer).get("/home/reviewer/").content.decode()


# --- Constant queries -------------------------------------------------------------------------------


QUEUE_URLS = {
    # session, user, four lists, one audit INSERT
    Role.CLINICIAN: ("/eligibility/queues/clinician/", "/api/queues/clinician/", 7, 7),
    # session, user, the list, one audit INSERT, (page: the worklist counters)
    Role.CARE_COORDINATOR: ("/eligibility/queues/coordinator/", "/api/queues/coordinator/", 5, 4),
    # session, user, count, page of rows, audit INSERT, batches (API: no count or batches)
    Role.REVIEWER: ("/eligibility/queues/reviewer/", "/api/queues/reviewer/", 6, 4),
}


@pytest.mark.parametrize("rows", [10, 1000])
@pytest.mark.parametrize("role", list(QUEUE_URLS))
def test_each_queue_costs_the_same_queries_for_10_or_1000_rows(
    clinician: User, role: Role, rows: int
) -> None:
    evaluation = _evaluated(clinician)
    _copies(evaluation, rows)
    accepted = Evaluation.objects.exclude(pk=evaluation.pk)
    eligible = next(t for t, s in evaluation.statuses.items() if s in ("eligible", "eligible_with_cautions"))
    Decision.objects.bulk_create(
        Decision(
            evaluation=e,
            treatment=eligible,
            kind="accept",
            engine_status=evaluation.statuses[eligible],
            reason="",
            decided_by=clinician,
        )
        for e in accepted
    )
    user = clinician if role == Role.CLINICIAN else UserFactory(username=f"q-{role}", role=role)
    client = _client(user)
    page_url, api_url, page_queries, api_queries = QUEUE_URLS[role]
    for url, expected in ((page_url, page_queries), (api_url, api_queries)):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert len(queries) == expected, f"{url}\n" + "\n".join(
            q["sql"][:200] for q in queries.captured_queries
        )


def test_a_batch_summary_names_the_patients_whose_status_changed_in_the_reviewers_clinics(
    clinician: User,
) -> None:
    from eligibility.models import BatchRun

    reviewer = UserFactory(username="q-batch-reviewer", role=Role.REVIEWER)
    other_clinic = ClinicFactory()
    stranger = UserFactory(username="q-batch-elsewhere", role=Role.CLINICIAN, clinics=[other_clinic])
    batch = BatchRun.objects.create(requested_by=reviewer, status="done")
    for older in (
        _evaluated(clinician, family_name="Fontaine", given_name="Iris"),
        _evaluated(stranger, clinic=other_clinic, family_name="Elsewhere", given_name="Ann"),
        _evaluated(clinician, family_name="Unchanged", given_name="Bo"),
        _evaluated(clinician, family_name="Gaps", given_name="Cy"),
    ):
        newer = Evaluation.objects.get(pk=older.pk)
        newer.pk = newer.id = uuid.uuid4()
        newer.batch = batch
        if older.patient.family_name in ("Fontaine", "Elsewhere"):
            newer.statuses = {**older.statuses, "tms": "not_eligible"}
        if older.patient.family_name == "Gaps":
            gap = {
                "rule_id": "payer.tms.min_trials",
                "requirement": "",
                "rationale": "",
                "closes_with": "",
                "source": "",
            }
            newer.report["treatments"][0]["pa_gaps"] = [*newer.report["treatments"][0]["pa_gaps"], gap]
        newer.save(force_insert=True)
    page = _client(reviewer).get(f"/eligibility/batches/{batch.id}/").content.decode()
    assert "Fontaine, Iris" in page and "TMS" in page and "to not eligible" in page
    assert "Elsewhere" not in page and "Unchanged" not in page
    assert "Gaps, Cy</a>: the payer requirements still to meet changed." in page
    assert f"/eligibility/queues/reviewer/?batch={batch.id}" in page
    queue = _client(reviewer).get(f"/api/queues/reviewer/?batch={batch.id}").json()
    assert [row["patient_name"] for row in queue] == ["Fontaine, Iris"]

"""A payer criterion the evaluation found unmet: ticked only with a written justification (400
otherwise, nothing written), which is stored, shown, audited and put in the packet; a submission
with a required item open or unjustified is refused (409) naming the items in words."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from benefits import seed
from benefits.models import PaCase, PaChecklistItem, PaEvent
from benefits.services import pa_case_create_from_evaluation
from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent
from eligibility.models import Evaluation
from eligibility.services import evaluation_create
from reassessment.demo import full_document
from reassessment.services import reassessment_create
from tests.factories import PatientFactory, UserFactory
from tests.visible_text import assert_readable, visible_text

from .files import pdf_bytes, upload

pytestmark = pytest.mark.django_db
B = "/api/benefits"
JSON = "application/json"
AUGMENTATION = "A failed augmentation trial in the current episode"
WHY = "Lithium and aripiprazole augmentation were declined for documented side effects in 2025."


def evaluation_without_augmentation() -> Evaluation:
    """The demo record without its aripiprazole augmentation trial."""
    author = UserFactory(username="augmentation-clinician", role=Role.CLINICIAN)
    patient = PatientFactory(date_of_birth=dt.date(1979, 4, 2))
    document = full_document(assessed_on=timezone.localdate(), date_of_birth=patient.date_of_birth)
    document["medication_trials"] = [t for t in document["medication_trials"] if t["drug"] != "aripiprazole"]
    reassessment = reassessment_create(actor=author, patient=patient, document=document)
    return evaluation_create(actor=author, reassessment=reassessment)


@pytest.fixture
def aetna_case(coordinator: Any, make_coverage: Any) -> PaCase:
    """TMS under a plan that requires augmentation, which this record does not show."""
    evaluation = evaluation_without_augmentation()
    coverage = make_coverage(evaluation.patient_id, seed.AETNA)
    return pa_case_create_from_evaluation(
        actor=coordinator, evaluation=evaluation, treatment="tms", coverage=coverage
    )


@pytest.fixture
def api(coordinator: Any) -> Client:
    client = Client()
    client.force_login(coordinator)
    return client


def _tick(api: Client, case: PaCase, code: str, **body: Any) -> Any:
    return api.post(
        f"{B}/pa-cases/{case.id}/checklist/", {"code": code, "satisfied": True, **body}, content_type=JSON
    )


def test_the_engine_finding_is_kept_on_each_payer_criterion(aetna_case: PaCase) -> None:
    findings = dict(aetna_case.checklist.values_list("code", "finding"))
    assert findings["augmentation"] == "unmet" and findings["failed_trials"] == "met"
    assert findings["psychiatrist_order"] == "" and findings["diagnosis"] == ""


def test_ticking_an_unmet_criterion_without_a_justification_is_refused(
    api: Client, aetna_case: PaCase
) -> None:
    events, audits = PaEvent.objects.count(), AuditEvent.objects.count()
    for body in ({"note": "Chart review"}, {"note": "Chart review", "justification": "  see chart "}):
        r = _tick(api, aetna_case, "augmentation", **body)
        assert r.status_code == 400
        [problem] = r.json()["justification"]
        assert problem.endswith(".") and "_" not in problem
    item = aetna_case.checklist.get(code="augmentation")
    assert not item.satisfied and item.justification == "" and item.note == ""
    assert (PaEvent.objects.count(), AuditEvent.objects.count()) == (events, audits)


def test_a_justification_is_stored_shown_and_audited(api: Client, aetna_case: PaCase) -> None:
    r = _tick(api, aetna_case, "augmentation", note="Pharmacy records, 2025", justification=WHY)
    assert r.status_code == 200, r.content
    item = next(i for i in r.json()["checklist"] if i["code"] == "augmentation")
    assert item["satisfied"] and item["justification"] == WHY and item["finding"] == "unmet"
    audit = AuditEvent.objects.filter(action="pa_case.checklist_marked").latest("id")
    assert audit.data["justified"] is True and WHY not in str(audit.data)  # ids and flags, never the text
    assert WHY in PaEvent.objects.filter(case=aetna_case, kind="checklist").latest("id").note

    page = api.get(f"/benefits/cases/{aetna_case.id}/")
    text = " ".join(visible_text(page.content.decode()))
    assert WHY in text and "Done with a justification: the evaluation found it unmet" in text
    assert "Coordinator's evidence: Pharmacy records, 2025" in text
    assert_readable(page.content.decode())
    # Reopening drops it: a new tick needs a new justification.
    r = api.post(
        f"{B}/pa-cases/{aetna_case.id}/checklist/",
        {"code": "augmentation", "satisfied": False},
        content_type=JSON,
    )
    assert next(i for i in r.json()["checklist"] if i["code"] == "augmentation")["justification"] == ""


def test_a_document_is_evidence_enough_for_an_item_only_a_coordinator_can_close(
    api: Client, aetna_case: PaCase
) -> None:
    r = _tick(api, aetna_case, "psychiatrist_order")
    assert r.status_code == 400 and r.json()["note"][0].startswith("Say what satisfies this item")
    body = {"code": "psychiatrist_order", "file": upload("order.pdf", pdf_bytes())}
    assert api.post(f"{B}/pa-cases/{aetna_case.id}/attachments/", body).status_code == 201
    assert _tick(api, aetna_case, "psychiatrist_order").status_code == 200


def _close_all_but(api: Client, case: PaCase, skip: str) -> None:
    for item in case.checklist.exclude(code=skip).filter(satisfied=False):
        assert _tick(api, case, item.code, note="Filed in the chart on 3 December.").status_code == 200


def _move(api: Client, case: PaCase, to: str) -> Any:
    rev = api.get(f"{B}/pa-cases/{case.id}/").json()["revision"]
    return api.post(f"{B}/pa-cases/{case.id}/transition/", {"to": to, "revision": rev}, content_type=JSON)


def test_a_tick_without_a_justification_from_before_cannot_be_submitted(
    api: Client, aetna_case: PaCase
) -> None:
    _close_all_but(api, aetna_case, "augmentation")
    # As a case ticked before justifications existed would be (migration 0005 marks it unmet).
    PaChecklistItem.objects.filter(case=aetna_case, code="augmentation").update(
        satisfied=True, satisfied_by="coordinator"
    )
    r = _move(api, aetna_case, "ready_to_submit")
    assert r.status_code == 409
    detail = r.json()["detail"]
    assert (
        detail.startswith("This request cannot be submitted: 1 required checklist item is")
        and AUGMENTATION in detail
    )
    assert "augmentation:" not in detail and "_" not in detail
    aetna_case.refresh_from_db()
    assert aetna_case.status == "documents_needed"

    assert _tick(api, aetna_case, "augmentation", justification=WHY).status_code == 200
    assert _move(api, aetna_case, "ready_to_submit").status_code == 200
    assert _move(api, aetna_case, "submitted").status_code == 200


def test_a_resubmission_with_an_item_open_is_refused(api: Client, aetna_case: PaCase) -> None:
    _close_all_but(api, aetna_case, "augmentation")
    assert _tick(api, aetna_case, "augmentation", justification=WHY).status_code == 200
    for to in ("ready_to_submit", "submitted", "pending_payer", "more_information_requested"):
        assert _move(api, aetna_case, to).status_code == 200, to
    reopen = {"code": "tms_plan", "satisfied": False}
    assert api.post(f"{B}/pa-cases/{aetna_case.id}/checklist/", reopen, content_type=JSON).status_code == 200
    r = _move(api, aetna_case, "submitted")
    assert r.status_code == 409 and "TMS device, protocol and session plan" in r.json()["detail"]


def test_the_page_refuses_an_unjustified_tick_and_keeps_what_was_typed(
    coordinator: Any, aetna_case: PaCase
) -> None:
    client = Client()
    client.force_login(coordinator)
    r = client.post(
        f"/benefits/cases/{aetna_case.id}/checklist/",
        {"code": "augmentation", "satisfied": "yes", "note": "Pharmacy fill history", "justification": ""},
    )
    assert r.status_code == 400
    html = r.content.decode()
    assert 'value="Pharmacy fill history"' in html
    assert "write a justification saying why the request should go ahead" in html
    assert_readable(html)
    # Evidence links: the reassessment section, the evaluation's finding and the payer rule.
    reassessment_id = aetna_case.evaluation.reassessment_id
    assert (
        f"/reassessments/{reassessment_id}/sections/medication-trials/" in html
        or "sections/medication-trials/" in html
    )
    assert "#rule-payer.augmentation" in html and "#treatment-tms" in html

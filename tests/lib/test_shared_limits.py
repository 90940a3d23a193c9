"""The HTML forms and the API refuse the same text with the same message (elevium/lib/limits.py):
each case from the issue, on the page and at the API, writes nothing and answers no 5xx."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from elevium.accounts.models import User
from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent
from elevium.lib import limits
from tests.audit.patient_records import CLIN, COORD, World
from tests.samples import sample_url

pytestmark = pytest.mark.django_db

NUL = "Null characters are not allowed."


@pytest.fixture
def world(user_with_role: Callable[[Role], User]) -> World:
    return World(user_with_role)


def _approval(w: World) -> dict[str, Any]:
    return {
        "authorization_number": "AUTH-9",
        "approved_units": 36,
        "valid_from": "2026-03-01",
        "valid_until": "2026-05-31",
        "revision": w.revision_of(w.pending_case),
        "note": "",
    }


def _override(w: World) -> dict[str, Any]:
    return {"treatment": "tms", "kind": "override", "clinician_status": "contraindicated", "reason": "x" * 20}


# (page, API, role, URL kwargs, a body both accept, the write's audit action)
PAIRS: dict[
    str, tuple[str, str, Role, Callable[[World], dict[str, Any]], Callable[[World], dict[str, Any]], str]
] = {
    "note": (
        "benefits:case-note",
        "benefits-api:pa-case-notes",
        COORD,
        lambda w: {"case_id": w.case.id},
        lambda w: {"text": "Called the payer."},
        "pa_case.noted",
    ),
    "transition": (
        "benefits:case-transition",
        "benefits-api:pa-case-transition",
        COORD,
        lambda w: {"case_id": w.case.id},
        lambda w: {
            "to": "withdrawn",
            "revision": w.revision_of(w.case),
            "note": "The patient chose another clinic.",
            "confirm": "on",
        },
        "pa_case.withdrawn",
    ),
    "checklist": (
        "benefits:case-checklist",
        "benefits-api:pa-case-checklist",
        COORD,
        lambda w: {"case_id": w.case.id},
        lambda w: {"code": w.open_item(), "satisfied": "yes", "note": "on file"},
        "pa_case.checklist_marked",
    ),
    "approval": (
        "benefits:case-approval",
        "benefits-api:pa-case-approval",
        COORD,
        lambda w: {"case_id": w.pending_case.id},
        _approval,
        "pa_case.approved",
    ),
    "decision": (
        "eligibility:decide",
        "eligibility-api:evaluation-decisions",
        CLIN,
        lambda w: {"evaluation_id": w.evaluation.id},
        _override,
        "evaluation.override",
    ),
    "safety": (
        "reassessment:safety-action",
        "reassessment-api:reassessment-safety-actions",
        CLIN,
        lambda w: {"reassessment_id": w.draft.id},
        lambda w: {"kind": "safety_plan", "note": "Safety plan written with the patient today."},
        "safety_action.recorded",
    ),
}

# The pages that show the refused form again, as typed, with the sentence by its box.
SHOWN_AGAIN = frozenset({"decision", "approval", "note", "safety", "checklist", "transition"})

CASES = [
    ("note", "text", "a note\x00", NUL),
    ("transition", "note", "moved\x00", NUL),
    ("checklist", "code", "psychiatrist_order\x00", NUL),
    ("checklist", "note", "on file\x00", NUL),
    ("approval", "authorization_number", "AUTH\x00", NUL),
    ("approval", "note", "approved\x00", NUL),
    ("approval", "authorization_number", "A" * 65, limits.too_long(limits.AUTHORIZATION_NUMBER)),
    ("approval", "valid_until", "9999-12-31", "Enter a date between 1900 and 2199."),
    ("decision", "reason", "a reason that is long enough\x00", NUL),
    ("decision", "reason", "r" * (1024 * 1024), limits.too_long(limits.DECISION_REASON)),
    ("safety", "note", "Safety plan written\x00", NUL),
    ("safety", "note", "s" * (2 * 1024 * 1024), limits.too_long(limits.SAFETY_NOTE)),
    ("note", "text", "n" * (limits.NOTE + 1), limits.too_long(limits.NOTE)),
]


@pytest.mark.parametrize(
    ("pair", "field", "value", "message"), CASES, ids=[f"{c[0]}-{c[1]}-{c[3][:20]}" for c in CASES]
)
def test_the_page_and_the_api_refuse_it_alike(
    world: World, client_for: Callable[[Role], Client], pair: str, field: str, value: str, message: str
) -> None:
    page_name, api_name, role, kwargs, body, write = PAIRS[pair]
    values = {**kwargs(world)}
    page_url, api_url = sample_url(page_name, values), sample_url(api_name, values)
    good = body(world)
    client = client_for(role)
    since = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0

    page = client.post(page_url, {**good, field: value})
    # A form shown again with what was typed answers 400 (issue 12); the others go back to their page.
    assert page.status_code == (400 if pair in SHOWN_AGAIN else 302), page.status_code
    shown = [str(m) for m in get_messages(page.wsgi_request)]
    assert any(message in m for m in shown), shown
    if pair in SHOWN_AGAIN:
        assert message in page.content.decode()

    api_body = {**good, field: value}
    if "satisfied" in api_body:
        api_body["satisfied"] = True
    api = client.post(api_url, api_body, content_type="application/json")
    assert api.status_code == 400, api.content[:300]
    assert api.json()[field] == [message]

    assert not AuditEvent.objects.filter(id__gt=since, action=write).exists()


def test_a_nul_in_the_worklist_status_filter_is_a_400_not_a_500(client_for: Callable[[Role], Client]) -> None:
    page = client_for(COORD).get("/benefits/worklist/?status=%00")
    assert page.status_code == 400
    assert "Filter not applied" in page.content.decode()
    api = client_for(COORD).get("/api/benefits/pa-cases/?status=%00")
    assert api.status_code == 400


CHECK = {"form": "check", "treatment": "tms", "method": "phone", "coverage_status": "active"}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("note", "checked\x00", NUL),
        ("reference", "R" * 65, limits.too_long(limits.BENEFITS_REFERENCE)),
        ("note", "n" * (limits.BENEFITS_NOTE + 1), limits.too_long(limits.BENEFITS_NOTE)),
    ],
)
def test_the_coverage_page_checks_a_benefits_check_as_the_api_does(
    world: World, client_for: Callable[[Role], Client], field: str, value: str, message: str
) -> None:
    client = client_for(COORD)
    page = client.post(f"/benefits/coverages/{world.coverage.id}/", {**CHECK, field: value})
    assert page.status_code == 400
    assert message in page.content.decode()
    api = client.post(
        f"/api/benefits/coverages/{world.coverage.id}/benefits-checks/",
        {**CHECK, field: value},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert api.json()[field] == [message]
    assert not world.coverage.benefits_checks.exists()


def test_the_estimate_asks_for_the_same_missing_price_on_both_sides(
    world: World, client_for: Callable[[Role], Client]
) -> None:
    client = client_for(CLIN)
    body = {"treatment": "tms", "price_initial": "400.00"}
    page = client.post(f"/benefits/coverages/{world.coverage.id}/", {"form": "estimate", **body})
    api = client.post(
        f"/api/benefits/coverages/{world.coverage.id}/estimate/", body, content_type="application/json"
    )
    message = "Enter this price, or ask an administrator to add it to the clinic&#x27;s fee schedule."
    assert page.status_code == 400 and message in page.content.decode()
    assert api.status_code == 400 and api.json() == {"price_subsequent": [message.replace("&#x27;", "'")]}

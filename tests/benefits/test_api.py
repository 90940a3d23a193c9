"""The benefits API: status codes, bodies and roles (urls included at /api/benefits/)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from benefits import seed
from benefits.models import Coverage, PaCase
from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"
B = "/api/benefits"


@pytest.fixture
def api(coordinator: Any) -> Client:
    client = Client()
    client.force_login(coordinator)
    return client


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type=JSON)


def test_a_coordinator_works_a_case_from_creation_to_approval(
    api: Client, evaluation: Any, coverage: Coverage
) -> None:
    r = _post(
        api,
        f"{B}/pa-cases/",
        {"evaluation_id": str(evaluation.id), "coverage_id": str(coverage.id), "treatment": "tms"},
    )
    assert r.status_code == 201, r.content
    case = r.json()
    assert case["status"] == "documents_needed" and case["allowed"] == ["ready_to_submit", "withdrawn"]
    url = f"{B}/pa-cases/{case['id']}"

    r = _post(api, f"{url}/transition/", {"to": "ready_to_submit", "revision": case["revision"]})
    assert r.status_code == 400
    assert "psychiatrist_order" in r.json()["missing"]

    for item in case["checklist"]:
        if not item["satisfied"]:
            assert (
                _post(
                    api, f"{url}/checklist/", {"code": item["code"], "satisfied": True, "note": "scanned"}
                ).status_code
                == 200
            )
    rev = api.get(f"{url}/").json()["revision"]
    r = _post(api, f"{url}/transition/", {"to": "ready_to_submit", "revision": rev})
    assert r.status_code == 200, r.content
    r = _post(api, f"{url}/transition/", {"to": "submitted", "revision": r.json()["revision"]})
    body = r.json()
    assert r.status_code == 200 and body["decision_due_at"] and body["next_follow_up_at"]
    # A double-clicked submit: same answer, nothing changes.
    again = _post(api, f"{url}/transition/", {"to": "submitted", "revision": body["revision"] - 1})
    assert again.status_code == 200 and again.json()["revision"] == body["revision"]

    r = _post(api, f"{url}/transition/", {"to": "approved", "revision": body["revision"]})
    assert r.status_code == 409
    assert r.json()["allowed"] == ["pending_payer", "withdrawn"]
    r = _post(api, f"{url}/transition/", {"to": "pending_payer", "revision": body["revision"] - 1})
    assert r.status_code == 409 and "changed by someone else" in r.json()["detail"]
    r = _post(api, f"{url}/transition/", {"to": "pending_payer", "revision": body["revision"]})
    r = _post(
        api,
        f"{url}/approval/",
        {
            "authorization_number": "AUTH-9",
            "approved_units": 36,
            "valid_from": "2026-03-01",
            "valid_until": "2026-05-31",
            "revision": r.json()["revision"],
        },
    )
    assert r.status_code == 200 and r.json()["status"] == "approved"
    assert _post(api, f"{url}/notes/", {"text": "Patient told."}).status_code == 201
    kinds = [e["kind"] for e in api.get(f"{url}/").json()["events"]]
    assert kinds[0] == "created" and "approval" in kinds and kinds[-1] == "note"


def test_field_errors_are_listed_together(api: Client, case: PaCase) -> None:
    r = _post(api, f"{B}/pa-cases/{case.id}/approval/", {"valid_from": "x", "approved_units": 0})
    assert r.status_code == 400
    assert {"authorization_number", "approved_units", "valid_from", "valid_until", "revision"} <= set(
        r.json()
    )


def test_an_unknown_case_is_404(api: Client) -> None:
    assert api.get(f"{B}/pa-cases/00000000-0000-0000-0000-000000000000/").status_code == 404
    r = _post(
        api,
        f"{B}/pa-cases/00000000-0000-0000-0000-000000000000/transition/",
        {"to": "withdrawn", "revision": 1},
    )
    assert r.status_code == 404


def test_the_worklist_lists_and_counts_and_audits(api: Client, case: PaCase) -> None:
    r = api.get(f"{B}/pa-cases/")
    assert r.status_code == 200
    assert [c["id"] for c in r.json()["results"]] == [str(case.id)]
    assert r.json()["counters"] == {"overdue": 0, "due_today": 0}
    assert AuditEvent.objects.filter(action="pa_case.listed", object_id=str(case.id)).exists()
    assert api.get(f"{B}/pa-cases/?status=bogus").status_code == 400


def test_assign_many(api: Client, case: PaCase) -> None:
    owner = UserFactory(username="owner2", role=Role.CARE_COORDINATOR)
    r = _post(api, f"{B}/pa-cases/assign/", {"case_ids": [str(case.id)], "owner": owner.pk})
    assert r.status_code == 200
    case.refresh_from_db()
    assert case.owner_id == owner.pk


@pytest.mark.parametrize(
    ("role", "read", "write"), [(Role.CLINICIAN, 200, 403), (Role.REVIEWER, 200, 403), (Role.ADMIN, 403, 403)]
)
def test_roles(client_for: Any, case: PaCase, role: Role, read: int, write: int) -> None:
    client = client_for(role)
    assert client.get(f"{B}/pa-cases/{case.id}/").status_code == read
    assert _post(client, f"{B}/pa-cases/{case.id}/notes/", {"text": "x"}).status_code == write


def test_benefits_check_then_estimate(api: Client, coverage: Coverage, make_coverage: Any) -> None:
    url = f"{B}/coverages/{coverage.id}"
    prices = {"treatment": "tms", "price_initial": "400.00", "price_subsequent": "250.00"}
    r = _post(api, f"{url}/estimate/", prices)
    assert r.status_code == 400 and "treatment" in r.json()
    check = {
        "treatment": "tms",
        "method": "phone",
        "coverage_status": "active",
        "deductible": "500",
        "coinsurance_pct": "20",
        "oop_max": "2000",
    }
    assert _post(api, f"{url}/benefits-checks/", check).status_code == 201
    r = _post(api, f"{url}/estimate/", prices)
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["sessions"] == 36 and body["covered"] is True
    assert body["total_allowed"] == "9150.00"
    assert [line["kind"] for line in body["lines"]][0] == "course" and body["lines"][-1]["kind"] == "total"
    assert _post(api, f"{url}/estimate/", {"treatment": "tms"}).json().keys() >= {
        "price_initial",
        "price_subsequent",
    }

    self_pay = make_coverage(coverage.patient_id, payer=seed.SELF_PAY)
    r = _post(
        api, f"{B}/coverages/{self_pay.id}/estimate/", {"treatment": "ketamine", "price_infusion": "500"}
    )
    assert r.status_code == 200 and r.json()["covered"] is False and r.json()["patient_pays"] == "3000.00"

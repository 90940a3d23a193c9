"""Editing a coverage carries the revision it was read at: of two people editing the same
coverage the second is refused (409) with a sentence, nothing is saved, and the form keeps what
they typed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from benefits.coverage_services import CoverageStale, coverage_end, coverage_update
from benefits.models import Coverage
from elevium.accounts.models import User

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(coverage: Coverage, **changes: str) -> dict[str, str]:
    values = {
        "plan": str(coverage.plan_id),
        "member_id": coverage.member_id,
        "group_number": "",
        "rank": "primary",
        "valid_from": coverage.valid_from.isoformat(),
        "valid_to": "",
        "revision": str(coverage.revision),
    }
    return {**values, **changes}


def test_each_change_counts_a_revision_and_a_stale_one_is_refused(
    coordinator: User, coverage: Coverage
) -> None:
    assert coverage.revision == 1
    coverage = coverage_update(actor=coordinator, coverage=coverage, revision=1, member_id="M2")
    assert coverage.revision == 2
    with pytest.raises(CoverageStale) as stale:
        coverage_update(actor=coordinator, coverage=coverage, revision=1, member_id="M3")
    assert stale.value.status_code == 409 and stale.value.body()["revision"] == 2
    coverage = coverage_end(actor=coordinator, coverage=coverage, valid_to=dt.date(2026, 6, 30))
    assert coverage.revision == 3
    coverage.refresh_from_db()
    assert coverage.member_id == "M2"


def test_the_second_editor_is_told_and_keeps_what_they_typed(coordinator: User, coverage: Coverage) -> None:
    first, second = _client(coordinator), _client(coordinator)
    read_at = _form(coverage)  # both open the edit page at revision 1
    assert (
        first.post(
            f"/benefits/coverages/{coverage.id}/edit/", {**read_at, "member_id": "FIRST-1"}
        ).status_code
        == 302
    )
    response = second.post(f"/benefits/coverages/{coverage.id}/edit/", {**read_at, "member_id": "SECOND-2"})
    body = response.content.decode()
    assert response.status_code == 409
    assert "changed by someone else since you opened it" in body and 'value="SECOND-2"' in body
    coverage.refresh_from_db()
    assert (coverage.member_id, coverage.revision) == ("FIRST-1", 2)


def test_an_edit_that_does_not_say_its_revision_is_refused(coordinator: User, coverage: Coverage) -> None:
    form = _form(coverage, member_id="NO-REV")
    del form["revision"]
    response = _client(coordinator).post(f"/benefits/coverages/{coverage.id}/edit/", form)
    assert response.status_code == 409
    coverage.refresh_from_db()
    assert coverage.member_id == "M123"


def test_the_api_refuses_a_stale_revision_and_reports_the_current_one(
    coordinator: User, coverage: Coverage
) -> None:
    client = _client(coordinator)
    url = f"/api/benefits/coverages/{coverage.id}/"
    ok = client.patch(url, {"member_id": "API-1", "revision": 1}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["revision"] == 2
    stale = client.patch(url, {"member_id": "API-2", "revision": 1}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["revision"] == 2
    assert "changed by someone else" in stale.json()["detail"]

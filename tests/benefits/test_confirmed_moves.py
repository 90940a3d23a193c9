"""Withdrawing a request (or marking it expired) ends it for good, so the case page asks for a
reason and a ticked confirmation (issue 12): without either it is refused, the page comes back
with status 400 and what was typed, and nothing is written."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from benefits.models import PaCase
from elevium.accounts.models import User
from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent
from tests.audit.patient_records import World

pytestmark = pytest.mark.django_db

REASON = "The patient chose to start ketamine at another clinic."


@pytest.fixture
def world(user_with_role: Callable[[Role], User]) -> World:
    return World(user_with_role)


def _writes_since(since: int) -> list[str]:
    actions = AuditEvent.objects.filter(id__gt=since).values_list("action", flat=True)
    return [a for a in actions if a != "pa_case.viewed"]


def _last() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_the_page_offers_withdrawal_only_with_a_reason_and_a_confirmation(
    world: World, client_for: Callable[[Role], Client]
) -> None:
    url = f"/benefits/cases/{world.case.id}/"
    client = client_for(Role.CARE_COORDINATOR)  # after the records: building them may end a session
    page = client.get(url).content.decode()
    assert 'data-testid="confirm-withdrawn"' in page
    assert "Yes, withdraw this request" in page
    assert '<button\n        type="submit">Withdrawn</button>' not in page  # no one-click button


@pytest.mark.parametrize(
    ("typed", "sentence"),
    [
        ({"note": REASON}, "Tick &#x27;Yes, withdraw this request&#x27; to confirm: this cannot be undone."),
        ({"confirm": "on"}, "Give the reason for this step: it is kept on the case&#x27;s timeline."),
        ({"note": "   ", "confirm": "on"}, "Give the reason for this step"),
    ],
)
def test_a_withdrawal_without_reason_or_confirmation_is_refused_as_typed(
    world: World, client_for: Callable[[Role], Client], typed: dict[str, str], sentence: str
) -> None:
    case = world.case
    revision = world.revision_of(case)
    client = client_for(Role.CARE_COORDINATOR)
    since = _last()
    response = client.post(
        f"/benefits/cases/{case.id}/transition/",
        {"to": "withdrawn", "revision": revision, **typed},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert sentence in page
    assert 'data-testid="confirm-withdrawn" open' in page
    if typed.get("note", "").strip():
        assert f">{REASON}</textarea>" in page
    if "confirm" in typed:
        assert 'name="confirm" value="on"\n          required checked>' in page
    assert _writes_since(since) == []
    assert PaCase.objects.get(pk=case.pk).status == case.status


def test_a_confirmed_withdrawal_with_a_reason_ends_the_case_and_keeps_the_reason(
    world: World, client_for: Callable[[Role], Client]
) -> None:
    case = world.case
    revision = world.revision_of(case)
    client = client_for(Role.CARE_COORDINATOR)
    response = client.post(
        f"/benefits/cases/{case.id}/transition/",
        {"to": "withdrawn", "revision": revision, "note": REASON, "confirm": "on"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "withdrawn"
    page = client.get(f"/benefits/cases/{case.id}/").content.decode()
    assert REASON in page and "No further action: this case is withdrawn." in page

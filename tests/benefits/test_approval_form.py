"""A refused approval or note keeps what was typed (issue 12): the case page again, status 400, every box
as typed with the sentence next to the wrong one; no write is recorded, only the read the case
page's GET records."""

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


@pytest.fixture
def world(user_with_role: Callable[[Role], User]) -> World:
    return World(user_with_role)


def _actions_since(since: int) -> list[str]:
    return list(AuditEvent.objects.filter(id__gt=since).order_by("id").values_list("action", flat=True))


def _last() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_a_refused_approval_comes_back_as_typed_with_the_sentence_by_its_box(
    world: World, client_for: Callable[[Role], Client]
) -> None:
    case = world.pending_case
    url = f"/benefits/cases/{case.id}/"
    posted = {
        "authorization_number": "AUTH-77",
        "approved_units": "36",
        "valid_from": "2026-03-01",
        "valid_until": "",
        "revision": world.revision_of(case),
    }
    client = client_for(Role.CARE_COORDINATOR)  # after the records: building them may end a session

    since = _last()
    assert client.get(url).status_code == 200
    read = _actions_since(since)

    since = _last()
    response = client.post(f"{url}approval/", posted)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'name="authorization_number"\n  value="AUTH-77"' in page
    assert 'value="36"' in page and 'value="2026-03-01"' in page
    assert '<p class="field-error" id="auth-until-error">Give the approval&#x27;s last day.</p>' in page
    assert _actions_since(since) == read
    case.refresh_from_db()
    assert case.status == PaCase.objects.get(pk=case.pk).status != "approved"


def test_a_refused_note_comes_back_as_typed(world: World, client_for: Callable[[Role], Client]) -> None:
    url = f"/benefits/cases/{world.case.id}/"
    client = client_for(Role.CARE_COORDINATOR)
    since = _last()
    client.get(url)
    read = _actions_since(since)
    since = _last()
    typed = "Called the payer: " + "n" * 5000
    response = client.post(f"{url}notes/", {"text": typed})
    assert response.status_code == 400
    page = response.content.decode()
    assert f'aria-describedby="note-text-error">{typed}</textarea>' in page
    assert 'id="note-text-error">' in page
    assert _actions_since(since) == read

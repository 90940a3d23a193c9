"""A refused decision keeps what was typed (issue 12): the evaluation page again, status 400, the
reason in its box with the sentence next to it; no write is recorded, only the read the page's
GET records."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from elevium.accounts.models import User
from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent
from eligibility.models import Decision
from tests.audit.patient_records import World

pytestmark = pytest.mark.django_db

REASON = "Too short"


@pytest.fixture
def world(user_with_role: Callable[[Role], User]) -> World:
    return World(user_with_role)


def _actions_since(since: int) -> list[str]:
    return list(AuditEvent.objects.filter(id__gt=since).order_by("id").values_list("action", flat=True))


def _last() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_a_too_short_override_reason_comes_back_in_its_box_with_a_sentence(
    world: World, client_for: Callable[[Role], Client]
) -> None:
    url = f"/eligibility/evaluations/{world.evaluation.id}/"
    engine = world.evaluation.statuses["tms"]
    other = next(s for s in ("not_eligible", "eligible_with_cautions") if s != engine)
    client = client_for(Role.CLINICIAN)  # after the records: building them may end a session

    since = _last()
    assert client.get(url).status_code == 200
    read = _actions_since(since)

    since = _last()
    posted = {"treatment": "tms", "kind": "override", "clinician_status": other, "reason": REASON}
    response = client.post(f"{url}decisions/", posted)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'aria-invalid="true">{REASON}</textarea>' in page
    sentence = "An override needs a reason (at least 10 characters)."
    assert f'<p class="field-error" id="reason-error-tms">{sentence}</p>' in page
    assert 'value="override" selected' in page
    assert f'value="{other}" selected' in page
    # Nothing written, and exactly the read the page's GET records.
    assert not Decision.objects.exists()
    assert _actions_since(since) == read
    assert not {"evaluation.accept", "evaluation.override"} & set(read)

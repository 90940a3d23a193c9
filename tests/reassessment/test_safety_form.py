"""A refused safety action keeps what was typed (issue 12): the summary again, status 400, the
note in its box with the sentence next to it, the page to go back to kept; no write is recorded,
only the read the summary's GET records."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from elevium.audit.models import AuditEvent
from reassessment import services
from reassessment.models import Reassessment, SafetyAction
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def flagged(clinician: Any) -> Reassessment:
    patient = PatientFactory(date_of_birth=dt.date(1970, 1, 1))
    draft = services.reassessment_create(actor=clinician, patient=patient)
    phq9 = {"administered_on": timezone.localdate().isoformat(), "items": [1] * 9}
    return services.reassessment_update_section(
        actor=clinician,
        reassessment=draft,
        section="measurement",
        value={**draft.document.get("measurement", {}), "phq9": [phq9]},
        revision=draft.revision,
    )


def _since(since: int) -> list[str]:
    return list(AuditEvent.objects.filter(id__gt=since).order_by("id").values_list("action", flat=True))


def _last() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_a_refused_safety_action_comes_back_as_typed(flagged: Reassessment, clinician: Any) -> None:
    client = Client()
    client.force_login(clinician)
    back = f"/reassessments/{flagged.id}/sections/phq9/"
    since = _last()
    assert 'data-testid="safety-banner"' in client.get(f"/reassessments/{flagged.id}/").content.decode()
    read = _since(since)

    since = _last()
    typed = "Crisis line called\x00 with the patient"
    response = client.post(
        f"/reassessments/{flagged.id}/safety-action/", {"kind": "safety_plan", "note": typed, "back": back}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert '<option value="safety_plan" selected>' in page
    assert 'aria-describedby="id_safety_note_error">Crisis line called' in page
    assert '<p class="field-error" id="id_safety_note_error">' in page
    assert f'name="back" value="{back}"' in page
    assert not SafetyAction.objects.exists()
    assert _since(since) == read

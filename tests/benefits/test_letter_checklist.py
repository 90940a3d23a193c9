"""Attaching the finalized letter marks the checklist's letter item done, its evidence the letter's
version and a link to the letter; amending the letter opens the item again (issue 12). Both are
on the case's timeline and audited as checklist marks."""

from __future__ import annotations

import pytest
from django.test import Client

from benefits.models import PaCase, PaChecklistItem, SatisfiedBy
from benefits.services.letters import letter_amend, letter_attach, letter_finalize, letter_save_version
from benefits.transitions import PaStatus
from clinics.models import Prescriber
from elevium.accounts.models import User
from elevium.audit.models import AuditEvent
from eligibility.models import Evaluation

pytestmark = pytest.mark.django_db

CODE = "letter_of_medical_necessity"
NARRATIVE = "I am writing to request TMS for my patient.\n\nIt is medically necessary."


@pytest.fixture
def clinician(evaluation: Evaluation) -> User:
    user = User.objects.get(username="benefits-clinician")
    Prescriber.objects.create(user=user, display_name="Dana Okafor", credentials="MD", npi="1234567893")
    return user


def _letter_item(case: PaCase) -> PaChecklistItem:
    item, _ = PaChecklistItem.objects.get_or_create(
        case=case, code=CODE, defaults={"label": "Letter of medical necessity", "position": 99}
    )
    return item


def _marks() -> list[dict[str, object]]:
    return [e.data for e in AuditEvent.objects.filter(action="pa_case.checklist_marked").order_by("id")]


def test_attaching_the_letter_closes_its_item_and_amending_opens_it(
    clinician: User, coordinator: User, case: PaCase
) -> None:
    item = _letter_item(case)
    assert not item.satisfied
    letter_save_version(actor=clinician, case=case, narrative=NARRATIVE, revision=0)
    letter_finalize(actor=clinician, case=case, revision=1, unmet=())
    letter_attach(actor=coordinator, case=case, revision=2)
    item.refresh_from_db()
    assert item.satisfied and item.satisfied_by == SatisfiedBy.LETTER
    assert item.note.startswith("The finalized letter, version 1, attached on ")
    assert _marks()[-1] == {
        "code": CODE,
        "satisfied": True,
        "justified": False,
        "by": "letter",
        "status": case.status,
    }

    client = Client()
    client.force_login(coordinator)
    page = client.get(f"/benefits/cases/{case.id}/").content.decode()
    assert f'href="/benefits/cases/{case.id}/letter/">The attached letter</a>' in page

    letter_amend(actor=clinician, case=case, revision=3)
    item.refresh_from_db()
    assert not item.satisfied and item.satisfied_by == SatisfiedBy.NONE
    assert _marks()[-1]["satisfied"] is False
    assert "The letter is being amended: attach the new finalized version." in [
        e.note for e in case.events.all()
    ]


def test_a_submitted_case_keeps_its_checklist_as_sent(
    clinician: User, coordinator: User, case: PaCase
) -> None:
    item = _letter_item(case)
    PaCase.objects.filter(pk=case.pk).update(status=PaStatus.SUBMITTED)
    letter_save_version(actor=clinician, case=case, narrative=NARRATIVE, revision=0)
    letter_finalize(actor=clinician, case=case, revision=1, unmet=())
    letter_attach(actor=coordinator, case=case, revision=2)
    item.refresh_from_db()
    assert not item.satisfied and _marks() == []

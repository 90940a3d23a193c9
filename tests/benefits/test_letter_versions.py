"""The letter's narrative: drafted from the record, saved as versions by clinicians, finalized
(immutable after), amended into a new draft, attached by a coordinator. Every refusal is a 409
with a sentence; every write is audited with ids and version numbers only."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from benefits.letters import UnmetLine
from benefits.models import Letter, LetterStatus, PaCase, PaEvent, PaEventKind
from benefits.services.letters import (
    LetterFinalized,
    LetterStale,
    letter_amend,
    letter_attach,
    letter_finalize,
    letter_save_version,
)
from clinics.models import Prescriber
from elevium.accounts.models import User
from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent
from elevium.lib.errors import Invalid, Refused
from eligibility.models import Evaluation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NARRATIVE = "I am writing to request TMS for my patient.\n\nIt is medically necessary."
JUSTIFICATION = (
    "The plan's psychotherapy requirement is unmet because no therapist is within reach; see notes."
)
GAP = UnmetLine(requirement="psychotherapy", rationale="No psychotherapy trial is recorded.", source="Aetna")


@pytest.fixture
def clinician(evaluation: Evaluation) -> User:
    user = User.objects.get(username="benefits-clinician")
    Prescriber.objects.create(user=user, display_name="Dana Okafor", credentials="MD", npi="1234567893")
    return user


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(case: PaCase, action: str = "edit") -> str:
    return f"/benefits/cases/{case.id}/letter/{action}/"


def _with_gap(case: PaCase) -> None:
    """Make the case's evaluation report a payer gap for its treatment, as a plan would."""
    evaluation = case.evaluation
    report: dict[str, Any] = evaluation.report
    for result in report["treatments"]:
        if result["treatment"] == case.treatment:
            result["pa_gaps"] = [
                {**GAP.model_dump(), "closes_with": "Record a course.", "source": "x [AETNA-0469]"}
            ]
    Evaluation.objects.filter(pk=evaluation.pk).update(report=report)


def test_versions_are_kept_and_a_finalized_letter_cannot_change(clinician: User, case: PaCase) -> None:
    first = letter_save_version(actor=clinician, case=case, narrative=NARRATIVE, revision=0)
    second = letter_save_version(actor=clinician, case=case, narrative=NARRATIVE + " Edited.", revision=1)
    assert (first.number, second.number) == (1, 2)
    letter = letter_finalize(actor=clinician, case=case, revision=2, unmet=())
    assert (letter.status, letter.finalized_version, letter.revision) == (LetterStatus.FINALIZED, 2, 3)
    with pytest.raises(LetterFinalized):
        letter_save_version(actor=clinician, case=case, narrative="Changed after signing.", revision=3)
    with pytest.raises(Refused, match="already finalized"):
        letter_finalize(actor=clinician, case=case, revision=3, unmet=())
    amended = letter_amend(actor=clinician, case=case, revision=3)
    assert amended.number == 3 and amended.narrative == second.narrative
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DRAFT and letter.finalized_version is None
    assert list(letter.versions.values_list("number", flat=True)) == [3, 2, 1]


def test_a_stale_save_an_empty_narrative_and_an_amend_of_a_draft_are_refused(
    clinician: User, case: PaCase
) -> None:
    letter_save_version(actor=clinician, case=case, narrative=NARRATIVE, revision=0)
    with pytest.raises(LetterStale) as stale:
        letter_save_version(actor=clinician, case=case, narrative="Someone else's.", revision=0)
    assert stale.value.status_code == 409 and "saved by someone else" in str(stale.value)
    with pytest.raises(Invalid) as empty:
        letter_save_version(actor=clinician, case=case, narrative="   ", revision=1)
    assert list(empty.value.errors) == ["narrative"]
    with pytest.raises(Refused, match="still a draft"):
        letter_amend(actor=clinician, case=case, revision=1)
    assert Letter.objects.get(case=case).versions.count() == 1


def test_an_unmet_payer_criterion_needs_a_justification_to_finalize(clinician: User, case: PaCase) -> None:
    letter_save_version(actor=clinician, case=case, narrative=NARRATIVE, revision=0)
    with pytest.raises(Refused) as refused:
        letter_finalize(actor=clinician, case=case, revision=1, unmet=(GAP,))
    message = str(refused.value)
    assert message.startswith("This letter cannot be finalized while a payer criterion is unmet")
    assert "No psychotherapy trial is recorded" in message and "_" not in message
    letter_save_version(
        actor=clinician, case=case, narrative=NARRATIVE, justification=JUSTIFICATION, revision=1
    )
    assert (
        letter_finalize(actor=clinician, case=case, revision=2, unmet=(GAP,)).status == LetterStatus.FINALIZED
    )


def test_the_pages_refuse_finalizing_with_an_unmet_criterion_and_print_the_justification(
    clinician: User, coordinator: User, case: PaCase
) -> None:
    _with_gap(case)
    client = _client(clinician)
    page = client.get(_url(case)).content.decode()
    assert "No psychotherapy trial is recorded" in page and "I am writing to request authorization" in page
    assert client.post(_url(case), {"narrative": NARRATIVE, "revision": "0"}).status_code == 302
    refused = client.post(_url(case, "finalize"), {"revision": "1"})
    assert refused.status_code == 409
    assert "cannot be finalized while a payer criterion is unmet" in refused.content.decode()
    saved = client.post(_url(case), {"narrative": NARRATIVE, "justification": JUSTIFICATION, "revision": "1"})
    assert saved.status_code == 302
    assert client.post(_url(case, "finalize"), {"revision": "2"}).status_code == 302
    letter = client.get(f"/benefits/cases/{case.id}/letter/").content.decode()
    assert "no therapist is within reach" in letter and "Draft: not yet finalized" not in letter
    assert "Dana Okafor, MD" in letter and "NPI 1234567893" in letter and "Electronically signed" in letter
    # The coordinator attaches it: on the case's timeline, once.
    coordinator_client = _client(coordinator)
    assert coordinator_client.post(_url(case, "attach"), {"revision": "3"}).status_code == 302
    event = PaEvent.objects.get(case=case, kind=PaEventKind.DOCUMENT)
    assert event.data == {"letter_version": 2} and "version 2" in event.note
    again = coordinator_client.post(_url(case, "attach"), {"revision": "4"})
    assert again.status_code == 409 and "already attached" in again.content.decode()


def test_a_stale_page_keeps_the_typed_text_and_answers_409(clinician: User, case: PaCase) -> None:
    client = _client(clinician)
    client.post(_url(case), {"narrative": NARRATIVE, "revision": "0"})
    typed = "My own words, typed over an old copy of the letter."
    response = client.post(_url(case), {"narrative": typed, "revision": "0"})
    body = response.content.decode()
    assert response.status_code == 409 and typed in body and "saved by someone else" in body
    assert Letter.objects.get(case=case).versions.count() == 1


@pytest.mark.parametrize(
    ("role", "action", "status"),
    [
        (Role.CARE_COORDINATOR, "edit", 403),
        (Role.CARE_COORDINATOR, "finalize", 403),
        (Role.CARE_COORDINATOR, "amend", 403),
        (Role.REVIEWER, "edit", 403),
        (Role.REVIEWER, "finalize", 403),
        (Role.REVIEWER, "attach", 403),
        (Role.CLINICIAN, "attach", 403),
    ],
)
def test_only_clinicians_write_and_only_coordinators_attach(
    case: PaCase, role: Role, action: str, status: int
) -> None:
    user = UserFactory(username=f"letter-{role}", role=role)
    response = _client(user).post(_url(case, action), {"narrative": NARRATIVE, "revision": "0"})
    assert response.status_code == status
    assert not Letter.objects.filter(case=case).exists()


def test_a_coordinator_reads_the_letter_page_and_cannot_attach_a_draft(
    clinician: User, coordinator: User, case: PaCase
) -> None:
    letter_save_version(actor=clinician, case=case, narrative=NARRATIVE, revision=0)
    client = _client(coordinator)
    page = client.get(_url(case))
    assert page.status_code == 200 and "It is medically necessary." in page.content.decode()
    assert 'name="narrative"' not in page.content.decode()
    refused = client.post(_url(case, "attach"), {"revision": "1"})
    assert refused.status_code == 409 and "not finalized yet" in refused.content.decode()


def test_every_letter_write_is_audited_without_its_text(
    clinician: User, coordinator: User, case: PaCase
) -> None:
    letter_save_version(actor=clinician, case=case, narrative=NARRATIVE, revision=0)
    letter_finalize(actor=clinician, case=case, revision=1, unmet=())
    letter_attach(actor=coordinator, case=case, revision=2)
    letter_amend(actor=clinician, case=case, revision=3)
    events = AuditEvent.objects.filter(action__startswith="letter.").order_by("id")
    assert [(e.action, e.data["version"]) for e in events] == [
        ("letter.version_saved", 1),
        ("letter.finalized", 1),
        ("letter.attached", 1),
        ("letter.amended", 2),
    ]
    assert all(e.patient_id == case.patient_id and "medically" not in str(e.data) for e in events)

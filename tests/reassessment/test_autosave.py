"""The intake's autosave (issue 12, never lose typing): a section posted while the clinician
types is saved like the Save button's post, refused in sentences (400 per box, 409 when stale or
not editable) with nothing written, denied to other roles, and audited once per change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent
from reassessment import services
from reassessment.models import Reassessment
from tests.factories import PatientFactory
from tests.visible_text import assert_readable

pytestmark = pytest.mark.django_db

NOTES = "Lives 40 minutes away; her sister can drive after dosing on weekdays."


@pytest.fixture
def draft(clinician: Any) -> Reassessment:
    patient = PatientFactory(date_of_birth=dt.date(1970, 1, 1), sex_at_birth="female")
    return services.reassessment_create(actor=clinician, patient=patient)


@pytest.fixture
def signed_in(clinician: Any) -> Client:
    client = Client()
    client.force_login(clinician)
    return client


def _url(draft: Reassessment, slug: str = "logistics") -> str:
    return f"/reassessments/{draft.id}/sections/{slug}/autosave/"


def _logistics(revision: int, notes: str = NOTES, **changes: Any) -> dict[str, Any]:
    values = {
        "daily_visits_possible": "yes",
        "driver_after_dosing": "unknown",
        "preference": "non_drug",
        "notes": notes,
        "revision": revision,
    }
    return values | changes


def _writes() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="reassessment.updated").order_by("id"))


def test_typing_is_saved_with_the_next_revision_and_audited_as_an_autosave(
    signed_in: Client, draft: Reassessment
) -> None:
    response = signed_in.post(_url(draft), _logistics(draft.revision))
    assert response.status_code == 200, response.content
    body = response.json()
    draft.refresh_from_db()
    assert body["saved"] is True and body["revision"] == draft.revision == 2
    assert body["message"].startswith("Saved ") and body["message"].endswith(".")
    assert draft.document["logistics"]["notes"] == NOTES
    (event,) = _writes()
    assert event.data == {"sections": ["logistics"], "autosave": True}
    assert event.patient_id == draft.patient_id
    assert NOTES not in str(event.data)  # field names only, never what was typed
    # No read is recorded: the answer shows nothing of the record.
    assert not AuditEvent.objects.filter(action="reassessment.viewed").exists()


def test_a_pause_that_changed_nothing_writes_and_records_nothing(
    signed_in: Client, draft: Reassessment
) -> None:
    signed_in.post(_url(draft), _logistics(1))
    again = signed_in.post(_url(draft), _logistics(2))
    assert again.status_code == 200 and again.json()["revision"] == 2
    assert len(_writes()) == 1


def test_every_change_is_its_own_event(signed_in: Client, draft: Reassessment) -> None:
    for revision, notes in enumerate(("Lives", "Lives 40 minutes", "Lives 40 minutes away"), start=1):
        assert signed_in.post(_url(draft), _logistics(revision, notes)).json()["revision"] == revision + 1
    assert len(_writes()) == 3


def test_a_stale_revision_is_refused_with_409_and_a_sentence(
    signed_in: Client, draft: Reassessment, clinician: Any
) -> None:
    services.reassessment_update_section(
        actor=clinician, reassessment=draft, section="logistics", value={"notes": "other tab"}, revision=1
    )
    response = signed_in.post(_url(draft), _logistics(1))
    assert response.status_code == 409
    message = response.json()["message"]
    assert message.startswith("Not saved: This reassessment was saved by someone else")
    assert_readable(message)
    draft.refresh_from_db()
    assert draft.document["logistics"]["notes"] == "other tab"
    assert len(_writes()) == 1


def test_a_form_without_a_revision_is_refused_as_stale(signed_in: Client, draft: Reassessment) -> None:
    data = _logistics(1)
    del data["revision"]
    assert signed_in.post(_url(draft), data).status_code == 409
    assert not _writes()


def test_a_bad_answer_is_refused_with_400_naming_the_box_and_nothing_is_written(
    signed_in: Client, draft: Reassessment
) -> None:
    # The form refuses the choice; the document (once the form passes) the length of the notes.
    for data, box in (
        (_logistics(1, preference="teleport"), "id_preference"),
        (_logistics(1, "x" * 2001), "id_notes"),
    ):
        response = signed_in.post(_url(draft), data)
        assert response.status_code == 400
        body = response.json()
        assert body["saved"] is False and set(body["errors"]) == {box}
        assert body["message"].startswith("Not saved: ")
        assert_readable(" ".join([body["message"], *body["errors"][box]]))
    draft.refresh_from_db()
    assert (draft.revision, draft.document.get("logistics", {}).get("notes", "")) == (1, "")
    assert not _writes()


def test_a_list_section_names_the_row(signed_in: Client, draft: Reassessment) -> None:
    data = {
        "revision": 1,
        "rows-TOTAL_FORMS": 1,
        "rows-INITIAL_FORMS": 0,
        "rows-0-administered_on": "not a date",
        "rows-0-items_1": "1",
    }
    response = signed_in.post(_url(draft, "phq9"), data)
    assert response.status_code == 400
    assert any(line.startswith("Row 1, ") for line in response.json()["errors"]["id_rows-0-administered_on"])


def test_a_signed_reassessment_is_not_autosaved(signed_in: Client, draft: Reassessment) -> None:
    Reassessment.objects.filter(pk=draft.pk).update(status="complete")
    # Complete is still editable (it returns to draft on a change); signed is not.
    Reassessment.objects.filter(pk=draft.pk).update(status="signed", signed_at=dt.datetime.now(dt.UTC))
    response = signed_in.post(_url(draft), _logistics(1))
    assert response.status_code == 409
    assert "cannot be edited" in response.json()["message"]
    assert not _writes()


def test_an_unknown_section_is_404_in_words(signed_in: Client, draft: Reassessment) -> None:
    response = signed_in.post(_url(draft, "horoscope"), _logistics(1))
    assert (response.status_code, response.json()["message"]) == (404, "Not saved: there is no such section.")


@pytest.mark.parametrize("role", [Role.CARE_COORDINATOR, Role.REVIEWER, Role.ADMIN])
def test_other_roles_are_denied_and_nothing_is_written(
    client_for: Callable[[Role], Client], draft: Reassessment, role: Role
) -> None:
    assert client_for(role).post(_url(draft), _logistics(1)).status_code == 403
    assert not _writes()


def test_only_post_and_only_signed_in(client: Client, signed_in: Client, draft: Reassessment) -> None:
    assert signed_in.get(_url(draft)).status_code == 405
    assert client.post(_url(draft), _logistics(1))["Location"].startswith("/login/")


def test_the_section_page_offers_the_autosave_to_scripts_only(signed_in: Client, draft: Reassessment) -> None:
    page = signed_in.get(f"/reassessments/{draft.id}/sections/logistics/").content.decode()
    assert f'data-autosave-url="{_url(draft)}"' in page
    assert 'data-autosave-status data-testid="autosave-status" aria-live="polite"></p>' in page

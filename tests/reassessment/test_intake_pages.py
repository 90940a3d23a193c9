"""The intake's questionnaires and flow (issue 12): PHQ-9 choices in words with a total, the
C-SSRS numbered as the screener with its skip, questions not asked of a male patient, section
states, and a safety flag that never holds the clinician on a page but blocks completing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from reassessment import services
from reassessment.models import Reassessment
from reassessment.questionnaires import PHQ9_ITEMS
from reassessment.views import SIGN_BLOCKED
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(clinician: object) -> Client:
    client = Client()
    client.force_login(clinician)
    return client


def _draft(clinician: Any, sex: str = "female") -> Reassessment:
    patient = PatientFactory(date_of_birth=dt.date(1970, 1, 1), sex_at_birth=sex)
    return services.reassessment_create(actor=clinician, patient=patient)


def _url(draft: Reassessment, slug: str = "") -> str:
    return f"/reassessments/{draft.id}/sections/{slug}/" if slug else f"/reassessments/{draft.id}/"


def _phq9(draft: Reassessment, scores: tuple[int, ...], then: str = "next") -> dict[str, Any]:
    data: dict[str, Any] = {
        "revision": draft.revision,
        "rows-TOTAL_FORMS": 1,
        "rows-INITIAL_FORMS": 0,
        "rows-0-administered_on": timezone.localdate().isoformat(),
        "then": then,
    }
    return data | {f"rows-0-items_{i}": score for i, score in enumerate(scores, start=1)}


def _cssrs(draft: Reassessment, **answers: str) -> dict[str, Any]:
    data = {f"cssrs__{question}": answer for question, answer in answers.items()}
    today = timezone.localdate().isoformat()
    return data | {"revision": draft.revision, "cssrs__administered_on": today, "then": "next"}


def test_the_phq9_asks_each_question_with_four_answers_in_words(signed_in: Client, clinician: Any) -> None:
    page = signed_in.get(_url(_draft(clinician), "phq9")).content.decode()
    for number, question in enumerate(PHQ9_ITEMS, start=1):
        assert f"<legend>{number}. {question}</legend>" in page.replace("&#x27;", "'")
    for answer in ("Not at all", "Several days", "More than half the days", "Nearly every day"):
        assert answer in page
    assert 'type="radio"' in page and "Item 1" not in page
    assert "0 of 27 (0 of 9 items answered)" in page


def test_the_server_shows_the_phq9_total_without_javascript(signed_in: Client, clinician: Any) -> None:
    draft = _draft(clinician)
    signed_in.post(_url(draft, "phq9"), _phq9(draft, (3, 3, 2, 2, 2, 2, 2, 1, 0), then="stay"))
    page = signed_in.get(_url(draft, "phq9")).content.decode()
    assert "17 of 27 (9 of 9 items answered)" in page


def test_the_cssrs_is_numbered_and_worded_as_the_screener_asks(signed_in: Client, clinician: Any) -> None:
    page = signed_in.get(_url(_draft(clinician), "safety")).content.decode().replace("&#x27;", "'")
    assert "2. Have you actually had any thoughts of killing yourself?" in page
    assert "If No, skip questions 3, 4 and 5 and go to question 6." in page
    assert "3. Have you been thinking about how you might do this?" in page
    assert "6. Have you ever done anything, started to do anything" in page
    assert "js/intake.js" in page  # the skip is hidden by a static file, never an inline script


def test_questions_3_to_5_left_out_after_question_2_no_are_not_asked(
    signed_in: Client, clinician: Any
) -> None:
    draft = _draft(clinician)
    # What the browser posts when the script disables the skipped questions.
    data = _cssrs(draft, wish_to_be_dead="no", suicidal_thoughts="no", behavior_ever="no")
    response = signed_in.post(_url(draft, "safety"), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.document["safety"]["cssrs"]["thoughts_of_method"] == "unknown"
    assert draft.computed["cssrs"]["level"] == "none"


def test_a_male_patient_is_not_asked_about_pregnancy_and_the_answer_is_kept(
    signed_in: Client, clinician: Any
) -> None:
    draft = _draft(clinician, sex="male")
    page = signed_in.get(_url(draft, "medical")).content.decode()
    assert 'name="pregnant"' not in page and 'name="breastfeeding"' not in page
    assert "the patient's sex at birth is male" in page.replace("&#x27;", "'")
    response = signed_in.post(_url(draft, "medical"), {"revision": draft.revision, "seizure_history": "no"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.document["medical"]["pregnant"] == "unknown"
    assert draft.document["medical"]["seizure_history"] == "no"
    assert not any(m["item"] == "pregnant" for m in draft.computed["missing"])
    summary = signed_in.get(_url(draft)).content.decode()
    assert "Pregnant" not in summary and "Breastfeeding" not in summary


def test_a_female_patient_is_asked_about_pregnancy(signed_in: Client, clinician: Any) -> None:
    page = signed_in.get(_url(_draft(clinician), "medical")).content.decode()
    assert 'name="pregnant"' in page and 'name="breastfeeding"' in page


def test_save_and_continue_moves_on_under_a_safety_flag_and_completing_waits(
    signed_in: Client, clinician: Any
) -> None:
    draft = _draft(clinician)
    response = signed_in.post(_url(draft, "phq9"), _phq9(draft, (1, 1, 1, 1, 1, 1, 1, 1, 1)))
    assert response["Location"] == _url(draft, "other-scales")
    page = signed_in.get(response["Location"]).content.decode()
    assert 'data-testid="safety-banner"' in page and SIGN_BLOCKED in page
    assert 'data-testid="nav-safety" data-state="attention"' in page

    draft.refresh_from_db()
    response = signed_in.post(
        f"/reassessments/{draft.id}/complete/", {"revision": draft.revision}, follow=True
    )
    assert SIGN_BLOCKED in [str(m) for m in response.context["messages"]]
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_the_section_list_shows_each_sections_state(signed_in: Client, clinician: Any) -> None:
    draft = _draft(clinician)
    page = signed_in.get(_url(draft, "diagnosis")).content.decode()
    assert 'data-testid="nav-phq9" data-state="incomplete"' in page
    signed_in.post(_url(draft, "phq9"), _phq9(draft, (0, 0, 0, 0, 0, 0, 0, 0, 0)))
    page = signed_in.get(_url(draft, "diagnosis")).content.decode()
    assert 'data-testid="nav-phq9" data-state="complete"' in page
    draft.refresh_from_db()
    response = signed_in.post(_url(draft, "phq9"), _phq9(draft, (0, 0, 0, 4, 0, 0, 0, 0, 0)))
    assert response.status_code == 400
    assert 'data-testid="nav-phq9" data-state="attention"' in response.content.decode()


def test_without_javascript_a_yes_to_a_skipped_question_is_refused_in_words(
    signed_in: Client, clinician: Any
) -> None:
    draft = _draft(clinician)
    data = _cssrs(draft, suicidal_thoughts="no", thoughts_of_method="yes")
    response = signed_in.post(_url(draft, "safety"), data)
    assert response.status_code == 400
    errors = " ".join(str(e) for e in response.context["editor"].form.errors.values())
    assert "questions 3 to 5 are skipped; question 3 cannot be yes" in errors
    assert "thoughts_of_method" not in errors  # said in words, never as a field key

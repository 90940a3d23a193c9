"""The API's one exception handler: each service error answers its own status and body, as the
views' own mappings did before (the API tests hold the views to the same bodies end to end)."""

from __future__ import annotations

from rest_framework.exceptions import NotFound

from benefits.coverage_services import CoverageEnded
from benefits.transitions import ChecklistIncomplete, IllegalTransition, PaStatus
from elevium.lib.api_errors import exception_handler
from elevium.lib.errors import Conflict, DomainError, Invalid, Refused
from patients.services import StalePatient
from reassessment.errors import DocumentInvalid, StaleRevision
from reassessment.transitions import Status


def _answer(exc: Exception) -> tuple[int, object]:
    response = exception_handler(exc, {})
    assert response is not None
    return response.status_code, response.data


def test_invalid_answers_400_with_every_field_by_path() -> None:
    errors = {"medication_trials.2.daily_dose_mg": ["Enter the dose in mg per day."], "mrn": ["Required."]}
    assert _answer(Invalid(errors)) == (400, errors)


def test_document_invalid_is_the_one_invalid() -> None:
    assert DocumentInvalid is Invalid


def test_a_conflict_answers_409_with_the_status_and_the_allowed_ones() -> None:
    exc = Conflict("cannot", status=PaStatus.DRAFT, allowed=[PaStatus.DOCUMENTS_NEEDED])
    assert _answer(exc) == (409, {"detail": "cannot", "status": "draft", "allowed": ["documents_needed"]})


def test_a_stale_reassessment_names_what_may_follow_its_status() -> None:
    status, body = _answer(StaleRevision(status=Status.COMPLETE, current=3, given=2))
    assert status == 409
    assert body == {
        "detail": "this reassessment was saved by someone else (revision 3, you had 2); reload it",
        "status": "complete",
        "allowed": ["draft", "signed"],
    }


def test_an_illegal_pa_transition_is_a_conflict() -> None:
    exc = IllegalTransition(PaStatus.WITHDRAWN, PaStatus.SUBMITTED)
    assert isinstance(exc, Conflict)
    assert _answer(exc) == (409, {"detail": str(exc), "status": "withdrawn", "allowed": []})


def test_an_incomplete_checklist_answers_400_listing_the_open_items() -> None:
    exc = ChecklistIncomplete(PaStatus.DOCUMENTS_NEEDED, PaStatus.READY_TO_SUBMIT, ["phq9", "trials"])
    assert _answer(exc) == (
        400,
        {
            "detail": str(exc),
            "status": "documents_needed",
            "missing": ["phq9", "trials"],
            "checklist": {"phq9": ["required item not satisfied"], "trials": ["required item not satisfied"]},
        },
    )


def test_refusals_without_states_answer_409_with_detail_alone_or_their_own_fields() -> None:
    assert _answer(CoverageEnded()) == (409, {"detail": str(CoverageEnded())})
    stale = StalePatient(current=4, given=3)
    assert _answer(stale) == (409, {"detail": str(stale), "revision": 4})
    assert isinstance(stale, Refused) and isinstance(stale, DomainError)


def test_anything_else_is_drf_s_own_answer() -> None:
    status, body = _answer(NotFound())
    assert status == 404 and body == {"detail": "Not found."}
    assert exception_handler(ValueError("a bug"), {}) is None  # re-raised by DRF: a 500

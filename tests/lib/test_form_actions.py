"""run_posted: every refusal of a small POST form is a sentence led by what did not happen."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from elevium.lib.errors import Invalid, Refused
from elevium.lib.form_actions import as_sentence, run_posted


class EndForm(forms.Form):
    valid_to = forms.DateField(label="Valid to")


def _request(data: dict[str, str]):
    request = RequestFactory().post("/", data)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _said(request) -> list[str]:
    return [str(m) for m in get_messages(request)]


def test_a_valid_form_runs_the_service_and_returns_its_result():
    request = _request({"valid_to": "2026-12-01"})
    result = run_posted(
        request, EndForm(request.POST), lambda data: data["valid_to"].day, failed="Not ended."
    )
    assert result == 1
    assert _said(request) == []


def test_a_form_error_is_said_with_the_field_label_and_the_service_never_runs():
    request = _request({"valid_to": "soon"})
    ran = []
    result = run_posted(request, EndForm(request.POST), ran.append, failed="Not ended.")
    assert result is None and ran == []
    assert _said(request) == ["Not ended. Valid to: Enter a valid date."]


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (Invalid({"valid_to": ["is before the start"]}), ["Not ended. Is before the start."]),
        (Refused("this coverage has already ended"), ["Not ended. This coverage has already ended."]),
    ],
)
def test_a_service_refusal_is_a_sentence_without_the_field_key(error, said):
    request = _request({"valid_to": "2026-12-01"})

    def refuse(data):
        raise error

    assert run_posted(request, EndForm(request.POST), refuse, failed="Not ended.") is None
    assert _said(request) == said


def test_any_other_error_is_not_swallowed():
    request = _request({"valid_to": "2026-12-01"})

    def crash(data):
        raise RuntimeError("a bug")

    with pytest.raises(RuntimeError):
        run_posted(request, EndForm(request.POST), crash, failed="Not ended.")


def test_as_sentence_keeps_a_full_stop_and_capitalises():
    assert as_sentence("done.") == "Done."
    assert as_sentence(" why? ") == "Why?"

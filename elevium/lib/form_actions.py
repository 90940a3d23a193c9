"""The small POST forms of the HTML pages (end a coverage, record a decision, a safety action):
check the form, run the one service, and say every refusal as a page message.

One shape for all of them, so a refusal is always a sentence led by what did not happen
("Decision not recorded. …"), never a field key, and nothing is written when anything is
refused (the service is atomic; a form error never reaches it).

The service's refusals are also put on the bound form (on the field they name, when the form
has it), so a view that shows the page again with that form, status 400, keeps what was typed
with the sentence next to its box (issue 12: every form keeps its input on any error).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from .errors import Invalid, Refused
from .limits import form_errors

T = TypeVar("T")


def as_sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else f"{text}."


def run_posted(
    request: HttpRequest, form: forms.Form, perform: Callable[[dict[str, Any]], T], *, failed: str
) -> T | None:
    """``perform(form.cleaned_data)``'s result, or None once every problem (the form's, or the
    service's ``Invalid`` and ``Refused``) is a message "<failed> <problem>"."""
    if not form.is_valid():
        for problem in form_errors(form):
            messages.error(request, f"{failed} {problem}")
        return None
    try:
        return perform(form.cleaned_data)
    except Invalid as exc:
        for key, problems in exc.errors.items():
            for problem in problems:
                messages.error(request, f"{failed} {as_sentence(problem)}")
                form.add_error(key if key in form.fields else None, as_sentence(problem))
    except Refused as exc:
        messages.error(request, f"{failed} {as_sentence(str(exc))}")
        form.add_error(None, as_sentence(str(exc)))
    return None

"""The case page's forms shown again after a refusal (views._case_action): the approval's boxes
as typed, and a service's refusal placed on the form, by the box it names (issue 12)."""

from __future__ import annotations

from typing import Any

from django import forms

from elevium.lib.form_actions import as_sentence
from reassessment.errors import DocumentInvalid

from .transitions import ChecklistIncomplete

# The approval form's boxes: id, field, input type, label (templates/benefits/_approval_field.html).
APPROVAL_BOXES = (
    ("auth-number", "authorization_number", "text", "Authorization number"),
    ("auth-units", "approved_units", "number", "Approved units (sessions)"),
    ("auth-from", "valid_from", "date", "Valid from"),
    ("auth-until", "valid_until", "date", "Valid until"),
)


def approval_boxes(approval: forms.Form | None) -> list[dict[str, Any]]:
    return [
        {
            "id": box_id,
            "name": name,
            "type": kind,
            "label": label,
            "value": approval.data.get(name, "") if approval is not None else "",
            "errors": approval.errors.get(name, []) if approval is not None else [],
        }
        for box_id, name, kind, label in APPROVAL_BOXES
    ]


def errors_on_form(form: forms.Form, exc: Exception) -> None:
    """A service's refusal on the form: on the box it names, else above the form."""
    if isinstance(exc, DocumentInvalid):
        for field, problems in exc.errors.items():
            for problem in problems:
                form.add_error(field if field in form.fields else None, as_sentence(problem))
    elif isinstance(exc, ChecklistIncomplete):
        form.add_error(None, "Not ready: the document checklist is not complete.")
    else:
        form.add_error(None, as_sentence(str(exc)))

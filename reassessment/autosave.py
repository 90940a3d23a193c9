"""The intake autosave's refusals (views.reassessment_autosave): a section editor's errors as
sentences keyed by the id of the box they belong to, so the page can say which box is wrong."""

from __future__ import annotations

from django import forms
from django.forms.formsets import BaseFormSet

from .sections import SectionEditor


def _form_problems(form: forms.Form, lead: str, into: dict[str, list[str]]) -> None:
    for name, errors in form.errors.items():
        if name in form.fields and name != "__all__":
            label = form.fields[name].label or ""
            key = form[name].auto_id or name
            into.setdefault(str(key), []).extend(f"{lead}{label}: {error}" for error in errors)
        else:
            into.setdefault("", []).extend(f"{lead}{error}" for error in errors)


def editor_problems(editor: SectionEditor, unplaced: list[str]) -> dict[str, list[str]]:
    """Every error of the bound ``editor`` (and the document's ``unplaced`` ones) as sentences led
    by the field's label and, in a list, the row's number; "" holds those of no one box."""
    problems: dict[str, list[str]] = {}
    if unplaced:
        problems[""] = list(unplaced)
    if editor.none_form is not None and editor.none_form.is_bound:
        _form_problems(editor.none_form, "", problems)
    if isinstance(editor.form, BaseFormSet):
        problems.setdefault("", []).extend(str(e) for e in editor.form.non_form_errors())
        for number, row in enumerate(editor.form.forms, start=1):
            _form_problems(row, f"Row {number}, ", problems)
    else:
        _form_problems(editor.form, "", problems)
    return {key: lines for key, lines in problems.items() if lines}

"""The letter of medical necessity: the document (HTML and PDF) and the page where the
clinician edits the narrative, saves versions, finalizes and amends it, and the coordinator
attaches the finalized letter to the PA case. Each write is one service of
benefits/services/letters.py; a refused form keeps what was typed and answers 400 or 409."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from elevium.accounts.access import role_required
from elevium.accounts.http import AuthenticatedHttpRequest
from elevium.accounts.roles import LETTER_SIGNERS, PA_WORKERS, PATIENT_READERS
from elevium.lib import csp, limits
from elevium.lib.errors import Invalid, Refused

from .letter_selectors import case_letter_facts, letter_clinic, letter_get, letter_signer
from .letters import draft_narrative, unmet_payer_criteria
from .models import Letter, LetterStatus, LetterVersion, PaCase
from .pdf import html_to_pdf
from .selectors import pa_case_get_for_user
from .services.letters import (
    JUSTIFICATION_MAX,
    NARRATIVE_MAX,
    letter_amend,
    letter_attach,
    letter_finalize,
    letter_save_version,
)


class LetterForm(forms.Form):
    narrative = forms.CharField(
        label="Narrative",
        max_length=NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 16}),
        error_messages={
            "required": "Write the letter's narrative before saving it.",
            "max_length": limits.too_long(NARRATIVE_MAX),
        },
        help_text="Drafted from the record; edit it as you would sign it. A blank line starts a paragraph.",
    )
    justification = forms.CharField(
        label="Justification for an unmet payer criterion",
        max_length=JUSTIFICATION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": limits.too_long(JUSTIFICATION_MAX)},
        help_text="Printed in the letter. Needed to finalize while a payer criterion is unmet.",
    )
    # Missing reads as 0: a form that does not say what it was based on is refused as stale.
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class RevisionForm(forms.Form):
    revision = forms.IntegerField(required=False, min_value=0)


def _context(request: AuthenticatedHttpRequest, case: PaCase) -> dict[str, Any]:
    letter, versions = letter_get(case=case)
    signer = letter_signer(case=case, letter=letter)
    facts = case_letter_facts(case=case, signer=signer)
    return {
        "case": case,
        "patient": case.patient,
        "letter": letter,
        "versions": versions,
        "latest": versions[0] if versions else None,
        "facts": facts,
        "revision": letter.revision if letter else 0,
        "finalized": letter is not None and letter.status == LetterStatus.FINALIZED,
        "can_write": request.user.role in LETTER_SIGNERS,
        "can_attach": request.user.role in PA_WORKERS,
    }


def _page(
    request: AuthenticatedHttpRequest,
    context: dict[str, Any],
    form: LetterForm | None,
    *,
    status: int = 200,
    errors: list[str] | None = None,
) -> HttpResponse:
    if form is None:
        latest = context["latest"]
        form = LetterForm(
            initial={
                "narrative": latest.narrative if latest else draft_narrative(context["facts"]),
                "justification": latest.justification if latest else "",
                "revision": context["revision"],
            }
        )
    return render(
        request, "benefits/letter_edit.html", {**context, "form": form, "errors": errors or []}, status=status
    )


@role_required(*PATIENT_READERS)
@require_http_methods(["GET", "POST"])
def letter_edit(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """GET: the narrative with its versions. POST (clinicians): save the next version."""
    case = pa_case_get_for_user(user=request.user, case_id=case_id, action="letter.viewed")
    if request.method == "GET":
        return _page(request, _context(request, case), None)
    if request.user.role not in LETTER_SIGNERS:
        return _page(
            request,
            _context(request, case),
            None,
            status=403,
            errors=["Only clinicians write the letter; a coordinator attaches it once it is finalized."],
        )
    form = LetterForm(request.POST)
    if not form.is_valid():
        return _page(request, _context(request, case), form, status=400)
    data = form.cleaned_data
    try:
        version = letter_save_version(
            actor=request.user,
            case=case,
            narrative=data["narrative"],
            justification=data["justification"],
            revision=data["revision"] or 0,
        )
    except Invalid as exc:
        for name, problems in exc.errors.items():
            form.add_error(name if name in form.fields else None, problems)
        return _page(request, _context(request, case), form, status=400)
    except Refused as exc:
        return _page(request, _context(request, case), form, status=exc.status_code, errors=[str(exc)])
    messages.success(request, f"Version {version.number} of the letter saved.")
    return redirect("benefits:case-letter-edit", case_id=case.id)


def _action(request: AuthenticatedHttpRequest, case_id: uuid.UUID, perform: Any, done: str) -> HttpResponse:
    """A button of the letter page: run the service at the posted revision; a refusal is the
    page again with its sentence (409), the saved text unchanged."""
    case = pa_case_get_for_user(user=request.user, case_id=case_id, action="letter.viewed")
    form = RevisionForm(request.POST)
    revision = form.cleaned_data["revision"] or 0 if form.is_valid() else 0
    try:
        perform(case, revision)
    except Refused as exc:
        return _page(request, _context(request, case), None, status=exc.status_code, errors=[str(exc)])
    messages.success(request, done)
    return redirect("benefits:case-letter-edit", case_id=case.id)


@role_required(*LETTER_SIGNERS)
@require_POST
def letter_finalize_view(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    def perform(case: PaCase, revision: int) -> Letter:
        unmet = unmet_payer_criteria(case.evaluation.report, case.treatment)
        return letter_finalize(actor=request.user, case=case, revision=revision, unmet=unmet)

    return _action(
        request, case_id, perform, "Letter finalized: the coordinator can now attach it to the case."
    )


@role_required(*LETTER_SIGNERS)
@require_POST
def letter_amend_view(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    def perform(case: PaCase, revision: int) -> LetterVersion:
        return letter_amend(actor=request.user, case=case, revision=revision)

    return _action(request, case_id, perform, "A new draft of the letter was started from the finalized one.")


@role_required(*PA_WORKERS)
@require_POST
def letter_attach_view(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    def perform(case: PaCase, revision: int) -> Letter:
        return letter_attach(actor=request.user, case=case, revision=revision)

    return _action(request, case_id, perform, "Finalized letter attached to the prior authorization.")


def letter_document(
    request: AuthenticatedHttpRequest, case_id: uuid.UUID, *, on_screen: bool
) -> tuple[PaCase, str]:
    """The letter as sent: the finalized version, else the latest draft (marked a draft), else
    the draft generated from the record."""
    case = pa_case_get_for_user(user=request.user, case_id=case_id, action="pa_case.letter_generated")
    letter, versions = letter_get(case=case)
    signer = letter_signer(case=case, letter=letter)
    facts = case_letter_facts(case=case, signer=signer)
    finalized = letter is not None and letter.status == LetterStatus.FINALIZED
    shown = (
        next((v for v in versions if letter and v.number == letter.finalized_version), None)
        if finalized
        else None
    )
    shown = shown or (versions[0] if versions else None)
    narrative = shown.narrative if shown else draft_narrative(facts)
    html = render_to_string(
        "benefits/letter.html",
        {
            "f": facts,
            "on_screen": on_screen,
            "clinic": letter_clinic(case=case),
            "signer": signer,
            "paragraphs": [p.strip() for p in narrative.split("\n\n") if p.strip()],
            "justification": shown.justification if shown else "",
            "finalized": finalized,
            "finalized_at": letter.finalized_at if letter and finalized else None,
        },
    )
    return case, html


@role_required(*PATIENT_READERS)
@require_GET
def case_letter(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    _case, html = letter_document(request, case_id, on_screen=True)
    response = HttpResponse(html)
    # A print document with its own <style> (WeasyPrint reads the same HTML and fetches nothing):
    # that one stylesheet, by hash, and nothing else; no script, image, form or framing.
    response[csp.HEADER] = csp.serialize(
        {
            "default-src": "'none'",
            "style-src": " ".join(csp.style_hashes(html)) or "'none'",
            "base-uri": "'none'",
            "form-action": "'none'",
            "frame-ancestors": "'none'",
        }
    )
    return response


@role_required(*PATIENT_READERS)
@require_GET
def case_letter_pdf(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case, html = letter_document(request, case_id, on_screen=False)
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="letter-{case.id}.pdf"'
    return response

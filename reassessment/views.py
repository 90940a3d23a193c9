"""Reassessment pages: a summary per version, and the intake edited section by section."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from elevium.accounts.access import role_required
from elevium.accounts.http import AuthenticatedHttpRequest
from elevium.accounts.roles import PATIENT_READERS, REASSESSMENT_WRITERS
from elevium.lib.form_actions import as_sentence, run_posted
from patients.selectors import patient_get_for_user

from . import services
from .autosave import editor_problems
from .errors import Conflict, DocumentInvalid
from .forms import SafetyActionForm
from .models import Reassessment, SafetyActionKind
from .section_display import recorded_answers, section_states
from .sections import BY_SLUG, SECTIONS, SectionEditor, applicable, document_with, error_lines
from .selectors import reassessment_get_for_user, reassessment_get_for_write
from .stored import current_computed, current_document

READ_ROLES = PATIENT_READERS
WRITE_ROLES = REASSESSMENT_WRITERS
# The banner's sentence, and the message when completing is refused for the same reason: the flag
# never stops a clinician moving between sections, only completing (so signing) the record.
SIGN_BLOCKED = (
    "You can keep moving between sections, but this reassessment cannot be marked complete or "
    "signed until the action taken is recorded."
)


def _revision(request: AuthenticatedHttpRequest) -> int:
    """The revision the form was built on. Missing reads as 0, which never matches, so a form
    that does not say what it was based on is refused as stale rather than saved blindly."""
    raw = request.POST.get("revision", "")
    return int(raw) if raw.isdigit() else 0


def _conflict(request: AuthenticatedHttpRequest, reassessment: Reassessment, exc: Conflict) -> HttpResponse:
    messages.error(request, str(exc))
    return redirect("reassessment:summary", reassessment_id=reassessment.id)


def _page_context(
    request: AuthenticatedHttpRequest, reassessment: Reassessment, *, with_errors: str = ""
) -> dict[str, object]:
    # A record stored by an older version is read as the current one (stored.py): its summary,
    # and so the safety banner, follow the one safety definition of reassessment.safety.
    computed = current_computed(reassessment)
    safety_actions = list(reassessment.safety_actions.select_related("recorded_by"))
    safety_flag = bool(computed["safety"]["banner"])
    document = current_document(reassessment.document)
    return {
        "reassessment": reassessment,
        "patient": reassessment.patient,
        "computed": computed,
        "safety_flag": safety_flag,
        "sign_blocked": SIGN_BLOCKED,
        "sections": SECTIONS,
        "section_states": section_states(
            document, computed, safety_open=safety_flag and not safety_actions, with_errors=with_errors
        ),
        "can_edit": request.user.role in WRITE_ROLES and reassessment.is_editable,
        "can_write": request.user.role in WRITE_ROLES,
        "safety_actions": safety_actions,
        "safety_kinds": SafetyActionKind.choices,
    }


@role_required(*WRITE_ROLES)
@require_POST
def reassessment_start(request: AuthenticatedHttpRequest, patient_id: uuid.UUID) -> HttpResponse:
    patient = patient_get_for_user(user=request.user, patient_id=patient_id)
    reassessment = services.reassessment_create(actor=request.user, patient=patient)
    messages.success(
        request, "Reassessment started. Save each section as you go; you can come back to a draft."
    )
    return redirect("reassessment:section", reassessment_id=reassessment.id, slug=SECTIONS[0].slug)


@role_required(*READ_ROLES)
@require_http_methods(["GET"])
def reassessment_summary(request: AuthenticatedHttpRequest, reassessment_id: uuid.UUID) -> HttpResponse:
    reassessment = reassessment_get_for_user(user=request.user, reassessment_id=reassessment_id)
    return _summary_page(request, reassessment)


def _summary_page(
    request: AuthenticatedHttpRequest,
    reassessment: Reassessment,
    *,
    safety_form: SafetyActionForm | None = None,
    back: str = "",
) -> HttpResponse:
    """The summary; after a refused safety action, again (status 400) with its form as typed,
    the sentences by their boxes, and the page to go back to once it is recorded."""
    recorded = recorded_answers(current_document(reassessment.document))
    context = {
        **_page_context(request, reassessment),
        "recorded": recorded,
        "safety_form": safety_form,
        "safety_back": back,
    }
    return render(request, "reassessment/summary.html", context, status=400 if safety_form else 200)


@role_required(*WRITE_ROLES)
@require_http_methods(["GET", "POST"])
def reassessment_section(
    request: AuthenticatedHttpRequest, reassessment_id: uuid.UUID, slug: str
) -> HttpResponse:
    reassessment = reassessment_get_for_user(user=request.user, reassessment_id=reassessment_id)
    listed = BY_SLUG.get(slug)
    if listed is None:
        return render(request, "404.html", status=404)
    if not reassessment.is_editable:
        messages.error(
            request, f"This reassessment is {reassessment.status} and cannot be edited; amend it instead."
        )
        return redirect("reassessment:summary", reassessment_id=reassessment.id)
    stored = current_document(reassessment.document)
    spec = applicable(listed, stored)
    editor = SectionEditor(spec, stored, request.POST if request.method == "POST" else None)
    unplaced: list[str] = []
    status = 200
    if request.method == "POST":
        if editor.is_valid() and not editor.refuse_rows_with_none(value := editor.value()):
            document = document_with(stored, spec, value, none_of_these=editor.none_of_these)
            try:
                reassessment = services.reassessment_update(
                    actor=request.user,
                    reassessment=reassessment,
                    document=document,
                    revision=_revision(request),
                )
            except DocumentInvalid as exc:
                unplaced = editor.add_errors(exc.errors)
            except Conflict as exc:
                return _conflict(request, reassessment, exc)
            else:
                # A raised flag does not hold the clinician here: the banner shows on every page
                # and completing (so signing) is what waits for the action (SIGN_BLOCKED).
                messages.success(request, f"{spec.title} saved.")
                return redirect(_next_url(reassessment, slug, request.POST.get("then")))
        status = 400
    context = {
        **_page_context(request, reassessment, with_errors=slug if status == 400 else ""),
        "spec": spec,
        "editor": editor,
        "unplaced": unplaced,
        "not_asked_of_male": spec is not listed,
    }
    return render(request, "reassessment/section.html", context, status=status)


def _not_saved(problems: dict[str, list[str]], status: int) -> JsonResponse:
    lines = [line for field_lines in problems.values() for line in field_lines]
    return JsonResponse(
        {"saved": False, "message": "Not saved: " + " ".join(lines[:3]), "errors": problems}, status=status
    )


@role_required(*WRITE_ROLES)
@require_POST
def reassessment_autosave(
    request: AuthenticatedHttpRequest, reassessment_id: uuid.UUID, slug: str
) -> JsonResponse:
    """The section form posted by intake.js while the clinician types: saved as the section's
    Save button would, or refused with sentences (400, 409) and nothing written. The page keeps
    what was typed either way; the answer carries the new revision for the form's next post.

    No read is recorded: the answer holds no patient data. A change is audited by the service."""
    reassessment = reassessment_get_for_write(user=request.user, reassessment_id=reassessment_id)
    listed = BY_SLUG.get(slug)
    if listed is None:
        return JsonResponse({"saved": False, "message": "Not saved: there is no such section."}, status=404)
    stored = current_document(reassessment.document)
    spec = applicable(listed, stored)
    editor = SectionEditor(spec, stored, request.POST)
    if not editor.is_valid() or editor.refuse_rows_with_none(value := editor.value()):
        return _not_saved(editor_problems(editor, []), 400)
    document = document_with(stored, spec, value, none_of_these=editor.none_of_these)
    try:
        saved = services.reassessment_autosave(
            actor=request.user, reassessment=reassessment, document=document, revision=_revision(request)
        )
    except DocumentInvalid as exc:
        return _not_saved(editor_problems(editor, editor.add_errors(exc.errors)), 400)
    except Conflict as exc:
        return _not_saved({"": [as_sentence(str(exc))]}, 409)
    at = timezone.localtime(saved.updated_at).strftime("%H:%M")
    rows = len(value) if isinstance(value, list) else None
    return JsonResponse({"saved": True, "revision": saved.revision, "message": f"Saved {at}.", "rows": rows})


def _next_url(reassessment: Reassessment, slug: str, then: str | None) -> str:
    slugs = [s.slug for s in SECTIONS]
    position = slugs.index(slug)
    if then == "next" and position + 1 < len(slugs):
        return reverse(
            "reassessment:section", kwargs={"reassessment_id": reassessment.id, "slug": slugs[position + 1]}
        )
    if then == "stay":
        return reverse("reassessment:section", kwargs={"reassessment_id": reassessment.id, "slug": slug})
    return reverse("reassessment:summary", kwargs={"reassessment_id": reassessment.id})


_TRANSITIONS = {
    "complete": (services.reassessment_complete, "Marked complete: review the summary, then sign."),
    "reopen": (services.reassessment_reopen, "Returned to draft."),
    "sign": (
        services.reassessment_sign,
        "Signed. The reassessment can no longer be edited; amend it to correct it.",
    ),
}


@role_required(*WRITE_ROLES)
@require_POST
def reassessment_transition(
    request: AuthenticatedHttpRequest, reassessment_id: uuid.UUID, action: str
) -> HttpResponse:
    reassessment = reassessment_get_for_user(user=request.user, reassessment_id=reassessment_id)
    try:
        if action == "amend":
            amendment = services.reassessment_amend(actor=request.user, reassessment=reassessment)
            messages.success(request, f"Amendment started as version {amendment.version}.")
            return redirect("reassessment:summary", reassessment_id=amendment.id)
        service, done = _TRANSITIONS[action]
        service(actor=request.user, reassessment=reassessment, revision=_revision(request))
    except KeyError:
        return render(request, "404.html", status=404)
    except DocumentInvalid as exc:
        errors = dict(exc.errors)
        if errors.pop("safety", None):
            messages.error(request, SIGN_BLOCKED)  # the banner's own sentence
        for line in error_lines(errors):
            messages.error(request, line)
        return redirect("reassessment:summary", reassessment_id=reassessment.id)
    except Conflict as exc:
        return _conflict(request, reassessment, exc)
    messages.success(request, done)
    return redirect("reassessment:summary", reassessment_id=reassessment.id)


@role_required(*WRITE_ROLES)
@require_POST
def safety_action_new(request: AuthenticatedHttpRequest, reassessment_id: uuid.UUID) -> HttpResponse:
    reassessment = reassessment_get_for_user(user=request.user, reassessment_id=reassessment_id)
    form = SafetyActionForm(request.POST)
    recorded = run_posted(
        request,
        form,
        lambda data: services.safety_action_record(actor=request.user, reassessment=reassessment, **data),
        failed="Safety action not recorded.",
    )
    back = request.POST.get("back", "")
    # A path on this site only. redirect() would read anything else as a URL pattern's name.
    if not (back.startswith("/") and back.isprintable()) or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("reassessment:summary", kwargs={"reassessment_id": reassessment.id})
    if recorded is None:
        # Refused: the summary with the form as typed (the read its GET records; no write event).
        return _summary_page(request, reassessment, safety_form=form, back=back)
    messages.success(request, "Safety action recorded.")
    return HttpResponseRedirect(back)

"""Recommendation pages for reviewers and clinicians, and the batch re-evaluation a reviewer can watch."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from elevium.accounts.access import role_required
from elevium.accounts.http import AuthenticatedHttpRequest
from elevium.accounts.roles import BATCH_RUNNERS, DECIDERS, EVALUATORS, PATIENT_READERS, Role
from elevium.audit.services import audit_record_many
from elevium.lib.form_actions import run_posted
from patients.selectors import patient_get_for_user
from reassessment.selectors import reassessment_get_for_user
from reassessment.templatetags.clinical import words
from treatments.models import TreatmentSlug

from . import services
from .cards import treatment_cards
from .coverage import coverages_in_force
from .diff import evaluation_changes, input_changes
from .engine import RULES, RULESET_VERSION, ruleset_hash
from .engine.models import STATUSES
from .forms import DecisionForm
from .models import DecisionKind, Evaluation
from .queues import batch_changed_patients
from .selectors import (
    batch_get,
    batch_list,
    current_decisions,
    evaluation_get_for_user,
    evaluation_list_for_reassessment,
    evaluation_stale_reasons,
)

READ_ROLES = PATIENT_READERS
EVALUATE_ROLES = EVALUATORS
DECIDE_ROLES = DECIDERS
BATCH_ROLES = BATCH_RUNNERS
STATUS_CHOICES = [(s, s.replace("_", " ")) for s in STATUSES]


@role_required(*READ_ROLES)
@require_GET
def reassessment_recommendation(
    request: AuthenticatedHttpRequest, reassessment_id: uuid.UUID
) -> HttpResponse:
    """The latest evaluation of a reassessment, or an offer to run one."""
    reassessment = reassessment_get_for_user(user=request.user, reassessment_id=reassessment_id)
    latest = evaluation_list_for_reassessment(user=request.user, reassessment=reassessment).first()
    if latest is not None:
        return redirect("eligibility:evaluation", evaluation_id=latest.id)
    return render(
        request,
        "eligibility/not_evaluated.html",
        {
            "reassessment": reassessment,
            "patient": reassessment.patient,
            "can_evaluate": request.user.role in EVALUATE_ROLES,
        },
    )


@role_required(*EVALUATE_ROLES)
@require_POST
def evaluation_new(request: AuthenticatedHttpRequest, reassessment_id: uuid.UUID) -> HttpResponse:
    reassessment = reassessment_get_for_user(user=request.user, reassessment_id=reassessment_id)
    evaluation = services.evaluation_create(actor=request.user, reassessment=reassessment)
    messages.success(request, "Evaluated with ruleset " + evaluation.ruleset_version + ".")
    return redirect("eligibility:evaluation", evaluation_id=evaluation.id)


@role_required(*READ_ROLES)
@require_POST
def patient_reevaluate(request: AuthenticatedHttpRequest, patient_id: uuid.UUID) -> HttpResponse:
    """Re-evaluate the patient's out-of-date evaluations, offered on the patient page after a
    coverage change. A coordinator may ask too: it runs the engine against the record as
    signed and the coverage as it is now, and decides nothing."""
    patient = patient_get_for_user(user=request.user, patient_id=patient_id)
    refreshed = services.evaluations_refresh_for_patient(actor=request.user, patient_id=patient.id)
    if refreshed:
        count = len(refreshed)
        messages.success(
            request, f"Re-evaluated {count} reassessment{'s' if count != 1 else ''} with today's coverage."
        )
    else:
        messages.info(request, "Every evaluation was already up to date.")
    return redirect("patients:patient-detail", patient_id=patient.id)


@role_required(*READ_ROLES)
@require_GET
def evaluation_detail(request: AuthenticatedHttpRequest, evaluation_id: uuid.UUID) -> HttpResponse:
    evaluation = evaluation_get_for_user(user=request.user, evaluation_id=evaluation_id)
    return _evaluation_page(request, evaluation)


def _evaluation_page(
    request: AuthenticatedHttpRequest,
    evaluation: Evaluation,
    *,
    decision_form: DecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The evaluation page; after a refused decision, again with ``decision_form`` (what was
    typed, and the sentences next to its boxes) on that treatment's card, status 400."""
    history = list(evaluation_list_for_reassessment(user=request.user, reassessment=evaluation.reassessment))
    decisions = current_decisions(evaluation)
    report = evaluation.report
    cards = treatment_cards(report, decisions)
    stale_reasons = evaluation_stale_reasons(evaluation)
    return render(
        request,
        "eligibility/evaluation.html",
        {
            "evaluation": evaluation,
            "report": report,
            "cards": cards,
            "history": history,
            "reassessment": evaluation.reassessment,
            "patient": evaluation.patient,
            "stale": bool(stale_reasons),
            # Why, in sentences (a coverage change among them), for the page to say.
            "stale_reasons": stale_reasons,
            "can_decide": request.user.role in DECIDE_ROLES,
            "can_evaluate": request.user.role in EVALUATE_ROLES,
            "status_choices": STATUS_CHOICES,
            "coverages": coverages_in_force(
                user=request.user, patient_id=evaluation.patient_id, on=timezone.localdate()
            )
            if request.user.role == Role.CARE_COORDINATOR
            else [],
            "decision_form": decision_form,
            "decision_for": decision_form.data.get("treatment") if decision_form is not None else None,
        },
        status=status,
    )


@role_required(*READ_ROLES)
@require_GET
def evaluation_compare(
    request: AuthenticatedHttpRequest, evaluation_id: uuid.UUID, other_id: uuid.UUID
) -> HttpResponse:
    """What changed from ``other`` (older) to ``evaluation`` (newer)."""
    evaluation = evaluation_get_for_user(user=request.user, evaluation_id=evaluation_id)
    other = evaluation_get_for_user(user=request.user, evaluation_id=other_id)
    if other.patient_id != evaluation.patient_id:
        raise Http404("No such evaluation for this patient.")
    return render(
        request,
        "eligibility/compare.html",
        {
            "evaluation": evaluation,
            "other": other,
            "patient": evaluation.patient,
            "changes": evaluation_changes(other.report, evaluation.report),
            "sections": input_changes(other.input_snapshot, evaluation.input_snapshot),
        },
    )


@role_required(*DECIDE_ROLES)
@require_POST
def decision_new(request: AuthenticatedHttpRequest, evaluation_id: uuid.UUID) -> HttpResponse:
    evaluation = evaluation_get_for_user(user=request.user, evaluation_id=evaluation_id)
    form = DecisionForm(request.POST)
    decision = run_posted(
        request,
        form,
        lambda data: services.decision_record(actor=request.user, evaluation=evaluation, **data),
        failed="Decision not recorded.",
    )
    if decision is None:
        # Refused: the same page again with what was typed (a read, recorded as the page's GET
        # records it; no write was made, so no write event).
        return _evaluation_page(request, evaluation, decision_form=form, status=400)
    verb = "Override" if decision.kind == DecisionKind.OVERRIDE else "Acceptance"
    messages.success(request, f"{verb} recorded for {decision.treatment}.")
    return redirect("eligibility:evaluation", evaluation_id=evaluation.id)


@role_required(*READ_ROLES, Role.ADMIN)
@require_GET
def ruleset(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The rules as reviewed content: id, treatment, kind, source, fields read."""
    rules = sorted(RULES, key=lambda rule: (rule.treatment, rule.id))
    return render(
        request,
        "eligibility/ruleset.html",
        {"rules": rules, "version": RULESET_VERSION, "hash": ruleset_hash()},
    )


@role_required(*BATCH_ROLES)
@require_http_methods(["GET", "POST"])
def batch_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    running = None
    if request.method == "POST":
        try:
            batch = services.batch_start(actor=request.user)
        except services.BatchAlreadyRunning as exc:
            running = exc.running  # 409, with a link to the run to follow instead
        else:
            return redirect("eligibility:batch", batch_id=batch.id)
    return render(
        request,
        "eligibility/batches.html",
        {"batches": batch_list(user=request.user), "version": RULESET_VERSION, "running": running},
        status=409 if running is not None else 200,
    )


@role_required(*BATCH_ROLES)
@require_GET
def batch_detail(request: AuthenticatedHttpRequest, batch_id: uuid.UUID) -> HttpResponse:
    batch = batch_get(batch_id)
    changed = batch_changed_patients(user=request.user, batch_id=batch.id) if batch.status == "done" else []
    labels = dict(TreatmentSlug.choices)
    for evaluation in changed:
        evaluation.changes = [  # type: ignore[attr-defined]
            f"{labels.get(t, t)} {words(evaluation.before.get(t))} to {words(s)}"  # type: ignore[attr-defined]
            for t, s in evaluation.statuses.items()
            if evaluation.before.get(t) != s  # type: ignore[attr-defined]
        ]
        if evaluation.gaps_changed:  # type: ignore[attr-defined]
            evaluation.changes.append("the payer requirements still to meet changed")  # type: ignore[attr-defined]
    # The patients named are audited as shown; the counts above name nobody.
    audit_record_many(
        actor=request.user, action="evaluation.listed", objects=changed, patient_id_of=lambda e: e.patient_id
    )
    return render(request, "eligibility/batch.html", {"batch": batch, "changed": changed})

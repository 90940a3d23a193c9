"""Each role's work queue as a page, linked from the role's home page. The lists come from
eligibility/queues.py; every row shown is audited as listed, in one INSERT."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from elevium.accounts.access import role_required
from elevium.accounts.http import AuthenticatedHttpRequest
from elevium.accounts.roles import Role
from elevium.lib.limits import form_errors

from .coverage import pa_case_counters
from .forms import ReviewerQueueForm
from .queues import (
    LIMIT,
    accepted_without_pa_case,
    clinician_queue,
    queue_audit,
    reviewer_items,
    reviewer_queue,
)
from .selectors import batch_choices

CLINICIAN_LISTS = (
    ("urgent_safety", "Urgent safety actions", "No flagged reassessment is waiting for a safety action."),
    ("drafts", "Your drafts", "You have no reassessment in progress."),
    ("awaiting_signature", "Awaiting your signature", "Nothing is waiting for your signature."),
    ("awaiting_decision", "Evaluations awaiting a decision", "Every current evaluation has its decisions."),
)


@role_required(Role.CLINICIAN)
@require_GET
def clinician_queue_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    lists = clinician_queue(user=request.user)
    queue_audit(user=request.user, items=[item for rows in lists.values() for item in rows])
    sections = [
        {"key": key, "title": title, "empty": empty, "items": lists[key]}
        for key, title, empty in CLINICIAN_LISTS
    ]
    return render(request, "eligibility/queue_clinician.html", {"sections": sections, "limit": LIMIT})


@role_required(Role.CARE_COORDINATOR)
@require_GET
def coordinator_queue_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    items = accepted_without_pa_case(user=request.user)
    queue_audit(user=request.user, items=items)
    return render(
        request,
        "eligibility/queue_coordinator.html",
        {"items": items, "limit": LIMIT, "counters": pa_case_counters(user=request.user, now=timezone.now())},
    )


@role_required(Role.REVIEWER)
@require_GET
def reviewer_queue_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ReviewerQueueForm(request.GET)
    valid = form.is_valid()
    for problem in form_errors(form):
        messages.error(request, f"Filter not applied. {problem}")
    chosen = form.cleaned_data if valid else {}
    rows = reviewer_queue(
        user=request.user,
        overridden=bool(chosen.get("overridden")),
        stale=bool(chosen.get("stale")),
        urgent=bool(chosen.get("urgent")),
        batch=chosen.get("batch"),
    )
    page = Paginator(rows, LIMIT).get_page(request.GET.get("page"))
    items = reviewer_items(list(page.object_list))
    queue_audit(user=request.user, items=items)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "eligibility/queue_reviewer.html",
        {
            "form": form,
            "items": items,
            "page": page,
            "query": query.urlencode(),
            "batches": batch_choices(),
            "selected_batch": str(chosen.get("batch") or ""),
        },
        status=200 if valid else 400,
    )

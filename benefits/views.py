"""The coordinator's pages: the worklist, a case with its checklist, letter, timeline and the
allowed next actions only. Filters are ids and codes, never patient data, so they may sit in URLs."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from elevium.accounts.access import role_required
from elevium.accounts.http import AuthenticatedHttpRequest
from elevium.accounts.roles import PA_WORKERS, PATIENT_READERS, Role
from elevium.lib.errors import Conflict
from elevium.lib.limits import form_errors
from eligibility.selectors import evaluation_get_for_user
from reassessment.errors import DocumentInvalid
from treatments.models import TreatmentSlug

from . import services
from .checklist_display import checklist_rows
from .courses import PRICES_NEEDED
from .estimates import Estimate
from .forms import (
    CONFIRMED_MOVES,
    ApprovalForm,
    BenefitsCheckForm,
    CaseNewForm,
    ChecklistMarkForm,
    EstimateForm,
    NoteForm,
    TransitionForm,
    UnitsForm,
    WorklistFilterForm,
)
from .models import CheckMethod, Coverage, CoverageStatus, FeeItem, PaCaseStatus, Priority
from .refused_forms import approval_boxes, errors_on_form
from .selectors import (
    benefits_check_recent,
    benefits_estimate,
    clinic_fees,
    colleague_get,
    coverage_get_for_user,
    pa_case_counters,
    pa_case_get_for_user,
    pa_case_list_audit,
    pa_case_renewal,
    pa_case_worklist_ids,
    pa_case_worklist_rows,
    pa_cases_for_user,
)
from .services import CHECKLIST_EDITABLE
from .transitions import ChecklistIncomplete, PaStatus, allowed_next
from .worklist_selectors import coordinator_choices, payer_choices

COORDINATOR = PA_WORKERS
READERS = PATIENT_READERS
PAGE_SIZE = 50
TREATMENTS = TreatmentSlug.choices


def _int(value: str | None) -> int | None:
    """A whole number typed in a form, or None. ASCII digits only ("²" is a digit to isdigit()),
    and at most 9 of them, so it fits the integer columns it is stored in."""
    return int(value) if value and value.isascii() and value.isdigit() and len(value) <= 9 else None


def _errors(
    request: AuthenticatedHttpRequest, exc: Exception, labels_by_code: dict[str, str] | None = None
) -> None:
    if isinstance(exc, ChecklistIncomplete):
        labels = labels_by_code or {}
        names = [labels.get(code, code.replace("_", " ")) for code in exc.missing]
        messages.error(request, "Not ready to submit. Still missing: " + "; ".join(names) + ".")
    elif isinstance(exc, DocumentInvalid):
        for field, problems in exc.errors.items():
            for problem in problems:
                messages.error(request, f"{field.replace('_', ' ')}: {problem}")
    else:
        messages.error(request, str(exc))


@role_required(*COORDINATOR)
@require_GET
def worklist(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = WorklistFilterForm(request.GET)
    valid = form.is_valid()
    for problem in form_errors(form):
        messages.error(request, f"Filter not applied. {problem}")
    filters = form.filters()
    now = timezone.now()
    page = Paginator(pa_case_worklist_ids(user=request.user, now=now, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    cases = pa_case_worklist_rows(ids=list(page.object_list), now=now)
    pa_case_list_audit(user=request.user, cases=cases)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "benefits/worklist.html",
        {
            "cases": cases,
            "page": page,
            "now": now,
            "query": query.urlencode(),
            "counters": pa_case_counters(user=request.user, now=now),
            "statuses": PaCaseStatus.choices,
            "treatments": TREATMENTS,
            "payers": payer_choices(),
            "coordinators": coordinator_choices(user=request.user),
            "selected": request.GET,
        },
        status=200 if valid else 400,
    )


@role_required(*COORDINATOR)
@require_POST
def worklist_assign(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Assign the ticked cases (one or many) to a coordinator, or unassign them."""
    try:
        ids = [uuid.UUID(value) for value in request.POST.getlist("case_ids")]
    except ValueError:
        raise Http404("No such case.") from None
    owner_id = request.POST.get("owner", "")
    owner = colleague_get(user=request.user, user_id=_int(owner_id)) if owner_id != "none" else None
    try:
        if owner_id != "none" and owner is None:
            raise DocumentInvalid({"owner": ["choose a coordinator"]})
        done = services.pa_case_assign(
            actor=request.user, cases=pa_cases_for_user(user=request.user, case_ids=ids), owner=owner
        )
    except DocumentInvalid as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"{len(done)} case{'s' if len(done) != 1 else ''} assigned.")
    back = request.POST.get("back", "")
    # Back to the filtered worklist it was posted from: a path of this app, printable, short.
    ok = back.startswith("/benefits/") and back.isprintable() and len(back) <= 2000
    return redirect(back if ok else "benefits:worklist")


@role_required(*READERS)
@require_GET
def case_detail(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    return _case_page(request, pa_case_get_for_user(user=request.user, case_id=case_id))


def _case_page(
    request: AuthenticatedHttpRequest,
    case: Any,
    *,
    refused: dict[str, forms.Form] | None = None,
    posted: dict[str, str] | None = None,
) -> HttpResponse:
    """The case page; after a refusal, again with status 400 and what was typed kept: ``refused``
    is {"approval", "note" or "transition": the form as typed}, ``posted`` the refused checklist tick."""
    refused = refused or {}
    approval = refused.get("approval")
    is_coordinator = request.user.role == Role.CARE_COORDINATOR
    allowed = allowed_next(PaStatus(case.status))
    next_states = [s for s in allowed if s != PaStatus.APPROVED]
    transition = refused.get("transition")
    return render(
        request,
        "benefits/case.html",
        {
            "case": case,
            "patient": case.patient,
            "checklist": checklist_rows(case, list(case.checklist.all())),
            "events": list(case.events.all()),
            "next_states": [(s, PaCaseStatus(s).label) for s in next_states if s not in CONFIRMED_MOVES],
            "confirmed_moves": [
                (s, PaCaseStatus(s).label, CONFIRMED_MOVES[s]) for s in next_states if s in CONFIRMED_MOVES
            ],
            "transition": transition,
            "can_approve": PaStatus.APPROVED in allowed,
            "can_work": is_coordinator,
            "can_attach": is_coordinator and PaStatus(case.status) in CHECKLIST_EDITABLE,
            "renewal": pa_case_renewal(case=case, now=timezone.now()),
            "now": timezone.now(),
            "posted": posted or {},
            "approval": approval,
            "approval_boxes": approval_boxes(approval),
            "note_form": refused.get("note"),
        },
        status=400 if refused or posted else 200,
    )


def _case_action(
    request: AuthenticatedHttpRequest,
    case_id: uuid.UUID,
    form_class: type[forms.Form],
    action: Any,
    done: str | Callable[[dict[str, Any]], str],
    *,
    show_again: str = "",
) -> HttpResponse:
    """Check the posted form (as the API checks its body), then call the one service with its
    cleaned values; any refusal is a message on the case page, and nothing is written.

    With ``show_again`` ("approval", "note", "transition") a refused form comes back on the case page as typed
    (status 400), each sentence by its box; that page is a read, recorded as its GET records it."""
    case = pa_case_get_for_user(user=request.user, case_id=case_id, audit=False)
    form = form_class(request.POST)
    if not form.is_valid():
        for problem in form_errors(form):
            messages.error(request, problem)
    else:
        try:
            action(case, form.cleaned_data)
        except (DocumentInvalid, Conflict, ChecklistIncomplete) as exc:
            _errors(request, exc, {item.code: item.label for item in case.checklist.all()})
            errors_on_form(form, exc)
        else:
            data = form.cleaned_data
            messages.success(request, done(data) if callable(done) else done)
            return redirect("benefits:case", case_id=case.id)
    if show_again:
        shown = pa_case_get_for_user(user=request.user, case_id=case.id)
        return _case_page(request, shown, refused={show_again: form})
    return redirect("benefits:case", case_id=case.id)


@role_required(*COORDINATOR)
@require_POST
def case_transition(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    return _case_action(
        request,
        case_id,
        TransitionForm,
        lambda case, d: services.pa_case_transition(
            actor=request.user, case=case, to=d["to"], revision=d["revision"] or 0, note=d["note"]
        ),
        lambda d: f"Moved to {PaCaseStatus(d['to']).label.lower()}.",
        show_again="transition",
    )


@role_required(*COORDINATOR)
@require_POST
def case_checklist(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Tick or reopen an item. A refusal shows the page again with what was typed kept (400)."""
    case = pa_case_get_for_user(user=request.user, case_id=case_id, audit=False)
    form = ChecklistMarkForm(request.POST)
    posted = {k: request.POST.get(k, "") for k in ("code", "note", "justification")}
    problems: list[str] = [] if form.is_valid() else form_errors(form)
    if not problems:
        d = form.cleaned_data
        try:
            services.pa_case_checklist_mark(
                actor=request.user,
                case=case,
                code=d["code"],
                satisfied=d["satisfied"],
                note=d["note"],
                justification=d["justification"],
            )
        except DocumentInvalid as exc:
            problems = [p for field_problems in exc.errors.values() for p in field_problems]
        except Conflict as exc:
            problems = [str(exc)]
    if problems:
        for problem in problems:
            messages.error(request, problem)
        case = pa_case_get_for_user(user=request.user, case_id=case_id)
        return _case_page(request, case, posted=posted)
    messages.success(request, "Checklist updated.")
    return redirect("benefits:case", case_id=case.id)


@role_required(*COORDINATOR)
@require_POST
def case_approval(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    return _case_action(
        request,
        case_id,
        ApprovalForm,
        lambda case, d: services.pa_case_record_approval(
            actor=request.user,
            case=case,
            authorization_number=d["authorization_number"],
            approved_units=d["approved_units"],
            valid_from=d["valid_from"],
            valid_until=d["valid_until"],
            revision=d["revision"] or 0,
            note=d["note"],
        ),
        "Approval recorded.",
        show_again="approval",
    )


@role_required(*COORDINATOR)
@require_POST
def case_units(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    return _case_action(
        request,
        case_id,
        UnitsForm,
        lambda case, d: services.pa_case_record_units(
            actor=request.user,
            case=case,
            used_units=d["used_units"] if d["used_units"] is not None else -1,
            revision=d["revision"] or 0,
        ),
        "Units recorded.",
    )


@role_required(*COORDINATOR)
@require_POST
def case_note(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    return _case_action(
        request,
        case_id,
        NoteForm,
        lambda case, d: services.pa_case_note(actor=request.user, case=case, text=d["text"]),
        "Note added.",
        show_again="note",
    )


@role_required(*COORDINATOR)
@require_POST
def case_new(request: AuthenticatedHttpRequest, evaluation_id: uuid.UUID) -> HttpResponse:
    """Start a prior authorization from an evaluation, for one treatment and one coverage."""
    evaluation = evaluation_get_for_user(user=request.user, evaluation_id=evaluation_id)
    form = CaseNewForm(request.POST)
    if not form.is_valid():
        for problem in form_errors(form):
            messages.error(request, f"Prior authorization not started. {problem}")
        return redirect("eligibility:evaluation", evaluation_id=evaluation.id)
    data = form.cleaned_data
    try:
        coverage = coverage_get_for_user(user=request.user, coverage_id=data["coverage"])
    except Http404:
        messages.error(request, "Choose one of the patient's coverages.")
        return redirect("eligibility:evaluation", evaluation_id=evaluation.id)
    try:
        case = services.pa_case_create_from_evaluation(
            actor=request.user,
            evaluation=evaluation,
            treatment=data["treatment"],
            coverage=coverage,
            priority=data["priority"] or Priority.NORMAL,
            expedited=data["expedited"],
        )
    except (DocumentInvalid, Conflict) as exc:
        _errors(request, exc)
        return redirect("eligibility:evaluation", evaluation_id=evaluation.id)
    messages.success(request, "Prior authorization started.")
    return redirect("benefits:case", case_id=case.id)


def _chosen_treatment(request: AuthenticatedHttpRequest) -> str:
    """The treatment the estimate is for: the one posted, else the one asked for in the query
    (a treatment code, no patient data), else TMS."""
    wanted = request.POST.get("treatment") or request.GET.get("treatment") or ""
    return wanted if wanted in PRICES_NEEDED else "tms"


def _check_record(request: AuthenticatedHttpRequest, coverage: Coverage) -> list[str]:
    """Record the posted benefits check; the problems as sentences, none when it was recorded."""
    if request.user.role != Role.CARE_COORDINATOR:
        raise PermissionDenied
    check = BenefitsCheckForm(request.POST)
    if not check.is_valid():
        return form_errors(check)
    try:
        services.benefits_check_record(actor=request.user, coverage=coverage, **check.cleaned_data)
    except DocumentInvalid as exc:
        return [
            f"{field.replace('_', ' ').capitalize()}: {problem}"
            for field, problems in exc.errors.items()
            for problem in problems
        ]
    return []


def _course_estimate(
    request: AuthenticatedHttpRequest, coverage: Coverage, fees: dict[str, Decimal]
) -> tuple[tuple[Estimate, str] | None, list[str]]:
    """(the estimate and its basis, or None; the problems as sentences) for the posted prices."""
    prices = EstimateForm(request.POST, fees=fees)
    if not prices.is_valid():
        return None, form_errors(prices)
    try:
        treatment = prices.cleaned_data["treatment"]
        return benefits_estimate(coverage=coverage, treatment=treatment, course=prices.course()), []
    except LookupError:
        return None, [
            "Record a benefits check for this treatment first: the estimate needs the plan's terms."
        ]


@role_required(*READERS)
@require_http_methods(["GET", "POST"])
def coverage_detail(request: AuthenticatedHttpRequest, coverage_id: uuid.UUID) -> HttpResponse:
    """A coverage's benefits checks (a coordinator records one) and the course estimate."""
    coverage = coverage_get_for_user(user=request.user, coverage_id=coverage_id)
    fees = clinic_fees(patient_id=coverage.patient_id)
    estimate_result: tuple[Estimate, str] | None = None
    errors: list[str] = []  # sentences, each led by the field's label
    form = request.POST.get("form")
    if request.method == "POST" and form == "check":
        errors = _check_record(request, coverage)
        if not errors:
            messages.success(request, "Benefits check recorded.")
            return redirect("benefits:coverage", coverage_id=coverage.id)
    elif request.method == "POST" and form == "estimate":
        estimate_result, errors = _course_estimate(request, coverage, fees)
    chosen = _chosen_treatment(request)
    return render(
        request,
        "benefits/coverage.html",
        {
            "coverage": coverage,
            "patient": coverage.patient,
            "checks": benefits_check_recent(coverage=coverage),
            "errors": errors,
            "estimate": estimate_result[0] if estimate_result else None,
            "chosen": chosen,
            "price_fields": [
                (name, FeeItem(name).label, request.POST.get(name) if form == "estimate" else fees.get(name))
                for name in PRICES_NEEDED[chosen]
            ],
            "from_schedule": [name for name in PRICES_NEEDED[chosen] if name in fees],
            "basis": estimate_result[1] if estimate_result else "",
            "posted": request.POST,
            "treatments": TREATMENTS,
            "methods": [c for c in CheckMethod.choices if c[0] != CheckMethod.PENDING],
            "statuses": CoverageStatus.choices,
            "can_work": request.user.role == Role.CARE_COORDINATOR,
        },
        status=400 if errors else 200,
    )

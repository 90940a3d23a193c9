"""Every read of benefits and prior-authorization records: scoped to the patients the user may
see, audited when a case is opened, with a fixed number of queries whatever the row count."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Case, Count, F, Prefetch, Q, QuerySet, Value, When
from django.http import Http404

from elevium.accounts.models import User
from elevium.audit.services import audit_record, audit_record_many
from patients.selectors import patient_queryset_for

from .deadlines import RenewalReason, renewal_due
from .estimates import BenefitTerms, CourseCost, Estimate, estimate
from .models import BenefitsCheck, CheckMethod, ClinicFee, Coverage, PaAttachment, PaCase, PaEvent
from .policies import policy_for
from .transitions import AWAITING_PAYER, DECIDED, TERMINAL, PaStatus

OPEN_STATUSES: tuple[str, ...] = tuple(s.value for s in PaStatus if s not in TERMINAL and s not in DECIDED)
_AWAITING = [s.value for s in AWAITING_PAYER]


def pa_case_queryset_for(user: User) -> QuerySet[PaCase]:
    return PaCase.objects.filter(patient__in=patient_queryset_for(user))


def coverage_queryset_for(user: User) -> QuerySet[Coverage]:
    return Coverage.objects.filter(patient__in=patient_queryset_for(user))


def _overdue(now: dt.datetime) -> Q:
    return Q(status__in=_AWAITING, decision_due_at__lt=now)


def pa_case_worklist(
    *,
    user: User,
    now: dt.datetime,
    status: str | None = None,
    payer: int | None = None,
    treatment: str | None = None,
    owner: int | None = None,
    unassigned: bool = False,
    overdue: bool | None = None,
) -> QuerySet[PaCase]:
    """Cases by urgency: overdue first (most overdue first), then due soonest, then the ones
    with no due date yet, oldest first. Open cases only unless a status is asked for. One
    query for a page, whatever the number of cases (patient, plan, payer, owner joined)."""
    cases = pa_case_queryset_for(user)
    cases = cases.filter(status=status) if status else cases.filter(status__in=OPEN_STATUSES)
    if payer is not None:
        cases = cases.filter(coverage__plan__payer_id=payer)
    if treatment:
        cases = cases.filter(treatment=treatment)
    if owner is not None:
        cases = cases.filter(owner_id=owner)
    elif unassigned:
        cases = cases.filter(owner__isnull=True)
    if overdue is True:
        cases = cases.filter(_overdue(now))
    elif overdue is False:
        cases = cases.exclude(_overdue(now))
    return (
        cases.select_related("patient", "coverage__plan__payer", "owner")
        .annotate(is_overdue=_is_overdue(now))
        .order_by("-is_overdue", F("decision_due_at").asc(nulls_last=True), "created_at", "id")
    )


def _is_overdue(now: dt.datetime) -> Case:
    return Case(When(_overdue(now), then=Value(True)), default=Value(False), output_field=BooleanField())


def pa_case_worklist_ids(**filters: Any) -> QuerySet[PaCase, Any]:
    """The worklist's order (``pa_case_worklist``, same filters) as case ids only, to be sliced
    for a page and loaded with ``pa_case_worklist_rows``.

    The urgency order depends on the time, so no index can serve it and PostgreSQL sorts every
    open case. Sorting the ids of the cases table alone, then joining the patient, plan, payer
    and owner for the page's rows only, measured 31 ms → ~8 ms at 10,000 open cases
    (docs/PERFORMANCE.md), where joining first sorted every open case's joined row."""
    return pa_case_worklist(**filters).select_related(None).values_list("pk", flat=True)


def pa_case_worklist_rows(*, ids: list[Any], now: dt.datetime, patients: bool = True) -> list[PaCase]:
    """The cases of a worklist page, in the order of ``ids``: one query, as ``pa_case_worklist``
    loads them (patient, plan, payer and owner joined; ``is_overdue`` annotated).

    ``patients=False`` leaves the patient's row out: the API lists each case's patient by id
    only, and loading 50 patients it never reads cost ~1.5 ms of the page's CPU under load."""
    related = ("coverage__plan__payer", "owner", *(("patient",) if patients else ()))
    rows = (
        PaCase.objects.filter(pk__in=ids)
        .select_related(*related)
        .annotate(is_overdue=_is_overdue(now))
        .order_by()
        .in_bulk()
    )
    return [rows[pk] for pk in ids]


def pa_case_list_audit(*, user: User, cases: list[PaCase]) -> None:
    """Record that ``user`` was shown these cases: one INSERT however many."""
    audit_record_many(
        actor=user, action="pa_case.listed", objects=cases, patient_id_of=lambda c: c.patient_id
    )


def pa_case_counters(*, user: User, now: dt.datetime, tz: str | None = None) -> dict[str, int]:
    """Overdue and due-today (later today in ``tz``, not yet overdue) cases: one query."""
    zone = ZoneInfo(tz or settings.TIME_ZONE)
    local = now.astimezone(zone)
    end_of_day = dt.datetime.combine(local.date(), dt.time(23, 59, 59, 999_999), tzinfo=zone)
    counts = pa_case_queryset_for(user).aggregate(
        overdue=Count("id", filter=_overdue(now)),
        due_today=Count(
            "id", filter=Q(status__in=_AWAITING, decision_due_at__gte=now, decision_due_at__lte=end_of_day)
        ),
    )
    return {"overdue": counts["overdue"], "due_today": counts["due_today"]}


def pa_case_get_for_user(
    *, user: User, case_id: uuid.UUID | str, action: str = "pa_case.viewed", audit: bool = True
) -> PaCase:
    """The case with its checklist, attachments and timeline (4 queries), or 404; records the read."""
    try:
        case = (
            pa_case_queryset_for(user)
            .select_related("patient", "coverage__plan__payer", "owner", "policy", "evaluation")
            .prefetch_related(
                "checklist",
                Prefetch("attachments", queryset=PaAttachment.objects.select_related("item")),
                Prefetch("events", queryset=PaEvent.objects.select_related("actor")),
            )
            .defer("evaluation__input_snapshot", "evaluation__report")
            .get(id=case_id)
        )
    except (PaCase.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404("No such case.") from None
    if audit:
        audit_record(actor=user, action=action, obj=case, patient_id=case.patient_id)
    return case


def colleagues(*, user: User) -> QuerySet[User]:
    """Staff who share a clinic with ``user``: whom they may hand a case to."""
    return User.objects.filter(clinics__in=user.clinics.all()).distinct().order_by("username")


def colleague_get(*, user: User, user_id: int | None) -> User | None:
    """A colleague by id; None for anyone else, so ids of other clinics' staff learn nothing."""
    return colleagues(user=user).filter(pk=user_id).first() if user_id else None


def pa_cases_for_user(*, user: User, case_ids: list[uuid.UUID]) -> list[PaCase]:
    """The cases named, every one visible to ``user``; 404 when any is not."""
    cases = list(pa_case_queryset_for(user).filter(id__in=case_ids))
    if len(cases) != len(set(case_ids)):
        raise Http404("No such case.")
    return cases


def pa_case_renewal(*, case: PaCase, now: dt.datetime) -> tuple[RenewalReason, ...]:
    """Why an approved case needs a renewal now (empty when it does not or is not approved)."""
    if case.status != PaStatus.APPROVED or case.valid_until is None:
        return ()
    return renewal_due(
        case.valid_until,
        case.approved_units,
        case.used_units,
        now,
        plan_tz=case.coverage.plan.time_zone,
    )


def coverage_get_for_user(
    *, user: User, coverage_id: uuid.UUID | str, action: str = "coverage.viewed"
) -> Coverage:
    try:
        coverage = coverage_queryset_for(user).select_related("plan__payer").get(id=coverage_id)
    except (Coverage.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404("No such coverage.") from None
    audit_record(actor=user, action=action, obj=coverage, patient_id=coverage.patient_id)
    return coverage


def benefits_check_latest(*, coverage: Coverage, treatment: str) -> BenefitsCheck | None:
    """The latest completed (not pending) check for the coverage and treatment."""
    return (
        BenefitsCheck.objects.filter(coverage=coverage, treatment=treatment)
        .exclude(method=CheckMethod.PENDING)
        .order_by("-recorded_at")
        .first()
    )


def benefits_estimate(*, coverage: Coverage, treatment: str, course: CourseCost) -> tuple[Estimate, str]:
    """The course's out-of-pocket estimate and what the terms came from. A policy that does not
    cover the treatment makes it self-pay; otherwise the latest completed benefits check gives
    the terms. ``LookupError`` when there is neither (record a check first)."""
    policy = policy_for(plan=coverage.plan, treatment=treatment)
    check = benefits_check_latest(coverage=coverage, treatment=treatment)
    if check is not None:
        return estimate(check.terms(), course), f"benefits check {check.id}"
    if policy is not None and not policy.covered:
        return estimate(BenefitTerms(covered=False), course), f"policy {policy.pk} (not covered)"
    raise LookupError("no completed benefits check for this coverage and treatment")


def coverages_for_patient(*, user: User, patient_id: uuid.UUID) -> list[Coverage]:
    """The patient's coverages, primary first, for starting a prior authorization."""
    return list(
        coverage_queryset_for(user)
        .filter(patient_id=patient_id)
        .select_related("plan__payer")
        .order_by("rank")
    )


def pa_status_by_treatment(*, user: User, patient_id: uuid.UUID) -> dict[str, PaCase]:
    """Each treatment's latest PA case for the patient (one query): its status for the patient
    page, so a clinician sees where the prior authorization stands."""
    latest: dict[str, PaCase] = {}
    for case in (
        pa_case_queryset_for(user)
        .filter(patient_id=patient_id)
        .select_related("coverage__plan__payer", "owner")
        .order_by("treatment", "-created_at", "-id")
    ):
        latest.setdefault(case.treatment, case)
    return latest


def clinic_fees(*, patient_id: uuid.UUID) -> dict[str, Decimal]:
    """The fee schedule of the patient's clinic, price name -> amount (one query): what the
    out-of-pocket estimate starts from."""
    return dict(ClinicFee.objects.filter(clinic__patients__id=patient_id).values_list("item", "price"))


RECENT_CHECKS = 10


def benefits_check_recent(*, coverage: Coverage) -> list[BenefitsCheck]:
    """The coverage's latest checks, newest first, with who recorded them (one query)."""
    checks = coverage.benefits_checks.select_related("recorded_by").order_by("-recorded_at")
    return list(checks[:RECENT_CHECKS])

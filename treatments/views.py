"""Catalog pages for staff. Every role may read them: the catalog holds no patient data."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from elevium.accounts.access import role_required
from elevium.accounts.http import AuthenticatedHttpRequest
from elevium.accounts.roles import ALL_ROLES, Role

from . import selectors
from .models import BillingCode, MonitoringRequirement, MonitoringWhen, RegulatoryStatusKind, Treatment

READ_ROLES = ALL_ROLES


@role_required(*READ_ROLES)
@require_GET
def treatment_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    treatments = list(selectors.treatment_list())
    rows = [{"treatment": t, "statuses": _statuses(t)} for t in treatments]
    context = {"rows": rows, "can_edit": request.user.role == Role.ADMIN}
    return render(request, "treatments/treatment_list.html", context)


@role_required(*READ_ROLES)
@require_GET
def treatment_detail(request: AuthenticatedHttpRequest, treatment_slug: str) -> HttpResponse:
    treatment = selectors.treatment_get(treatment_slug)
    context = {
        "billing_rows": _billing_rows(treatment),
        "treatment": treatment,
        "statuses": _statuses(treatment),
        "monitoring_groups": _monitoring_groups(list(treatment.monitoring.all())),
        "can_edit": request.user.role == Role.ADMIN,
    }
    return render(request, "treatments/treatment_detail.html", context)


def _statuses(treatment: Treatment) -> list[tuple[str, str]]:
    """The distinct standings the treatment holds somewhere, as (value, label); 'not cleared' rows
    (Spravato under 18, TMS for bipolar depression) are in the table, not the headline."""
    held = {r.status for r in treatment.regulatory_statuses.all()} - {RegulatoryStatusKind.NOT_CLEARED}
    return [(value, label) for value, label in RegulatoryStatusKind.choices if value in held]


def _billing_rows(treatment: Treatment) -> list[tuple[BillingCode, BillingCode | None]]:
    """Each code with the code that replaces it (S0013 with J0013), from the rows already fetched."""
    codes = list(treatment.billing_codes.all())
    successors = {c.replaces_id: c for c in codes if c.replaces_id is not None}
    return [(c, successors.get(c.pk)) for c in codes]


def _monitoring_groups(
    rows: list[MonitoringRequirement],
) -> list[tuple[str, str, list[MonitoringRequirement]]]:
    """Before, during, after dosing, in that order; empty groups left out."""
    groups = []
    for value, label in MonitoringWhen.choices:
        members = [row for row in rows if row.when == value]
        if members:
            groups.append((value, label, members))
    return groups

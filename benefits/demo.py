"""Synthetic coverages and prior-authorization cases for `make run` (never real patients).

Every case is moved through the real services, so its checklist, timeline, deadlines and audit
trail are what a coordinator would have produced. Only the clock is faked: some cases are then
backdated so the worklist shows overdue decisions and approvals nearing their end.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from . import seed, services
from .models import Coverage, PaCase, Plan, Priority
from .transitions import PaStatus

# The path to each demo state, from the first status after creation.
PATHS: dict[str, tuple[PaStatus, ...]] = {
    "draft": (),
    "ready_to_submit": (PaStatus.READY_TO_SUBMIT,),
    "submitted_overdue": (PaStatus.READY_TO_SUBMIT, PaStatus.SUBMITTED),
    "pending_payer": (PaStatus.READY_TO_SUBMIT, PaStatus.SUBMITTED, PaStatus.PENDING_PAYER),
    "more_information": (
        PaStatus.READY_TO_SUBMIT,
        PaStatus.SUBMITTED,
        PaStatus.PENDING_PAYER,
        PaStatus.MORE_INFORMATION_REQUESTED,
    ),
    "approved_expiring": (PaStatus.READY_TO_SUBMIT, PaStatus.SUBMITTED, PaStatus.PENDING_PAYER),
    "denied_appeal": (
        PaStatus.READY_TO_SUBMIT,
        PaStatus.SUBMITTED,
        PaStatus.PENDING_PAYER,
        PaStatus.DENIED,
        PaStatus.APPEAL,
    ),
    "withdrawn": (PaStatus.WITHDRAWN,),
}


def _complete_checklist(actor: Any, case: PaCase) -> PaCase:
    for item in case.checklist.filter(satisfied=False):
        services.pa_case_checklist_mark(
            actor=actor, case=case, code=item.code, satisfied=True, note="Demo: on file, scanned"
        )
    return PaCase.objects.get(pk=case.pk)


def seed_pa_cases(*, coordinator: Any, evaluations: list[Any]) -> int:
    """One TMS case per evaluation that allows one, cycling through the demo states."""
    plan = Plan.objects.get(payer__name=seed.MA_EAST)
    created = 0
    for index, evaluation in enumerate(evaluations):
        if evaluation.statuses.get("tms") not in ("eligible", "eligible_with_cautions"):
            continue
        coverage, _ = Coverage.objects.get_or_create(
            patient_id=evaluation.patient_id,
            plan=plan,
            defaults={"member_id": f"DEMO-MA-{index:04d}", "valid_from": dt.date(2025, 1, 1)},
        )
        name = list(PATHS)[created % len(PATHS)]
        case = services.pa_case_create_from_evaluation(
            actor=coordinator,
            evaluation=evaluation,
            treatment="tms",
            coverage=coverage,
            priority=Priority.HIGH if name == "submitted_overdue" else Priority.NORMAL,
        )
        if PATHS[name] and PATHS[name][0] == PaStatus.READY_TO_SUBMIT:
            case = _complete_checklist(coordinator, case)
        for status in PATHS[name]:
            case = services.pa_case_transition(
                actor=coordinator, case=case, to=status, revision=case.revision
            )
        if name == "submitted_overdue":  # the payer's decision was due two days ago
            past = timezone.now() - dt.timedelta(days=9)
            PaCase.objects.filter(pk=case.pk).update(
                submitted_at=past, decision_due_at=past + dt.timedelta(days=7)
            )
        if name == "approved_expiring":
            today = timezone.localdate()
            case = services.pa_case_record_approval(
                actor=coordinator,
                case=case,
                authorization_number=f"DEMO-AUTH-{index:04d}",
                approved_units=36,
                valid_from=today - dt.timedelta(days=50),
                valid_until=today + dt.timedelta(days=10),
                revision=case.revision,
            )
            PaCase.objects.filter(pk=case.pk).update(used_units=30)
        created += 1
    return created

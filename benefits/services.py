"""Every write to benefits and prior-authorization records (STYLE.md): keyword-only, atomic,
given the acting user, with the audit event (ids and field names only) in the same transaction.

Errors are the project's (elevium/lib/errors.py): ``DocumentInvalid`` (400, every field by
name), ``Conflict`` (409 with the allowed next states) and ``StaleRevision`` (409, someone saved
since). A transition into ready_to_submit with missing checklist items raises
``benefits.transitions.ChecklistIncomplete`` (400 listing them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast

from django.db import transaction
from django.utils import timezone

from elevium.accounts.models import User
from elevium.accounts.roles import Role
from elevium.audit.services import audit_record
from elevium.lib.errors import Conflict, StaleRevision
from eligibility.engine.models import CandidacyReport
from eligibility.models import Evaluation
from reassessment.documents import ReassessmentDocument
from reassessment.errors import DocumentInvalid

from . import checklist as checklist_rules
from .deadlines import decision_due, reminder_schedule
from .gateways import DEFAULT_GATEWAY, BenefitsGateway
from .models import (
    BenefitsCheck,
    CheckMethod,
    Coverage,
    CoverageStatus,
    PaCase,
    PaChecklistItem,
    PaEvent,
    PaEventKind,
    Priority,
    SatisfiedBy,
)
from .policies import decision_timeframe, policy_for
from .transitions import (
    TERMINAL,
    ChecklistIncomplete,
    IllegalTransition,
    PaStatus,
    allowed_next,
    check_transition,
    same_state_is_noop,
)

# The checklist can change until the request is sent, and again when the payer asks for more.
CHECKLIST_EDITABLE = frozenset(
    {PaStatus.DRAFT, PaStatus.DOCUMENTS_NEEDED, PaStatus.READY_TO_SUBMIT, PaStatus.MORE_INFORMATION_REQUESTED}
)


class PaCaseStale(StaleRevision):
    """Someone changed the case since the caller read it (409)."""

    def __init__(self, *, status: PaStatus, current: int, given: int) -> None:
        self.current, self.given = current, given
        Conflict.__init__(
            self,
            f"this case was changed by someone else (revision {current}, you had {given}); reload it",
            status=cast(Any, status),
            allowed=cast(Any, allowed_next(status)),
        )


def _conflict(message: str, status: PaStatus) -> Conflict:
    return Conflict(message, status=cast(Any, status), allowed=cast(Any, allowed_next(status)))


def _event(
    case: PaCase,
    *,
    actor: User | None,
    kind: PaEventKind,
    at: dt.datetime,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
) -> PaEvent:
    return PaEvent.objects.create(
        case=case,
        actor=actor,
        kind=kind,
        at=at,
        from_status=from_status,
        to_status=to_status,
        note=note,
        data=data or {},
    )


def _locked(case: PaCase) -> PaCase:
    """The case's current row, locked for this transaction (a stale in-memory copy is not trusted)."""
    return (
        PaCase.objects.select_for_update(of=("self",))
        .select_related("coverage__plan__payer", "policy")
        .get(pk=case.pk)
    )


def _audit_unchanged(actor: User, case: PaCase, request: str) -> None:
    """A repeated request changes nothing but still answers with the whole case: that read of
    the patient's data is recorded like any other."""
    audit_record(
        actor=actor,
        action="pa_case.viewed",
        obj=case,
        patient_id=case.patient_id,
        data={"unchanged": request, "status": case.status},
    )


def _check_revision(case: PaCase, revision: int) -> None:
    if case.revision != revision:
        raise PaCaseStale(status=PaStatus(case.status), current=case.revision, given=revision)


# --- Creating a case -------------------------------------------------------------------------------


@transaction.atomic
def pa_case_create_from_evaluation(
    *,
    actor: User,
    evaluation: Evaluation,
    treatment: str,
    coverage: Coverage,
    priority: str = Priority.NORMAL,
    expedited: bool = False,
) -> PaCase:
    """A case for one treatment under one coverage, with its checklist derived from the policy,
    the evaluation's report and its document. Draft when the checklist is complete (it may go
    straight to ready_to_submit), documents_needed otherwise."""
    errors: dict[str, list[str]] = {}
    if treatment not in evaluation.statuses:
        errors["treatment"] = ["not a treatment of this evaluation"]
    if coverage.patient_id != evaluation.patient_id:
        errors["coverage_id"] = ["this coverage belongs to another patient"]
    elif coverage.valid_to is not None and coverage.valid_to < timezone.localdate():
        errors["coverage_id"] = ["This coverage has ended; choose one that is in force."]
    if priority not in Priority.values:
        errors["priority"] = [f"choose one of {', '.join(Priority.values)}"]
    plan = coverage.plan
    policy = policy_for(plan=plan, treatment=treatment) if not errors else None
    if not errors and policy is not None:
        if not policy.covered:
            errors["treatment"] = [f"{plan} does not cover {treatment}: give a self-pay estimate instead"]
        elif not policy.pa_required:
            errors["treatment"] = [f"{plan} does not require prior authorization for {treatment}"]
    if errors:
        raise DocumentInvalid(errors)

    document = ReassessmentDocument.model_validate(evaluation.input_snapshot)
    report = CandidacyReport.model_validate(evaluation.report)
    entries = checklist_rules.derive_checklist(
        treatment=cast(Any, treatment),
        policy=policy.to_engine() if policy is not None else None,
        documents_wanted=policy.documents_wanted if policy is not None else (),
        document=document,
        as_of=evaluation.as_of,  # the evaluation's clock, not today's: see benefits/checklist.py
        stored_report=report,
    )
    now = timezone.now()
    case = PaCase.objects.create(
        patient_id=evaluation.patient_id,
        evaluation=evaluation,
        coverage=coverage,
        policy=policy,
        treatment=treatment,
        priority=priority,
        expedited=expedited,
        status=PaStatus.DRAFT,
    )
    PaChecklistItem.objects.bulk_create(
        PaChecklistItem(
            case=case,
            position=index,
            code=entry.code,
            label=entry.label,
            required=entry.required,
            satisfied=entry.satisfied,
            satisfied_by=SatisfiedBy.AUTO if entry.satisfied else SatisfiedBy.NONE,
            evidence=entry.evidence,
            closes_with=entry.closes_with,
            source=entry.source,
        )
        for index, entry in enumerate(entries)
    )
    _event(case, actor=actor, kind=PaEventKind.CREATED, at=now, to_status=PaStatus.DRAFT)
    open_items = checklist_rules.missing(entries)
    if open_items:
        case.status = PaStatus.DOCUMENTS_NEEDED
        case.save(update_fields=["status", "updated_at"])
        _event(
            case,
            actor=actor,
            kind=PaEventKind.STATUS_CHANGED,
            at=now,
            from_status=PaStatus.DRAFT,
            to_status=PaStatus.DOCUMENTS_NEEDED,
            data={"missing": open_items},
        )
    audit_record(
        actor=actor,
        action="pa_case.created",
        obj=case,
        patient_id=case.patient_id,
        data={
            "evaluation": str(evaluation.id),
            "coverage": str(coverage.id),
            "policy": policy.pk if policy is not None else None,
            "treatment": treatment,
            "status": case.status,
            "missing": open_items,
        },
    )
    return case


# --- Transitions --------------------------------------------------------------------------------------


def _schedule(case: PaCase, now: dt.datetime) -> dict[str, Any]:
    """Submission: the decision due moment and the first follow-up, from the plan's timeframe."""
    plan = case.coverage.plan
    timeframe, origin = decision_timeframe(
        policy=case.policy, plan=plan, treatment=case.treatment, expedited=case.expedited
    )
    case.submitted_at = now
    if timeframe is None:
        # Nothing binds the payer: follow up after a week rather than never.
        case.decision_due_at = None
        case.next_follow_up_at = now + dt.timedelta(days=7)
        return {"timeframe": None, "timeframe_origin": origin}
    due = decision_due(now, timeframe, plan_tz=plan.time_zone)
    reminders = reminder_schedule(now, due, plan_tz=plan.time_zone)
    case.decision_due_at = due
    case.next_follow_up_at = reminders[0].at if reminders else due
    return {
        "timeframe": timeframe.model_dump(mode="json"),
        "timeframe_origin": origin,
        "reminders": [r.at.isoformat() for r in reminders],
    }


@transaction.atomic
def pa_case_transition(*, actor: User, case: PaCase, to: str, revision: int, note: str = "") -> PaCase:
    """Move the case to ``to``. Repeating the current state is a no-op returning the case
    unchanged (a double-clicked or retried submission), checked before the revision so a retry
    of a request that already went through does not turn into a conflict. Approval goes through
    :func:`pa_case_record_approval`, which records the authorization with it."""
    try:
        wanted = PaStatus(to)
    except ValueError:
        raise DocumentInvalid({"to": [f"not a status; choose one of {', '.join(PaStatus)}"]}) from None
    case = _locked(case)
    current = PaStatus(case.status)
    if same_state_is_noop(current, wanted):
        _audit_unchanged(actor, case, "transition")
        return case
    _check_revision(case, revision)
    missing = None
    if wanted == PaStatus.READY_TO_SUBMIT:
        missing = checklist_rules.missing(case.checklist.all())
    try:
        check_transition(current, wanted, missing=missing)
    except IllegalTransition as exc:
        raise _conflict(str(exc), current) from None
    except ChecklistIncomplete:
        raise
    if wanted == PaStatus.APPROVED:
        raise DocumentInvalid(
            {"to": ["record the approval with its authorization number, units and validity dates"]}
        )

    now = timezone.now()
    data: dict[str, Any] = {}
    fields = ["status", "revision", "updated_at"]
    if wanted in (PaStatus.SUBMITTED, PaStatus.APPEAL):
        # The decision clock starts at each (re)submission and at the appeal's filing.
        data = _schedule(case, now)
        fields += ["submitted_at", "decision_due_at", "next_follow_up_at"]
    elif wanted in TERMINAL or wanted == PaStatus.DENIED:
        case.next_follow_up_at = None
        fields.append("next_follow_up_at")
    case.status = wanted
    case.revision += 1
    case.save(update_fields=fields)
    _event(
        case,
        actor=actor,
        kind=PaEventKind.STATUS_CHANGED,
        at=now,
        from_status=current,
        to_status=wanted,
        note=note.strip(),
        data=data,
    )
    audit_record(
        actor=actor,
        action=f"pa_case.{wanted}",
        obj=case,
        patient_id=case.patient_id,
        data={"from": current, "to": wanted, "revision": case.revision, "note": bool(note.strip())},
    )
    return case


@transaction.atomic
def pa_case_checklist_mark(
    *, actor: User, case: PaCase, code: str, satisfied: bool, note: str = ""
) -> PaChecklistItem:
    """Mark one item satisfied (with the evidence in ``note``) or open again. Opening a required
    item of a ready_to_submit case sends it back to documents_needed."""
    case = _locked(case)
    status = PaStatus(case.status)
    if status not in CHECKLIST_EDITABLE:
        raise _conflict(f"the checklist of a {status} case cannot change", status)
    try:
        item = case.checklist.select_for_update().get(code=code)
    except PaChecklistItem.DoesNotExist:
        raise DocumentInvalid({"code": [f"no checklist item {code!r} on this case"]}) from None
    note = note.strip()
    if satisfied and not item.satisfied and not note and not item.evidence:
        raise DocumentInvalid({"note": ["say what satisfies this item (document, date, reference)"]})
    now = timezone.now()
    item.satisfied = satisfied
    item.satisfied_by = SatisfiedBy.COORDINATOR if satisfied else SatisfiedBy.NONE
    if note:
        item.note = note
    item.save(update_fields=["satisfied", "satisfied_by", "note", "updated_at"])
    _event(
        case,
        actor=actor,
        kind=PaEventKind.CHECKLIST,
        at=now,
        note=note,
        data={"code": code, "satisfied": satisfied},
    )
    if status == PaStatus.READY_TO_SUBMIT and item.required and not satisfied:
        case.status = PaStatus.DOCUMENTS_NEEDED
        case.revision += 1
        case.save(update_fields=["status", "revision", "updated_at"])
        _event(
            case,
            actor=actor,
            kind=PaEventKind.STATUS_CHANGED,
            at=now,
            from_status=status,
            to_status=PaStatus.DOCUMENTS_NEEDED,
            data={"missing": [code]},
        )
    audit_record(
        actor=actor,
        action="pa_case.checklist_marked",
        obj=case,
        patient_id=case.patient_id,
        data={"code": code, "satisfied": satisfied, "status": case.status},
    )
    return item


@transaction.atomic
def pa_case_assign(*, actor: User, cases: Sequence[PaCase], owner: User | None) -> list[PaCase]:
    """Give one or many cases to ``owner`` (a care coordinator), or unassign them (None)."""
    if owner is not None and (owner.role != Role.CARE_COORDINATOR or not owner.is_active):
        raise DocumentInvalid({"owner": ["cases are assigned to active care coordinators only"]})
    ids = [c.pk for c in cases]
    if not ids:
        raise DocumentInvalid({"case_ids": ["choose at least one case"]})
    rows = list(
        PaCase.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("patient")
        .order_by("pk")
    )
    if owner is not None:
        # The owner will open these cases: they must be able to see their patients.
        clinics = {row.patient.clinic_id for row in rows}
        if clinics - set(owner.clinics.values_list("id", flat=True)):
            raise DocumentInvalid(
                {"owner": ["this coordinator does not work at the clinic of every chosen case"]}
            )
    now = timezone.now()
    owner_id = owner.pk if owner is not None else None
    changed = [row for row in rows if row.owner_id != owner_id]
    PaCase.objects.filter(pk__in=[row.pk for row in changed]).update(owner=owner, updated_at=now)
    PaEvent.objects.bulk_create(
        PaEvent(
            case=row,
            actor=actor,
            kind=PaEventKind.ASSIGNED,
            at=now,
            data={"from": row.owner_id, "to": owner_id},
        )
        for row in changed
    )
    for row in changed:
        audit_record(
            actor=actor,
            action="pa_case.assigned",
            obj=row,
            patient_id=row.patient_id,
            data={"from": row.owner_id, "to": owner_id},
        )
        row.owner = owner
    return rows


@transaction.atomic
def pa_case_record_approval(
    *,
    actor: User,
    case: PaCase,
    authorization_number: str,
    approved_units: int | None,
    valid_from: dt.date,
    valid_until: dt.date,
    revision: int,
    note: str = "",
) -> PaCase:
    """The payer approved: record the authorization and move to approved. Recording the same
    authorization again is a no-op; a different one on an approved case is a conflict."""
    authorization_number = authorization_number.strip()
    errors: dict[str, list[str]] = {}
    if not authorization_number:
        errors["authorization_number"] = ["the payer's authorization number is required"]
    if approved_units is not None and approved_units < 1:
        errors["approved_units"] = ["at least 1, or leave empty when the approval is not counted in units"]
    if valid_until < valid_from:
        errors["valid_until"] = ["ends before valid_from"]
    if errors:
        raise DocumentInvalid(errors)
    case = _locked(case)
    current = PaStatus(case.status)
    if current == PaStatus.APPROVED and case.authorization_number == authorization_number:
        _audit_unchanged(actor, case, "approval")
        return case
    _check_revision(case, revision)
    try:
        check_transition(current, PaStatus.APPROVED)
    except IllegalTransition as exc:
        raise _conflict(str(exc), current) from None
    now = timezone.now()
    case.status = PaStatus.APPROVED
    case.authorization_number = authorization_number
    case.approved_units = approved_units
    case.valid_from, case.valid_until = valid_from, valid_until
    # Decided: the next look at it is the renewal check, which the expiring-approvals sweep does.
    case.next_follow_up_at = None
    case.revision += 1
    case.save(
        update_fields=[
            "status",
            "authorization_number",
            "approved_units",
            "valid_from",
            "valid_until",
            "next_follow_up_at",
            "revision",
            "updated_at",
        ]
    )
    _event(
        case,
        actor=actor,
        kind=PaEventKind.APPROVAL,
        at=now,
        from_status=current,
        to_status=PaStatus.APPROVED,
        note=note.strip(),
        data={
            "approved_units": approved_units,
            "valid_from": str(valid_from),
            "valid_until": str(valid_until),
        },
    )
    audit_record(
        actor=actor,
        action="pa_case.approved",
        obj=case,
        patient_id=case.patient_id,
        data={
            "from": current,
            "fields": ["authorization_number", "approved_units", "valid_from", "valid_until"],
            "revision": case.revision,
        },
    )
    return case


@transaction.atomic
def pa_case_note(*, actor: User, case: PaCase, text: str) -> PaEvent:
    """A note on the case's timeline."""
    text = text.strip()
    if not text:
        raise DocumentInvalid({"text": ["write the note"]})
    if len(text) > 4000:
        raise DocumentInvalid({"text": ["at most 4000 characters"]})
    event = _event(case, actor=actor, kind=PaEventKind.NOTE, at=timezone.now(), note=text)
    audit_record(
        actor=actor, action="pa_case.noted", obj=case, patient_id=case.patient_id, data={"event": event.pk}
    )
    return event


@transaction.atomic
def pa_case_record_units(*, actor: User, case: PaCase, used_units: int, revision: int) -> PaCase:
    """How many of an approval's units (sessions) have been used; the renewal sweep reads it."""
    case = _locked(case)
    _check_revision(case, revision)
    if case.status != PaStatus.APPROVED:
        raise _conflict(
            f"units are recorded on an approved case; this one is {case.status}", PaStatus(case.status)
        )
    errors: dict[str, list[str]] = {}
    if used_units < case.used_units:
        errors["used_units"] = [f"cannot go down (already {case.used_units} recorded)"]
    elif case.approved_units is not None and used_units > case.approved_units:
        errors["used_units"] = [f"more than the {case.approved_units} approved"]
    if errors:
        raise DocumentInvalid(errors)
    before = case.used_units
    case.used_units = used_units
    case.revision += 1
    case.save(update_fields=["used_units", "revision", "updated_at"])
    _event(
        case,
        actor=actor,
        kind=PaEventKind.NOTE,
        at=timezone.now(),
        note=f"Units used: {before} → {used_units}",
        data={"used_units": used_units},
    )
    audit_record(
        actor=actor,
        action="pa_case.units_recorded",
        obj=case,
        patient_id=case.patient_id,
        data={"fields": ["used_units"]},
    )
    return case


# --- Benefits checks --------------------------------------------------------------------------------


@transaction.atomic
def benefits_check_record(
    *,
    actor: User,
    coverage: Coverage,
    treatment: str,
    method: str,
    coverage_status: str,
    pa_required: bool | None = None,
    deductible: Decimal = Decimal("0"),
    deductible_met: Decimal = Decimal("0"),
    coinsurance_pct: Decimal = Decimal("0"),
    copay: Decimal = Decimal("0"),
    oop_max: Decimal | None = None,
    oop_met: Decimal = Decimal("0"),
    visit_limit: int | None = None,
    visits_used: int = 0,
    reference: str = "",
    note: str = "",
) -> BenefitsCheck:
    """The result of a phone, portal or gateway check for one coverage and treatment."""
    errors: dict[str, list[str]] = {}
    if method not in CheckMethod.values or method == CheckMethod.PENDING:
        errors["method"] = ["choose phone, portal or gateway"]
    if coverage_status not in CoverageStatus.values:
        errors["coverage_status"] = [f"choose one of {', '.join(CoverageStatus.values)}"]
    values = {"deductible": deductible, "deductible_met": deductible_met, "copay": copay, "oop_met": oop_met}
    for name, value in values.items():
        if value < 0:
            errors[name] = ["cannot be negative"]
    if oop_max is not None and oop_max < 0:
        errors["oop_max"] = ["cannot be negative"]
    if not Decimal("0") <= coinsurance_pct <= Decimal("100"):
        errors["coinsurance_pct"] = ["between 0 and 100"]
    if deductible_met > deductible:
        errors.setdefault("deductible_met", []).append("more than the deductible")
    if oop_max is not None and oop_met > oop_max:
        errors.setdefault("oop_met", []).append("more than the out-of-pocket maximum")
    if visit_limit is not None and visit_limit < 0:
        errors["visit_limit"] = ["cannot be negative"]
    if visits_used < 0:
        errors["visits_used"] = ["cannot be negative"]
    if errors:
        raise DocumentInvalid(errors)
    check = BenefitsCheck.objects.create(
        coverage=coverage,
        treatment=treatment,
        recorded_by=actor,
        recorded_at=timezone.now(),
        method=method,
        coverage_status=coverage_status,
        pa_required=pa_required,
        deductible=deductible,
        deductible_met=deductible_met,
        coinsurance_pct=coinsurance_pct,
        copay=copay,
        oop_max=oop_max,
        oop_met=oop_met,
        visit_limit=visit_limit,
        visits_used=visits_used,
        reference=reference.strip(),
        note=note.strip(),
    )
    audit_record(
        actor=actor,
        action="benefits_check.recorded",
        obj=check,
        patient_id=coverage.patient_id,
        data={"coverage": str(coverage.id), "treatment": treatment, "method": method},
    )
    return check


@transaction.atomic
def benefits_check_request(
    *, actor: User, coverage: Coverage, treatment: str, gateway: BenefitsGateway = DEFAULT_GATEWAY
) -> BenefitsCheck:
    """Ask the gateway for a check; the manual gateway records a pending task for a coordinator."""
    check = gateway.request_check(actor=actor, coverage=coverage, treatment=treatment)
    audit_record(
        actor=actor,
        action="benefits_check.requested",
        obj=check,
        patient_id=coverage.patient_id,
        data={"coverage": str(coverage.id), "treatment": treatment, "gateway": gateway.name},
    )
    return check

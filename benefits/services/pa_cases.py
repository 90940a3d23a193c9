"""Creating a PA case from an evaluation, moving it through its states, its checklist, its
owner and its notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, cast

from django.db import transaction
from django.utils import timezone

from elevium.accounts.models import User
from elevium.accounts.roles import Role
from elevium.audit.services import audit_record
from eligibility.models import Evaluation
from reassessment.errors import DocumentInvalid

from .. import checklist as checklist_rules
from ..deadlines import decision_due, reminder_schedule
from ..models import (
    Coverage,
    CoveragePolicy,
    PaCase,
    PaChecklistItem,
    PaEvent,
    PaEventKind,
    Priority,
    SatisfiedBy,
)
from ..policies import decision_timeframe, policy_for
from ..transitions import (
    TERMINAL,
    PaStatus,
    check_transition,
    same_state_is_noop,
)
from .case_writes import (
    CHECKLIST_EDITABLE,
    audit_unchanged,
    check_revision,
    conflict,
    documents_needed,
    event,
    locked,
)

# --- Creating a case -------------------------------------------------------------------------------


def _policy_for_new_case(
    *, evaluation: Evaluation, treatment: str, coverage: Coverage, priority: str
) -> CoveragePolicy | None:
    """The policy a new case is asked under (None: neither plan nor payer has one), or
    DocumentInvalid with every reason the case cannot be started."""
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
    return policy


def _checklist_rows(case: PaCase, entries: Sequence[checklist_rules.ChecklistEntry]) -> None:
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
            finding=entry.finding,
        )
        for index, entry in enumerate(entries)
    )


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
    policy = _policy_for_new_case(
        evaluation=evaluation, treatment=treatment, coverage=coverage, priority=priority
    )
    entries = checklist_rules.derive_checklist(
        treatment=cast(Any, treatment),
        policy=policy.to_engine() if policy is not None else None,
        documents_wanted=policy.documents_wanted if policy is not None else (),
        document=evaluation.input_document,
        as_of=evaluation.as_of,  # the evaluation's clock, not today's: see benefits/checklist.py
        stored_report=evaluation.report_model,
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
    _checklist_rows(case, entries)
    event(case, actor=actor, kind=PaEventKind.CREATED, at=now, to_status=PaStatus.DRAFT)
    open_items = checklist_rules.missing(entries)
    if open_items:
        documents_needed(case, actor=actor, at=now, missing=open_items, revise=False)
    _audit_created(actor, case, open_items)
    return case


def _audit_created(actor: User, case: PaCase, missing: list[str]) -> None:
    audit_record(
        actor=actor,
        action="pa_case.created",
        obj=case,
        patient_id=case.patient_id,
        data={
            "evaluation": str(case.evaluation_id),
            "coverage": str(case.coverage_id),
            "policy": case.policy_id,
            "treatment": case.treatment,
            "status": case.status,
            "missing": missing,
        },
    )


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


def _wanted_status(to: str) -> PaStatus:
    try:
        return PaStatus(to)
    except ValueError:
        raise DocumentInvalid({"to": [f"not a status; choose one of {', '.join(PaStatus)}"]}) from None


def _check_move(case: PaCase, current: PaStatus, wanted: PaStatus) -> None:
    """Conflict for an illegal move, ChecklistIncomplete (400) for ready_to_submit with items
    open, and DocumentInvalid for approval, which needs the authorization recorded with it."""
    items = list(case.checklist.all())
    missing = checklist_rules.missing(items) if wanted == PaStatus.READY_TO_SUBMIT else None
    # IllegalTransition (409) and ChecklistIncomplete (400) are the project's errors already.
    check_transition(current, wanted, missing=missing)
    if wanted in (PaStatus.READY_TO_SUBMIT, PaStatus.SUBMITTED):
        # A required item still open, or ticked against the evaluation with no justification
        # (a row from before justifications, or a resubmission after the payer asked for more).
        blockers = checklist_rules.unjustified(items)
        if blockers:
            raise conflict(checklist_rules.blockers_sentence(blockers), current)
    if wanted == PaStatus.APPROVED:
        raise DocumentInvalid(
            {"to": ["record the approval with its authorization number, units and validity dates"]}
        )


def _move(case: PaCase, wanted: PaStatus, now: dt.datetime) -> dict[str, Any]:
    """Set the new status and what it starts or stops on the case; the timeline event's data."""
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
    return data


@transaction.atomic
def pa_case_transition(*, actor: User, case: PaCase, to: str, revision: int, note: str = "") -> PaCase:
    """Move the case to ``to``. Repeating the current state is a no-op returning the case
    unchanged (a double-clicked or retried submission), checked before the revision so a retry
    of a request that already went through does not turn into a conflict. Approval goes through
    :func:`pa_case_record_approval`, which records the authorization with it."""
    wanted = _wanted_status(to)
    case = locked(case)
    current = PaStatus(case.status)
    if same_state_is_noop(current, wanted):
        audit_unchanged(actor, case, "transition")
        return case
    check_revision(case, revision)
    _check_move(case, current, wanted)
    now = timezone.now()
    data = _move(case, wanted, now)
    event(
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


# --- Checklist, owner, notes -------------------------------------------------------------------------


def checklist_item(case: PaCase, code: str) -> PaChecklistItem:
    try:
        return case.checklist.select_for_update().get(code=code)
    except PaChecklistItem.DoesNotExist:
        raise DocumentInvalid({"code": ["This case has no such checklist item; reload the page."]}) from None


def _tick_errors(item: PaChecklistItem, *, satisfied: bool, note: str, justification: str) -> None:
    """Every reason this item cannot be ticked so, by field, in sentences (400)."""
    if not satisfied or item.satisfied:
        return
    errors: dict[str, list[str]] = {}
    problem = checklist_rules.tick_problem(item, justification=justification)
    if problem:
        errors["justification"] = [problem]
    if not note and not item.evidence and not item.note and not item.attachments.exists():
        errors["note"] = ["Say what satisfies this item (document, date, reference) or attach the document."]
    if errors:
        raise DocumentInvalid(errors)


@transaction.atomic
def pa_case_checklist_mark(
    *, actor: User, case: PaCase, code: str, satisfied: bool, note: str = "", justification: str = ""
) -> PaChecklistItem:
    """Mark one item satisfied (with the evidence in ``note`` or an attached document) or open
    again. A payer criterion the evaluation found unmet needs a ``justification``, kept with the
    item and sent in the packet. Opening a required item of a ready_to_submit case sends it back
    to documents_needed (and drops its justification: a new tick needs a new one)."""
    case = locked(case)
    status = PaStatus(case.status)
    if status not in CHECKLIST_EDITABLE:
        raise conflict(
            f"The checklist of a case that is {case.get_status_display().lower()} cannot change.", status
        )
    item = checklist_item(case, code)
    note, justification = note.strip(), justification.strip()
    _tick_errors(item, satisfied=satisfied, note=note, justification=justification)
    now = timezone.now()
    item.satisfied = satisfied
    item.satisfied_by = SatisfiedBy.COORDINATOR if satisfied else SatisfiedBy.NONE
    if note:
        item.note = note
    if satisfied and justification:
        item.justification = justification
    elif not satisfied:
        item.justification = ""
    item.save(update_fields=["satisfied", "satisfied_by", "note", "justification", "updated_at"])
    data = {"code": code, "satisfied": satisfied, "justified": bool(satisfied and justification)}
    text = f"{note} Justification: {justification}".strip() if satisfied and justification else note
    event(case, actor=actor, kind=PaEventKind.CHECKLIST, at=now, note=text, data=data)
    if status == PaStatus.READY_TO_SUBMIT and item.required and not satisfied:
        documents_needed(case, actor=actor, at=now, missing=[code], revise=True)
    audit_record(
        actor=actor,
        action="pa_case.checklist_marked",
        obj=case,
        patient_id=case.patient_id,
        data={**data, "status": case.status},
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
def pa_case_note(*, actor: User, case: PaCase, text: str) -> PaEvent:
    """A note on the case's timeline."""
    text = text.strip()
    if not text:
        raise DocumentInvalid({"text": ["write the note"]})
    if len(text) > 4000:
        raise DocumentInvalid({"text": ["at most 4000 characters"]})
    note = event(case, actor=actor, kind=PaEventKind.NOTE, at=timezone.now(), note=text)
    audit_record(
        actor=actor, action="pa_case.noted", obj=case, patient_id=case.patient_id, data={"event": note.pk}
    )
    return note

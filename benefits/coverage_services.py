"""Every write to a patient's coverages (kept apart from benefits/services.py, which holds the PA
case and benefits-check writes): keyword-only, atomic, given the acting user, audited with ids and
field names only (a member id is the patient's data, never put in an event).

A coverage change also marks the patient's evaluations out of date in the same transaction:
their prior-authorization gaps were worked out against the coverage as it was, and the patient
page offers a re-evaluation (eligibility.services.evaluations_refresh_for_patient).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from elevium.accounts.models import User
from elevium.audit.services import audit_record
from elevium.lib.errors import Refused, StaleRevision
from eligibility.services import evaluations_mark_coverage_changed
from patients.models import Patient
from reassessment.errors import DocumentInvalid

from .models import Coverage, CoverageRank, Plan

EDITABLE = ("plan", "member_id", "group_number", "rank", "valid_from", "valid_to")


class CoverageEnded(Refused):
    """The coverage has already ended: ending it again is refused (HTTP 409)."""

    def __init__(self) -> None:
        super().__init__("This coverage has already ended; edit it to change its dates.")


class CoverageStale(StaleRevision):
    """Someone changed the coverage since the editor read it (HTTP 409): nothing is saved."""

    def __init__(self, *, coverage: Coverage, given: int) -> None:
        super().__init__(
            "This coverage was changed by someone else since you opened it; your changes were not "
            "saved. Your values are kept below: reload the coverage, then make your changes again.",
            status="ended" if coverage.valid_to else "active",
            allowed=[],
            current=coverage.revision,
            given=given,
        )
        self.revision = coverage.revision

    def body(self) -> dict[str, Any]:
        return {**super().body(), "revision": self.revision}


def _validate(values: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    if not str(values.get("member_id") or "").strip():
        errors["member_id"] = ["Enter the member id printed on the insurance card."]
    if values.get("rank") not in CoverageRank.values:
        errors["rank"] = ["Choose primary or secondary."]
    start, end = values.get("valid_from"), values.get("valid_to")
    if start is not None and end is not None and end < start:
        errors["valid_to"] = ["The coverage cannot end before it starts."]
    if errors:
        raise DocumentInvalid(errors)


def _mark_evaluations(coverage: Coverage) -> int:
    return evaluations_mark_coverage_changed(patient_id=coverage.patient_id)


@transaction.atomic
def coverage_create(
    *,
    actor: User,
    patient: Patient,
    plan: Plan,
    member_id: str,
    group_number: str = "",
    rank: str = CoverageRank.PRIMARY,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
) -> Coverage:
    """Add a coverage to the patient's record."""
    values = {
        "plan": plan,
        "member_id": member_id.strip(),
        "group_number": group_number.strip(),
        "rank": rank,
        "valid_from": valid_from,
        "valid_to": valid_to,
    }
    _validate(values)
    coverage = Coverage.objects.create(patient=patient, **values)
    marked = _mark_evaluations(coverage)
    audit_record(
        actor=actor,
        action="coverage.created",
        obj=coverage,
        patient_id=patient.id,
        data={"plan": plan.pk, "rank": rank, "evaluations_marked_stale": marked},
    )
    return coverage


@transaction.atomic
def coverage_update(
    *, actor: User, coverage: Coverage, revision: int | None = None, **changes: Any
) -> Coverage:
    """Change some of a coverage's fields (``EDITABLE``); the audit event names the fields.

    ``revision`` is the one the editor read: when it is not the current one the edit is refused
    (``CoverageStale``). The pages always send it; an API client may leave it out."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise DocumentInvalid({name: ["This field cannot be changed here."] for name in sorted(unknown)})
    coverage = Coverage.objects.select_for_update().select_related("plan__payer").get(pk=coverage.pk)
    if revision is not None and revision != coverage.revision:
        raise CoverageStale(coverage=coverage, given=revision)
    for text in ("member_id", "group_number"):
        if text in changes:
            changes[text] = str(changes[text]).strip()
    values = {name: getattr(coverage, name) for name in EDITABLE} | changes
    _validate(values)
    changed = [name for name, value in changes.items() if getattr(coverage, name) != value]
    if not changed:
        return coverage
    for name in changed:
        setattr(coverage, name, changes[name])
    coverage.revision += 1
    coverage.save(update_fields=[*changed, "revision"])
    marked = _mark_evaluations(coverage)
    audit_record(
        actor=actor,
        action="coverage.updated",
        obj=coverage,
        patient_id=coverage.patient_id,
        data={"fields": sorted(changed), "evaluations_marked_stale": marked},
    )
    return coverage


@transaction.atomic
def coverage_end(*, actor: User, coverage: Coverage, valid_to: dt.date) -> Coverage:
    """End a coverage on ``valid_to`` (its last day). A coverage that has already ended is left
    as it is: correct its dates with :func:`coverage_update` instead."""
    coverage = Coverage.objects.select_for_update().get(pk=coverage.pk)
    if coverage.valid_to is not None:
        raise CoverageEnded
    if valid_to < coverage.valid_from:
        raise DocumentInvalid({"valid_to": ["The coverage cannot end before it starts."]})
    coverage.valid_to = valid_to
    coverage.revision += 1
    coverage.save(update_fields=["valid_to", "revision"])
    marked = _mark_evaluations(coverage)
    audit_record(
        actor=actor,
        action="coverage.ended",
        obj=coverage,
        patient_id=coverage.patient_id,
        data={"fields": ["valid_to"], "evaluations_marked_stale": marked},
    )
    return coverage

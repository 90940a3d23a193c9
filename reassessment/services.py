"""Every write of a reassessment: atomic, given the acting user, audited in the same transaction.

The document is validated whole on every save (pydantic, then dates against today), so a
draft is never stored half-valid; computed values are derived here, never typed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from pydantic import ValidationError

from elevium.accounts.models import User
from elevium.audit.services import audit_record
from patients.models import Patient

from .computed import compute
from .dates import date_errors
from .documents import PatientFacts, ReassessmentDocument
from .errors import Conflict, DocumentInvalid, StaleRevision
from .models import Reassessment, SafetyAction, SafetyActionKind, ScoreObservation
from .scales import phq9_result, scale_band
from .transitions import IllegalTransition, Status, check_transition

SECTIONS = tuple(
    name for name in ReassessmentDocument.model_fields if name not in {"schema_version", "patient"}
)


def _today() -> dt.date:
    return timezone.localdate()


def _patient_facts(patient: Patient) -> dict[str, Any]:
    return PatientFacts(date_of_birth=patient.date_of_birth, sex_at_birth=patient.sex_at_birth).model_dump(
        mode="json"
    )


def document_validate(data: dict[str, Any], *, patient: Patient) -> ReassessmentDocument:
    """Parse ``data`` into a document for ``patient``, or raise DocumentInvalid with every error."""
    if not isinstance(data, dict):
        raise DocumentInvalid({"non_field_errors": ["expected a JSON object"]})
    given_patient = data.get("patient")
    if isinstance(given_patient, dict) and given_patient.get("date_of_birth") not in (
        None,
        patient.date_of_birth.isoformat(),
    ):
        # An imported file for someone else must not land on this record.
        raise DocumentInvalid({"patient.date_of_birth": ["does not match this patient's record"]})
    try:
        document = ReassessmentDocument.model_validate({**data, "patient": _patient_facts(patient)})
    except ValidationError as exc:
        raise DocumentInvalid.from_pydantic(exc) from None
    errors = date_errors(document, today=_today())
    if errors:
        raise DocumentInvalid({path: [message] for path, message in errors.items()})
    return document


def _store(reassessment: Reassessment, document: ReassessmentDocument) -> None:
    summary = compute(document, as_of=document.assessed_on)
    reassessment.document_model = document
    reassessment.computed = summary.model_dump(mode="json")
    reassessment.assessed_on = document.assessed_on
    reassessment.safety_flag = summary.safety.banner


def _write_observations(reassessment: Reassessment, document: ReassessmentDocument) -> None:
    reassessment.score_observations.all().delete()
    rows = [
        ScoreObservation(
            patient_id=reassessment.patient_id,
            reassessment=reassessment,
            scale="phq9",
            administered_on=phq.administered_on,
            total=result.total,
            band=result.band,
            item9=result.item9,
        )
        for phq in document.measurement.phq9
        for result in [phq9_result(phq)]
    ]
    rows += [
        ScoreObservation(
            patient_id=reassessment.patient_id,
            reassessment=reassessment,
            scale=score.scale,
            administered_on=score.administered_on,
            total=score.total,
            band=scale_band(score.scale, score.total),
        )
        for score in document.measurement.other_scores
    ]
    ScoreObservation.objects.bulk_create(rows)


def _audit(actor: User, action: str, reassessment: Reassessment, **data: Any) -> None:
    audit_record(actor=actor, action=action, obj=reassessment, patient_id=reassessment.patient_id, data=data)


def _lock(reassessment: Reassessment) -> Reassessment:
    """Re-read the row under a lock, so two saves of one reassessment are taken one at a time."""
    return Reassessment.objects.select_for_update().get(pk=reassessment.pk)


def _save_revised(current: Reassessment, fields: list[str] | None) -> None:
    """Save ``fields`` (None: every field) with the revision counted up by the database, so two
    saves never number the same revision, and read the new number back."""
    current.revision = F("revision") + 1
    current.save(update_fields=None if fields is None else [*fields, "revision", "updated_at"])
    current.refresh_from_db(fields=["revision"])


def _check_revision(current: Reassessment, revision: int | None) -> None:
    if revision is not None and revision != current.revision:
        raise StaleRevision(status=Status(current.status), current=current.revision, given=revision)


@transaction.atomic
def reassessment_create(
    *, actor: User, patient: Patient, document: dict[str, Any] | None = None, imported: bool = False
) -> Reassessment:
    """A new draft for ``patient``: blank (dated today), or from a submitted or imported document."""
    data = document if document is not None else {"assessed_on": _today().isoformat()}
    parsed = document_validate(data, patient=patient)
    reassessment = Reassessment(patient=patient, author=actor)
    _store(reassessment, parsed)
    reassessment.save()
    _write_observations(reassessment, parsed)
    _audit(actor, "reassessment.imported" if imported else "reassessment.created", reassessment)
    return reassessment


@transaction.atomic
def reassessment_update(
    *,
    actor: User,
    reassessment: Reassessment,
    document: dict[str, Any],
    revision: int | None,
    autosave: bool = False,
) -> Reassessment:
    """Replace the whole document of an editable reassessment. Editing a complete one returns it
    to draft: what was declared ready has changed."""
    current = _lock(reassessment)
    if not current.is_editable:
        raise Conflict(
            f"a {current.status} reassessment cannot be edited; amend it instead",
            status=Status(current.status),
        )
    _check_revision(current, revision)
    before = current.document
    _store(current, document_validate(document, patient=current.patient))
    changed = sorted(name for name in SECTIONS if before.get(name) != current.document.get(name))
    if current.status == Status.COMPLETE and changed:
        current.status, current.completed_at = Status.DRAFT, None
    _save_revised(current, None)
    _write_observations(current, current.document_model)
    marks = {"autosave": True} if autosave else {}
    _audit(actor, "reassessment.updated", current, sections=changed, **marks)
    return current


@transaction.atomic
def reassessment_autosave(
    *, actor: User, reassessment: Reassessment, document: dict[str, Any], revision: int
) -> Reassessment:
    """A section saved while the clinician types (the intake page's autosave): refused as any
    save is (not editable: 409; stale revision: 409; invalid: 400), but one that changes nothing
    writes nothing, counts no revision and records no event.

    Audit choice: every autosave that changes the document is one "reassessment.updated" event
    (marked as an autosave), exactly like the section's Save button, because each is a state the
    record was in. Events are never merged or dropped after the fact (the trail is append-only);
    what keeps a burst of keystrokes from becoming hundreds of events is upstream: the page
    posts once the typing pauses (and at most every few seconds while it goes on), and a post
    that changes nothing is not a write.
    """
    current = _lock(reassessment)
    if not current.is_editable:
        raise Conflict(
            f"a {current.status} reassessment cannot be edited; amend it instead",
            status=Status(current.status),
        )
    _check_revision(current, revision)
    parsed = document_validate(document, patient=current.patient)
    if parsed.model_dump(mode="json") == current.document_model.model_dump(mode="json"):
        return current
    return reassessment_update(
        actor=actor, reassessment=current, document=document, revision=revision, autosave=True
    )


def reassessment_update_section(
    *, actor: User, reassessment: Reassessment, section: str, value: Any, revision: int | None
) -> Reassessment:
    """Replace one section (the browser saves section by section); the whole document is revalidated."""
    if section not in SECTIONS:
        raise DocumentInvalid({section: ["unknown section"]})
    document = {**reassessment.document, section: value}
    return reassessment_update(actor=actor, reassessment=reassessment, document=document, revision=revision)


def _transition(current: Reassessment, wanted: Status) -> None:
    try:
        check_transition(Status(current.status), wanted)
    except IllegalTransition as exc:
        raise Conflict(str(exc), status=exc.current) from None


@transaction.atomic
def reassessment_complete(*, actor: User, reassessment: Reassessment, revision: int | None) -> Reassessment:
    """Mark ready to sign. Needs a diagnosis, a PHQ-9 and a C-SSRS, and a recorded action on any
    raised safety flag: a high-risk answer is never carried forward silently."""
    current = _lock(reassessment)
    _check_revision(current, revision)
    _transition(current, Status.COMPLETE)
    document = current.document_model
    missing: dict[str, list[str]] = {}
    if document.diagnosis.icd10_code is None:
        missing["diagnosis.icd10_code"] = ["a primary diagnosis is required to complete"]
    if not document.measurement.phq9:
        missing["measurement.phq9"] = ["a PHQ-9 is required to complete"]
    if document.safety.cssrs is None:
        missing["safety.cssrs"] = ["the C-SSRS screener is required to complete"]
    if current.safety_flag and not current.safety_actions.exists():
        missing["safety"] = ["the safety flag is raised: record the action taken before completing"]
    if missing:
        raise DocumentInvalid(missing)
    current.status, current.completed_at = Status.COMPLETE, timezone.now()
    _save_revised(current, ["status", "completed_at"])
    _audit(actor, "reassessment.completed", current)
    return current


@transaction.atomic
def reassessment_reopen(*, actor: User, reassessment: Reassessment, revision: int | None) -> Reassessment:
    current = _lock(reassessment)
    _check_revision(current, revision)
    _transition(current, Status.DRAFT)
    current.status, current.completed_at = Status.DRAFT, None
    _save_revised(current, ["status", "completed_at"])
    _audit(actor, "reassessment.reopened", current)
    return current


@transaction.atomic
def reassessment_sign(*, actor: User, reassessment: Reassessment, revision: int | None) -> Reassessment:
    """Sign: the record becomes immutable. Signing an amendment marks the version it replaces."""
    current = _lock(reassessment)
    _check_revision(current, revision)
    _transition(current, Status.SIGNED)
    now = timezone.now()
    current.status, current.signed_at, current.signed_by = Status.SIGNED, now, actor
    _save_revised(current, ["status", "signed_at", "signed_by"])
    if current.supersedes is not None:
        replaced = _lock(current.supersedes)
        _transition(replaced, Status.AMENDED)
        replaced.status = Status.AMENDED
        replaced.save(update_fields=["status", "updated_at"])
        _audit(actor, "reassessment.amended", replaced, by=str(current.id))
    _audit(actor, "reassessment.signed", current)
    return current


@transaction.atomic
def reassessment_amend(*, actor: User, reassessment: Reassessment) -> Reassessment:
    """Start an amendment of a signed reassessment: a new draft version that replaces it when signed."""
    current = _lock(reassessment)
    if current.status != Status.SIGNED:
        raise Conflict(
            f"only a signed reassessment can be amended; this one is {current.status}",
            status=Status(current.status),
        )
    if Reassessment.objects.filter(supersedes=current).exists():
        raise Conflict(
            "an amendment of this reassessment is already under way", status=Status(current.status)
        )
    amendment = Reassessment(
        patient_id=current.patient_id,
        author=actor,
        version=current.version + 1,
        supersedes=current,
        document=current.document,
        computed=current.computed,
        assessed_on=current.assessed_on,
        safety_flag=current.safety_flag,
    )
    amendment.save()
    _write_observations(amendment, current.document_model)
    _audit(actor, "reassessment.amendment_started", amendment, amends=str(current.id))
    return amendment


@transaction.atomic
def safety_action_record(*, actor: User, reassessment: Reassessment, kind: str, note: str) -> SafetyAction:
    """Record what was done about a raised safety flag; allowed in any state, as care does not wait."""
    note = note.strip()
    errors: dict[str, list[str]] = {}
    if kind not in SafetyActionKind.values:
        errors["kind"] = ["choose one of the listed actions"]
    if len(note) < 10:
        errors["note"] = ["describe what was done (at least 10 characters)"]
    if errors:
        raise DocumentInvalid(errors)
    action = SafetyAction.objects.create(reassessment=reassessment, kind=kind, note=note, recorded_by=actor)
    audit_record(
        actor=actor,
        action="safety_action.recorded",
        obj=action,
        patient_id=reassessment.patient_id,
        data={"reassessment": str(reassessment.id)},
    )
    return action

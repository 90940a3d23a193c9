"""The audit-coverage table: for each method of each patient-data URL, a request an allowed role
makes successfully and the audit actions it must leave; for a write, also a request it refuses."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from benefits.services.letters import letter_finalize, letter_save_version
from eligibility.services import STATUSES
from patients.models import Patient

from .booking_ops import BOOKING_OPS
from .course_ops import COURSE_OPS
from .course_page_ops import COURSE_PAGE_OPS
from .patient_records import ADMIN, CLIN, COORD, REV, Op, World


def _patient_form(w: World, **changes: Any) -> dict[str, Any]:
    p = w.patient
    values = {
        "mrn": p.mrn,
        "family_name": p.family_name,
        "given_name": p.given_name,
        "date_of_birth": p.date_of_birth.isoformat(),
        "sex_at_birth": p.sex_at_birth,
        "gender_identity": "",
        "revision": p.revision,
    }
    return {**values, **changes}


NEW_PATIENT = {
    "mrn": "AUD-0001",
    "family_name": "Okafor",
    "given_name": "Ada",
    "date_of_birth": "1980-01-01",
    "sex_at_birth": "female",
    "gender_identity": "",
}


def _attachment_body(w: World, data: bytes = b"%PDF-1.4\n%%EOF\n") -> dict[str, Any]:
    """A multipart body: the open case's first open item and a file (a PDF unless ``data`` says)."""
    return {
        "code": w.open_item(),
        "file": SimpleUploadedFile("order.pdf", data, content_type="application/pdf"),
    }


def _new_patient(w: World) -> uuid.UUID:
    return Patient.objects.get(mrn="AUD-0001").id


def _coverage_form(w: World, **changes: Any) -> dict[str, Any]:
    values = {
        "patient": str(w.patient.id),
        "plan": str(w.plan.pk),
        "member_id": "M-9",
        "group_number": "",
        "rank": "primary",
        "valid_from": "2025-01-01",
        "valid_to": "",
    }
    return {**values, **changes}


def _new_coverage(w: World, **changes: Any) -> dict[str, Any]:
    values = {
        "plan": str(w.plan.pk),
        "member_id": "M-NEW",
        "group_number": "",
        "rank": "secondary",
        "valid_from": "2026-01-01",
        "valid_to": "",
    }
    return {**values, **changes}


LETTER_TEXT = "I ask that TMS be authorized for this patient, who has failed three adequate trials."


def _letter_saved(w: World) -> Any:
    # A justification long enough to finalize whatever payer gaps the world's evaluation has.
    return letter_save_version(
        actor=w.clinician, case=w.case, narrative=LETTER_TEXT, justification=LETTER_TEXT, revision=0
    )


def _letter_finalized(w: World) -> Any:
    _letter_saved(w)
    return letter_finalize(actor=w.clinician, case=w.case, revision=1, unmet=())


def _changed_batch(w: World) -> Any:
    """A finished batch whose evaluation of the patient changed a status (built once per world:
    the URL is asked for more than once)."""
    from eligibility.models import BatchRun, Evaluation

    if hasattr(w, "changed_batch_evaluation"):
        return w.changed_batch_evaluation
    older = w.evaluation
    batch = BatchRun.objects.create(requested_by=w.clinician, status="done")
    newer = Evaluation.objects.get(pk=older.pk)
    newer.pk = newer.id = uuid.uuid4()
    newer.batch = batch
    newer.statuses = {
        **older.statuses,
        "tms": "needs_information" if older.statuses["tms"] != "needs_information" else "eligible",
    }
    newer.save(force_insert=True)
    w.changed_batch_evaluation = newer  # type: ignore[attr-defined]
    return newer


def _accepted(w: World) -> None:
    from eligibility.services import decision_record

    treatment = next(
        t for t, s in w.evaluation.statuses.items() if s in ("eligible", "eligible_with_cautions")
    )
    decision_record(actor=w.clinician, evaluation=w.evaluation, treatment=treatment, kind="accept", reason="")


def _coverage_changed(w: World) -> None:
    from benefits.coverage_services import coverage_update

    w.evaluation  # noqa: B018 - an evaluation to go out of date
    coverage_update(actor=w.coordinator, coverage=w.coverage, member_id="M-CHANGED")


def _approval(w: World, **changes: Any) -> dict[str, Any]:
    values = {
        "authorization_number": "AUTH-9",
        "approved_units": 36,
        "valid_from": "2026-03-01",
        "valid_until": "2026-05-31",
        "revision": w.revision_of(w.pending_case),
    }
    return {**values, **changes}


CHECK = {"treatment": "tms", "method": "phone", "coverage_status": "active"}
PRICES = {"treatment": "tms", "price_initial": "400.00", "price_subsequent": "250.00"}
SAFETY = {"kind": "safety_plan", "note": "Safety plan written with the patient today."}
DIAGNOSIS = {"icd10_code": "F33.2", "severity": "severe", "psychotic_features": "no", "then": "stay"}

OPS: list[Op] = [
    # Patients
    Op("patients:patient-list", "GET", REV, 200, ("patient.listed",), prepare=lambda w: w.patient),
    Op(
        "patients:patient-list",
        "POST",
        CLIN,
        200,
        ("patient.listed",),
        label="search",
        body=lambda w: {"q": w.patient.mrn},
    ),
    Op("patients:patient-detail", "GET", COORD, 200, ("patient.viewed",)),
    Op(
        "patients:patient-new",
        "POST",
        CLIN,
        302,
        ("patient.created",),
        body=lambda w: NEW_PATIENT,
        patient=_new_patient,
        write="patient.created",
        bad_body=lambda w: {**NEW_PATIENT, "date_of_birth": "2999-01-01"},
        bad_status=400,
    ),
    Op("patients:patient-edit", "GET", CLIN, 200, ("patient.viewed",)),
    Op(
        "patients:patient-edit",
        "POST",
        COORD,
        302,
        ("patient.viewed", "patient.updated"),
        body=lambda w: _patient_form(w, given_name="Changed"),
        write="patient.updated",
        bad_body=lambda w: _patient_form(w, given_name="Changed", date_of_birth="2999-01-01"),
        bad_status=400,
    ),
    Op("patients-api:patient-list", "GET", REV, 200, ("patient.listed",), prepare=lambda w: w.patient),
    Op(
        "patients-api:patient-list",
        "POST",
        CLIN,
        201,
        ("patient.created",),
        body=lambda w: NEW_PATIENT,
        patient=_new_patient,
        write="patient.created",
        bad_body=lambda w: {**NEW_PATIENT, "date_of_birth": "2999-01-01"},
        bad_status=400,
    ),
    Op(
        "patients-api:patient-search",
        "POST",
        COORD,
        200,
        ("patient.listed",),
        body=lambda w: {"q": w.patient.mrn},
    ),
    Op("patients-api:patient-detail", "GET", REV, 200, ("patient.viewed",)),
    Op(
        "patients-api:patient-detail",
        "PATCH",
        CLIN,
        200,
        ("patient.viewed", "patient.updated"),
        body=lambda w: {"given_name": "Changed", "revision": w.patient.revision},
        write="patient.updated",
        bad_body=lambda w: {
            "given_name": "Changed",
            "date_of_birth": "2999-01-01",
            "revision": w.patient.revision,
        },
        bad_status=400,
    ),
    # Reassessment pages
    Op(
        "reassessment:start",
        "POST",
        CLIN,
        302,
        ("patient.viewed", "reassessment.created"),
        write="reassessment.created",
    ),
    Op("reassessment:summary", "GET", REV, 200, ("reassessment.viewed",)),
    Op("reassessment:section", "GET", CLIN, 200, ("reassessment.viewed",)),
    Op(
        "reassessment:section",
        "POST",
        CLIN,
        302,
        ("reassessment.viewed", "reassessment.updated"),
        body=lambda w: {**DIAGNOSIS, "revision": w.revision_of(w.draft)},
        write="reassessment.updated",
        bad_body=lambda w: {**DIAGNOSIS, "severity": "catastrophic", "revision": w.revision_of(w.draft)},
        bad_status=400,
    ),
    # The intake's autosave: no read recorded (its answer shows nothing of the record), the
    # change audited as the Save button's is, marked as an autosave.
    Op(
        "reassessment:autosave",
        "POST",
        CLIN,
        200,
        ("reassessment.updated",),
        body=lambda w: {**DIAGNOSIS, "icd10_code": "F33.1", "revision": w.revision_of(w.draft)},
        write="reassessment.updated",
        bad_body=lambda w: {**DIAGNOSIS, "severity": "catastrophic", "revision": w.revision_of(w.draft)},
        bad_status=400,
    ),
    Op(
        "reassessment:safety-action",
        "POST",
        CLIN,
        302,
        ("safety_action.recorded",),
        body=lambda w: SAFETY,
        write="safety_action.recorded",
        bad_body=lambda w: {"kind": "", "note": ""},
        bad_status=400,  # the summary again with the form as typed
    ),
    Op(
        "reassessment:transition",
        "POST",
        CLIN,
        302,
        ("reassessment.completed",),
        label="complete",
        kwargs=lambda w: {"reassessment_id": w.full_draft.id, "action": "complete"},
        body=lambda w: {"revision": w.revision_of(w.full_draft)},
        write="reassessment.completed",
        bad_body=lambda w: {"revision": 0},
        bad_status=302,
    ),
    Op(
        "reassessment:transition",
        "POST",
        CLIN,
        302,
        ("reassessment.reopened",),
        label="reopen",
        kwargs=lambda w: {"reassessment_id": w.complete.id, "action": "reopen"},
        body=lambda w: {"revision": w.revision_of(w.complete)},
        write="reassessment.reopened",
        bad_body=lambda w: {"revision": 0},
        bad_status=302,
    ),
    Op(
        "reassessment:transition",
        "POST",
        CLIN,
        302,
        ("reassessment.signed",),
        label="sign",
        kwargs=lambda w: {"reassessment_id": w.complete.id, "action": "sign"},
        body=lambda w: {"revision": w.revision_of(w.complete)},
        write="reassessment.signed",
        bad_body=lambda w: {"revision": 0},
        bad_status=302,
    ),
    Op(
        "reassessment:transition",
        "POST",
        CLIN,
        302,
        ("reassessment.viewed", "reassessment.amendment_started"),
        label="amend",
        kwargs=lambda w: {"reassessment_id": w.signed.id, "action": "amend"},
        write="reassessment.amendment_started",
    ),
    # Reassessment API
    Op("reassessment-api:patient-reassessments", "GET", COORD, 200, ("reassessment.listed",)),
    Op(
        "reassessment-api:patient-reassessments",
        "POST",
        CLIN,
        201,
        ("reassessment.created",),
        body=lambda w: w.document(),
        write="reassessment.created",
        bad_body=lambda w: {**w.document(), "schema_version": 99},
        bad_status=400,
    ),
    Op(
        "reassessment-api:patient-reassessment-import",
        "POST",
        CLIN,
        201,
        ("reassessment.imported",),
        body=lambda w: w.document(),
        write="reassessment.imported",
        bad_body=lambda w: {**w.document(), "assessed_on": "yesterday"},
        bad_status=400,
    ),
    Op("reassessment-api:reassessment-detail", "GET", REV, 200, ("reassessment.viewed",)),
    Op("reassessment-api:reassessment-document", "GET", COORD, 200, ("reassessment.exported",)),
    Op(
        "reassessment-api:reassessment-document",
        "PUT",
        CLIN,
        200,
        ("reassessment.viewed", "reassessment.updated"),
        body=lambda w: {"document": w.document(), "revision": w.revision_of(w.draft)},
        write="reassessment.updated",
        bad_body=lambda w: {
            "document": {**w.document(), "assessed_on": "yesterday"},
            "revision": w.revision_of(w.draft),
        },
        bad_status=400,
    ),
    Op(
        "reassessment-api:reassessment-complete",
        "POST",
        CLIN,
        200,
        ("reassessment.completed",),
        kwargs=lambda w: {"reassessment_id": w.full_draft.id},
        body=lambda w: {"revision": w.revision_of(w.full_draft)},
        write="reassessment.completed",
        bad_body=lambda w: {"revision": w.revision_of(w.full_draft) + 5},
        bad_status=409,
    ),
    Op(
        "reassessment-api:reassessment-reopen",
        "POST",
        CLIN,
        200,
        ("reassessment.reopened",),
        kwargs=lambda w: {"reassessment_id": w.complete.id},
        body=lambda w: {"revision": w.revision_of(w.complete)},
        write="reassessment.reopened",
        bad_body=lambda w: {"revision": "x"},
        bad_status=400,
    ),
    Op(
        "reassessment-api:reassessment-sign",
        "POST",
        CLIN,
        200,
        ("reassessment.signed",),
        kwargs=lambda w: {"reassessment_id": w.complete.id},
        body=lambda w: {"revision": w.revision_of(w.complete)},
        write="reassessment.signed",
        bad_body=lambda w: {"revision": w.revision_of(w.complete) + 5},
        bad_status=409,
    ),
    Op(
        "reassessment-api:reassessment-amend",
        "POST",
        CLIN,
        201,
        ("reassessment.amendment_started",),
        kwargs=lambda w: {"reassessment_id": w.signed.id},
        write="reassessment.amendment_started",
    ),
    Op(
        "reassessment-api:reassessment-safety-actions",
        "POST",
        CLIN,
        201,
        ("safety_action.recorded",),
        body=lambda w: SAFETY,
        write="safety_action.recorded",
        bad_body=lambda w: {**SAFETY, "note": "short"},
        bad_status=400,
    ),
    # Eligibility
    Op("eligibility:recommendation", "GET", REV, 200, ("reassessment.viewed",)),
    Op(
        "eligibility:evaluate",
        "POST",
        REV,
        302,
        ("reassessment.viewed", "evaluation.created"),
        kwargs=lambda w: {"reassessment_id": w.full_draft.id},
        write="evaluation.created",
    ),
    Op("eligibility:evaluation", "GET", COORD, 200, ("evaluation.viewed",)),
    Op(
        "eligibility:batch",
        "GET",
        REV,
        200,
        ("evaluation.listed",),
        kwargs=lambda w: {"batch_id": _changed_batch(w).batch_id},
    ),
    Op("eligibility:queue-clinician", "GET", CLIN, 200, ("queue.listed",), prepare=lambda w: w.evaluation),
    Op("eligibility:queue-reviewer", "GET", REV, 200, ("queue.listed",), prepare=lambda w: w.evaluation),
    Op(
        "eligibility:queue-coordinator",
        "GET",
        COORD,
        200,
        ("queue.listed",),
        prepare=lambda w: _accepted(w),
    ),
    Op(
        "eligibility-api:queue-clinician", "GET", CLIN, 200, ("queue.listed",), prepare=lambda w: w.evaluation
    ),
    Op("eligibility-api:queue-reviewer", "GET", REV, 200, ("queue.listed",), prepare=lambda w: w.evaluation),
    Op(
        "eligibility-api:queue-coordinator",
        "GET",
        COORD,
        200,
        ("queue.listed",),
        prepare=lambda w: _accepted(w),
    ),
    Op(
        "eligibility:patient-reevaluate",
        "POST",
        COORD,
        302,
        ("patient.viewed", "evaluation.created"),
        prepare=lambda w: _coverage_changed(w),
        write="evaluation.created",
    ),
    Op(
        "eligibility:compare",
        "GET",
        REV,
        200,
        ("evaluation.viewed",),
        kwargs=lambda w: {"evaluation_id": w.newer_evaluation.id, "other_id": w.evaluation.id},
        extra={"events_at_least": 2},
    ),
    Op(
        "eligibility:decide",
        "POST",
        CLIN,
        302,
        ("evaluation.accept",),
        body=lambda w: {"treatment": "tms", "kind": "accept"},
        write="evaluation.accept",
        bad_body=lambda w: {"treatment": "tms", "kind": "override", "reason": ""},
        # Refused: the evaluation page again with what was typed (tests/eligibility/test_decision_form.py).
        bad_status=400,
    ),
    Op(
        "eligibility-api:reassessment-evaluations",
        "GET",
        COORD,
        200,
        ("evaluation.listed",),
        kwargs=lambda w: {"reassessment_id": w.evaluation.reassessment_id},
    ),
    Op(
        "eligibility-api:reassessment-evaluations",
        "POST",
        CLIN,
        201,
        ("evaluation.created",),
        kwargs=lambda w: {"reassessment_id": w.full_draft.id},
        write="evaluation.created",
    ),
    Op(
        "eligibility-api:evaluation-preview",
        "POST",
        REV,
        200,
        ("evaluation.previewed",),
        body=lambda w: w.document(),
        patient=lambda w: None,
        bad_body=lambda w: {**w.document(), "schema_version": 99},
        bad_status=400,
    ),
    Op("eligibility-api:evaluation-detail", "GET", REV, 200, ("evaluation.viewed",)),
    Op(
        "eligibility-api:evaluation-decisions",
        "POST",
        CLIN,
        201,
        ("evaluation.override",),
        body=lambda w: {
            "treatment": "tms",
            "kind": "override",
            "clinician_status": next(s for s in STATUSES if s != w.evaluation.statuses["tms"]),
            "reason": "Recent seizure reported by the family today.",
        },
        write="evaluation.override",
        bad_body=lambda w: {"treatment": "tms", "kind": "override", "reason": "no"},
        bad_status=400,
    ),
    # Benefits pages
    Op("benefits:worklist", "GET", COORD, 200, ("pa_case.listed",), prepare=lambda w: w.case),
    Op(
        "benefits:assign",
        "POST",
        COORD,
        302,
        ("pa_case.assigned",),
        body=lambda w: {"case_ids": [str(w.case.id)], "owner": str(w.coordinator.pk)},
        write="pa_case.assigned",
        bad_body=lambda w: {"case_ids": [str(w.case.id)], "owner": "999999"},
        bad_status=302,
    ),
    Op(
        "benefits:case-new",
        "POST",
        COORD,
        302,
        ("evaluation.viewed", "coverage.viewed", "pa_case.created"),
        body=lambda w: {"coverage": str(w.coverage.id), "treatment": "tms"},
        write="pa_case.created",
        bad_body=lambda w: {"coverage": str(w.coverage.id), "treatment": "acupuncture"},
        bad_status=302,
    ),
    Op("benefits:case", "GET", CLIN, 200, ("pa_case.viewed",)),
    Op(
        "benefits:case-transition",
        "POST",
        COORD,
        302,
        ("pa_case.withdrawn",),
        body=lambda w: {
            "to": "withdrawn",
            "revision": w.revision_of(w.case),
            "note": "The patient chose another clinic.",
            "confirm": "on",
        },
        write="pa_case.withdrawn",
        # Refused (no reason, not confirmed): the page again with what was typed (400).
        bad_body=lambda w: {"to": "withdrawn", "revision": w.revision_of(w.case)},
        bad_status=400,
    ),
    Op(
        "benefits:case-transition",
        "POST",
        COORD,
        302,
        ("pa_case.viewed",),
        label="no-op",
        body=lambda w: {"to": w.case.status, "revision": w.revision_of(w.case)},
    ),
    Op(
        "benefits:case-approval",
        "POST",
        COORD,
        302,
        ("pa_case.viewed",),
        label="repeated",
        kwargs=lambda w: {"case_id": w.approved_case.id},
        body=lambda w: {**_approval(w), "authorization_number": w.approved_case.authorization_number},
    ),
    Op(
        "benefits:case-checklist",
        "POST",
        COORD,
        302,
        ("pa_case.checklist_marked",),
        body=lambda w: {"code": w.open_item(), "satisfied": "yes", "note": "on file"},
        write="pa_case.checklist_marked",
        bad_body=lambda w: {"code": "no-such-item", "satisfied": "yes", "note": "on file"},
        bad_status=400,  # the page again, with what was typed kept
    ),
    Op(
        "benefits:case-approval",
        "POST",
        COORD,
        302,
        ("pa_case.approved",),
        kwargs=lambda w: {"case_id": w.pending_case.id},
        body=lambda w: _approval(w),
        write="pa_case.approved",
        bad_body=lambda w: _approval(w, valid_from="soon"),
        # Refused: the case page again with what was typed (tests/benefits/test_approval_form.py).
        bad_status=400,
    ),
    Op(
        "benefits:case-note",
        "POST",
        COORD,
        302,
        ("pa_case.noted",),
        body=lambda w: {"text": "Called the payer."},
        write="pa_case.noted",
        bad_body=lambda w: {"text": "  "},
        bad_status=400,  # the case page again with the note as typed
    ),
    Op(
        "benefits:case-units",
        "POST",
        COORD,
        302,
        ("pa_case.units_recorded",),
        kwargs=lambda w: {"case_id": w.approved_case.id},
        body=lambda w: {"used_units": "3", "revision": w.revision_of(w.approved_case)},
        write="pa_case.units_recorded",
        bad_body=lambda w: {"used_units": "37", "revision": w.revision_of(w.approved_case)},
        bad_status=302,
    ),
    Op("benefits:case-letter", "GET", REV, 200, ("pa_case.letter_generated",)),
    Op("benefits:case-letter-pdf", "GET", CLIN, 200, ("pa_case.letter_generated",)),
    Op(
        "benefits:case-packet-pdf",
        "GET",
        CLIN,
        200,
        ("pa_case.letter_generated", "pa_case.attachment_downloaded"),
        prepare=lambda w: w.attachment,
    ),
    Op("benefits:attachment", "GET", REV, 200, ("pa_case.attachment_downloaded",)),
    Op(
        "benefits:attachment-upload",
        "POST",
        COORD,
        302,
        ("pa_case.attachment_added",),
        body=lambda w: _attachment_body(w),
        write="pa_case.attachment_added",
        bad_body=lambda w: _attachment_body(w, data=b"<html>not a PDF</html>"),
        bad_status=302,
    ),
    Op(
        "benefits:attachment-remove",
        "POST",
        COORD,
        302,
        ("pa_case.attachment_deleted",),
        write="pa_case.attachment_deleted",
    ),
    Op("benefits:case-letter-edit", "GET", REV, 200, ("letter.viewed",)),
    Op(
        "benefits:case-letter-edit",
        "POST",
        CLIN,
        302,
        ("letter.viewed", "letter.version_saved"),
        body=lambda w: {"narrative": LETTER_TEXT, "revision": "0"},
        write="letter.version_saved",
        bad_body=lambda w: {"narrative": "  ", "revision": "0"},
        bad_status=400,
    ),
    Op(
        "benefits:case-letter-finalize",
        "POST",
        CLIN,
        302,
        ("letter.viewed", "letter.finalized"),
        prepare=_letter_saved,
        body=lambda w: {"revision": "1"},
        write="letter.finalized",
        bad_body=lambda w: {"revision": "0"},
        bad_status=409,
    ),
    Op(
        "benefits:case-letter-amend",
        "POST",
        CLIN,
        302,
        ("letter.viewed", "letter.amended"),
        prepare=_letter_finalized,
        body=lambda w: {"revision": "2"},
        write="letter.amended",
        bad_body=lambda w: {"revision": "0"},
        bad_status=409,
    ),
    Op(
        "benefits:case-letter-attach",
        "POST",
        COORD,
        302,
        ("letter.viewed", "letter.attached"),
        prepare=_letter_finalized,
        body=lambda w: {"revision": "2"},
        write="letter.attached",
        bad_body=lambda w: {"revision": "0"},
        bad_status=409,
    ),
    Op("benefits:coverage", "GET", REV, 200, ("coverage.viewed",)),
    Op("benefits:coverage-new", "GET", COORD, 200, ("patient.viewed",)),
    Op(
        "benefits-api:patient-coverages",
        "GET",
        REV,
        200,
        ("patient.viewed", "coverage.listed"),
        prepare=lambda w: w.coverage,
    ),
    Op(
        "benefits-api:patient-coverages",
        "POST",
        CLIN,
        201,
        ("patient.viewed", "coverage.created"),
        body=lambda w: {**_new_coverage(w), "plan": w.plan.pk, "valid_to": None},
        write="coverage.created",
        bad_body=lambda w: {**_new_coverage(w), "plan": w.plan.pk, "valid_to": "2020-01-01"},
        bad_status=400,
    ),
    Op("benefits-api:coverage-detail", "GET", CLIN, 200, ("coverage.viewed",)),
    Op(
        "benefits-api:coverage-detail",
        "PATCH",
        COORD,
        200,
        ("coverage.viewed", "coverage.updated"),
        body=lambda w: {"member_id": "M-PATCHED"},
        write="coverage.updated",
        bad_body=lambda w: {"member_id": "M-PATCHED", "valid_from": "2026-01-01", "valid_to": "2020-01-01"},
        bad_status=400,
    ),
    Op(
        "benefits-api:coverage-end",
        "POST",
        COORD,
        200,
        ("coverage.viewed", "coverage.ended"),
        body=lambda w: {"valid_to": "2026-01-31"},
        write="coverage.ended",
        bad_body=lambda w: {"valid_to": "2020-01-01"},
        bad_status=400,
    ),
    Op(
        "benefits:coverage-new",
        "POST",
        COORD,
        302,
        ("patient.viewed", "coverage.created"),
        body=lambda w: _new_coverage(w),
        write="coverage.created",
        bad_body=lambda w: _new_coverage(w, valid_to="2020-01-01"),
        bad_status=400,
    ),
    Op("benefits:coverage-edit", "GET", CLIN, 200, ("coverage.viewed",)),
    Op(
        "benefits:coverage-edit",
        "POST",
        COORD,
        302,
        ("coverage.viewed", "coverage.updated"),
        body=lambda w: _new_coverage(w, member_id="M-CHANGED", revision=str(w.coverage.revision)),
        write="coverage.updated",
        bad_body=lambda w: _new_coverage(w, member_id="M-CHANGED", revision="0"),
        bad_status=409,
    ),
    Op(
        "benefits:coverage-edit",
        "POST",
        COORD,
        302,
        ("coverage.viewed", "coverage.updated"),
        label="bad plan",
        body=lambda w: _new_coverage(w, member_id="M-CHANGED", revision=str(w.coverage.revision)),
        write="coverage.updated",
        bad_body=lambda w: _new_coverage(w, member_id="M-CHANGED", plan="999999", revision="1"),
        bad_status=400,
    ),
    Op(
        "benefits:coverage-end",
        "POST",
        CLIN,
        302,
        ("coverage.viewed", "coverage.ended"),
        body=lambda w: {"valid_to": "2026-01-31"},
        write="coverage.ended",
        bad_body=lambda w: {"valid_to": "2020-01-01"},
        bad_status=400,  # the end form again, with the date as typed
    ),
    Op(
        "benefits:coverage",
        "POST",
        COORD,
        302,
        ("coverage.viewed", "benefits_check.recorded"),
        label="check",
        body=lambda w: {"form": "check", **CHECK},
        write="benefits_check.recorded",
        bad_body=lambda w: {"form": "check", **CHECK, "method": "carrier pigeon"},
        bad_status=400,
    ),
    Op(
        "benefits:coverage",
        "POST",
        CLIN,
        200,
        ("coverage.viewed",),
        label="estimate",
        kwargs=lambda w: {"coverage_id": w.checked_coverage.id},
        body=lambda w: {"form": "estimate", **PRICES},
    ),
    # Benefits API
    Op("benefits-api:pa-case-list", "GET", CLIN, 200, ("pa_case.listed",), prepare=lambda w: w.case),
    Op(
        "benefits-api:pa-case-list",
        "POST",
        COORD,
        201,
        ("evaluation.viewed", "coverage.viewed", "pa_case.created"),
        body=lambda w: {
            "evaluation_id": str(w.evaluation.id),
            "coverage_id": str(w.coverage.id),
            "treatment": "tms",
        },
        write="pa_case.created",
        bad_body=lambda w: {
            "evaluation_id": str(w.evaluation.id),
            "coverage_id": str(w.coverage.id),
            "treatment": "tms",
            "priority": "whenever",
        },
        bad_status=400,
    ),
    Op("benefits-api:pa-case-detail", "GET", REV, 200, ("pa_case.viewed",)),
    Op(
        "benefits-api:pa-case-assign",
        "POST",
        COORD,
        200,
        ("pa_case.assigned",),
        body=lambda w: {"case_ids": [str(w.case.id)], "owner": w.coordinator.pk},
        write="pa_case.assigned",
        bad_body=lambda w: {"case_ids": [str(w.case.id)], "owner": 999999},
        bad_status=400,
    ),
    Op(
        "benefits-api:pa-case-transition",
        "POST",
        COORD,
        200,
        ("pa_case.withdrawn",),
        body=lambda w: {"to": "withdrawn", "revision": w.revision_of(w.case)},
        write="pa_case.withdrawn",
        bad_body=lambda w: {"to": "approved", "revision": w.revision_of(w.case)},
        bad_status=409,
    ),
    # Repeating the current status or a recorded approval changes nothing, but the answer is
    # still the whole case: the read is recorded.
    Op(
        "benefits-api:pa-case-transition",
        "POST",
        COORD,
        200,
        ("pa_case.viewed",),
        label="no-op",
        body=lambda w: {"to": w.case.status, "revision": w.revision_of(w.case)},
    ),
    Op(
        "benefits-api:pa-case-approval",
        "POST",
        COORD,
        200,
        ("pa_case.viewed",),
        label="repeated",
        kwargs=lambda w: {"case_id": w.approved_case.id},
        body=lambda w: {**_approval(w), "authorization_number": w.approved_case.authorization_number},
    ),
    Op(
        "benefits-api:pa-case-checklist",
        "POST",
        COORD,
        200,
        ("pa_case.checklist_marked",),
        body=lambda w: {"code": w.open_item(), "satisfied": True, "note": "on file"},
        write="pa_case.checklist_marked",
        bad_body=lambda w: {"code": "no-such-item", "satisfied": True, "note": "on file"},
        bad_status=400,
    ),
    Op(
        "benefits-api:pa-case-approval",
        "POST",
        COORD,
        200,
        ("pa_case.approved",),
        kwargs=lambda w: {"case_id": w.pending_case.id},
        body=lambda w: _approval(w),
        write="pa_case.approved",
        bad_body=lambda w: _approval(w, valid_from="soon"),
        bad_status=400,
    ),
    Op(
        "benefits-api:pa-case-notes",
        "POST",
        COORD,
        201,
        ("pa_case.noted",),
        body=lambda w: {"text": "Called the payer."},
        write="pa_case.noted",
        bad_body=lambda w: {"text": ""},
        bad_status=400,
    ),
    Op(
        "benefits-api:pa-case-attachments",
        "POST",
        COORD,
        201,
        ("pa_case.attachment_added",),
        body=lambda w: _attachment_body(w),
        write="pa_case.attachment_added",
        bad_body=lambda w: _attachment_body(w, data=b"<html>not a PDF</html>"),
        bad_status=400,
        extra={"multipart": True},
    ),
    Op("benefits-api:pa-case-attachment", "GET", CLIN, 200, ("pa_case.attachment_downloaded",)),
    Op(
        "benefits-api:pa-case-attachment",
        "DELETE",
        COORD,
        200,
        ("pa_case.attachment_deleted",),
        write="pa_case.attachment_deleted",
    ),
    Op(
        "benefits-api:coverage-benefits-checks",
        "POST",
        COORD,
        201,
        ("coverage.viewed", "benefits_check.recorded"),
        body=lambda w: CHECK,
        write="benefits_check.recorded",
        bad_body=lambda w: {**CHECK, "coinsurance_pct": "140"},
        bad_status=400,
    ),
    Op(
        "benefits-api:coverage-estimate",
        "POST",
        REV,
        200,
        ("coverage.viewed",),
        kwargs=lambda w: {"coverage_id": w.checked_coverage.id},
        body=lambda w: PRICES,
    ),
    # The admin site's coverage pages
    Op(
        "admin:benefits_coverage_changelist",
        "GET",
        ADMIN,
        200,
        ("coverage.listed",),
        prepare=lambda w: w.coverage,
    ),
    Op(
        "admin:benefits_coverage_changelist",
        "POST",
        ADMIN,
        200,
        ("coverage.listed",),
        prepare=lambda w: w.coverage,
    ),
    Op(
        "admin:benefits_coverage_add",
        "POST",
        ADMIN,
        302,
        ("coverage.created",),
        body=lambda w: _coverage_form(w),
        write="coverage.created",
        bad_body=lambda w: _coverage_form(w, member_id=""),
        bad_status=200,
    ),
    Op("admin:benefits_coverage_change", "GET", ADMIN, 200, ("coverage.viewed",)),
    Op(
        "admin:benefits_coverage_change",
        "POST",
        ADMIN,
        302,
        ("coverage.viewed", "coverage.updated"),
        body=lambda w: _coverage_form(w, member_id="M-10"),
        write="coverage.updated",
        bad_body=lambda w: _coverage_form(w, member_id="M-10", valid_to="2020-01-01"),
        bad_status=200,
    ),
    Op("admin:benefits_coverage_delete", "GET", ADMIN, 200, ("coverage.viewed",)),
    Op(
        "admin:benefits_coverage_delete",
        "POST",
        ADMIN,
        302,
        ("coverage.deleted",),
        kwargs=lambda w: {"object_id": w.spare_coverage.id},
        body=lambda w: {"post": "yes"},
        write="coverage.deleted",
    ),
    Op("admin:benefits_coverage_history", "GET", ADMIN, 200, ("coverage.viewed",)),
]
OPS += COURSE_OPS + COURSE_PAGE_OPS + BOOKING_OPS
OPS_BY_ID = {op.id: op for op in OPS}
WRITES = [op for op in OPS if op.write]
REFUSED = [op for op in OPS if op.bad_body]

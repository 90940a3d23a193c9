"""Reads for the letter of medical necessity: the case's letter and its versions, the facts the
letter is generated from, and the letterhead and prescriber it is printed with."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from clinics.models import Clinic, Prescriber
from elevium.accounts.models import User
from reassessment.documents import ReassessmentDocument

from .letters import LetterFacts, letter_facts
from .models import Letter, LetterVersion, PaCase


@dataclass(frozen=True)
class Signer:
    """The signature block: name with credentials, and the NPI (empty when none is on file)."""

    name: str
    credentials: str
    npi: str


def letter_get(*, case: PaCase) -> tuple[Letter | None, list[LetterVersion]]:
    """The case's letter (None before its first save) and its versions, newest first (2 queries)."""
    letter = Letter.objects.filter(case=case).select_related("finalized_by").first()
    if letter is None:
        return None, []
    return letter, list(letter.versions.select_related("saved_by").order_by("-number"))


def signer_for(user: User) -> Signer:
    prescriber = Prescriber.objects.filter(user=user).first()
    name = (prescriber.display_name if prescriber else "") or user.get_full_name() or user.username
    return Signer(
        name=name,
        credentials=prescriber.credentials if prescriber else "",
        npi=prescriber.npi if prescriber else "",
    )


def letter_signer(*, case: PaCase, letter: Letter | None) -> Signer:
    """Who signs: the clinician who finalized the letter, else who signed the reassessment."""
    if letter is not None and letter.finalized_by is not None:
        return signer_for(letter.finalized_by)
    reassessment = case.evaluation.reassessment
    return signer_for(reassessment.signed_by or reassessment.author)


def letter_clinic(*, case: PaCase) -> Clinic:
    return Clinic.objects.get(patients__id=case.patient_id)


def case_letter_facts(*, case: PaCase, signer: Signer) -> LetterFacts:
    """The facts the letter states, from the case's evaluation as it was stored."""
    evaluation = case.evaluation
    return letter_facts(
        document=ReassessmentDocument.model_validate(evaluation.input_snapshot),
        report=evaluation.report,
        treatment=case.treatment,
        patient_name=case.patient.display_name,
        mrn=case.patient.mrn,
        payer=case.coverage.plan.payer.name,
        member_id=case.coverage.member_id,
        clinician=signer.name,
        today=timezone.localdate(),
    )

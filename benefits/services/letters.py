"""Every write to a case's letter of medical necessity: a clinician saves versions of the
narrative, finalizes one (refused while a payer criterion is unmet and unjustified) and amends a
finalized letter into a new draft; a coordinator attaches the finalized letter to the PA case.

Each write locks the letter, checks the revision the caller read (409 when someone saved since),
and is audited with ids and version numbers only (the narrative is the patient's data).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from elevium.accounts.models import User
from elevium.audit.services import audit_record
from elevium.lib.errors import Invalid, Refused, StaleRevision

from ..letters import UnmetLine
from ..models import Letter, LetterStatus, LetterVersion, PaCase, PaEventKind
from .case_writes import event
from .letter_checklist import letter_item_close, letter_item_reopen

# A justification shorter than this says nothing a payer could weigh ("see notes").
JUSTIFICATION_MIN = 40
NARRATIVE_MAX = 20_000
JUSTIFICATION_MAX = 4_000


class LetterFinalized(Refused):
    def __init__(self) -> None:
        super().__init__("This letter is finalized and cannot be changed: amend it to write a new version.")


class LetterStale(StaleRevision):
    def __init__(self, *, letter: Letter, given: int) -> None:
        super().__init__(
            "This letter was saved by someone else since you opened it: your text is kept below; "
            "reload the letter to see their version before saving yours.",
            status=letter.status,
            allowed=[],
            current=letter.revision,
            given=given,
        )


def _locked(case: PaCase, revision: int) -> Letter:
    """The case's letter, created on its first write (revision 0 then) and locked; the
    revision the caller read must be the current one."""
    letter, _created = Letter.objects.get_or_create(case=case, defaults={"revision": 0})
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.revision != revision:
        raise LetterStale(letter=letter, given=revision)
    return letter


def _latest(letter: Letter) -> LetterVersion | None:
    return letter.versions.order_by("-number").first()


def _validate(narrative: str, justification: str) -> None:
    errors: dict[str, list[str]] = {}
    if not narrative.strip():
        errors["narrative"] = ["Write the letter's narrative before saving it."]
    elif len(narrative) > NARRATIVE_MAX:
        errors["narrative"] = [f"Keep the narrative under {NARRATIVE_MAX:,} characters."]
    if len(justification) > JUSTIFICATION_MAX:
        errors["justification"] = [f"Keep the justification under {JUSTIFICATION_MAX:,} characters."]
    if errors:
        raise Invalid(errors)


def _new_version(letter: Letter, *, actor: User, narrative: str, justification: str) -> LetterVersion:
    latest = _latest(letter)
    version = LetterVersion.objects.create(
        letter=letter,
        number=(latest.number if latest else 0) + 1,
        narrative=narrative,
        justification=justification,
        saved_by=actor,
        saved_at=timezone.now(),
    )
    letter.revision += 1
    return version


def _audit(actor: User, letter: Letter, case: PaCase, action: str, version: int | None) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=letter,
        patient_id=case.patient_id,
        data={"case": str(case.pk), "version": version},
    )


@transaction.atomic
def letter_save_version(
    *, actor: User, case: PaCase, narrative: str, justification: str = "", revision: int
) -> LetterVersion:
    """Store the clinician's edited narrative as the letter's next version."""
    narrative, justification = narrative.strip(), justification.strip()
    _validate(narrative, justification)
    letter = _locked(case, revision)
    if letter.status == LetterStatus.FINALIZED:
        raise LetterFinalized
    version = _new_version(letter, actor=actor, narrative=narrative, justification=justification)
    letter.save(update_fields=["revision"])
    _audit(actor, letter, case, "letter.version_saved", version.number)
    return version


def _unmet_sentence(unmet: tuple[UnmetLine, ...]) -> str:
    named = "; ".join(line.rationale.rstrip(".") for line in unmet)
    criterion = "a payer criterion is" if len(unmet) == 1 else "payer criteria are"
    return (
        f"This letter cannot be finalized while {criterion} unmet ({named}). Write into the letter's "
        "justification why the treatment is still necessary, save it, and finalize again."
    )


@transaction.atomic
def letter_finalize(*, actor: User, case: PaCase, revision: int, unmet: tuple[UnmetLine, ...]) -> Letter:
    """Finalize the latest saved version. ``unmet``: the payer criteria the case's evaluation
    found unmet; each needs the version to carry a written justification."""
    letter = _locked(case, revision)
    if letter.status == LetterStatus.FINALIZED:
        raise Refused("This letter is already finalized.")
    latest = _latest(letter)
    if latest is None:
        raise Refused("Save the letter's narrative before finalizing it.")
    if unmet and len(latest.justification) < JUSTIFICATION_MIN:
        raise Refused(_unmet_sentence(unmet))
    letter.status = LetterStatus.FINALIZED
    letter.finalized_version = latest.number
    letter.finalized_at = timezone.now()
    letter.finalized_by = actor
    letter.revision += 1
    letter.save(update_fields=["status", "finalized_version", "finalized_at", "finalized_by", "revision"])
    _audit(actor, letter, case, "letter.finalized", latest.number)
    return letter


@transaction.atomic
def letter_amend(*, actor: User, case: PaCase, revision: int) -> LetterVersion:
    """Start a new draft from the finalized version: the finalized one stays as it was (and
    attached, if it was, until a new one is finalized and attached)."""
    letter = _locked(case, revision)
    finalized = (
        letter.versions.filter(number=letter.finalized_version).first()
        if letter.finalized_version is not None
        else None
    )
    if letter.status != LetterStatus.FINALIZED or finalized is None:
        raise Refused("Only a finalized letter is amended; this one is still a draft: edit and save it.")
    version = _new_version(
        letter, actor=actor, narrative=finalized.narrative, justification=finalized.justification
    )
    letter.status = LetterStatus.DRAFT
    letter.finalized_version = None
    letter.finalized_at = None
    letter.finalized_by = None
    letter.save(update_fields=["status", "finalized_version", "finalized_at", "finalized_by", "revision"])
    _audit(actor, letter, case, "letter.amended", version.number)
    letter_item_reopen(actor=actor, case=case, at=timezone.now())
    return version


@transaction.atomic
def letter_attach(*, actor: User, case: PaCase, revision: int) -> Letter:
    """Put the finalized letter into the PA packet: recorded on the case's timeline."""
    letter = _locked(case, revision)
    if letter.status != LetterStatus.FINALIZED:
        raise Refused("The letter is not finalized yet: the clinician finalizes it before it is attached.")
    if letter.attached_version == letter.finalized_version:
        raise Refused("This version of the letter is already attached to the case.")
    now = timezone.now()
    letter.attached_version = letter.finalized_version
    letter.attached_at = now
    letter.revision += 1
    letter.save(update_fields=["attached_version", "attached_at", "revision"])
    event(
        case,
        actor=actor,
        kind=PaEventKind.DOCUMENT,
        at=now,
        note=f"Letter of medical necessity attached (version {letter.attached_version}).",
        data={"letter_version": letter.attached_version},
    )
    _audit(actor, letter, case, "letter.attached", letter.attached_version)
    letter_item_close(actor=actor, case=case, version=letter.attached_version, at=now)
    return letter

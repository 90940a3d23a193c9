"""Pregnancy and substance-use facts (criteria.md §2.3, §3.4, §4.2)."""

from __future__ import annotations

from dataclasses import dataclass

from reassessment.documents import ReassessmentDocument, Tri

from .. import parameters as P


@dataclass(slots=True)
class Pregnancy:
    status: Tri
    text: str


def pregnancy(document: ReassessmentDocument) -> Pregnancy:
    recorded = document.medical.pregnant
    sex = document.patient.sex_at_birth
    if recorded == "yes":
        return Pregnancy("yes", "the patient is pregnant")
    if recorded == "no":
        return Pregnancy("no", "the patient is not pregnant")
    if sex == "male":
        return Pregnancy("no", "pregnancy is not applicable (sex at birth male)")
    return Pregnancy("unknown", f"pregnancy status is not recorded (sex at birth {sex})")


@dataclass(slots=True)
class Substances:
    recorded: bool  # any substance-use entry
    active: tuple[str, ...]  # substances with an active use disorder
    remission: tuple[str, ...]
    unknown: tuple[str, ...]  # disorder status not recorded
    history_open: bool  # neither an entry nor "none" recorded, or an entry's disorder status unknown


def substances(document: ReassessmentDocument) -> Substances:
    entries = document.substance_use
    active: list[str] = []
    remission: list[str] = []
    unknown: list[str] = []
    for entry in entries:  # one pass, in the recorded order
        if entry.disorder in P.SUD_ACTIVE.value:
            active.append(entry.substance)
        if entry.disorder in P.SUD_REMISSION.value:
            remission.append(entry.substance)
        if entry.disorder == "unknown":
            unknown.append(entry.substance)
    return Substances(
        recorded=bool(entries),
        active=tuple(active),
        remission=tuple(remission),
        unknown=tuple(unknown),
        history_open=(not entries and not document.answered_none("substance_use")) or bool(unknown),
    )

"""Implant facts (criteria.md §3.3, §3.4, §10.2): which devices are near the coil, which are
cleared, which need a question answered. Devices near the coil by anatomy are contraindicated
whatever is recorded of them; others by where they are and what they are made of."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from reassessment.documents import ANEURYSM_DEVICE_KINDS, Implant, Medical

from .. import parameters as P

IMPLANT_NAMES: dict[str, str] = {
    "cochlear_implant": "cochlear implant",
    "deep_brain_stimulator": "deep brain stimulator",
    "vagus_nerve_stimulator": "vagus nerve stimulator",
    "aneurysm_clip_or_coil": "aneurysm clip or coil",
    "endovascular_coil": "endovascular coil",
    "cardiac_pacemaker_or_icd": "pacemaker or ICD",
    "stent": "stent",
    "shrapnel_or_bullet": "shrapnel or bullet fragment",
    "dental_only": "dental work",
    "external_item": "removable external item",
    "other": "other metal or implant",
}
_IMPLANT_PLACES = {"head": "in the head", "within_30cm_of_head": "within 30 cm of the head"}

Verdict = Literal["near", "unknown", "removable", "cleared"]


@dataclass(slots=True)
class ImplantFacts:
    # Each sorted and deduplicated: the order implants were typed in never changes the report.
    near: tuple[str, ...]
    unknown: tuple[str, ...]
    removable: tuple[str, ...]
    cleared: tuple[str, ...]
    question_open: bool  # the metal-or-implant question itself is unanswered (criteria.md §10.2)
    general_unknown: str  # what is open about the question, "" when nothing is
    cardiac_devices: tuple[str, ...]
    aneurysm_devices: tuple[str, ...]


def implant_facts(medical: Medical) -> ImplantFacts:
    found: dict[Verdict, set[str]] = {"near": set(), "unknown": set(), "removable": set(), "cleared": set()}
    cardiac: set[str] = set()
    aneurysm: set[str] = set()
    cardiac_kinds = P.TMS_CARDIAC_DEVICES.value
    for implant in medical.implants:  # one pass: each device judged, and put in its groups
        verdict, text = judge(implant)
        found[verdict].add(text)
        if implant.kind in cardiac_kinds:
            cardiac.add(label(implant))
        if implant.kind in ANEURYSM_DEVICE_KINDS:
            aneurysm.add(IMPLANT_NAMES[implant.kind])
    question_open = medical.metal_or_implants == "unknown"
    general = ""
    if question_open:
        general = "whether the patient has any metal or implant (not answered)"
    elif medical.metal_or_implants == "yes" and not medical.implants:
        # A dental entry alone does not answer the question; an empty list does not describe one.
        general = "what metal or implant the patient has (one is recorded, none described)"
    return ImplantFacts(
        near=tuple(sorted(found["near"])),
        unknown=tuple(sorted(found["unknown"])),
        removable=tuple(sorted(found["removable"])),
        cleared=tuple(sorted(found["cleared"])),
        question_open=question_open,
        general_unknown=general,
        cardiac_devices=tuple(sorted(cardiac)),
        aneurysm_devices=tuple(sorted(aneurysm)),
    )


def judge(implant: Implant) -> tuple[Verdict, str]:
    """One device's place among near, unknown, removable and cleared, and how the report names it."""
    kind = implant.kind
    name = IMPLANT_NAMES[kind]
    near_head = implant.location in P.TMS_NEAR_HEAD_LOCATIONS.value
    by_site = kind in P.TMS_DEVICES_NEAR_BY_SITE.value
    if kind in P.TMS_EXCLUDED_IMPLANTS.value:
        return "cleared", label(implant)
    if kind in P.TMS_DEVICES_NEAR_BY_ANATOMY.value and not (
        kind == "endovascular_coil" and implant.location == "elsewhere" and implant.site
    ):
        return "near", name
    if by_site and near_head:
        return "near", label(implant)
    if implant.location == "elsewhere":
        if by_site and not implant.site:
            return "unknown", f"where the {name} is (name the body site)"
        return "cleared", f"{label(implant)} ({implant.site or 'more than 30 cm from the head'})"
    if implant.magnetic_or_conductive == "no":
        return "cleared", f"{label(implant)} (recorded as neither conductive nor magnetic)"
    if not near_head:
        return "unknown", f"how close the {label(implant)} is to the head"
    if implant.removable:
        return "removable", label(implant)
    if implant.magnetic_or_conductive == "yes" or kind in P.TMS_LABELED_HEAD_DEVICES.value:
        return "near", label(implant)
    return "unknown", f"whether the {label(implant)} is conductive or magnetic"


def label(implant: Implant) -> str:
    where = _IMPLANT_PLACES.get(implant.location, "")
    return f"{IMPLANT_NAMES[implant.kind]} {where}".strip()

"""Checks Spravato and ketamine share: both are NMDA-antagonist dissociatives, so the same label
facts (blood pressure, cardiovascular disease, aneurysm, CNS depressants, breastfeeding,
pregnancy, substance use) decide both. For Spravato they are the label's; for ketamine, project
policy on the same facts (rules/ketamine.py)."""

from __future__ import annotations

from typing import Literal

from reassessment.dates import day

from .. import parameters as P
from ..facts import Facts
from ..models import Treatment
from ..words import joined, names
from . import (
    TREATMENT_NAMES,
    Check,
    Finding,
    caution_unknown,
    met,
    not_met,
    same_for_every_treatment,
    sentence,
    unknown,
    yes_and_unknown,
)

STEP_BP = "Record blood pressure before dosing; control to ≤ 140/90 first"
STEP_BP_RECHECK = "Re-check blood pressure ≈ 40 min after dosing and until stable"


STEP_PREGNANCY = "Ask about pregnancy (or test) and record it"


# Where a shared rule's fact comes from, in words (the rule's source keeps the criteria.md anchor).
LABEL = {"spravato": "the Spravato label", "ketamine": "the ketamine label and consensus statement"}
KETAMINE_NOTE = (
    " For ketamine this is clinic policy on label facts; the consensus statement's exact exclusions are "
    "unconfirmed."
)


MedicalTri = Literal[
    "aneurysmal_vascular_disease",
    "arteriovenous_malformation",
    "intracerebral_hemorrhage_history",
    "ketamine_esketamine_hypersensitivity",
    "raised_icp_or_intracranial_mass",
]


# Constant findings, built once (the hot path returns them as they are).
MET_NO_CV_RISK = met("No hypertension or cardiovascular disease is recorded.")
MET_NO_CNS_DEPRESSANTS = met("No opioid or benzodiazepine use is recorded.")


def absolute(field: MedicalTri, label: str, section: str) -> Check:
    """A label contraindication recorded as a yes/no/unknown medical fact."""

    absent = met(f"No {label} is recorded.")

    def check(facts: Facts, treatment: Treatment) -> Finding:
        answer = getattr(facts.document.medical, field)
        name = TREATMENT_NAMES[treatment]
        if answer == "yes":
            return not_met(
                "contraindicated",
                f"{sentence(label)} is recorded; {LABEL[treatment]} contraindicates {name}.",
            )
        if answer == "unknown":
            return unknown(
                f"Whether the patient has {label} is not recorded; it contraindicates {name}.",
                missing=(f"Whether the patient has {label}",),
                steps=(f"Ask about and record {label}",),
            )
        return absent

    check.__doc__ = f"{sentence(label)}: contraindicated ({section})."
    return check


_SITES = {
    "intracranial": "intracranial",
    "thoracic_aorta": "thoracic aortic",
    "abdominal_aorta": "abdominal aortic",
    "peripheral": "peripheral",
}
MET_NO_ANEURYSM = met("No aneurysmal vascular disease is recorded, and no aneurysm clip or coil is listed.")


def check_aneurysmal_disease(facts: Facts, treatment: Treatment) -> Finding:
    """Aneurysmal vascular disease: contraindicated; a clip or coil on the implant list while the disease
    is recorded "no" must be reconciled first."""
    medical = facts.document.medical
    answer = medical.aneurysmal_vascular_disease
    name = TREATMENT_NAMES[treatment]
    if answer == "yes":
        site = _SITES.get(medical.aneurysm_site or "", "")
        what = f"{site} aneurysmal vascular disease" if site else "aneurysmal vascular disease"
        return not_met(
            "contraindicated",
            f"{sentence(what)} is recorded; {LABEL[treatment]} contraindicates {name} (a blood-pressure "
            "rise could rupture it).",
        )
    if answer == "unknown":
        return unknown(
            "Whether the patient has aneurysmal vascular disease is not recorded; it contraindicates "
            f"{name}.",
            missing=("Whether the patient has aneurysmal vascular disease",),
            steps=("Ask about and record aneurysmal vascular disease (and its site)",),
        )
    if facts.implants.aneurysm_devices:
        return unknown(
            f"An {joined(list(dict.fromkeys(facts.implants.aneurysm_devices)))} is on the implant list, yet "
            "aneurysmal vascular disease is recorded as absent: a clip or coil means an aneurysm was "
            f"treated, so confirm whether aneurysmal vascular disease is present before {name}.",
            missing=("Whether aneurysmal vascular disease is present (a clip or coil is listed)",),
            steps=("Reconcile the aneurysm clip or coil with the vascular history (site of the aneurysm)",),
        )
    return MET_NO_ANEURYSM


def check_bp_elevated(facts: Facts, treatment: Treatment) -> Finding:
    """Blood pressure > 140/90 or uncontrolled hypertension: weigh the risk, control it first."""
    medical = facts.document.medical
    bp = medical.latest_blood_pressure
    top_s, top_d = P.BP_SYSTOLIC_MAX.value, P.BP_DIASTOLIC_MAX.value
    unconfirmed = "uncontrolled_hypertension" in P.KETAMINE_UNCONFIRMED_EXCLUSIONS.value
    note = KETAMINE_NOTE if treatment == "ketamine" and unconfirmed else ""
    found: list[str] = []
    if bp is not None and (bp.systolic > top_s or bp.diastolic > top_d):
        found.append(
            f"blood pressure {bp.systolic}/{bp.diastolic} on {day(bp.measured_on)} is above {top_s}/{top_d}"
        )
    if medical.hypertension == "uncontrolled":
        found.append("hypertension is uncontrolled")
    if found:
        return not_met(
            "eligible_with_cautions",
            f"{sentence('; '.join(found))}: blood pressure rises after dosing (peak at about 40 minutes, "
            f"lasting about 4 hours); weigh the risk and control it first.{note}",
            steps=(STEP_BP,),
        )
    if bp is None:
        return caution_unknown(
            f"No blood pressure is recorded; it is checked before dosing and should be {top_s}/{top_d} or "
            f"lower.{note}",
            missing=("A current blood pressure reading",),
            steps=(STEP_BP,),
        )
    return met(
        f"Blood pressure {bp.systolic}/{bp.diastolic} on {day(bp.measured_on)} is at most {top_s}/{top_d}."
    )


def check_bp_severe(facts: Facts, treatment: Treatment) -> Finding:
    """Systolic >= 180 or diastolic >= 110: not eligible until controlled and re-measured (criteria.md
    §10.3, clinic parameter on the ACC/AHA severe-hypertension threshold)."""
    bp = facts.document.medical.latest_blood_pressure
    limit_s, limit_d = P.BP_SEVERE_SYSTOLIC.value, P.BP_SEVERE_DIASTOLIC.value
    if bp is None:
        return MET_NO_BP_SEVERE_UNKNOWN
    if bp.systolic >= limit_s or bp.diastolic >= limit_d:
        return not_met(
            "not_eligible",
            f"Blood pressure {bp.systolic}/{bp.diastolic} on {day(bp.measured_on)} is in the severe range "
            f"({limit_s}/{limit_d} or higher): {TREATMENT_NAMES[treatment]} waits until it is controlled "
            "and re-measured.",
            steps=("Treat the blood pressure now and re-measure it before dosing is considered",),
        )
    return met(
        f"Blood pressure {bp.systolic}/{bp.diastolic} is below the severe range ({limit_s}/{limit_d})."
    )


MET_NO_BP_SEVERE_UNKNOWN = met("No blood pressure is recorded; the recent-reading rule asks for one.")


@same_for_every_treatment
def check_cv_risk(facts: Facts, treatment: Treatment) -> Finding:
    """Controlled hypertension, cardiovascular or cerebrovascular disease, a stroke or heart attack in the
    past 6 months: caution."""
    medical = facts.document.medical
    hypertension = medical.hypertension
    found, open_ = yes_and_unknown(
        (
            "yes" if hypertension in ("controlled", "uncontrolled") else hypertension,
            f"{hypertension} hypertension",
            "hypertension status",
        ),
        (
            medical.other_cardiovascular_disease,
            "cardiovascular or cerebrovascular disease",
            "other cardiovascular or cerebrovascular disease",
        ),
        (
            medical.recent_stroke_or_mi,
            "a stroke or heart attack in the past 6 months",
            "a stroke or heart attack in the past 6 months",
        ),
    )
    if found:
        return not_met(
            "eligible_with_cautions",
            f"Cardiovascular risk: {joined(found)}; blood pressure rises after dosing, so monitor closely.",
            steps=(STEP_BP_RECHECK,),
        )
    if open_:
        return caution_unknown(
            f"Not recorded: {joined(open_)}.",
            missing=tuple(sentence(o) for o in open_),
            steps=("Record hypertension status and cardiovascular history",),
        )
    return MET_NO_CV_RISK


def check_bp_interaction(facts: Facts, treatment: Treatment) -> Finding:
    """A current MAOI or psychostimulant raises blood pressure with (es)ketamine: caution (criteria.md
    §10.5 [SPR-PI §7])."""
    found = [*(f"{d} (MAOI)" for d in facts.medicines.maoi), *facts.medicines.stimulants]
    if found:
        return not_met(
            "eligible_with_cautions",
            f"Takes {joined(found)}: with {TREATMENT_NAMES[treatment]} these raise blood pressure further; "
            "monitor it closely.",
            steps=(STEP_BP_RECHECK,),
        )
    if not facts.document.medical.current_medications and not facts.document.answered_none(
        "current_medications"
    ):
        return caution_unknown(
            "The current medicines are not recorded (an MAOI or a stimulant raises blood pressure with "
            f"{TREATMENT_NAMES[treatment]}).",
            missing=("The current medicines (or None of these)",),
            steps=("Record the current medicines",),
        )
    return MET_NO_BP_INTERACTION


MET_NO_BP_INTERACTION = met("No current MAOI or psychostimulant.")


def check_breastfeeding(facts: Facts, treatment: Treatment) -> Finding:
    """Breastfeeding: not recommended (Spravato label 8.2); for ketamine clinic policy on the same drug
    class."""
    answer = facts.document.medical.breastfeeding
    why = (
        "the Spravato label advises against breastfeeding"
        if treatment == "spravato"
        else "clinic policy follows the esketamine label (no ketamine label statement)"
    )
    if answer == "yes":
        return not_met(
            "eligible_with_cautions",
            f"The patient is breastfeeding: {why}.",
            steps=("Discuss pausing breastfeeding, or another option",),
        )
    if answer == "unknown" and facts.female_possible:
        return caution_unknown(
            f"Whether the patient is breastfeeding is not recorded: {why}.",
            missing=("Whether the patient is breastfeeding",),
            steps=("Ask about breastfeeding and record it",),
        )
    return MET_NOT_BREASTFEEDING


MET_NOT_BREASTFEEDING = met("Not breastfeeding.")


@same_for_every_treatment
def check_cns_depressants(facts: Facts, treatment: Treatment) -> Finding:
    """Opioids (including buprenorphine or methadone) or benzodiazepines: caution."""
    medical = facts.document.medical
    items = (
        (medical.opioid_use, facts.medicines.opioids, "opioids (including buprenorphine or methadone)"),
        (medical.benzodiazepine_use, facts.medicines.benzodiazepines, "benzodiazepines"),
    )
    found = [label for answer, listed, label in items if answer == "yes" or listed]
    open_ = [label for answer, listed, label in items if answer == "unknown" and not listed]
    if found:
        return not_met(
            "eligible_with_cautions",
            f"Takes {joined(found)}: CNS depressants add to sedation and respiratory depression.",
            steps=("Review sedating co-medication and monitor pulse oximetry during observation",),
        )
    if open_:
        return caution_unknown(
            f"Not recorded: use of {joined(open_)}.",
            missing=tuple(f"Whether the patient takes {o}" for o in open_),
            steps=("Record opioid and benzodiazepine use",),
        )
    return MET_NO_CNS_DEPRESSANTS


def pregnancy_finding(facts: Facts, treatment: Treatment, why: str) -> Finding:
    """Pregnancy: not eligible; unknown (sex at birth not male): needs information."""
    breastfeeding = ""
    if facts.pregnancy.status == "yes":
        return not_met("not_eligible", f"{sentence(facts.pregnancy.text)}: {why}.{breastfeeding}")
    if facts.pregnancy.status == "unknown":
        return unknown(
            f"{sentence(facts.pregnancy.text)}; pregnancy would make {TREATMENT_NAMES[treatment]} not "
            f"eligible: {why}.{breastfeeding}",
            missing=("Whether the patient is pregnant",),
            steps=(STEP_PREGNANCY,),
        )
    return met(f"{sentence(facts.pregnancy.text)}.{breastfeeding}")


MISSING_SUBSTANCE_HISTORY = ("Substance-use history (disorder active, in remission or none)",)


def open_substance_history(facts: Facts, *, disorder: str, why: str, decisive: bool) -> Finding:
    """No substance-use history is recorded, or an entry's disorder status is not: needs information
    where a use disorder would bar the treatment (``decisive``), a caution where it would not."""
    what = (
        "no substance-use history is recorded"
        if not facts.substances.recorded
        else f"whether use of {names(facts.substances.unknown)} is {disorder} is not recorded"
    )
    make = unknown if decisive else caution_unknown
    return make(
        f"{sentence(what)}; {why}.",
        missing=MISSING_SUBSTANCE_HISTORY,
        steps=("Record substance use (e.g. AUDIT-C) and any use disorder",),
    )

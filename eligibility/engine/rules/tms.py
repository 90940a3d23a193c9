"""TMS rules: device labeling, clearance, relative cautions, exclusions."""

from __future__ import annotations

from .. import parameters as P
from ..facts import Facts
from ..models import Treatment
from ..words import joined, names
from . import Finding, Rule, caution_unknown, met, not_met, sentence, unknown, yes_and_unknown
from .common import STEP_ECT
from .resistance import resistance_finding, resistance_state, tms_adjunct_path

STEP_IMPLANT = "Answer the metal and implant question and describe each device (type, site, material)"
_NOT_FIELDS = "dementia is not recorded in the reassessment: ask about it"

# Constant findings, built once (the hot path returns them as they are).
MET_NO_METAL_HEAD = met("No metal or implant is recorded.")
MET_NO_METAL = met("No metal or implant is recorded.")
MET_IMPLANTS_KNOWN = met("Every recorded implant has a known location and material.")
MET_NO_SEIZURE_RISK = met(
    "No seizure history, family history of epilepsy, threshold-lowering drug or active alcohol or sedative "
    "use disorder."
)
MET_NO_CARDIAC_DEVICE = met("No pacemaker or ICD is recorded.")


def check_age(facts: Facts, treatment: Treatment) -> Finding:
    """< 15, or 15–17 without a current antidepressant: not eligible (adolescent clearance is adjunct)."""
    age, minimum, adult = facts.age, P.TMS_MIN_AGE.value, P.ADULT_AGE.value
    top = P.TMS_ADJUNCT_MAX_AGE.value
    if age < minimum:
        return not_met(
            "not_eligible",
            f"Age {age}: TMS is cleared from age {minimum}, and for ages {minimum}–{top} only as an adjunct "
            "to an antidepressant.",
        )
    if age < adult:
        if facts.trials.current_antidepressant == "yes":
            return met(
                f"Age {age} on a current antidepressant ({facts.trials.current_antidepressants}): within "
                f"the adolescent clearance, ages {minimum}–{top} as an adjunct (NeuroStar adolescent "
                "clearance, 2024). Payer minimum ages differ (Aetna 15 or 18)."
            )
        if facts.trials.current_antidepressant == "no":
            return not_met(
                "not_eligible",
                f"Age {age} without a current antidepressant: the adolescent clearance (ages "
                f"{minimum}–{top}) is adjunct to an antidepressant.",
                steps=("Start or continue an antidepressant before adjunct TMS in an adolescent",),
            )
        return unknown(
            f"Age {age}: the adolescent clearance needs a current antidepressant, and no medication trial "
            "is recorded.",
            missing=("Whether the patient takes an antidepressant now",),
            steps=("Record the current antidepressant (drug, dose, start date)",),
        )
    return met(f"Age {age}: adult.")


def check_resistance(facts: Facts, treatment: Treatment) -> Finding:
    """≥ 1 adequate failed trial in the current episode, or aged 15–21 on a current antidepressant."""
    alternative = ""
    if resistance_state(facts, "tms") == "alternative" and tms_adjunct_path(facts):
        alternative = (
            f"aged {facts.age} on a current antidepressant ({facts.trials.current_antidepressants}), the "
            f"{P.TMS_MIN_AGE.value}–{P.TMS_ADJUNCT_MAX_AGE.value} adjunct clearance needs no failed trial"
        )
    return resistance_finding(facts, "tms", alternative=alternative)


def check_head_implant(facts: Facts, treatment: Treatment) -> Finding:
    """Conductive, ferromagnetic or magnetic-sensitive metal in or within 30 cm of the head; devices near
    the coil by anatomy whatever is recorded of them; dental work excluded; removable external items are
    taken off first."""
    cleared = f" Not a contraindication: {names(facts.implants.cleared)}." if facts.implants.cleared else ""
    removable = facts.implants.removable
    distance = P.TMS_IMPLANT_DISTANCE_CM.value
    if facts.implants.near:
        also = f" Removable items ({names(removable)}) must also come off." if removable else ""
        return not_met(
            "contraindicated",
            f"{sentence(joined(facts.implants.near))}: metal within {distance} cm of the coil "
            f"contraindicates TMS under the device labeling, whatever its recorded material.{also}{cleared}",
        )
    if removable:
        return not_met(
            "eligible_with_cautions",
            f"Removable items near the head ({names(removable)}) are taken off before each session; not a "
            f"contraindication.{cleared}",
            steps=(f"Remove {names(removable)} before each TMS session",),
        )
    if facts.document.medical.metal_or_implants == "no":
        return MET_NO_METAL_HEAD
    return met(
        f"No implant is confirmed as conductive or magnetic metal within {distance} cm of the head; any "
        f"device not fully described is listed under unknown implants.{cleared}"
    )


def check_unknown_implant(facts: Facts, treatment: Treatment) -> Finding:
    """Metal near the head of unknown material or location, or the implant question unanswered: needs
    information."""
    parts = [*facts.implants.unknown]
    if facts.implants.general_unknown:
        parts.append(facts.implants.general_unknown)
    if parts:
        return unknown(
            f"Not recorded: {'; '.join(parts)}. Conductive or magnetic metal within "
            f"{P.TMS_IMPLANT_DISTANCE_CM.value} cm of the head contraindicates TMS.",
            missing=tuple(sentence(part) for part in parts),
            steps=(STEP_IMPLANT,),
        )
    if facts.document.medical.metal_or_implants == "no":
        return MET_NO_METAL
    return MET_IMPLANTS_KNOWN


def check_psychotic_features(facts: Facts, treatment: Treatment) -> Finding:
    """Psychotic features in the current episode: not eligible (ECT/pharmacotherapy preferred)."""
    if facts.diagnosis.psychotic == "yes":
        return not_met(
            "not_eligible",
            f"{sentence(facts.diagnosis.psychotic_text)}; TMS is not for psychotic depression (ECT or "
            "pharmacotherapy preferred; excluded by Medicare LCDs L34522 and L37086 and by Aetna).",
            steps=(f"{STEP_ECT}: the evidence-preferred treatment for psychotic depression",),
        )
    if facts.diagnosis.psychotic == "unknown":
        return unknown(
            f"{sentence(facts.diagnosis.psychotic_text)}; they exclude TMS.",
            missing=("Whether the current episode has psychotic features",),
            steps=("Assess and record psychotic features in the current episode",),
        )
    return met(f"{sentence(facts.diagnosis.psychotic_text)}.")


def check_seizure_risk(facts: Facts, treatment: Treatment) -> Finding:
    """Seizure history, family history of epilepsy, threshold-lowering drugs (from the medication list:
    bupropion over 300 mg/day, clozapine, psychostimulants, tramadol, theophylline) or states, active
    alcohol or sedative use disorder."""
    medical = facts.document.medical
    found, open_ = yes_and_unknown(
        (medical.seizure_history, "seizure history or epilepsy", "seizure history"),
        (medical.family_history_epilepsy, "epilepsy in the family", "family history of epilepsy"),
        (
            "yes" if facts.medicines.seizure else "no",
            f"threshold-lowering medicines ({names(facts.medicines.seizure)})",
            "",
        ),
        (
            medical.seizure_threshold_risks,
            "other drugs or states that lower the seizure threshold",
            "seizure-threshold-lowering drugs or states",
        ),
    )
    risky = P.TMS_SEIZURE_RISK_SUBSTANCES.value
    active = [s for s in facts.substances.active if s in risky]
    if active:
        found.append(f"active {names(active)} use disorder")
    if not facts.substances.recorded and not facts.document.answered_none("substance_use"):
        open_.append("alcohol or sedative use disorder")
    elif any(s in risky for s in facts.substances.unknown):
        open_.append("whether alcohol or sedative use is a disorder")
    if found:
        return not_met(
            "eligible_with_cautions",
            f"Seizure risk: {joined(found)}; weigh the risk and plan seizure precautions.",
            steps=("Review seizure risk with the TMS physician before mapping",),
        )
    if open_:
        return caution_unknown(
            f"Not recorded: {joined(open_)}; each raises seizure risk with TMS.",
            missing=tuple(sentence(o) for o in open_),
            steps=(
                "Record seizure history, family history, threshold-lowering drugs and alcohol or sedative "
                "use",
            ),
        )
    return MET_NO_SEIZURE_RISK


def check_neuro(facts: Facts, treatment: Treatment) -> Finding:
    """Cerebrovascular lesion (AVM, prior hemorrhage, recent stroke), raised intracranial pressure or an
    intracranial mass, major head injury: caution."""
    medical = facts.document.medical
    items = (
        (medical.arteriovenous_malformation, "arteriovenous malformation", "an arteriovenous malformation"),
        (
            medical.intracerebral_hemorrhage_history,
            "prior intracerebral hemorrhage",
            "a history of intracerebral hemorrhage",
        ),
        (
            medical.raised_icp_or_intracranial_mass,
            "raised intracranial pressure or an intracranial mass",
            "raised intracranial pressure or an intracranial mass",
        ),
        (
            medical.recent_stroke_or_mi,
            "a stroke or heart attack in the past 6 months",
            "had a stroke or heart attack in the past 6 months",
        ),
        (medical.head_injury, "head injury", "a history of head injury"),
    )
    found = [label for answer, label, _ in items if answer == "yes"]
    open_ = [label for answer, label, _ in items if answer == "unknown"]
    missing = tuple(f"Whether the patient has {what}" for answer, _, what in items if answer == "unknown")
    if found:
        return not_met(
            "eligible_with_cautions",
            f"Neurological caution: {joined(found)}; {_NOT_FIELDS}.",
            steps=("Neurological review before TMS",),
        )
    if open_:
        return caution_unknown(
            f"Not recorded: {joined(open_)}; {_NOT_FIELDS}.",
            missing=missing,
            steps=(
                "Record the neurological history (malformation, hemorrhage, raised pressure or mass, "
                "stroke, head injury)",
            ),
        )
    return MET_NO_NEURO


MET_NO_NEURO = met(
    "No arteriovenous malformation, intracerebral hemorrhage, raised intracranial pressure or mass, recent "
    f"stroke or head injury; {_NOT_FIELDS}."
)


def check_cardiac_device(facts: Facts, treatment: Treatment) -> Finding:
    """Pacemaker or ICD: caution (sources conflict: caution vs avoid)."""
    if facts.implants.cardiac_devices:
        return not_met(
            "eligible_with_cautions",
            f"Cardiac device: {names(facts.implants.cardiac_devices)}; sources conflict (caution vs avoid), "
            "the engine reads it as a caution.",
            steps=("Ask the cardiologist or device clinic about TMS with the cardiac device",),
        )
    if facts.implants.general_unknown:
        return caution_unknown(
            f"Cardiac devices cannot be excluded: {facts.implants.general_unknown}.",
            missing=("Whether the patient has a pacemaker or ICD",),
        )
    return MET_NO_CARDIAC_DEVICE


def check_pregnancy(facts: Facts, treatment: Treatment) -> Finding:
    """Pregnancy: safety not established, not contraindicated: caution."""
    if facts.pregnancy.status == "yes":
        return not_met(
            "eligible_with_cautions",
            f"{sentence(facts.pregnancy.text)}; TMS safety in pregnancy is not established, but it is not "
            "contraindicated.",
            steps=("Discuss TMS in pregnancy with the obstetric team",),
        )
    if facts.pregnancy.status == "unknown":
        return caution_unknown(
            f"{sentence(facts.pregnancy.text)}; pregnancy is a TMS caution.",
            missing=("Whether the patient is pregnant",),
            steps=("Ask about pregnancy (or test) and record it",),
        )
    return met(f"{sentence(facts.pregnancy.text)}.")


def check_acute_suicidality(facts: Facts, treatment: Treatment) -> Finding:
    """TMS is not studied with plans or recent attempts; payers exclude it (ECT preferred)."""
    if facts.risk.at_least("high"):
        return not_met(
            "eligible_with_cautions",
            f"{facts.risk.cssrs_text}: TMS was not studied with suicide plans or recent attempts, and "
            "payers exclude acute suicidality (ECT preferred).",
            steps=("Consider ECT or a rapid-acting option once crisis care is in place",),
        )
    if facts.risk.could_reach("high"):
        return caution_unknown(
            f"{facts.risk.cssrs_text}; acute suicidality cannot be excluded.",
            missing=("Answers to the unanswered C-SSRS questions",)
            if facts.risk.cssrs_on_file
            else ("A C-SSRS screener (PHQ-9 item 9 ≥ 1)",),
        )
    return met(f"{facts.risk.cssrs_text}: no acute suicidality at high risk.")


RULES: tuple[Rule, ...] = (
    Rule(
        "tms.age",
        "tms",
        "label_criterion",
        "criteria.md §3.1, §3.5, §8 [HEALIO-2024, NS-IFU]",
        ("patient.date_of_birth", "medication_trials"),
        "Under 15, or 15–17 without a current antidepressant: not eligible.",
        check_age,
    ),
    Rule(
        "tms.resistance",
        "tms",
        "label_criterion",
        "criteria.md §1.2, §3.5, §8 [NS-IFU, K220177, CARLAT-2008]",
        ("medication_trials", "patient.date_of_birth"),
        "At least 1 adequate failed trial in the current episode, or aged 15–21 on a current antidepressant.",
        check_resistance,
    ),
    Rule(
        "tms.abs.head_implant",
        "tms",
        "absolute_contraindication",
        "criteria.md §3.3, §10.2, §8 [NS-IFU, SHEPPARD-PRATT]",
        ("medical.metal_or_implants", "medical.implants"),
        "Cochlear implant, brain stimulator, VNS, aneurysm clip or coil whatever is recorded; neck or "
        "brain stents and fragments near the head; other conductive or magnetic metal within 30 cm of the "
        "head (dental excluded): contraindicated.",
        check_head_implant,
    ),
    Rule(
        "tms.unknown_implant",
        "tms",
        "absolute_contraindication",
        "criteria.md §3.3, §10.2, §8 [NS-IFU]",
        ("medical.metal_or_implants", "medical.implants"),
        "Metal near the head of unknown material or location, or the implant question unanswered: needs "
        "information.",
        check_unknown_implant,
    ),
    Rule(
        "tms.not_eligible.psychotic_features",
        "tms",
        "label_criterion",
        "criteria.md §3.5, §8 [LCD-L34522, LCD-L37086, AETNA-0469]",
        ("diagnosis.psychotic_features", "diagnosis.icd10_code"),
        "Psychotic features in the current episode: not eligible.",
        check_psychotic_features,
    ),
    Rule(
        "tms.rel.seizure_risk",
        "tms",
        "relative_caution",
        "criteria.md §3.4, §10.5, §8 [NS-IFU, ROSSI-2009, ROSSI-2021, WUSTL-IFCN]",
        (
            "medical.seizure_history",
            "medical.family_history_epilepsy",
            "medical.seizure_threshold_risks",
            "medical.current_medications",
            "medication_trials",
            "substance_use",
        ),
        "Seizure history, family history of epilepsy, threshold-lowering drugs (from the medication list) "
        "or states, active alcohol or sedative use disorder: caution.",
        check_seizure_risk,
    ),
    Rule(
        "tms.rel.neuro",
        "tms",
        "relative_caution",
        "criteria.md §3.4, §10.2, §10.5, §8 [NS-IFU, ROSSI-2021]",
        (
            "medical.arteriovenous_malformation",
            "medical.intracerebral_hemorrhage_history",
            "medical.raised_icp_or_intracranial_mass",
            "medical.recent_stroke_or_mi",
            "medical.head_injury",
        ),
        "Cerebrovascular lesion (AVM, prior hemorrhage, recent stroke), raised intracranial pressure or an "
        "intracranial mass, or major head injury: caution.",
        check_neuro,
    ),
    Rule(
        "tms.rel.cardiac_device",
        "tms",
        "relative_caution",
        "criteria.md §3.4, §9 [NS-IFU, ROSSI-2021, TENDLER-2023] (sources conflict)",
        ("medical.metal_or_implants", "medical.implants"),
        "Pacemaker or ICD: caution (sources conflict: caution vs avoid).",
        check_cardiac_device,
    ),
    Rule(
        "tms.rel.pregnancy",
        "tms",
        "relative_caution",
        "criteria.md §3.4, §8 [NS-IFU]",
        ("medical.pregnant", "patient.sex_at_birth"),
        "Pregnancy: safety not established, not contraindicated: caution.",
        check_pregnancy,
    ),
    Rule(
        "tms.rel.acute_suicidality",
        "tms",
        "relative_caution",
        "criteria.md §3.4, §3.7 [NS-IFU, AETNA-0469, CENTENE-BH200]",
        ("safety.cssrs", "measurement.phq9"),
        "Acute suicidality (C-SSRS high): not studied, payers exclude: caution.",
        check_acute_suicidality,
    ),
)

"""Spravato (esketamine) rules (criteria.md §2, §8): indication, label contraindications and
warnings. The blood-pressure, cardiovascular, CNS-depressant and absolute checks are shared
with ketamine (rules/ketamine.py), whose rules are project policy on the same label facts."""

from __future__ import annotations

from typing import Literal

from .. import parameters as P
from ..facts import Facts, names
from ..models import Treatment
from . import TREATMENT_NAMES, Check, Finding, Rule, caution_unknown, met, not_met, sentence, unknown
from .common import mdsi, resistance_finding, resistance_state, resistance_text

STEP_BP = "Record blood pressure before dosing; control to ≤ 140/90 first"
STEP_BP_RECHECK = "Re-check blood pressure ≈ 40 min after dosing and until stable"
STEP_PREGNANCY = "Ask about pregnancy (or test) and record it"
SECTION = {"spravato": "criteria.md §2.3", "ketamine": "criteria.md §4.2"}
SECTION_BP = {"spravato": "criteria.md §2.3, §2.4", "ketamine": "criteria.md §4.2, §2.4"}
KETAMINE_NOTE = (
    " For ketamine this is project policy on label facts; the consensus statement's exact exclusions "
    "are unconfirmed (criteria.md §4.1, §9)."
)

MedicalTri = Literal[
    "aneurysmal_vascular_disease",
    "arteriovenous_malformation",
    "intracerebral_hemorrhage_history",
    "ketamine_esketamine_hypersensitivity",
]

# Constant findings, built once (the hot path returns them as they are).
MET_NO_CV_RISK = met("No hypertension or cardiovascular disease is recorded.")
MET_NO_CNS_DEPRESSANTS = met("No opioid or benzodiazepine use is recorded.")
MET_NO_SUD = met("No substance use disorder is recorded.")


def absolute(field: MedicalTri, label: str, section: str) -> Check:
    """A label contraindication recorded as a yes/no/unknown medical fact."""

    absent = met(f"No {label} is recorded.")

    def check(facts: Facts, treatment: Treatment) -> Finding:
        answer = getattr(facts.document.medical, field)
        name = TREATMENT_NAMES[treatment]
        if answer == "yes":
            return not_met(
                "contraindicated", f"{sentence(label)} is recorded; it contraindicates {name} ({section})."
            )
        if answer == "unknown":
            return unknown(
                f"Whether the patient has {label} is not recorded; it contraindicates {name} ({section}).",
                missing=(f"Whether the patient has {label}",),
                steps=(f"Ask about and record {label}",),
            )
        return absent

    check.__doc__ = f"{sentence(label)}: contraindicated ({section})."
    return check


# --- Shared with ketamine -------------------------------------------------------------------------------


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
            f"blood pressure {bp.systolic}/{bp.diastolic} on {bp.measured_on.isoformat()} "
            f"is above {top_s}/{top_d}"
        )
    if medical.hypertension == "uncontrolled":
        found.append("hypertension is uncontrolled")
    if found:
        return not_met(
            "eligible_with_cautions",
            f"{sentence('; '.join(found))}: blood pressure rises after dosing (peak ≈ 40 min, lasts ≈ 4 h); "
            f"weigh the risk and control it first ({SECTION_BP[treatment]}).{note}",
            steps=(STEP_BP,),
        )
    if bp is None:
        return caution_unknown(
            f"No blood pressure is recorded; it is checked before dosing and should be ≤ {top_s}/{top_d} "
            f"(criteria.md §2.4).{note}",
            missing=("A current blood pressure reading",),
            steps=(STEP_BP,),
        )
    return met(
        f"Blood pressure {bp.systolic}/{bp.diastolic} on {bp.measured_on.isoformat()} is ≤ {top_s}/{top_d}."
    )


def check_cv_risk(facts: Facts, treatment: Treatment) -> Finding:
    """Controlled hypertension, cardiovascular or cerebrovascular disease: caution."""
    medical = facts.document.medical
    found: list[str] = []
    open_: list[str] = []
    if medical.hypertension in ("controlled", "uncontrolled"):
        found.append(f"{medical.hypertension} hypertension")
    elif medical.hypertension == "unknown":
        open_.append("hypertension status")
    if medical.other_cardiovascular_disease == "yes":
        found.append("cardiovascular or cerebrovascular disease")
    elif medical.other_cardiovascular_disease == "unknown":
        open_.append("other cardiovascular or cerebrovascular disease")
    if found:
        return not_met(
            "eligible_with_cautions",
            f"Cardiovascular risk: {names(found)}; blood pressure rises after dosing, so monitor closely "
            f"({SECTION_BP[treatment]}).",
            steps=(STEP_BP_RECHECK,),
        )
    if open_:
        return caution_unknown(
            f"Not recorded: {names(open_)} ({SECTION[treatment]}).",
            missing=tuple(sentence(o) for o in open_),
            steps=("Record hypertension status and cardiovascular history",),
        )
    return MET_NO_CV_RISK


def check_cns_depressants(facts: Facts, treatment: Treatment) -> Finding:
    """Opioids (including buprenorphine or methadone) or benzodiazepines: caution."""
    medical = facts.document.medical
    items = (
        (medical.opioid_use, "opioids (including buprenorphine or methadone)"),
        (medical.benzodiazepine_use, "benzodiazepines"),
    )
    found = [label for answer, label in items if answer == "yes"]
    open_ = [label for answer, label in items if answer == "unknown"]
    if found:
        return not_met(
            "eligible_with_cautions",
            f"Takes {names(found)}: CNS depressants add to sedation and respiratory depression "
            f"({SECTION[treatment]}).",
            steps=("Review sedating co-medication and monitor pulse oximetry during observation",),
        )
    if open_:
        return caution_unknown(
            f"Not recorded: use of {names(open_)} ({SECTION[treatment]}).",
            missing=tuple(f"Whether the patient takes {o}" for o in open_),
            steps=("Record opioid and benzodiazepine use",),
        )
    return MET_NO_CNS_DEPRESSANTS


def pregnancy_finding(facts: Facts, treatment: Treatment, why: str) -> Finding:
    """Pregnancy: not eligible; unknown (sex at birth not male): needs information."""
    breastfeeding = ""
    if facts.document.medical.breastfeeding == "yes":
        breastfeeding = (
            " Breastfeeding is recorded: the label advises against it (criteria.md §2.3); the engine has no "
            "rule for it, so discuss it."
        )
    if facts.pregnant == "yes":
        return not_met("not_eligible", f"{sentence(facts.pregnant_text)}: {why}.{breastfeeding}")
    if facts.pregnant == "unknown":
        return unknown(
            f"{sentence(facts.pregnant_text)}; pregnancy would make {TREATMENT_NAMES[treatment]} not "
            f"eligible: {why}.{breastfeeding}",
            missing=("Whether the patient is pregnant",),
            steps=(STEP_PREGNANCY,),
        )
    return met(f"{sentence(facts.pregnant_text)}.{breastfeeding}")


# --- Spravato only ---------------------------------------------------------------------------------------


def check_age(facts: Facts, treatment: Treatment) -> Finding:
    """Not approved under 18."""
    age = facts.age
    if age < P.SPRAVATO_MIN_AGE.value:
        return not_met(
            "not_eligible",
            f"Age {age}: Spravato is not approved under {P.SPRAVATO_MIN_AGE.value} (criteria.md §2.1).",
        )
    if age >= P.SPRAVATO_OLDER_ADULT_AGE.value:
        return met(
            f"Age {age}: adult. A 28 mg start at {P.SPRAVATO_OLDER_ADULT_AGE.value} or older appears in "
            "non-US labels; the US start dose is unconfirmed (criteria.md §2.4, §9)."
        )
    return met(f"Age {age}: adult.")


# What resolves each open fact of the MDSI path (keys: the missing items of common.mdsi).
_MDSI_STEPS = {
    "The primary diagnosis code": "Record the primary diagnosis (ICD-10-CM)",
    "Answers to the unanswered C-SSRS questions": (
        "Complete the C-SSRS screener (some questions are unanswered)"
    ),
    "A C-SSRS screener (PHQ-9 item 9 ≥ 1)": "Complete the C-SSRS screener today",
    "Whether the patient takes an antidepressant now": (
        "Record the current antidepressant (drug, dose, start date)"
    ),
}


def check_indication(facts: Facts, treatment: Treatment) -> Finding:
    """TRD (≥ 2 adequate failed oral antidepressants in the current episode) or `spravato.mdsi`."""
    state = resistance_state(facts, "spravato")
    outcome, path, missing = mdsi(facts)
    if state == "alternative":
        return met(
            f"{resistance_text(facts, 'spravato')}; the MDSI indication applies: {path} "
            "(criteria.md §2.1, §8). Spravato does not prevent suicide or replace hospitalization."
        )
    if state == "could_reach" and facts.n_failed + facts.n_unknown < P.SPRAVATO_MIN_FAILED_TRIALS.value:
        return unknown(
            f"{resistance_text(facts, 'spravato')}; the MDSI indication is open: {path} "
            "(criteria.md §2.1, §8).",
            missing=missing,
            steps=tuple(_MDSI_STEPS[item] for item in missing),
        )
    mdsi_text = "" if state == "met" else f"the MDSI path is {outcome.replace('_', ' ')}: {path}"
    return resistance_finding(facts, "spravato", alternative=mdsi_text)


def check_mdsi(facts: Facts, treatment: Treatment) -> Finding:
    """Adult MDD + C-SSRS high + current oral antidepressant: the MDSI indication path (no status
    of its own; `spravato.indication` decides)."""
    outcome, path, _ = mdsi(facts)
    rationale = (
        f"MDSI indication (adult MDD with C-SSRS high risk, on an oral antidepressant): {path}. An "
        "indication path only; spravato.indication decides (criteria.md §2.1, §8)."
    )
    return Finding(outcome, None, rationale)


def check_pregnancy(facts: Facts, treatment: Treatment) -> Finding:
    """Pregnancy: not recommended, may cause fetal harm: not eligible (not a section-4 contraindication)."""
    return pregnancy_finding(
        facts,
        treatment,
        "esketamine may cause fetal harm and is not recommended; the medication guide says do not take it "
        "(criteria.md §2.3)",
    )


def check_psychosis(facts: Facts, treatment: Treatment) -> Finding:
    """Psychotic features: only if benefit outweighs risk: caution."""
    if facts.psychotic == "yes":
        return not_met(
            "eligible_with_cautions",
            f"{sentence(facts.psychotic_text)}; use Spravato only if the benefit outweighs the risk "
            "(criteria.md §2.3).",
            steps=("Psychiatrist to weigh benefit against risk of worsening psychosis",),
        )
    if facts.psychotic == "unknown":
        return caution_unknown(
            f"{sentence(facts.psychotic_text)}; psychosis is a Spravato caution (criteria.md §2.3).",
            missing=("Whether the current episode has psychotic features",),
            steps=("Assess and record psychotic features in the current episode",),
        )
    return met(
        f"{sentence(facts.psychotic_text)}. A past history of psychosis is also a caution but is not a field "
        "of the document: ask (criteria.md §2.3)."
    )


def check_substance_use(facts: Facts, treatment: Treatment) -> Finding:
    """Active or past substance use disorder, including alcohol: caution (abuse and misuse)."""
    found = [f"{s} (active)" for s in facts.sud_active] + [f"{s} (in remission)" for s in facts.sud_remission]
    if found:
        return not_met(
            "eligible_with_cautions",
            f"Substance use disorder: {names(found)}; esketamine carries a boxed warning for abuse and "
            "misuse (criteria.md §2.3).",
            steps=("Screen for misuse (PDMP, urine toxicology if suspected) and monitor under the REMS",),
        )
    if not facts.sud_recorded or facts.sud_unknown:
        what = (
            "no substance-use history is recorded"
            if not facts.sud_recorded
            else f"whether use of {names(facts.sud_unknown)} is a disorder is not recorded"
        )
        return caution_unknown(
            f"{sentence(what)}; a substance use disorder is a Spravato caution (criteria.md §2.3).",
            missing=("Substance-use history (disorder active, in remission or none)",),
            steps=("Record substance use (e.g. AUDIT-C) and any use disorder",),
        )
    return MET_NO_SUD


def check_hepatic(facts: Facts, treatment: Treatment) -> Finding:
    """Severe hepatic impairment (Child–Pugh C): not recommended (secondary source): caution."""
    hepatic = facts.document.medical.hepatic_impairment
    if hepatic in P.SPRAVATO_HEPATIC_CAUTION.value:
        return not_met(
            "eligible_with_cautions",
            "Severe hepatic impairment: Child–Pugh C is not recommended (criteria.md §2.3; secondary source, "
            "unconfirmed).",
            steps=("Hepatology review before Spravato",),
        )
    if hepatic == "unknown":
        return caution_unknown(
            "Hepatic function is not recorded; severe impairment (Child–Pugh C) is not recommended "
            "(criteria.md §2.3; secondary source).",
            missing=("Hepatic impairment (none, mild to moderate, severe)",),
        )
    return met(f"Hepatic impairment: {hepatic.replace('_', ' to ')}; only severe impairment is a caution.")


_ABS = "criteria.md §2.2 [SPR-PI]"

RULES: tuple[Rule, ...] = (
    Rule(
        "spravato.age",
        "spravato",
        "label_criterion",
        "criteria.md §2.1, §8 [SPR-PI]",
        ("patient.date_of_birth",),
        "Under 18: not eligible (not approved).",
        check_age,
    ),
    Rule(
        "spravato.indication",
        "spravato",
        "label_criterion",
        "criteria.md §1.2, §2.1, §8 [SPR-PI, SPR-2025]",
        ("medication_trials", "safety.cssrs", "diagnosis.icd10_code", "patient.date_of_birth"),
        "TRD (at least 2 adequate failed oral antidepressants in the current episode) or the MDSI path.",
        check_indication,
    ),
    Rule(
        "spravato.mdsi",
        "spravato",
        "label_criterion",
        "criteria.md §2.1, §8 [SPR-PI]",
        ("patient.date_of_birth", "diagnosis.icd10_code", "safety.cssrs", "medication_trials"),
        "Adult MDD with C-SSRS high risk on a current oral antidepressant: the MDSI indication path.",
        check_mdsi,
    ),
    Rule(
        "spravato.abs.aneurysmal_disease",
        "spravato",
        "absolute_contraindication",
        _ABS,
        ("medical.aneurysmal_vascular_disease",),
        "Aneurysmal vascular disease (aorta, intracranial, peripheral arteries): contraindicated.",
        absolute("aneurysmal_vascular_disease", "aneurysmal vascular disease", _ABS),
    ),
    Rule(
        "spravato.abs.avm",
        "spravato",
        "absolute_contraindication",
        _ABS,
        ("medical.arteriovenous_malformation",),
        "Arteriovenous malformation: contraindicated.",
        absolute("arteriovenous_malformation", "an arteriovenous malformation", _ABS),
    ),
    Rule(
        "spravato.abs.ich_history",
        "spravato",
        "absolute_contraindication",
        _ABS,
        ("medical.intracerebral_hemorrhage_history",),
        "History of intracerebral hemorrhage: contraindicated.",
        absolute("intracerebral_hemorrhage_history", "a history of intracerebral hemorrhage", _ABS),
    ),
    Rule(
        "spravato.abs.hypersensitivity",
        "spravato",
        "absolute_contraindication",
        _ABS,
        ("medical.ketamine_esketamine_hypersensitivity",),
        "Hypersensitivity to esketamine, ketamine or excipients: contraindicated.",
        absolute("ketamine_esketamine_hypersensitivity", "hypersensitivity to esketamine or ketamine", _ABS),
    ),
    Rule(
        "spravato.not_eligible.pregnancy",
        "spravato",
        "label_criterion",
        "criteria.md §2.3, §8 [SPR-PI]",
        ("medical.pregnant", "patient.sex_at_birth", "medical.breastfeeding"),
        "Pregnancy: not recommended (fetal harm): not eligible.",
        check_pregnancy,
    ),
    Rule(
        "spravato.rel.bp_elevated",
        "spravato",
        "relative_caution",
        "criteria.md §2.3, §2.4, §8 [SPR-PI, SPR-HCP]",
        ("medical.latest_blood_pressure", "medical.hypertension"),
        "Pre-dose blood pressure > 140/90 or uncontrolled hypertension: caution, control first.",
        check_bp_elevated,
    ),
    Rule(
        "spravato.rel.cv_risk",
        "spravato",
        "relative_caution",
        "criteria.md §2.3, §8 [SPR-PI]",
        ("medical.hypertension", "medical.other_cardiovascular_disease"),
        "Hypertension or cardiovascular/cerebrovascular disease: caution.",
        check_cv_risk,
    ),
    Rule(
        "spravato.rel.psychosis",
        "spravato",
        "relative_caution",
        "criteria.md §2.3, §8 [SPR-PI]",
        ("diagnosis.psychotic_features", "diagnosis.icd10_code"),
        "Psychotic features: only if benefit outweighs risk: caution.",
        check_psychosis,
    ),
    Rule(
        "spravato.rel.substance_use",
        "spravato",
        "relative_caution",
        "criteria.md §2.3, §8 [SPR-PI]",
        ("substance_use",),
        "Active or past substance use disorder, including alcohol: caution.",
        check_substance_use,
    ),
    Rule(
        "spravato.rel.cns_depressants",
        "spravato",
        "relative_caution",
        "criteria.md §2.3, §8 [SPR-PI]",
        ("medical.opioid_use", "medical.benzodiazepine_use"),
        "Opioids (including buprenorphine) or benzodiazepines: caution.",
        check_cns_depressants,
    ),
    Rule(
        "spravato.rel.hepatic",
        "spravato",
        "relative_caution",
        "criteria.md §2.3 (secondary source, unconfirmed)",
        ("medical.hepatic_impairment",),
        "Severe hepatic impairment (Child–Pugh C): not recommended: caution.",
        check_hepatic,
    ),
)

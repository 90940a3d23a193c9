"""Spravato (esketamine) rules: indication, label contraindications and
warnings. The blood-pressure, cardiovascular, CNS-depressant and absolute checks are shared
with ketamine (rules/ketamine.py), whose rules are project policy on the same label facts."""

from __future__ import annotations

from typing import Literal

from reassessment.dates import day

from .. import parameters as P
from ..facts import Facts
from ..models import Treatment
from ..words import joined, names
from . import TREATMENT_NAMES, Check, Finding, Rule, caution_unknown, met, not_met, sentence, unknown
from .common import STEP_ECT
from .resistance import mdsi, resistance_finding, resistance_state, resistance_text

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
MET_NO_SUD = met("No substance use disorder is recorded.")


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


def check_cv_risk(facts: Facts, treatment: Treatment) -> Finding:
    """Controlled hypertension, cardiovascular or cerebrovascular disease, a stroke or heart attack in the
    past 6 months: caution."""
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
    if medical.recent_stroke_or_mi == "yes":
        found.append("a stroke or heart attack in the past 6 months")
    elif medical.recent_stroke_or_mi == "unknown":
        open_.append("a stroke or heart attack in the past 6 months")
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


# --- Spravato only ---------------------------------------------------------------------------------------


def check_age(facts: Facts, treatment: Treatment) -> Finding:
    """Not approved under 18."""
    age = facts.age
    if age < P.SPRAVATO_MIN_AGE.value:
        return not_met(
            "not_eligible",
            f"Age {age}: Spravato is not approved under {P.SPRAVATO_MIN_AGE.value}.",
        )
    if age >= P.SPRAVATO_OLDER_ADULT_AGE.value:
        return met(
            f"Age {age}: adult. A 28 mg start at {P.SPRAVATO_OLDER_ADULT_AGE.value} or older appears in "
            "non-US labels; the US start dose is unconfirmed."
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
            f"{resistance_text(facts, 'spravato')}; the indication for major depression with acute suicidal "
            f"ideation or behavior applies: {path}. Spravato does not prevent suicide or replace "
            "hospitalization."
        )
    if (
        state == "could_reach"
        and facts.trials.n_failed + facts.trials.n_unknown < P.SPRAVATO_MIN_FAILED_TRIALS.value
    ):
        return unknown(
            f"{resistance_text(facts, 'spravato')}; the indication for acute suicidal ideation is open: "
            f"{path}.",
            missing=missing,
            steps=tuple(_MDSI_STEPS[item] for item in missing),
        )
    shown = {"met": "met", "not_met": "not met", "unknown": "open"}[outcome]
    mdsi_text = "" if state == "met" else f"the suicidal-ideation indication is {shown}: {path}"
    return resistance_finding(facts, "spravato", alternative=mdsi_text)


def check_mdsi(facts: Facts, treatment: Treatment) -> Finding:
    """Adult MDD + C-SSRS high + current oral antidepressant: the MDSI indication path (no status
    of its own; `spravato.indication` decides)."""
    outcome, path, _ = mdsi(facts)
    rationale = (
        "Indication for major depression with acute suicidal ideation or behavior (adult, C-SSRS high "
        f"risk, on an oral antidepressant): {path}. An indication path only; the indication rule decides."
    )
    return Finding(outcome, None, rationale)


def check_pregnancy(facts: Facts, treatment: Treatment) -> Finding:
    """Pregnancy: not recommended, may cause fetal harm: not eligible (not a section-4 contraindication)."""
    return pregnancy_finding(
        facts,
        treatment,
        "esketamine may cause fetal harm and is not recommended; the medication guide says do not take it",
    )


def check_psychosis(facts: Facts, treatment: Treatment) -> Finding:
    """Psychotic features now, or psychosis in the past: only if benefit outweighs risk: caution. With
    psychotic depression ECT is named as the evidence-preferred option."""
    past = facts.document.co_occurring.past_psychosis
    if facts.diagnosis.psychotic == "yes":
        return not_met(
            "eligible_with_cautions",
            f"{sentence(facts.diagnosis.psychotic_text)}; use Spravato only if the benefit outweighs the "
            "risk. ECT is the evidence-preferred treatment for psychotic depression.",
            steps=(
                f"{STEP_ECT}: the evidence-preferred treatment for psychotic depression",
                "Psychiatrist to weigh benefit against risk of worsening psychosis",
            ),
        )
    if past == "yes":
        return not_met(
            "eligible_with_cautions",
            "Psychosis is recorded in the past; use Spravato only if the benefit outweighs the risk.",
            steps=("Psychiatrist to weigh benefit against risk of a return of psychosis",),
        )
    if facts.diagnosis.psychotic == "unknown" or past == "unknown":
        open_ = []
        missing = []
        if facts.diagnosis.psychotic == "unknown":
            open_.append("psychotic features in the current episode")
            missing.append("Whether the current episode has psychotic features")
        if past == "unknown":
            open_.append("psychosis in the past")
            missing.append("Whether the patient has had psychosis before")
        return caution_unknown(
            f"Not recorded: {joined(open_)}; psychosis is a Spravato caution.",
            missing=tuple(missing),
            steps=("Assess and record psychotic features now and in the past",),
        )
    return met(f"{sentence(facts.diagnosis.psychotic_text)}, and no psychosis in the past.")


def check_substance_use(facts: Facts, treatment: Treatment) -> Finding:
    """Active or past substance use disorder, including alcohol: caution (abuse and misuse)."""
    found = [f"{s} (active)" for s in facts.substances.active] + [
        f"{s} (in remission)" for s in facts.substances.remission
    ]
    if found:
        return not_met(
            "eligible_with_cautions",
            f"Substance use disorder: {names(found)}; esketamine carries a boxed warning for abuse and "
            "misuse.",
            steps=("Screen for misuse (PDMP, urine toxicology if suspected) and monitor under the REMS",),
        )
    if facts.substances.history_open:
        what = (
            "no substance-use history is recorded"
            if not facts.substances.recorded
            else f"whether use of {names(facts.substances.unknown)} is a disorder is not recorded"
        )
        return caution_unknown(
            f"{sentence(what)}; a substance use disorder is a Spravato caution.",
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
            "Severe hepatic impairment: Child–Pugh C is not recommended (secondary source, unconfirmed).",
            steps=("Hepatology review before Spravato",),
        )
    if hepatic == "unknown":
        return caution_unknown(
            "Hepatic function is not recorded; severe impairment (Child–Pugh C) is not recommended "
            "(secondary source).",
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
        ("medical.aneurysmal_vascular_disease", "medical.aneurysm_site", "medical.implants"),
        "Aneurysmal vascular disease (aorta, intracranial, peripheral arteries): contraindicated; a clip "
        "or coil listed while the disease is recorded absent: needs information.",
        check_aneurysmal_disease,
    ),
    Rule(
        "spravato.abs.raised_icp",
        "spravato",
        "absolute_contraindication",
        "criteria.md §10.2 [SPR-PI]",
        ("medical.raised_icp_or_intracranial_mass",),
        "Raised intracranial pressure or an intracranial mass: contraindicated.",
        absolute(
            "raised_icp_or_intracranial_mass",
            "raised intracranial pressure or an intracranial mass",
            "criteria.md §10.2 [SPR-PI]",
        ),
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
        ("medical.pregnant", "patient.sex_at_birth"),
        "Pregnancy: not recommended (fetal harm): not eligible.",
        check_pregnancy,
    ),
    Rule(
        "spravato.not_eligible.bp_severe",
        "spravato",
        "label_criterion",
        "criteria.md §10.3 (clinic parameter) [SPR-PI]",
        ("medical.latest_blood_pressure",),
        "Blood pressure 180/110 or higher: not eligible until controlled and re-measured.",
        check_bp_severe,
    ),
    Rule(
        "spravato.rel.bp_interaction",
        "spravato",
        "relative_caution",
        "criteria.md §10.5 [SPR-PI]",
        ("medication_trials", "medical.current_medications"),
        "A current MAOI or psychostimulant: blood-pressure caution.",
        check_bp_interaction,
    ),
    Rule(
        "spravato.rel.breastfeeding",
        "spravato",
        "relative_caution",
        "criteria.md §10.5 [SPR-PI]",
        ("medical.breastfeeding",),
        "Breastfeeding: not recommended: caution.",
        check_breastfeeding,
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
        ("medical.hypertension", "medical.other_cardiovascular_disease", "medical.recent_stroke_or_mi"),
        "Hypertension, cardiovascular or cerebrovascular disease, a recent stroke or heart attack: caution.",
        check_cv_risk,
    ),
    Rule(
        "spravato.rel.psychosis",
        "spravato",
        "relative_caution",
        "criteria.md §2.3, §8 [SPR-PI]",
        ("diagnosis.psychotic_features", "diagnosis.icd10_code", "co_occurring.past_psychosis"),
        "Psychotic features now or psychosis in the past: only if benefit outweighs risk: caution.",
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
        ("medical.opioid_use", "medical.benzodiazepine_use", "medical.current_medications"),
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

"""Spravato (esketamine) rules: indication, label contraindications and warnings. The checks
shared with ketamine (blood pressure, cardiovascular, CNS depressants, absolute
contraindications) are in rules/dissociative.py."""

from __future__ import annotations

from .. import parameters as P
from ..facts import Facts
from ..models import Treatment
from ..words import joined, names
from . import Finding, Rule, caution_unknown, met, not_met, sentence, unknown
from .common import STEP_ECT
from .dissociative import (
    absolute,
    check_aneurysmal_disease,
    check_bp_elevated,
    check_bp_interaction,
    check_bp_severe,
    check_breastfeeding,
    check_cns_depressants,
    check_cv_risk,
    open_substance_history,
    pregnancy_finding,
)
from .resistance import mdsi, resistance_finding, resistance_state, resistance_text

MET_NO_SUD = met("No substance use disorder is recorded.")


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
        return open_substance_history(
            facts, disorder="a disorder", why="a substance use disorder is a Spravato caution", decisive=False
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

"""Ketamine (racemic, off-label) rules. Not a guideline: project policy built
on the Ketalar label and the APA consensus statement, whose exact exclusion wording is
unconfirmed."""

from __future__ import annotations

from .. import parameters as P
from ..facts import Facts
from ..models import Treatment
from ..words import names
from . import Finding, Rule, caution_unknown, met, not_met, sentence, unknown
from .common import STEP_ECT
from .dissociative import (
    MISSING_SUBSTANCE_HISTORY,
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
from .resistance import resistance_finding

_ABS = "criteria.md §4.2 [KETALAR-PI]"

# Constant findings, built once (the hot path returns them as they are).
MET_NO_ACTIVE_SUD = met("No active substance use disorder is recorded.")
MET_NO_SUD_REMISSION = met(
    "No substance use disorder in remission (an active one is judged by the active-disorder rule)."
)


def check_age(facts: Facts, treatment: Treatment) -> Finding:
    """Under 18: not eligible."""
    minimum = P.KETAMINE_MIN_AGE.value
    if facts.age < minimum:
        return not_met(
            "not_eligible", f"Age {facts.age}: ketamine is for adults ({minimum} or older, clinic policy)."
        )
    return met(f"Age {facts.age}: adult.")


def check_failed_trials(facts: Facts, treatment: Treatment) -> Finding:
    """Fewer than 2 adequate failed trials in the current episode: not eligible."""
    return resistance_finding(facts, "ketamine")


def check_psychotic_features(facts: Facts, treatment: Treatment) -> Finding:
    """Current psychotic features: not eligible (evidence is for episodes without them)."""
    if facts.diagnosis.psychotic == "yes":
        return not_met(
            "not_eligible",
            f"{sentence(facts.diagnosis.psychotic_text)}; the ketamine evidence is for depressive episodes "
            "without psychotic features.",
            steps=(f"{STEP_ECT}: the evidence-preferred treatment for psychotic depression",),
        )
    if facts.diagnosis.psychotic == "unknown":
        return unknown(
            f"{sentence(facts.diagnosis.psychotic_text)}; they exclude ketamine.",
            missing=("Whether the current episode has psychotic features",),
            steps=("Assess and record psychotic features in the current episode",),
        )
    return met(f"{sentence(facts.diagnosis.psychotic_text)}.")


def check_psychosis_history(facts: Facts, treatment: Treatment) -> Finding:
    """Psychosis in the past (not now): caution."""
    past = facts.document.co_occurring.past_psychosis
    if past == "yes":
        return not_met(
            "eligible_with_cautions",
            "Psychosis is recorded in the past; ketamine can bring back psychotic symptoms, so weigh the "
            "risk.",
            steps=("Psychiatrist to weigh benefit against risk of a return of psychosis",),
        )
    if past == "unknown":
        return caution_unknown(
            "Whether the patient has had psychosis before is not recorded; a past psychosis is a ketamine "
            "caution.",
            missing=("Whether the patient has had psychosis before",),
            steps=("Ask about past psychosis and record it",),
        )
    return MET_NO_PAST_PSYCHOSIS


MET_NO_PAST_PSYCHOSIS = met("No psychosis in the past.")


def check_active_sud(facts: Facts, treatment: Treatment) -> Finding:
    """Active substance use disorder: not eligible."""
    if facts.substances.active:
        return not_met(
            "not_eligible",
            f"Active substance use disorder: {names(facts.substances.active)}; ketamine is not offered with "
            "an active use disorder.",
            steps=("Treat the substance use disorder first; reassess once in remission",),
        )
    if facts.substances.history_open:
        return open_substance_history(
            facts,
            disorder="an active disorder",
            why="an active use disorder excludes ketamine",
            decisive=True,
        )
    return MET_NO_ACTIVE_SUD


_PREGNANCY_WHY = "ketamine is not offered in pregnancy" + (
    " (clinic policy; the consensus statement's exact wording is unconfirmed)"
    if "pregnancy" in P.KETAMINE_UNCONFIRMED_EXCLUSIONS.value
    else ""
)


def check_pregnancy(facts: Facts, treatment: Treatment) -> Finding:
    """Pregnancy: not eligible (project policy; the consensus wording is unconfirmed)."""
    return pregnancy_finding(facts, treatment, _PREGNANCY_WHY)


def check_substance_remission(facts: Facts, treatment: Treatment) -> Finding:
    """Substance use disorder in remission: caution."""
    if facts.substances.remission:
        return not_met(
            "eligible_with_cautions",
            f"Substance use disorder in remission: {names(facts.substances.remission)}; ketamine can be "
            "misused, so monitor for relapse.",
            steps=("Screen for misuse (urine toxicology if suspected) and agree a relapse plan",),
        )
    if facts.substances.history_open:
        return caution_unknown(
            "Substance-use history is incomplete; a use disorder in remission is a ketamine caution.",
            missing=MISSING_SUBSTANCE_HISTORY,
        )
    return MET_NO_SUD_REMISSION


RULES: tuple[Rule, ...] = (
    Rule(
        "ketamine.not_eligible.age",
        "ketamine",
        "label_criterion",
        "criteria.md §4.2, §8 (project policy)",
        ("patient.date_of_birth",),
        "Under 18: not eligible.",
        check_age,
    ),
    Rule(
        "ketamine.not_eligible.failed_trials",
        "ketamine",
        "label_criterion",
        "criteria.md §1.2, §4.2, §8 (project policy)",
        ("medication_trials",),
        "Fewer than 2 adequate failed trials in the current episode: not eligible.",
        check_failed_trials,
    ),
    Rule(
        "ketamine.abs.aneurysmal_disease",
        "ketamine",
        "absolute_contraindication",
        _ABS,
        ("medical.aneurysmal_vascular_disease", "medical.aneurysm_site", "medical.implants"),
        "Aneurysm (any site): contraindicated (a blood-pressure rise is a serious hazard); a clip or coil "
        "listed while the disease is recorded absent: needs information.",
        check_aneurysmal_disease,
    ),
    Rule(
        "ketamine.abs.raised_icp",
        "ketamine",
        "absolute_contraindication",
        "criteria.md §10.2 [KETALAR-PI]",
        ("medical.raised_icp_or_intracranial_mass",),
        "Raised intracranial pressure or an intracranial mass: contraindicated.",
        absolute(
            "raised_icp_or_intracranial_mass",
            "raised intracranial pressure or an intracranial mass",
            "criteria.md §10.2 [KETALAR-PI]",
        ),
    ),
    Rule(
        "ketamine.not_eligible.bp_severe",
        "ketamine",
        "label_criterion",
        "criteria.md §10.3 (clinic parameter) [KETALAR-PI]",
        ("medical.latest_blood_pressure",),
        "Blood pressure 180/110 or higher: not eligible until controlled and re-measured.",
        check_bp_severe,
    ),
    Rule(
        "ketamine.rel.bp_interaction",
        "ketamine",
        "relative_caution",
        "criteria.md §10.5 [SPR-PI]",
        ("medication_trials", "medical.current_medications"),
        "A current MAOI or psychostimulant: blood-pressure caution.",
        check_bp_interaction,
    ),
    Rule(
        "ketamine.rel.breastfeeding",
        "ketamine",
        "relative_caution",
        "criteria.md §10.5 (project policy)",
        ("medical.breastfeeding",),
        "Breastfeeding: caution (clinic policy, same drug class as esketamine).",
        check_breastfeeding,
    ),
    Rule(
        "ketamine.rel.psychosis_history",
        "ketamine",
        "relative_caution",
        "criteria.md §4.2, §10.5 [SANACORA-2017]",
        ("co_occurring.past_psychosis",),
        "Psychosis in the past: caution.",
        check_psychosis_history,
    ),
    Rule(
        "ketamine.abs.avm",
        "ketamine",
        "absolute_contraindication",
        _ABS,
        ("medical.arteriovenous_malformation",),
        "Arteriovenous malformation: contraindicated.",
        absolute("arteriovenous_malformation", "an arteriovenous malformation", _ABS),
    ),
    Rule(
        "ketamine.abs.ich_history",
        "ketamine",
        "absolute_contraindication",
        _ABS,
        ("medical.intracerebral_hemorrhage_history",),
        "History of intracerebral hemorrhage: contraindicated.",
        absolute("intracerebral_hemorrhage_history", "a history of intracerebral hemorrhage", _ABS),
    ),
    Rule(
        "ketamine.abs.hypersensitivity",
        "ketamine",
        "absolute_contraindication",
        _ABS,
        ("medical.ketamine_esketamine_hypersensitivity",),
        "Hypersensitivity to ketamine or esketamine: contraindicated.",
        absolute("ketamine_esketamine_hypersensitivity", "hypersensitivity to esketamine or ketamine", _ABS),
    ),
    Rule(
        "ketamine.not_eligible.psychotic_features",
        "ketamine",
        "label_criterion",
        "criteria.md §4.1, §4.2, §8 [SANACORA-2017]",
        ("diagnosis.psychotic_features", "diagnosis.icd10_code"),
        "Current psychotic features: not eligible.",
        check_psychotic_features,
    ),
    Rule(
        "ketamine.not_eligible.active_sud",
        "ketamine",
        "label_criterion",
        "criteria.md §4.1, §4.2, §8 [SANACORA-2017]",
        ("substance_use",),
        "Active substance use disorder: not eligible.",
        check_active_sud,
    ),
    Rule(
        "ketamine.not_eligible.pregnancy",
        "ketamine",
        "label_criterion",
        "criteria.md §4.2, §8 (project policy; wording unconfirmed, §9)",
        ("medical.pregnant", "patient.sex_at_birth"),
        "Pregnancy: not eligible.",
        check_pregnancy,
    ),
    Rule(
        "ketamine.rel.bp_elevated",
        "ketamine",
        "relative_caution",
        "criteria.md §4.2, §8 [KETALAR-PI] (project policy; wording unconfirmed, §9)",
        ("medical.latest_blood_pressure", "medical.hypertension"),
        "Blood pressure > 140/90 or uncontrolled hypertension: caution, control first.",
        check_bp_elevated,
    ),
    Rule(
        "ketamine.rel.cv_risk",
        "ketamine",
        "relative_caution",
        "criteria.md §4.2, §8 [KETALAR-PI]",
        ("medical.hypertension", "medical.other_cardiovascular_disease", "medical.recent_stroke_or_mi"),
        "Controlled hypertension, cardiovascular disease, a recent stroke or heart attack: caution.",
        check_cv_risk,
    ),
    Rule(
        "ketamine.rel.substance_use",
        "ketamine",
        "relative_caution",
        "criteria.md §4.2, §8",
        ("substance_use",),
        "Substance use disorder in remission: caution.",
        check_substance_remission,
    ),
    Rule(
        "ketamine.rel.cns_depressants",
        "ketamine",
        "relative_caution",
        "criteria.md §4.2, §8",
        ("medical.opioid_use", "medical.benzodiazepine_use", "medical.current_medications"),
        "Opioid (including agonist therapy) or benzodiazepine co-use: caution.",
        check_cns_depressants,
    ),
)

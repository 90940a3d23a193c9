"""Ketamine (racemic, off-label) rules (criteria.md §4, §8). Not a guideline: project policy built
on the Ketalar label and the APA consensus statement, whose exact exclusion wording is
unconfirmed (criteria.md §4.1, §9)."""

from __future__ import annotations

from .. import parameters as P
from ..facts import Facts, names
from ..models import Treatment
from . import Finding, Rule, caution_unknown, met, not_met, sentence, unknown
from .common import resistance_finding
from .spravato import (
    absolute,
    check_bp_elevated,
    check_cns_depressants,
    check_cv_risk,
    pregnancy_finding,
)

_ABS = "criteria.md §4.2 [KETALAR-PI]"
_NO_HISTORY_FIELD = (
    " A remote psychosis history is a relative caution (criteria.md §4.2) but is not a field of the "
    "document: ask."
)

# Constant findings, built once (the hot path returns them as they are).
MET_NO_ACTIVE_SUD = met("No active substance use disorder is recorded.")
MET_NO_SUD_REMISSION = met(
    "No substance use disorder in remission (active ones: ketamine.not_eligible.active_sud)."
)


def check_age(facts: Facts, treatment: Treatment) -> Finding:
    """Under 18: not eligible."""
    minimum = P.KETAMINE_MIN_AGE.value
    if facts.age < minimum:
        return not_met(
            "not_eligible", f"Age {facts.age}: ketamine is for adults ({minimum} or older; criteria.md §4.2)."
        )
    return met(f"Age {facts.age}: adult.")


def check_failed_trials(facts: Facts, treatment: Treatment) -> Finding:
    """Fewer than 2 adequate failed trials in the current episode: not eligible."""
    return resistance_finding(facts, "ketamine")


def check_psychotic_features(facts: Facts, treatment: Treatment) -> Finding:
    """Current psychotic features: not eligible (evidence is for episodes without them)."""
    if facts.psychotic == "yes":
        return not_met(
            "not_eligible",
            f"{sentence(facts.psychotic_text)}; the ketamine evidence is for depressive episodes without "
            "psychotic features (criteria.md §4.1, §4.2).",
        )
    if facts.psychotic == "unknown":
        return unknown(
            f"{sentence(facts.psychotic_text)}; they exclude ketamine (criteria.md §4.2).",
            missing=("Whether the current episode has psychotic features",),
            steps=("Assess and record psychotic features in the current episode",),
        )
    return met(f"{sentence(facts.psychotic_text)}.{_NO_HISTORY_FIELD}")


def check_active_sud(facts: Facts, treatment: Treatment) -> Finding:
    """Active substance use disorder: not eligible."""
    if facts.sud_active:
        return not_met(
            "not_eligible",
            f"Active substance use disorder: {names(facts.sud_active)}; ketamine is not offered with an "
            "active use disorder (criteria.md §4.1, §4.2).",
            steps=("Treat the substance use disorder first; reassess once in remission",),
        )
    if not facts.sud_recorded or facts.sud_unknown:
        what = (
            "no substance-use history is recorded"
            if not facts.sud_recorded
            else f"whether use of {names(facts.sud_unknown)} is an active disorder is not recorded"
        )
        return unknown(
            f"{sentence(what)}; an active use disorder excludes ketamine (criteria.md §4.1, §4.2).",
            missing=("Substance-use history (disorder active, in remission or none)",),
            steps=("Record substance use (e.g. AUDIT-C) and any use disorder",),
        )
    return MET_NO_ACTIVE_SUD


_PREGNANCY_WHY = "ketamine is not offered in pregnancy (criteria.md §4.2" + (
    "; project policy, the consensus statement's exact wording is unconfirmed, §4.1, §9)"
    if "pregnancy" in P.KETAMINE_UNCONFIRMED_EXCLUSIONS.value
    else ")"
)


def check_pregnancy(facts: Facts, treatment: Treatment) -> Finding:
    """Pregnancy: not eligible (project policy; the consensus wording is unconfirmed)."""
    return pregnancy_finding(facts, treatment, _PREGNANCY_WHY)


def check_substance_remission(facts: Facts, treatment: Treatment) -> Finding:
    """Substance use disorder in remission: caution."""
    if facts.sud_remission:
        return not_met(
            "eligible_with_cautions",
            f"Substance use disorder in remission: {names(facts.sud_remission)}; ketamine can be misused, so "
            "monitor for relapse (criteria.md §4.2).",
            steps=("Screen for misuse (urine toxicology if suspected) and agree a relapse plan",),
        )
    if not facts.sud_recorded or facts.sud_unknown:
        return caution_unknown(
            "Substance-use history is incomplete; a use disorder in remission is a ketamine caution "
            "(criteria.md §4.2).",
            missing=("Substance-use history (disorder active, in remission or none)",),
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
        ("medical.aneurysmal_vascular_disease",),
        "Aneurysm (any site): contraindicated (a blood-pressure rise is a serious hazard).",
        absolute("aneurysmal_vascular_disease", "aneurysmal vascular disease", _ABS),
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
        ("medical.pregnant", "patient.sex_at_birth", "medical.breastfeeding"),
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
        ("medical.hypertension", "medical.other_cardiovascular_disease"),
        "Controlled hypertension or cardiovascular disease: caution.",
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
        ("medical.opioid_use", "medical.benzodiazepine_use"),
        "Opioid (including agonist therapy) or benzodiazepine co-use: caution.",
        check_cns_depressants,
    ),
)

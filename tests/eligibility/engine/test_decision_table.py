"""criteria.md §8, as a table: one named row per edge, each changing one fact of an otherwise
unremarkable adult (builders.document) and naming the statuses for TMS, Spravato and ketamine,
and the rule that decides. No database."""

from __future__ import annotations

from typing import Any

import pytest

from eligibility.engine import CoveragePolicy, PolicyRequirements

from .builders import (
    SERTRALINE,
    VENLAFAXINE,
    assert_row,
    born_aged,
    criterion,
    document,
    ongoing,
    result_for,
    run,
    statuses,
    trial,
)

E, C, NI, NE, X = "eligible", "eligible_with_cautions", "needs_information", "not_eligible", "contraindicated"


def cssrs(**answers: str) -> dict[str, Any]:
    base = {
        "administered_on": "2026-03-02",
        "wish_to_be_dead": "yes",
        "suicidal_thoughts": "no",
        "thoughts_of_method": "unknown",
        "intent": "unknown",
        "plan_with_intent": "unknown",
        "behavior_ever": "no",
        "behavior_within_3_months": "no",
    }
    return {"safety": {"cssrs": base | answers}}


HIGH = cssrs(suicidal_thoughts="yes", thoughts_of_method="yes", intent="yes", plan_with_intent="no")
MODERATE = cssrs(suicidal_thoughts="yes", thoughts_of_method="yes", intent="no", plan_with_intent="no")
LOW = cssrs()


def implants(*rows: dict[str, Any]) -> dict[str, Any]:
    return {"medical": {"metal_or_implants": "yes", "implants": list(rows)}}


def sud(substance: str, disorder: str) -> dict[str, Any]:
    return {"substance_use": [{"substance": substance, "current_use": "yes", "disorder": disorder}]}


def bp(systolic: int, diastolic: int) -> dict[str, Any]:
    return {
        "medical": {
            "latest_blood_pressure": {
                "measured_on": "2026-03-02",
                "systolic": systolic,
                "diastolic": diastolic,
            }
        }
    }


def trials(*rows: dict[str, Any]) -> dict[str, Any]:
    return {"medication_trials": list(rows)}


# (changes to the document, (TMS, Spravato, ketamine), deciding rules as (treatment, rule id, outcome))
ROWS = [
    pytest.param({}, (E, E, E), [("tms", "tms.resistance", "met")], id="baseline-all-eligible"),
    # --- Absolute contraindications (§2.2, §3.3, §4.2) ---
    pytest.param(
        {"medical": {"aneurysmal_vascular_disease": "yes"}},
        (E, X, X),
        [
            ("spravato", "spravato.abs.aneurysmal_disease", "not_met"),
            ("ketamine", "ketamine.abs.aneurysmal_disease", "not_met"),
        ],
        id="aneurysm-bars-spravato-and-ketamine",
    ),
    pytest.param(
        {"medical": {"arteriovenous_malformation": "yes"}},
        (C, X, X),
        [
            ("spravato", "spravato.abs.avm", "not_met"),
            ("ketamine", "ketamine.abs.avm", "not_met"),
            ("tms", "tms.rel.neuro", "not_met"),
        ],
        id="avm-bars-esketamine-ketamine-cautions-tms",
    ),
    pytest.param(
        {"medical": {"intracerebral_hemorrhage_history": "yes"}},
        (C, X, X),
        [
            ("spravato", "spravato.abs.ich_history", "not_met"),
            ("ketamine", "ketamine.abs.ich_history", "not_met"),
        ],
        id="intracerebral-hemorrhage",
    ),
    pytest.param(
        {"medical": {"ketamine_esketamine_hypersensitivity": "yes"}},
        (E, X, X),
        [
            ("spravato", "spravato.abs.hypersensitivity", "not_met"),
            ("ketamine", "ketamine.abs.hypersensitivity", "not_met"),
        ],
        id="ketamine-hypersensitivity",
    ),
    pytest.param(
        {"medical": {"aneurysmal_vascular_disease": "unknown"}},
        (E, NI, NI),
        [("spravato", "spravato.abs.aneurysmal_disease", "unknown")],
        id="aneurysm-unknown",
    ),
    pytest.param(
        # criteria.md §10.2: the clip means a treated aneurysm, so the "no" to aneurysmal disease is
        # reconciled before Spravato or ketamine.
        implants({"kind": "aneurysm_clip_or_coil", "location": "head", "magnetic_or_conductive": "yes"}),
        (X, NI, NI),
        [
            ("tms", "tms.abs.head_implant", "not_met"),
            ("spravato", "spravato.abs.aneurysmal_disease", "unknown"),
            ("ketamine", "ketamine.abs.aneurysmal_disease", "unknown"),
        ],
        id="aneurysm-clip-in-head-bars-tms",
    ),
    pytest.param(
        implants({"kind": "cochlear_implant", "location": "head"}),
        (X, E, E),
        [("tms", "tms.abs.head_implant", "not_met")],
        id="labeled-device-near-head-material-unrecorded",
    ),
    pytest.param(
        implants(
            {
                "kind": "vagus_nerve_stimulator",
                "location": "within_30cm_of_head",
                "magnetic_or_conductive": "yes",
            }
        ),
        (X, E, E),
        [("tms", "tms.abs.head_implant", "not_met")],
        id="vns-within-30-cm",
    ),
    pytest.param(
        implants(
            {
                "kind": "shrapnel_or_bullet",
                "location": "elsewhere",
                "site": "left thigh",
                "magnetic_or_conductive": "yes",
            }
        ),
        (E, E, E),
        [("tms", "tms.abs.head_implant", "met")],
        id="shrapnel-far-from-head",
    ),
    pytest.param(
        # criteria.md §10.2: "elsewhere" without a named body site does not place a fragment.
        implants({"kind": "shrapnel_or_bullet", "location": "elsewhere", "magnetic_or_conductive": "yes"}),
        (NI, E, E),
        [("tms", "tms.unknown_implant", "unknown")],
        id="shrapnel-elsewhere-without-a-site",
    ),
    pytest.param(
        implants({"kind": "dental_only", "location": "head", "magnetic_or_conductive": "yes"}),
        (E, E, E),
        [("tms", "tms.abs.head_implant", "met")],
        id="dental-only-not-contraindicated",
    ),
    pytest.param(
        implants(
            {"kind": "external_item", "location": "head", "magnetic_or_conductive": "yes", "removable": True}
        ),
        (C, E, E),
        [("tms", "tms.abs.head_implant", "not_met")],
        id="removable-metal-is-removed-first",
    ),
    pytest.param(
        implants({"kind": "other", "location": "within_30cm_of_head"}),
        (NI, E, E),
        [("tms", "tms.unknown_implant", "unknown"), ("tms", "tms.abs.head_implant", "met")],
        id="implant-near-head-material-unknown",
    ),
    pytest.param(
        implants({"kind": "stent", "location": "unknown", "magnetic_or_conductive": "yes"}),
        (NI, E, E),
        [("tms", "tms.unknown_implant", "unknown")],
        id="implant-location-unknown",
    ),
    pytest.param(
        {"medical": {"metal_or_implants": "unknown", "implants": []}},
        (NI, E, E),
        [("tms", "tms.unknown_implant", "unknown"), ("tms", "tms.rel.cardiac_device", "unknown")],
        id="metal-or-implants-unknown",
    ),
    pytest.param(
        implants(
            {"kind": "cardiac_pacemaker_or_icd", "location": "elsewhere", "magnetic_or_conductive": "yes"}
        ),
        (C, E, E),
        [("tms", "tms.rel.cardiac_device", "not_met")],
        id="pacemaker-is-a-tms-caution",
    ),
    # --- Treatment resistance (§1.1, §1.2, §3.5) ---
    pytest.param(
        trials(SERTRALINE),
        (E, NE, NE),
        [
            ("tms", "tms.resistance", "met"),
            ("spravato", "spravato.indication", "not_met"),
            ("ketamine", "ketamine.not_eligible.failed_trials", "not_met"),
        ],
        id="exactly-one-adequate-trial",
    ),
    pytest.param(
        trials(SERTRALINE, VENLAFAXINE),
        (E, E, E),
        [("spravato", "spravato.indication", "met")],
        id="exactly-two-adequate-trials",
    ),
    pytest.param(
        trials(trial("sertraline", 150, 5), VENLAFAXINE),
        (E, NE, NE),
        [("spravato", "spravato.indication", "not_met")],
        id="five-week-trial-does-not-count",
    ),
    pytest.param(
        trials(trial("sertraline", 150, 5.9), VENLAFAXINE),
        (E, NE, NE),
        [("spravato", "spravato.indication", "not_met")],
        id="5.9-week-trial-does-not-count",
    ),
    pytest.param(
        trials(trial("sertraline", 150, 6), VENLAFAXINE),
        (E, E, E),
        [("spravato", "spravato.indication", "met")],
        id="exactly-six-weeks-counts",
    ),
    pytest.param(
        trials(trial("sertraline", 25, 12), VENLAFAXINE),
        (E, NE, NE),
        [("ketamine", "ketamine.not_eligible.failed_trials", "not_met")],
        id="dose-below-minimum-does-not-count",
    ),
    pytest.param(
        trials(trial("sertraline", 50, 12), VENLAFAXINE),
        (E, E, E),
        [("ketamine", "ketamine.not_eligible.failed_trials", "met")],
        id="dose-at-minimum-counts",
    ),
    pytest.param(
        trials(trial("sertraline", 150, 12, outcome="response"), VENLAFAXINE),
        (E, NE, NE),
        [("spravato", "spravato.indication", "not_met")],
        id="a-response-is-not-a-failure",
    ),
    pytest.param(
        trials(trial("sertraline", 150, 12, current_episode="no"), VENLAFAXINE),
        (E, NE, NE),
        [("spravato", "spravato.indication", "not_met")],
        id="earlier-episode-does-not-count",
    ),
    pytest.param(
        trials(trial("sertraline", None, 12), VENLAFAXINE),
        (E, NI, NI),
        [
            ("spravato", "common.unknown_trial", "unknown"),
            ("ketamine", "common.unknown_trial", "unknown"),
            ("tms", "common.unknown_trial", "met"),
        ],
        id="unknown-dose-could-reach-two",
    ),
    pytest.param(
        trials(trial("sertraline", None, 12)),
        (NI, NE, NE),
        [("tms", "common.unknown_trial", "unknown"), ("spravato", "common.unknown_trial", "met")],
        id="only-trial-unknown-dose-tms-needs-information",
    ),
    pytest.param(
        trials(trial("sertraline", 150, None)),
        (NI, NE, NE),
        [("tms", "tms.resistance", "unknown")],
        id="only-trial-unknown-duration",
    ),
    pytest.param(
        trials(),
        (NI, NI, NI),
        [("tms", "tms.resistance", "unknown"), ("spravato", "spravato.indication", "unknown")],
        id="no-trial-recorded-is-not-a-negative-history",
    ),
    pytest.param(
        trials(trial("sertraline", 150, 12, outcome="response")),
        (NE, NE, NE),
        [("tms", "tms.resistance", "not_met")],
        id="adult-without-a-failed-trial",
    ),
    # --- Suicide risk (§5.3, §8) ---
    pytest.param(
        HIGH,
        (C, C, C),
        [("tms", "common.suicide.high", "not_met"), ("tms", "tms.rel.acute_suicidality", "not_met")],
        id="cssrs-high-caps",
    ),
    pytest.param(
        MODERATE,
        (C, C, C),
        [("spravato", "common.suicide.moderate", "not_met"), ("spravato", "common.suicide.high", "met")],
        id="cssrs-moderate-caps",
    ),
    pytest.param(
        cssrs(behavior_ever="yes", behavior_within_3_months="no"),
        (C, C, C),
        [("ketamine", "common.suicide.moderate", "not_met")],
        id="past-behavior-over-3-months-moderate",
    ),
    pytest.param(LOW, (E, E, E), [("tms", "common.suicide.moderate", "met")], id="cssrs-low-changes-nothing"),
    pytest.param(
        # criteria.md §10.3 replaces §8's last line: a current C-SSRS is required for every evaluation.
        {"safety": {"cssrs": None}},
        (NI, NI, NI),
        [("tms", "common.suicide.screen_current", "unknown")],
        id="no-cssrs-and-item9-zero",
    ),
    pytest.param(
        {
            "safety": {"cssrs": None},
            "measurement": {
                "phq9": [{"administered_on": "2026-03-02", "items": [3, 3, 2, 2, 2, 2, 2, 1, 1]}]
            },
        },
        (NI, NI, NI),
        [("tms", "common.suicide.screen_current", "unknown"), ("tms", "common.suicide.high", "unknown")],
        id="item9-without-cssrs-needs-a-cssrs",
    ),
    pytest.param(
        cssrs(suicidal_thoughts="yes", thoughts_of_method="yes", intent="unknown", plan_with_intent="no"),
        (NI, NI, NI),
        [("spravato", "common.suicide.high", "unknown")],
        id="incomplete-cssrs-could-be-high",
    ),
    pytest.param(
        cssrs(wish_to_be_dead="unknown", suicidal_thoughts="no"),
        (E, E, E),
        [("tms", "common.suicide.moderate", "met"), ("tms", "common.suicide.high", "met")],
        id="q1-unanswered-cannot-raise-above-low",
    ),
    pytest.param(
        cssrs(suicidal_thoughts="yes", thoughts_of_method="unknown", intent="no", plan_with_intent="no"),
        (C, C, C),
        [("tms", "common.suicide.moderate", "unknown")],
        id="incomplete-cssrs-could-be-moderate",
    ),
    # --- Diagnosis (§3.5, §4.2, §6.2) ---
    pytest.param(
        {"diagnosis": {"psychotic_features": "yes"}},
        (NE, C, NE),
        [
            ("tms", "tms.not_eligible.psychotic_features", "not_met"),
            ("spravato", "spravato.rel.psychosis", "not_met"),
            ("ketamine", "ketamine.not_eligible.psychotic_features", "not_met"),
        ],
        id="psychotic-features",
    ),
    pytest.param(
        {"diagnosis": {"psychotic_features": "unknown", "icd10_code": "F33.3"}},
        (NE, C, NE),
        [("tms", "tms.not_eligible.psychotic_features", "not_met")],
        id="psychotic-features-from-icd10",
    ),
    pytest.param(
        {"diagnosis": {"psychotic_features": "unknown", "icd10_code": "F33.9"}},
        (NI, C, NI),
        [
            ("tms", "tms.not_eligible.psychotic_features", "unknown"),
            ("spravato", "spravato.rel.psychosis", "unknown"),
        ],
        id="psychotic-features-unknown",
    ),
    pytest.param(
        {"diagnosis": {"psychotic_features": "unknown", "icd10_code": "F33.2"}},
        (E, E, E),
        [("tms", "tms.not_eligible.psychotic_features", "met")],
        id="f33.2-is-without-psychotic-features",
    ),
    pytest.param(
        {"co_occurring": {"bipolar_spectrum": "yes"}},
        (NE, NE, NE),
        [("tms", "common.bipolar", "not_met"), ("ketamine", "common.bipolar", "not_met")],
        id="bipolar-confirmed",
    ),
    pytest.param(
        {"diagnosis": {"icd10_code": "F31.4"}, "co_occurring": {"bipolar_spectrum": "unknown"}},
        (NE, NE, NE),
        [("spravato", "common.bipolar", "not_met")],
        id="bipolar-diagnosis-code",
    ),
    pytest.param(
        {"co_occurring": {"bipolar_spectrum": "unknown"}, "diagnosis": {"bipolar_screen": "not_done"}},
        (NI, NI, NI),
        [("tms", "common.bipolar", "unknown")],
        id="bipolar-unknown-no-screen",
    ),
    pytest.param(
        {"co_occurring": {"bipolar_spectrum": "unknown"}, "diagnosis": {"bipolar_screen": "positive"}},
        (NI, NI, NI),
        [("spravato", "common.bipolar", "unknown")],
        id="bipolar-screen-positive-unresolved",
    ),
    pytest.param(
        {"co_occurring": {"bipolar_spectrum": "unknown"}, "diagnosis": {"bipolar_screen": "negative"}},
        (E, E, E),
        [("ketamine", "common.bipolar", "met")],
        id="negative-screen-no-diagnosis",
    ),
    # --- Substance use (§2.3, §3.4, §4.2) ---
    pytest.param(
        sud("alcohol", "active"),
        (C, C, NE),
        [
            ("tms", "tms.rel.seizure_risk", "not_met"),
            ("spravato", "spravato.rel.substance_use", "not_met"),
            ("ketamine", "ketamine.not_eligible.active_sud", "not_met"),
        ],
        id="active-alcohol-use-disorder",
    ),
    pytest.param(
        sud("cannabis", "active"),
        (E, C, NE),
        [("tms", "tms.rel.seizure_risk", "met")],
        id="active-cannabis-use-disorder",
    ),
    pytest.param(
        sud("opioids", "sustained_remission"),
        (E, C, C),
        [
            ("spravato", "spravato.rel.substance_use", "not_met"),
            ("ketamine", "ketamine.rel.substance_use", "not_met"),
            ("ketamine", "ketamine.not_eligible.active_sud", "met"),
        ],
        id="sud-in-remission",
    ),
    pytest.param(
        sud("alcohol", "unknown"),
        (C, C, NI),
        [("ketamine", "ketamine.not_eligible.active_sud", "unknown")],
        id="sud-status-unknown",
    ),
    pytest.param(
        {"substance_use": []},
        (C, C, NI),
        [("ketamine", "ketamine.not_eligible.active_sud", "unknown")],
        id="no-substance-history-recorded",
    ),
    pytest.param(
        {"medical": {"opioid_use": "yes"}},
        (E, C, C),
        [
            ("spravato", "spravato.rel.cns_depressants", "not_met"),
            ("ketamine", "ketamine.rel.cns_depressants", "not_met"),
        ],
        id="opioid-agonist-therapy",
    ),
    pytest.param(
        {"medical": {"benzodiazepine_use": "yes"}},
        (E, C, C),
        [("ketamine", "ketamine.rel.cns_depressants", "not_met")],
        id="benzodiazepines",
    ),
    # --- Pregnancy (§2.3, §3.4, §4.2) ---
    pytest.param(
        {"medical": {"pregnant": "yes"}},
        (C, NE, NE),
        [
            ("tms", "tms.rel.pregnancy", "not_met"),
            ("spravato", "spravato.not_eligible.pregnancy", "not_met"),
            ("ketamine", "ketamine.not_eligible.pregnancy", "not_met"),
        ],
        id="pregnant",
    ),
    pytest.param(
        {"medical": {"pregnant": "unknown"}},
        (C, NI, NI),
        [("spravato", "spravato.not_eligible.pregnancy", "unknown")],
        id="pregnancy-unknown-female",
    ),
    pytest.param(
        {"medical": {"pregnant": "unknown"}, "sex_at_birth": "male"},
        (E, E, E),
        [("spravato", "spravato.not_eligible.pregnancy", "met")],
        id="pregnancy-not-applicable-male",
    ),
    pytest.param(
        {"medical": {"pregnant": "unknown"}, "sex_at_birth": "intersex"},
        (C, NI, NI),
        [("ketamine", "ketamine.not_eligible.pregnancy", "unknown")],
        id="pregnancy-unknown-intersex",
    ),
    # --- Blood pressure and cardiovascular risk (§2.3, §2.4, §4.2) ---
    pytest.param(
        bp(150, 95),
        (E, C, C),
        [
            ("spravato", "spravato.rel.bp_elevated", "not_met"),
            ("ketamine", "ketamine.rel.bp_elevated", "not_met"),
        ],
        id="bp-150-95",
    ),
    pytest.param(
        bp(140, 90), (E, E, E), [("spravato", "spravato.rel.bp_elevated", "met")], id="bp-140-90-is-not-above"
    ),
    pytest.param(
        bp(141, 80), (E, C, C), [("spravato", "spravato.rel.bp_elevated", "not_met")], id="bp-systolic-141"
    ),
    pytest.param(
        bp(130, 91), (E, C, C), [("ketamine", "ketamine.rel.bp_elevated", "not_met")], id="bp-diastolic-91"
    ),
    pytest.param(
        {"medical": {"hypertension": "uncontrolled"}},
        (E, C, C),
        [
            ("spravato", "spravato.rel.bp_elevated", "not_met"),
            ("spravato", "spravato.rel.cv_risk", "not_met"),
        ],
        id="uncontrolled-hypertension",
    ),
    pytest.param(
        {"medical": {"hypertension": "controlled"}},
        (E, C, C),
        [("ketamine", "ketamine.rel.cv_risk", "not_met")],
        id="controlled-hypertension",
    ),
    pytest.param(
        # criteria.md §10.3 `common.bp_current`: no reading at all needs one before Spravato or ketamine.
        {"medical": {"latest_blood_pressure": None}},
        (E, NI, NI),
        [("spravato", "spravato.rel.bp_elevated", "unknown"), ("spravato", "common.bp_current", "unknown")],
        id="no-blood-pressure-recorded",
    ),
    pytest.param(
        {"medical": {"hepatic_impairment": "severe"}},
        (E, C, E),
        [("spravato", "spravato.rel.hepatic", "not_met")],
        id="severe-hepatic-impairment",
    ),
    # --- TMS relative cautions (§3.4) ---
    pytest.param(
        {"medical": {"seizure_history": "yes"}},
        (C, E, E),
        [("tms", "tms.rel.seizure_risk", "not_met")],
        id="seizure-history",
    ),
    pytest.param(
        {"medical": {"head_injury": "yes"}},
        (C, E, E),
        [("tms", "tms.rel.neuro", "not_met")],
        id="head-injury",
    ),
    # --- Age (§2.1, §3.5, §4.2) ---
    pytest.param(
        {"date_of_birth": born_aged(16), **trials(ongoing("fluoxetine", 20, 4))},
        (E, NE, NE),
        [
            ("tms", "tms.age", "met"),
            ("tms", "tms.resistance", "met"),
            ("spravato", "spravato.age", "not_met"),
            ("ketamine", "ketamine.not_eligible.age", "not_met"),
        ],
        id="age-16-on-antidepressant-adjunct",
    ),
    pytest.param(
        {"date_of_birth": born_aged(16), **trials(SERTRALINE)},
        (NE, NE, NE),
        [("tms", "tms.age", "not_met")],
        id="age-16-without-current-antidepressant",
    ),
    pytest.param(
        {"date_of_birth": born_aged(17), **trials()},
        (NI, NE, NE),
        [("tms", "tms.age", "unknown")],
        id="age-17-no-medication-recorded",
    ),
    pytest.param(
        {"date_of_birth": born_aged(14)}, (NE, NE, NE), [("tms", "tms.age", "not_met")], id="age-14"
    ),
    pytest.param(
        {"date_of_birth": born_aged(15), **trials(ongoing("fluoxetine", 20, 4))},
        (E, NE, NE),
        [("tms", "tms.age", "met")],
        id="age-15-on-antidepressant",
    ),
    pytest.param(
        {"date_of_birth": born_aged(19), **trials(ongoing("fluoxetine", 20, 4))},
        (E, NE, NE),
        [("tms", "tms.resistance", "met")],
        id="age-19-adjunct-path-without-failure",
    ),
    pytest.param(
        {"date_of_birth": born_aged(22), **trials(ongoing("fluoxetine", 20, 4))},
        (NE, NE, NE),
        [("tms", "tms.resistance", "not_met")],
        id="age-22-needs-a-failed-trial",
    ),
    pytest.param(
        {"date_of_birth": born_aged(18, days_after_birthday=0)},
        (E, E, E),
        [("spravato", "spravato.age", "met")],
        id="eighteenth-birthday",
    ),
    pytest.param(
        {"date_of_birth": born_aged(17, days_after_birthday=364)},
        (E, NE, NE),
        [("spravato", "spravato.age", "not_met"), ("tms", "tms.age", "met")],
        id="day-before-eighteenth-birthday",
    ),
    pytest.param(
        {"date_of_birth": born_aged(70)}, (E, E, E), [("spravato", "spravato.age", "met")], id="age-70"
    ),
    # --- MDSI (§2.1, §8) ---
    pytest.param(
        {**HIGH, **trials(ongoing("bupropion", 300, 12))},
        (C, C, NE),
        [
            ("spravato", "spravato.mdsi", "met"),
            ("spravato", "spravato.indication", "met"),
            ("ketamine", "ketamine.not_eligible.failed_trials", "not_met"),
        ],
        id="mdsi-path-one-failed-trial",
    ),
    pytest.param(
        {**HIGH, **trials(SERTRALINE)},
        (C, NE, NE),
        [("spravato", "spravato.mdsi", "not_met")],
        id="mdsi-needs-a-current-oral-antidepressant",
    ),
    pytest.param(
        # criteria.md §10.1: dysthymia alone is not a current major depressive episode, for all three.
        {**HIGH, **trials(ongoing("bupropion", 300, 12)), "diagnosis": {"icd10_code": "F34.1"}},
        (NE, NE, NE),
        [("spravato", "spravato.mdsi", "not_met"), ("tms", "common.indication.mdd", "not_met")],
        id="mdsi-needs-mdd",
    ),
    pytest.param(
        {
            **trials(ongoing("bupropion", 300, 12)),
            **cssrs(
                suicidal_thoughts="yes", intent="unknown", thoughts_of_method="no", plan_with_intent="no"
            ),
        },
        (NI, NI, NE),
        [("spravato", "spravato.mdsi", "unknown"), ("spravato", "spravato.indication", "unknown")],
        id="mdsi-open-while-cssrs-incomplete",
    ),
    # --- Logistics (§2.4, §3.2, §8) ---
    pytest.param(
        {"logistics": {"driver_after_dosing": "no"}},
        (E, C, C),
        [("spravato", "common.logistics", "not_met"), ("tms", "common.logistics", "met")],
        id="no-ride-after-dosing",
    ),
    pytest.param(
        {"logistics": {"daily_visits_possible": "no"}},
        (C, E, E),
        [("tms", "common.logistics", "not_met")],
        id="no-daily-visits",
    ),
    pytest.param(
        {"logistics": {"daily_visits_possible": "unknown", "driver_after_dosing": "unknown"}},
        (C, C, C),
        [("tms", "common.logistics", "unknown")],
        id="logistics-unknown",
    ),
]


@pytest.mark.parametrize(("changes", "expected", "rules"), ROWS)
def test_decision_table_row(
    changes: dict[str, Any], expected: tuple[str, str, str], rules: list[tuple[str, str, str]]
) -> None:
    assert_row(changes, expected, rules)


def test_every_triggered_reason_is_cited_under_the_worst_status() -> None:
    report = run(
        document(
            medical={"pregnant": "yes", "arteriovenous_malformation": "yes"},
            logistics={"driver_after_dosing": "no"},
        )
    )
    spravato = result_for(report, "spravato")
    assert spravato.status == X
    effects = {c.rule_id: c.status_effect for c in spravato.criteria}
    assert effects["spravato.abs.avm"] == X
    assert effects["spravato.not_eligible.pregnancy"] == NE
    assert effects["common.logistics"] == C


def test_a_rationale_names_the_patients_own_trials() -> None:
    report = run(document(**trials(SERTRALINE, trial("escitalopram", 5, 12))))
    rationale = criterion(report, "spravato", "spravato.indication").rationale
    assert (
        "1 adequate failed trial (sertraline) in the current episode; Spravato requires at least 2"
        in rationale
    )
    assert "escitalopram 5 mg/day is below the 10 mg/day minimum" in rationale


def test_an_inadequate_trial_is_explained_not_counted() -> None:
    report = run(document(**trials(trial("sertraline", 150, 5), VENLAFAXINE)))
    assert (
        "sertraline lasted 5.0 weeks, under 6"
        in criterion(report, "ketamine", "ketamine.not_eligible.failed_trials").rationale
    )


def test_a_not_eligible_spravato_says_which_trial_to_document_next() -> None:
    report = run(document(**trials(SERTRALINE)))
    assert (
        "Document a second adequate antidepressant trial (≥ 6 weeks at ≥ minimum dose)"
        in result_for(report, "spravato").next_steps
    )


def test_unknown_implant_asks_to_describe_the_device() -> None:
    report = run(document(**implants({"kind": "other", "location": "within_30cm_of_head"})))
    tms = result_for(report, "tms")
    assert (
        "Answer the metal and implant question and describe each device (type, site, material)"
        in tms.next_steps
    )
    assert tms.missing_information == (
        "Whether the other metal or implant within 30 cm of the head is conductive or magnetic",
    )


def test_blood_pressure_above_limit_says_control_it_first() -> None:
    report = run(document(**bp(150, 95)))
    assert (
        "Record blood pressure before dosing; control to ≤ 140/90 first"
        in result_for(report, "spravato").next_steps
    )
    assert "150/95" in criterion(report, "ketamine", "ketamine.rel.bp_elevated").rationale


def test_item9_without_cssrs_asks_for_the_screener_first() -> None:
    phq = {"administered_on": "2026-03-02", "items": [3, 3, 2, 2, 2, 2, 2, 1, 2]}
    report = run(document(safety={"cssrs": None}, measurement={"phq9": [phq]}))
    assert report.next_steps[0] == "Complete the C-SSRS screener today (PHQ-9 item 9 = 2)"
    assert (
        report.missing_information[0]
        == "A current C-SSRS screener (after the PHQ-9 with item 9 of 1 or more)"
    )
    assert not report.urgent_safety_flag
    assert report.safety_reasons  # the banner's definition: item 9 not yet followed by a C-SSRS


# --- Payer requirements never change a status (criteria.md §0) -------------------------------------

STRICT = PolicyRequirements(
    min_failed_trials=6,
    min_classes=4,
    psychotherapy_required=True,
    severe_episode_only=True,
    phq9_within_days=1,
    phq9_min_total=27,
    min_age=90,
    augmentation_required=True,
    excluded_if_active_suicidality=True,
)


@pytest.mark.parametrize("changes", [pytest.param(row.values[0], id=row.id) for row in ROWS])
def test_payer_gaps_never_change_a_status(changes: dict[str, Any]) -> None:
    doc = document(**changes)
    policies = [
        CoveragePolicy(payer="Strict", treatment=t, requirements=STRICT)
        for t in ("tms", "spravato", "ketamine")
    ]
    plain, covered = run(doc), run(doc, *policies)
    assert statuses(covered) == statuses(plain)
    for result in covered.treatments:
        assert result.pa_gaps, result.treatment
        assert all(c.status_effect is None for c in result.criteria if c.kind == "payer_requirement")

"""What a reassessment still lacks: every decisive unknown named, in a stable order. No database."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from reassessment.completeness import WHY, completeness
from reassessment.documents import ReassessmentDocument

AS_OF = dt.date(2025, 6, 15)

FULL: dict[str, Any] = {
    "assessed_on": "2025-06-15",
    "patient": {"date_of_birth": "1980-03-02", "sex_at_birth": "female"},
    "diagnosis": {
        "icd10_code": "F33.2",
        "episode_start": "2024-01-10",
        "severity": "severe",
        "psychotic_features": "no",
        "catatonia": "no",
        "bipolar_screen": "negative",
    },
    "co_occurring": {
        "bipolar_spectrum": "no",
        "possible_past_hypomania": "no",
        "family_history_bipolar": "no",
        "past_psychosis": "no",
    },
    "medication_trials": [
        {
            "drug": "sertraline",
            "daily_dose_mg": 150,
            "start_date": "2024-02-01",
            "end_date": "2024-04-15",
            "outcome": "no_response",
            "current_episode": "yes",
        },
        {
            "drug": "venlafaxine",
            "daily_dose_mg": 225,
            "duration_weeks": 10,
            "outcome": "partial_response",
            "current_episode": "yes",
        },
        {"drug": "aripiprazole", "daily_dose_mg": 5, "duration_weeks": 8, "current_episode": "yes"},
        {
            "drug": "bupropion",
            "daily_dose_mg": 300,
            "start_date": "2025-03-01",
            "ongoing": True,
            "outcome": "partial_response",
            "current_episode": "yes",
        },
    ],
    "other_treatments": {"ect": "no"},
    "measurement": {
        "phq9": [
            {"administered_on": "2025-01-10", "items": [2, 2, 2, 2, 2, 2, 2, 2, 0]},
            {"administered_on": "2025-06-10", "items": [3, 2, 2, 2, 2, 2, 2, 2, 1]},
        ],
        "other_scores": [{"scale": "madrs", "administered_on": "2025-06-10", "total": 31}],
    },
    "safety": {
        "cssrs": {
            "administered_on": "2025-06-10",
            "wish_to_be_dead": "yes",
            "suicidal_thoughts": "no",
            "behavior_ever": "no",
        },
    },
    "medical": {
        "seizure_history": "no",
        "family_history_epilepsy": "no",
        "metal_or_implants": "yes",
        "implants": [{"kind": "dental_only", "location": "head"}],
        "aneurysmal_vascular_disease": "no",
        "arteriovenous_malformation": "no",
        "intracerebral_hemorrhage_history": "no",
        "raised_icp_or_intracranial_mass": "no",
        "recent_stroke_or_mi": "no",
        "hypertension": "controlled",
        "latest_blood_pressure": {"measured_on": "2025-06-10", "systolic": 132, "diastolic": 84},
        "pregnant": "no",
        "ketamine_esketamine_hypersensitivity": "no",
    },
    "substance_use": [{"substance": "alcohol", "current_use": "yes", "disorder": "none"}],
    "labs": [
        {"test": "tsh", "collected_on": "2025-06-01", "value": 2.1, "unit": "mIU/L"},
        {"test": "hemoglobin", "collected_on": "2025-06-01", "value": 13.1, "unit": "g/dL"},
        {"test": "urine_drug_screen", "collected_on": "2025-06-01", "result": "negative"},
    ],
    "reversible_contributors": [
        {"contributor": "sleep_disorder_osa", "status": "ruled_out"},
        {"contributor": "thyroid", "status": "ruled_out"},
        {"contributor": "substances", "status": "being_addressed"},
        {"contributor": "medication_effects", "status": "ruled_out"},
    ],
    "logistics": {"daily_visits_possible": "yes", "driver_after_dosing": "yes", "preference": "non_drug"},
    "none_of_these": ["prior_courses", "current_medications"],
}


def full_document(**changes: Any) -> ReassessmentDocument:
    """The complete document with dotted paths replaced, as in {"diagnosis.severity": "unknown"}."""
    data = copy.deepcopy(FULL)
    for path, value in changes.items():
        *parents, last = path.split(".")
        node: Any = data
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return ReassessmentDocument.model_validate(data)


def missing(document: ReassessmentDocument) -> list[tuple[str, str]]:
    return [(m.section, m.item) for m in completeness(document)]


def test_it_finds_nothing_missing_in_a_complete_document() -> None:
    assert completeness(full_document()) == ()


def test_it_lists_everything_for_an_empty_document_in_a_stable_order() -> None:
    empty = ReassessmentDocument(
        assessed_on=AS_OF, patient={"date_of_birth": "1980-01-01", "sex_at_birth": "unknown"}
    )
    assert missing(empty) == [
        ("diagnosis", "icd10_code"),
        ("diagnosis", "episode_start"),
        ("diagnosis", "severity"),
        ("diagnosis", "psychotic_features"),
        ("diagnosis", "catatonia"),
        ("diagnosis", "bipolar_screen"),
        ("co_occurring", "bipolar_spectrum"),
        ("co_occurring", "possible_past_hypomania"),
        ("co_occurring", "family_history_bipolar"),
        ("co_occurring", "past_psychosis"),
        ("medication_trials", ""),
        ("other_treatments", "ect"),
        ("prior_courses", ""),
        ("measurement", "phq9"),
        ("safety", "cssrs"),
        ("medical", "seizure_history"),
        ("medical", "family_history_epilepsy"),
        ("medical", "metal_or_implants"),
        ("medical", "aneurysmal_vascular_disease"),
        ("medical", "arteriovenous_malformation"),
        ("medical", "intracerebral_hemorrhage_history"),
        ("medical", "raised_icp_or_intracranial_mass"),
        ("medical", "recent_stroke_or_mi"),
        ("medical", "hypertension"),
        ("medical", "latest_blood_pressure"),
        ("medical", "pregnant"),
        ("medical", "ketamine_esketamine_hypersensitivity"),
        ("medical", "current_medications"),
        ("substance_use", ""),
        ("labs", "tsh"),
        ("reversible_contributors", "sleep_disorder_osa"),
        ("reversible_contributors", "thyroid"),
        ("reversible_contributors", "substances"),
        ("reversible_contributors", "medication_effects"),
        ("logistics", "daily_visits_possible"),
        ("logistics", "driver_after_dosing"),
        ("logistics", "preference"),
    ]
    assert all(m.why for m in completeness(empty))


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({"diagnosis.icd10_code": None}, ("diagnosis", "icd10_code"), id="no-diagnosis-code"),
        pytest.param(
            {"diagnosis.episode_start": None}, ("diagnosis", "episode_start"), id="no-episode-start"
        ),
        pytest.param({"diagnosis.severity": "unknown"}, ("diagnosis", "severity"), id="severity-unknown"),
        pytest.param(
            {"diagnosis.psychotic_features": "unknown"},
            ("diagnosis", "psychotic_features"),
            id="psychotic-features-unknown",
        ),
        pytest.param(
            {"diagnosis.bipolar_screen": "not_done"},
            ("diagnosis", "bipolar_screen"),
            id="bipolar-screen-not-done",
        ),
        pytest.param(
            {"co_occurring.bipolar_spectrum": "unknown"},
            ("co_occurring", "bipolar_spectrum"),
            id="bipolar-spectrum-unknown",
        ),
        pytest.param({"medication_trials": []}, ("medication_trials", ""), id="no-trials"),
        pytest.param(
            {"medication_trials.1.daily_dose_mg": None},
            ("medication_trials", "1.daily_dose_mg"),
            id="trial-dose-unknown",
        ),
        pytest.param(
            {"medication_trials.1.duration_weeks": None},
            ("medication_trials", "1.duration_weeks"),
            id="trial-duration-unknown",
        ),
        pytest.param(
            {"medication_trials.0.outcome": "unknown"},
            ("medication_trials", "0.outcome"),
            id="trial-outcome-unknown",
        ),
        pytest.param(
            {"medication_trials.0.current_episode": "unknown"},
            ("medication_trials", "0.current_episode"),
            id="trial-episode-unknown",
        ),
        pytest.param(
            {"medication_trials.2.current_episode": "unknown"},
            ("medication_trials", "2.current_episode"),
            id="augmentation-episode-unknown",
        ),
        pytest.param({"other_treatments.ect": "unknown"}, ("other_treatments", "ect"), id="ect-unknown"),
        pytest.param({"measurement.phq9": []}, ("measurement", "phq9"), id="no-phq9"),
        pytest.param({"safety.cssrs": None}, ("safety", "cssrs"), id="no-cssrs"),
        pytest.param(
            {"safety.cssrs.wish_to_be_dead": "unknown"},
            ("safety", "cssrs.wish_to_be_dead"),
            id="cssrs-question-could-raise-level",
        ),
        pytest.param({"medical.seizure_history": "unknown"}, ("medical", "seizure_history"), id="seizures"),
        pytest.param({"medical.metal_or_implants": "unknown"}, ("medical", "metal_or_implants"), id="metal"),
        pytest.param(
            {"medical.implants.0": {"kind": "stent", "magnetic_or_conductive": "yes"}},
            ("medical", "implants.0.location"),
            id="implant-location-unknown",
        ),
        pytest.param(
            {"medical.implants.0": {"kind": "stent", "location": "within_30cm_of_head"}},
            ("medical", "implants.0.magnetic_or_conductive"),
            id="implant-near-head-material-unknown",
        ),
        pytest.param(
            {"medical.aneurysmal_vascular_disease": "unknown"},
            ("medical", "aneurysmal_vascular_disease"),
            id="aneurysm",
        ),
        pytest.param(
            {"medical.arteriovenous_malformation": "unknown"},
            ("medical", "arteriovenous_malformation"),
            id="avm",
        ),
        pytest.param(
            {"medical.intracerebral_hemorrhage_history": "unknown"},
            ("medical", "intracerebral_hemorrhage_history"),
            id="ich",
        ),
        pytest.param({"medical.hypertension": "unknown"}, ("medical", "hypertension"), id="hypertension"),
        pytest.param(
            {"medical.latest_blood_pressure": None}, ("medical", "latest_blood_pressure"), id="no-bp"
        ),
        pytest.param({"medical.pregnant": "unknown"}, ("medical", "pregnant"), id="pregnancy-female"),
        pytest.param(
            {"medical.pregnant": "unknown", "patient.sex_at_birth": "intersex"},
            ("medical", "pregnant"),
            id="pregnancy-intersex",
        ),
        pytest.param(
            {"medical.ketamine_esketamine_hypersensitivity": "unknown"},
            ("medical", "ketamine_esketamine_hypersensitivity"),
            id="hypersensitivity",
        ),
        pytest.param({"substance_use": []}, ("substance_use", ""), id="substance-use-not-recorded"),
        pytest.param(
            {"substance_use.0.disorder": "unknown"},
            ("substance_use", "0.disorder"),
            id="substance-disorder-unknown",
        ),
        pytest.param({"labs.0.test": "free_t4"}, ("labs", "tsh"), id="no-tsh"),
        pytest.param(
            {"reversible_contributors.0.status": "not_assessed"},
            ("reversible_contributors", "sleep_disorder_osa"),
            id="osa-not-assessed",
        ),
        pytest.param(
            {"reversible_contributors.1": {"contributor": "other", "status": "ruled_out"}},
            ("reversible_contributors", "thyroid"),
            id="thyroid-absent",
        ),
        pytest.param(
            {"logistics.daily_visits_possible": "unknown"},
            ("logistics", "daily_visits_possible"),
            id="daily-visits",
        ),
        pytest.param(
            {"logistics.driver_after_dosing": "unknown"}, ("logistics", "driver_after_dosing"), id="driver"
        ),
        pytest.param({"logistics.preference": "unknown"}, ("logistics", "preference"), id="preference"),
    ],
)
def test_it_names_each_decisive_unknown_alone(changes: dict[str, Any], expected: tuple[str, str]) -> None:
    assert missing(full_document(**changes)) == [expected]


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"medical.pregnant": "unknown", "patient.sex_at_birth": "male"}, id="pregnancy-male"),
        pytest.param({"medical.implants.0": {"kind": "dental_only"}}, id="dental-only-implant"),
        pytest.param(
            {"medical.implants.0": {"kind": "cardiac_pacemaker_or_icd", "location": "elsewhere"}},
            id="implant-away-from-head-material-unknown",
        ),
        pytest.param(
            {"medication_trials.0.daily_dose_mg": None, "medication_trials.0.outcome": "response"},
            id="responder-with-unknown-dose",
        ),
        pytest.param(
            {"medication_trials.2.current_episode": "no", "medication_trials.2.daily_dose_mg": None},
            id="augmentation-dose",
        ),
        pytest.param({"safety.cssrs.intent": "unknown"}, id="cssrs-questions-skipped-after-q2-no"),
    ],
)
def test_it_does_not_ask_for_facts_that_decide_nothing(changes: dict[str, Any]) -> None:
    assert completeness(full_document(**changes)) == ()


def test_it_explains_every_item_from_its_table() -> None:
    document = full_document(**{"medical.hypertension": "unknown", "logistics.preference": "unknown"})
    assert [m.why for m in completeness(document)] == [
        WHY["medical.hypertension"],
        WHY["logistics.preference"],
    ]


def test_it_lists_both_location_and_material_of_an_implant_it_cannot_place() -> None:
    document = full_document(**{"medical.implants.0": {"kind": "shrapnel_or_bullet"}})
    assert missing(document) == [
        ("medical", "implants.0.location"),
        ("medical", "implants.0.magnetic_or_conductive"),
    ]


def test_it_lists_every_unanswered_cssrs_question_while_the_level_is_unknown() -> None:
    changes = {"safety.cssrs.suicidal_thoughts": "yes", "safety.cssrs.thoughts_of_method": "no"}
    assert missing(full_document(**changes)) == [
        ("safety", "cssrs.intent"),
        ("safety", "cssrs.plan_with_intent"),
    ]


# --- Second edition (criteria.md §10): "None of these" answers and the new facts -------------


def test_a_list_answered_none_of_these_is_complete_and_an_empty_unanswered_one_is_not() -> None:
    answered = full_document(
        **{"substance_use": [], "none_of_these": ["substance_use", "current_medications"]}
    )
    assert ("substance_use", "") not in missing(answered)
    unanswered = full_document(**{"substance_use": [], "none_of_these": []})
    assert missing(unanswered) == [
        ("prior_courses", ""),
        ("medical", "current_medications"),
        ("substance_use", ""),
    ]


def test_no_trials_answered_none_of_these_is_complete() -> None:
    document = full_document(
        **{
            "medication_trials": [],
            "none_of_these": ["medication_trials", "prior_courses", "current_medications"],
        }
    )
    assert missing(document) == []


def test_reversible_contributors_answered_none_of_these_need_no_rows() -> None:
    document = full_document(
        **{
            "reversible_contributors": [],
            "none_of_these": ["prior_courses", "current_medications", "reversible_contributors"],
        }
    )
    assert missing(document) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({"diagnosis.catatonia": "unknown"}, ("diagnosis", "catatonia"), id="catatonia"),
        pytest.param(
            {"co_occurring.possible_past_hypomania": "unknown"},
            ("co_occurring", "possible_past_hypomania"),
            id="hypomania",
        ),
        pytest.param(
            {"co_occurring.family_history_bipolar": "unknown"},
            ("co_occurring", "family_history_bipolar"),
            id="family-bipolar",
        ),
        pytest.param(
            {"co_occurring.past_psychosis": "unknown"}, ("co_occurring", "past_psychosis"), id="psychosis"
        ),
        pytest.param(
            {"medical.family_history_epilepsy": "unknown"},
            ("medical", "family_history_epilepsy"),
            id="epilepsy",
        ),
        pytest.param(
            {"medical.raised_icp_or_intracranial_mass": "unknown"},
            ("medical", "raised_icp_or_intracranial_mass"),
            id="icp",
        ),
        pytest.param(
            {"medical.recent_stroke_or_mi": "unknown"}, ("medical", "recent_stroke_or_mi"), id="stroke-mi"
        ),
        pytest.param(
            {"medical.aneurysmal_vascular_disease": "yes"}, ("medical", "aneurysm_site"), id="aneurysm-site"
        ),
        pytest.param({"medical.implants": []}, ("medical", "implants"), id="implants-yes-but-none-listed"),
        pytest.param(
            {"medical.implants.0": {"kind": "endovascular_coil", "location": "elsewhere"}},
            ("medical", "implants.0.site"),
            id="coil-elsewhere-without-a-named-site",
        ),
        pytest.param(
            {"medication_trials.0.daily_dose_mg": 25},
            ("medication_trials", "0.ended_for_intolerance"),
            id="short-trial-intolerance-unknown",
        ),
        pytest.param(
            {"other_treatments.tms": "yes"}, ("prior_courses", "tms"), id="tms-given-but-no-course-listed"
        ),
    ],
)
def test_it_asks_for_each_second_edition_fact(changes: dict[str, Any], expected: tuple[str, str]) -> None:
    assert missing(full_document(**changes)) == [expected]

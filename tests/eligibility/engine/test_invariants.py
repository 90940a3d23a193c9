"""Hypothesis invariants of the engine over documents drawn across every decisive field: it never
raises, is deterministic, keeps scores in 0–100, follows `common.precedence`; an absolute
contraindication never improves a status; answering an unknown never makes a viable option
need information. No database."""

from __future__ import annotations

import copy
import datetime as dt
import os
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from eligibility.engine import CandidacyReport, CoveragePolicy, PolicyRequirements, evaluate, precedence
from eligibility.engine.models import STATUSES
from eligibility.engine.registry import RULES_FOR
from reassessment.catalog import DRUGS, OTHER_DRUGS
from reassessment.computed import ComputedSummary, compute
from reassessment.documents import ReassessmentDocument
from reassessment.staging import ResistanceSummary

from .builders import AS_OF, raw

# ENGINE_EXAMPLES=5000 for a deeper run.
PROPERTY = settings(database=None, deadline=None, max_examples=int(os.environ.get("ENGINE_EXAMPLES", "200")))
RANK = {status: index for index, status in enumerate(STATUSES)}  # lower is worse
TRI = st.sampled_from(["yes", "no", "unknown"])
MEDICAL_TRI = (
    "seizure_history",
    "seizure_threshold_risks",
    "head_injury",
    "aneurysmal_vascular_disease",
    "arteriovenous_malformation",
    "intracerebral_hemorrhage_history",
    "other_cardiovascular_disease",
    "pregnant",
    "breastfeeding",
    "ketamine_esketamine_hypersensitivity",
    "opioid_use",
    "benzodiazepine_use",
    # Second edition (criteria.md §10.2, §10.5).
    "family_history_epilepsy",
    "raised_icp_or_intracranial_mass",
    "recent_stroke_or_mi",
)
IMPLANT_KINDS = (
    "cochlear_implant",
    "deep_brain_stimulator",
    "vagus_nerve_stimulator",
    "aneurysm_clip_or_coil",
    "cardiac_pacemaker_or_icd",
    "stent",
    "shrapnel_or_bullet",
    "dental_only",
    "endovascular_coil",
    "external_item",
    "other",
)
DAYS_BEFORE = st.sampled_from([0, 10, 30, 31, 400])
CO_OCCURRING_TRI = ("possible_past_hypomania", "family_history_bipolar", "past_psychosis")
SUBSTANCES = ("alcohol", "cannabis", "stimulants", "opioids", "sedatives", "dissociatives", "other")
CODES = (None, "F33.2", "F33.3", "F32.1", "F32.3", "F33.9", "F31.4", "F31.81", "F34.1", "F33.42", "F32.A")


@st.composite
def trials(draw: st.DrawFn) -> dict[str, Any]:
    drug = draw(st.sampled_from(sorted(DRUGS)))
    minimum = DRUGS[drug].min_adequate_mg or 1
    row: dict[str, Any] = {
        "drug": drug,
        "daily_dose_mg": draw(
            st.sampled_from([None, minimum / 2, minimum, min(minimum * 1.5, DRUGS[drug].max_plausible_mg)])
        ),
        "outcome": draw(st.sampled_from(["response", "partial_response", "no_response", "unknown"])),
        "ended_for_intolerance": draw(TRI),
        "adherence": draw(st.sampled_from(["good", "partial", "poor", "unknown"])),
        "current_episode": draw(TRI),
    }
    if draw(st.booleans()):
        row |= {
            "ongoing": True,
            "start_date": (AS_OF - dt.timedelta(weeks=draw(st.sampled_from([3, 6, 12])))).isoformat(),
        }
    else:
        row["duration_weeks"] = draw(st.sampled_from([None, 3, 5.9, 6, 12]))
    return row


@st.composite
def cssrs(draw: st.DrawFn) -> dict[str, Any] | None:
    if draw(st.booleans()):
        return None
    q2 = draw(TRI)
    asked = TRI if q2 != "no" else st.sampled_from(["no", "unknown"])
    ever = draw(TRI)
    return {
        "administered_on": (
            AS_OF - dt.timedelta(days=draw(st.sampled_from([0, 10, 30, 31, 400])))
        ).isoformat(),
        "wish_to_be_dead": draw(TRI),
        "suicidal_thoughts": q2,
        "thoughts_of_method": draw(asked),
        "intent": draw(asked),
        "plan_with_intent": draw(asked),
        "behavior_ever": ever,
        "behavior_within_3_months": draw(TRI if ever != "no" else st.sampled_from(["no", "unknown"])),
    }


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    doc = raw(
        date_of_birth=draw(st.dates(dt.date(1930, 1, 1), dt.date(2014, 12, 31))),
        sex_at_birth=draw(st.sampled_from(["female", "male", "intersex", "unknown"])),
    )
    diagnosis, medical, logistics = doc["diagnosis"], doc["medical"], doc["logistics"]
    diagnosis["icd10_code"] = draw(st.sampled_from(CODES))
    diagnosis["psychotic_features"] = draw(TRI)
    diagnosis["bipolar_screen"] = draw(st.sampled_from(["negative", "positive", "not_done"]))
    diagnosis["severity"] = draw(st.sampled_from(["mild", "moderate", "severe", "unknown"]))
    doc["co_occurring"]["bipolar_spectrum"] = draw(TRI)
    for field in CO_OCCURRING_TRI:
        doc["co_occurring"][field] = draw(TRI)
    diagnosis["catatonia"] = draw(TRI)
    for field in MEDICAL_TRI:
        medical[field] = draw(TRI)
    medical["hypertension"] = draw(st.sampled_from(["none", "controlled", "uncontrolled", "unknown"]))
    medical["hepatic_impairment"] = draw(st.sampled_from(["none", "mild_moderate", "severe", "unknown"]))
    if draw(st.booleans()):
        systolic = draw(st.integers(90, 200))
        medical["latest_blood_pressure"] = {
            "measured_on": (AS_OF - dt.timedelta(days=draw(st.sampled_from([0, 30, 31, 900])))).isoformat(),
            "systolic": systolic,
            "diastolic": draw(st.integers(50, min(130, systolic - 1))),
        }
    else:
        medical["latest_blood_pressure"] = None
    medical["metal_or_implants"] = draw(TRI)
    medical["implants"] = (
        []
        if medical["metal_or_implants"] == "no"
        else draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "kind": st.sampled_from(IMPLANT_KINDS),
                        "location": st.sampled_from(["head", "within_30cm_of_head", "elsewhere", "unknown"]),
                        "site": st.sampled_from(["", "splenic artery"]),
                        "magnetic_or_conductive": TRI,
                        "removable": st.booleans(),
                    }
                ),
                max_size=3,
            )
        )
    )
    doc["substance_use"] = [
        {
            "substance": substance,
            "current_use": draw(TRI),
            "disorder": draw(
                st.sampled_from(["none", "active", "early_remission", "sustained_remission", "unknown"])
            ),
        }
        for substance in draw(st.lists(st.sampled_from(SUBSTANCES), unique=True, max_size=3))
    ]
    doc["medication_trials"] = draw(st.lists(trials(), max_size=5))
    doc["safety"]["cssrs"] = draw(cssrs())
    doc["measurement"]["phq9"] = [
        {
            "administered_on": (AS_OF - dt.timedelta(days=draw(st.integers(0, 120)))).isoformat(),
            "items": draw(st.lists(st.integers(0, 3), min_size=9, max_size=9)),
        }
        for _ in range(draw(st.integers(0, 2)))
    ]
    medical["current_medications"] = [
        {"drug": drug}
        for drug in draw(st.lists(st.sampled_from(sorted(OTHER_DRUGS)), unique=True, max_size=3))
    ]
    doc["prior_courses"] = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "treatment": st.sampled_from(["tms", "spravato", "ketamine", "ect"]),
                    "sessions": st.none() | st.integers(0, 40),
                    "response_percent": st.none() | st.integers(0, 100),
                    "relapsed": TRI,
                }
            ),
            max_size=2,
        )
    )
    doc["other_treatments"] = {"ect": "yes", "tms": "yes", "esketamine": "yes", "ketamine": "yes"}
    doc["none_of_these"] = draw(st.sampled_from([[], ["substance_use"] if not doc["substance_use"] else []]))
    logistics["daily_visits_possible"] = draw(TRI)
    logistics["driver_after_dosing"] = draw(TRI)
    logistics["preference"] = draw(st.sampled_from(["non_drug", "rapid_relief", "no_preference", "unknown"]))
    return doc


policies = st.lists(
    st.builds(
        CoveragePolicy,
        payer=st.sampled_from(["Aetna", "Cigna", "Medicare"]),
        treatment=st.sampled_from(["tms", "spravato", "ketamine"]),
        pa_required=st.booleans(),
        covered=st.booleans(),
        requirements=st.builds(
            PolicyRequirements,
            min_failed_trials=st.none() | st.integers(0, 5),
            min_classes=st.none() | st.integers(0, 3),
            psychotherapy_required=st.booleans(),
            severe_episode_only=st.booleans(),
            phq9_within_days=st.none() | st.integers(0, 60),
            phq9_min_total=st.none() | st.integers(0, 27),
            min_age=st.none() | st.integers(0, 30),
            augmentation_required=st.booleans(),
            excluded_if_active_suicidality=st.booleans(),
            intolerance_credited=st.booleans(),
            excluded_if_seizure_disorder=st.booleans(),
            excluded_if_neurological=st.booleans(),
            excluded_if_cerebrovascular=st.booleans(),
            excluded_if_raised_icp=st.booleans(),
            excluded_if_recent_substance_misuse=st.booleans(),
            retreatment_needs_prior_response=st.booleans(),
        ),
    ),
    max_size=3,
)


def validated(doc: dict[str, Any]) -> ReassessmentDocument:
    try:
        return ReassessmentDocument.model_validate(doc)
    except ValidationError:
        assume(False)
        raise


def statuses(report: CandidacyReport) -> dict[str, str]:
    return {result.treatment: result.status for result in report.treatments}


@PROPERTY
@given(documents(), policies)
def test_evaluate_never_raises_and_keeps_every_promise(
    doc: dict[str, Any], covered: list[CoveragePolicy]
) -> None:
    document = validated(doc)
    report = evaluate(document, policies=covered)
    # Valid by its own model, and byte-identical when repeated (also from a re-parsed document).
    assert CandidacyReport.model_validate_json(report.model_dump_json()) == report
    again = evaluate(ReassessmentDocument.model_validate_json(document.model_dump_json()), policies=covered)
    assert again.model_dump_json() == report.model_dump_json()

    assert [r.treatment for r in report.treatments] == ["tms", "spravato", "ketamine"]
    assert bool(report.crisis_steps) == report.urgent_safety_flag
    assert report.next_steps[: len(report.crisis_steps)] == report.crisis_steps
    candidacies = [o for o in report.ranking if o.kind == "candidacy"]
    referrals = [o for o in report.ranking if o.kind == "referral"]
    # An ECT referral (criteria.md §10.6), when there is one, leads and carries no status or score.
    assert [o.rank for o in report.ranking] == list(range(1, len(report.ranking) + 1))
    assert sorted(o.treatment for o in candidacies) == ["ketamine", "spravato", "tms"]
    assert [(o.rank, o.treatment, o.status, o.score) for o in referrals] in ([], [(1, "ect", None, None)])
    assert len(set(report.missing_information)) == len(report.missing_information)
    for result in report.treatments:
        assert 0 <= result.score <= 100
        assert sum(f.max_points for f in result.breakdown) == 100
        assert result.score == min(
            sum(f.points for f in result.breakdown),
            {"contraindicated": 0, "not_eligible": 20, "needs_information": 60}.get(result.status, 100),
        )
        assert [c.rule_id for c in result.criteria] == [rule.id for rule in RULES_FOR[result.treatment]]
        assert result.status == precedence(c.status_effect for c in result.criteria)
        assert set(result.missing_information) <= set(report.missing_information)
        no_status = ("spravato.mdsi", "common.trd.adherence", "common.rel.prior_course")
        for c in result.criteria:
            if c.kind == "payer_requirement" or c.rule_id in no_status or c.outcome == "met":
                assert c.status_effect is None
            elif c.outcome == "not_met":
                assert c.status_effect is not None
            else:
                assert c.status_effect in ("needs_information", "eligible_with_cautions")
                assert result.missing_information, c.rule_id
            if c.status_effect == "needs_information":
                assert c.kind in ("absolute_contraindication", "label_criterion", "safety"), c.rule_id
        if result.status == "contraindicated":
            assert result.score == 0 and result.next_steps == ()


ABSOLUTE = {
    "aneurysmal_vascular_disease": ("spravato", "ketamine"),
    "arteriovenous_malformation": ("spravato", "ketamine"),
    "intracerebral_hemorrhage_history": ("spravato", "ketamine"),
    "ketamine_esketamine_hypersensitivity": ("spravato", "ketamine"),
    "raised_icp_or_intracranial_mass": ("spravato", "ketamine"),
    "head_implant": ("tms",),
}


@PROPERTY
@given(documents(), st.sampled_from(sorted(ABSOLUTE)))
def test_an_absolute_contraindication_never_improves_a_status(doc: dict[str, Any], added: str) -> None:
    before = statuses(evaluate(validated(doc)))
    changed = copy.deepcopy(doc)
    if added == "head_implant":
        changed["medical"]["metal_or_implants"] = "yes"
        changed["medical"]["implants"].append(
            {"kind": "aneurysm_clip_or_coil", "location": "head", "magnetic_or_conductive": "yes"}
        )
    else:
        changed["medical"][added] = "yes"
    after = statuses(evaluate(validated(changed)))
    for treatment, status in after.items():
        assert RANK[status] <= RANK[before[treatment]], (treatment, before[treatment], status)
    for treatment in ABSOLUTE[added]:
        assert after[treatment] == "contraindicated"


def unknowns(doc: dict[str, Any]) -> list[tuple[tuple[Any, ...], list[Any]]]:
    """Every recorded unknown in the document, with the definite answers that could replace it."""
    found: list[tuple[tuple[Any, ...], list[Any]]] = []

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, (*path, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, (*path, index))
        elif node == "unknown":
            field = path[-1]
            if field == "hypertension":
                found.append((path, ["none", "controlled", "uncontrolled"]))
            elif field == "hepatic_impairment":
                found.append((path, ["none", "mild_moderate", "severe"]))
            elif field == "sex_at_birth":
                found.append((path, ["female", "male", "intersex"]))
            elif field == "location":
                found.append((path, ["head", "within_30cm_of_head", "elsewhere"]))
            elif field == "disorder":
                found.append((path, ["none", "active", "early_remission", "sustained_remission"]))
            elif field == "outcome":
                found.append((path, ["response", "partial_response", "no_response", "intolerance"]))
            elif field in ("severity", "preference", "adherence"):
                pass  # not decisive facts
            else:
                found.append((path, ["yes", "no"]))
        elif (
            node is None
            and path[-1] in ("daily_dose_mg", "duration_weeks")
            and path[0] == "medication_trials"
        ):
            found.append((path, ["dose"] if path[-1] == "daily_dose_mg" else [3, 6, 12]))
        elif node == "not_done" and path[-1] == "bipolar_screen":
            found.append((path, ["negative", "positive"]))

    walk(doc, ())
    return found


@PROPERTY
@given(documents(), st.data())
def test_answering_an_unknown_never_makes_a_viable_option_need_information(
    doc: dict[str, Any], data: st.DataObject
) -> None:
    open_facts = unknowns(doc)
    assume(open_facts)
    path, answers = data.draw(st.sampled_from(open_facts))
    answer = data.draw(st.sampled_from(answers))
    changed = copy.deepcopy(doc)
    node = changed
    for key in path[:-1]:
        node = node[key]
    if answer == "dose":
        trial = changed["medication_trials"][path[1]]
        answer = data.draw(
            st.sampled_from(
                [(DRUGS[trial["drug"]].min_adequate_mg or 1) / 2, DRUGS[trial["drug"]].min_adequate_mg or 1]
            )
        )
    node[path[-1]] = answer
    before = statuses(evaluate(validated(doc)))
    after = statuses(evaluate(validated(changed)))
    # A definite answer never creates a need for information where the option was viable. (It may
    # reveal one behind a lifted exclusion: a cochlear implant recorded as non-conductive no longer
    # contraindicates TMS, and an unrecorded trial history then shows.)
    for treatment, status in after.items():
        if status == "needs_information":
            assert RANK[before[treatment]] <= RANK["needs_information"], (path, answer, treatment, before)


@PROPERTY
@given(documents())
def test_every_computed_result_is_valid_by_its_own_model(doc: dict[str, Any]) -> None:
    """reassessment's results are built without re-validation (Result.built) on the engine's hot path:
    each must still be exactly what validating its own dump gives back, in field order."""
    document = validated(doc)
    summary = compute(document, as_of=document.assessed_on)
    assert ComputedSummary.model_validate(summary.model_dump()) == summary
    assert list(summary.model_dump()["resistance"]) == list(ResistanceSummary.model_fields)
    assert ComputedSummary.model_validate_json(summary.model_dump_json()).model_dump() == summary.model_dump()

"""criteria.md §10 (second edition), as a table: one named row per amendment, and each example of
issue 10 (answers a psychiatrist called unsafe on messy records) as a regression row. Each row
changes the unremarkable adult of builders.document and names the statuses for TMS, Spravato and
ketamine, and the rules that decide. No database."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from eligibility.engine import CoveragePolicy, PolicyRequirements, evaluate
from eligibility.engine.facts import Facts
from reassessment.computed import compute
from reassessment.dates import date_errors
from reassessment.documents import EVER_FIELD, ReassessmentDocument

from .builders import (
    AS_OF,
    SERTRALINE,
    VENLAFAXINE,
    assert_row,
    criterion,
    document,
    ongoing,
    raw,
    result_for,
    run,
    statuses,
    trial,
)
from .test_decision_table import HIGH, cssrs, implants

E, C, NI, NE, X = "eligible", "eligible_with_cautions", "needs_information", "not_eligible", "contraindicated"


def days_ago(n: int) -> str:
    return (AS_OF - dt.timedelta(days=n)).isoformat()


def trials(*rows: dict[str, Any]) -> dict[str, Any]:
    return {"medication_trials": list(rows)}


def bp(systolic: int, diastolic: int, *, on: str | None = None) -> dict[str, Any]:
    return {
        "medical": {
            "latest_blood_pressure": {
                "measured_on": on or AS_OF.isoformat(),
                "systolic": systolic,
                "diastolic": diastolic,
            }
        }
    }


def meds(*keys: str) -> dict[str, Any]:
    return {
        "medical": {"current_medications": [{"drug": key} for key in keys]},
        "none_of_these": ["prior_courses"],
    }


def courses(*rows: dict[str, Any]) -> dict[str, Any]:
    ever = {EVER_FIELD[row["treatment"]]: "yes" for row in rows}
    return {"prior_courses": list(rows), "other_treatments": ever, "none_of_these": ["current_medications"]}


def code(icd10: str | None) -> dict[str, Any]:
    return {"diagnosis": {"icd10_code": icd10}}


PSYCHOTIC = {"diagnosis": {"psychotic_features": "yes"}}

ROWS = [
    # --- §10.1 a current major depressive episode -------------------------------------------------------
    pytest.param(
        code("F33.42"), (NE, NE, NE), [("tms", "common.indication.mdd", "not_met")], id="remission-code"
    ),
    pytest.param(
        code("F32.4"),
        (NE, NE, NE),
        [("spravato", "common.indication.mdd", "not_met")],
        id="partial-remission",
    ),
    pytest.param(
        code("F34.1"), (NE, NE, NE), [("ketamine", "common.indication.mdd", "not_met")], id="dysthymia-alone"
    ),
    pytest.param(
        code("F06.31"),
        (NE, NE, NE),
        [("tms", "common.indication.mdd", "not_met")],
        id="depression-due-to-condition",
    ),
    pytest.param(
        code("F43.21"), (NE, NE, NE), [("tms", "common.indication.mdd", "not_met")], id="adjustment-disorder"
    ),
    pytest.param(code(None), (NI, NI, NI), [("tms", "common.indication.mdd", "unknown")], id="no-diagnosis"),
    pytest.param(
        {
            "measurement": {
                "phq9": [{"administered_on": AS_OF.isoformat(), "items": [1, 1, 1, 0, 0, 0, 0, 0, 0]}]
            }
        },
        (NI, NI, NI),
        [("tms", "common.indication.mdd", "unknown")],
        id="phq9-minimal-with-a-current-episode-code",
    ),
    pytest.param(
        code("F32.A"),
        (E, E, E),
        [("tms", "common.indication.mdd", "met")],
        id="depression-unspecified-qualifies",
    ),
    # --- §10.2 implants by device type --------------------------------------------------------------------
    pytest.param(
        implants(
            {"kind": "vagus_nerve_stimulator", "location": "elsewhere", "magnetic_or_conductive": "yes"}
        ),
        (X, E, E),
        [("tms", "tms.abs.head_implant", "not_met")],
        id="vns-generator-elsewhere-is-still-near",
    ),
    pytest.param(
        implants({"kind": "cochlear_implant", "location": "head", "magnetic_or_conductive": "no"}),
        (X, E, E),
        [("tms", "tms.abs.head_implant", "not_met")],
        id="cochlear-implant-recorded-non-conductive",
    ),
    pytest.param(
        implants({"kind": "deep_brain_stimulator", "location": "unknown"}),
        (X, E, E),
        [("tms", "tms.abs.head_implant", "not_met")],
        id="dbs-location-unknown",
    ),
    pytest.param(
        {
            "medical": {
                "metal_or_implants": "yes",
                "aneurysmal_vascular_disease": "yes",
                "aneurysm_site": "peripheral",
                "implants": [
                    {
                        "kind": "endovascular_coil",
                        "location": "elsewhere",
                        "site": "splenic artery",
                        "magnetic_or_conductive": "yes",
                    }
                ],
            }
        },
        (E, X, X),
        [("tms", "tms.abs.head_implant", "met"), ("spravato", "spravato.abs.aneurysmal_disease", "not_met")],
        id="coil-at-a-named-site-outside-the-head",
    ),
    pytest.param(
        implants({"kind": "endovascular_coil", "location": "elsewhere", "magnetic_or_conductive": "yes"}),
        (X, NI, NI),
        [("tms", "tms.abs.head_implant", "not_met")],
        id="coil-elsewhere-without-a-site",
    ),
    pytest.param(
        implants({"kind": "stent", "location": "within_30cm_of_head", "magnetic_or_conductive": "no"}),
        (X, E, E),
        [("tms", "tms.abs.head_implant", "not_met")],
        id="neck-stent-whatever-its-material",
    ),
    pytest.param(
        implants(
            {
                "kind": "stent",
                "location": "elsewhere",
                "site": "coronary artery",
                "magnetic_or_conductive": "yes",
            }
        ),
        (E, E, E),
        [("tms", "tms.abs.head_implant", "met")],
        id="coronary-stent",
    ),
    pytest.param(
        {
            "medical": {
                "metal_or_implants": "unknown",
                "implants": [{"kind": "dental_only", "location": "head"}],
            }
        },
        (NI, E, E),
        [("tms", "tms.unknown_implant", "unknown")],
        id="implant-question-unanswered-dental-entry-alone",
    ),
    pytest.param(
        {"medical": {"metal_or_implants": "unknown", "implants": []}},
        (NI, E, E),
        [("tms", "tms.unknown_implant", "unknown")],
        id="implant-question-unanswered",
    ),
    pytest.param(
        {"medical": {"raised_icp_or_intracranial_mass": "yes"}},
        (C, X, X),
        [
            ("spravato", "spravato.abs.raised_icp", "not_met"),
            ("ketamine", "ketamine.abs.raised_icp", "not_met"),
            ("tms", "tms.rel.neuro", "not_met"),
        ],
        id="raised-icp",
    ),
    pytest.param(
        {"medical": {"raised_icp_or_intracranial_mass": "unknown"}},
        (C, NI, NI),
        [("spravato", "spravato.abs.raised_icp", "unknown"), ("tms", "tms.rel.neuro", "unknown")],
        id="raised-icp-unknown",
    ),
    # --- §10.3 how recent safety data must be ---------------------------------------------------------
    pytest.param(
        {
            "safety": {
                "cssrs": {
                    **cssrs()["safety"]["cssrs"],
                    "administered_on": "2024-06-01",
                    "wish_to_be_dead": "no",
                }
            },
            "measurement": {"phq9": [{"administered_on": days_ago(7), "items": [3, 3, 2, 2, 2, 2, 2, 1, 3]}]},
        },
        (NI, NI, NI),
        [("tms", "common.suicide.screen_current", "unknown"), ("tms", "common.suicide.high", "unknown")],
        id="old-cssrs-then-item9-of-3",
    ),
    pytest.param(
        {"safety": {"cssrs": None}, "measurement": {"phq9": []}},
        (NI, NI, NI),
        [("tms", "common.suicide.screen_current", "unknown")],
        id="no-phq9-and-no-cssrs",
    ),
    pytest.param(
        {"safety": {"cssrs": {**cssrs()["safety"]["cssrs"], "administered_on": days_ago(30)}}},
        (E, E, E),
        [("tms", "common.suicide.screen_current", "met")],
        id="cssrs-30-days-old-is-current",
    ),
    pytest.param(
        {"safety": {"cssrs": {**cssrs()["safety"]["cssrs"], "administered_on": days_ago(31)}}},
        (NI, NI, NI),
        [("tms", "common.suicide.screen_current", "unknown")],
        id="cssrs-31-days-old-is-not",
    ),
    pytest.param(
        bp(210, 125),
        (E, NE, NE),
        [
            ("spravato", "spravato.not_eligible.bp_severe", "not_met"),
            ("ketamine", "ketamine.not_eligible.bp_severe", "not_met"),
        ],
        id="bp-210-125-severe",
    ),
    pytest.param(
        bp(180, 100),
        (E, NE, NE),
        [("ketamine", "ketamine.not_eligible.bp_severe", "not_met")],
        id="bp-systolic-180",
    ),
    pytest.param(
        bp(179, 109),
        (E, C, C),
        [("spravato", "spravato.rel.bp_elevated", "not_met")],
        id="bp-179-109-caution",
    ),
    pytest.param(
        bp(128, 82, on="2018-05-01"),
        (E, NI, NI),
        [("spravato", "common.bp_current", "unknown")],
        id="bp-from-2018",
    ),
    pytest.param(
        bp(128, 82, on=days_ago(30)),
        (E, E, E),
        [("spravato", "common.bp_current", "met")],
        id="bp-30-days-old",
    ),
    pytest.param(
        bp(128, 82, on=days_ago(31)),
        (E, NI, NI),
        [("ketamine", "common.bp_current", "unknown")],
        id="bp-31-days-old",
    ),
    # --- §10.4 trials, adherence, intolerance ----------------------------------------------------------
    pytest.param(
        trials(
            trial("sertraline", 50, 2, outcome="unknown", ended_for_intolerance="yes"),
            trial("escitalopram", 10, 1, outcome="unknown", ended_for_intolerance="yes"),
            trial("venlafaxine", 75, 3, outcome="unknown", ended_for_intolerance="yes"),
        ),
        (NE, NE, NE),
        [("tms", "tms.resistance", "not_met")],
        id="three-stopped-for-intolerance-do-not-count-clinically",
    ),
    pytest.param(
        trials(trial("sertraline", 150, 10, outcome="no_response", ended_for_intolerance="yes")),
        (E, NE, NE),
        [("tms", "tms.resistance", "met")],
        id="adequate-failure-then-side-effects-counts",
    ),
    pytest.param(
        trials(
            trial("sertraline", 150, 12, adherence="poor"), trial("venlafaxine", 225, 10, adherence="poor")
        ),
        (NE, NE, NE),
        [("tms", "common.trd.adherence", "not_met"), ("tms", "tms.resistance", "not_met")],
        id="two-failed-trials-with-poor-adherence",
    ),
    pytest.param(
        trials(trial("sertraline", 150, 12, adherence="partial"), VENLAFAXINE),
        (E, E, E),
        [("tms", "common.trd.adherence", "not_met")],
        id="partial-adherence-counts-with-a-note",
    ),
    pytest.param(
        trials(trial("trazodone", 300, 8), trial("clomipramine", 150, 8)),
        (E, E, E),
        [("spravato", "spravato.indication", "met")],
        id="second-edition-drugs-count",
    ),
    # --- §10.5 cautions from the medication list and history ----------------------------------------------
    pytest.param(
        {"medical": {"breastfeeding": "yes"}},
        (E, C, C),
        [
            ("spravato", "spravato.rel.breastfeeding", "not_met"),
            ("ketamine", "ketamine.rel.breastfeeding", "not_met"),
        ],
        id="breastfeeding",
    ),
    pytest.param(
        trials(SERTRALINE, VENLAFAXINE, ongoing("phenelzine", 60, 10)),
        (E, C, C),
        [("spravato", "spravato.rel.bp_interaction", "not_met")],
        id="current-maoi",
    ),
    pytest.param(
        trials(SERTRALINE, VENLAFAXINE, ongoing("bupropion", 450, 10)),
        (C, E, E),
        [("tms", "tms.rel.seizure_risk", "not_met")],
        id="bupropion-450",
    ),
    pytest.param(
        meds("methylphenidate"),
        (C, C, C),
        [("tms", "tms.rel.seizure_risk", "not_met"), ("ketamine", "ketamine.rel.bp_interaction", "not_met")],
        id="psychostimulant",
    ),
    pytest.param(meds("clozapine"), (C, E, E), [("tms", "tms.rel.seizure_risk", "not_met")], id="clozapine"),
    pytest.param(
        meds("tramadol"),
        (C, C, C),
        [("tms", "tms.rel.seizure_risk", "not_met"), ("spravato", "spravato.rel.cns_depressants", "not_met")],
        id="tramadol",
    ),
    pytest.param(
        meds("theophylline"), (C, E, E), [("tms", "tms.rel.seizure_risk", "not_met")], id="theophylline"
    ),
    pytest.param(
        {"medical": {"family_history_epilepsy": "yes"}},
        (C, E, E),
        [("tms", "tms.rel.seizure_risk", "not_met")],
        id="family-history-of-epilepsy",
    ),
    pytest.param(
        {"medical": {"recent_stroke_or_mi": "yes"}},
        (C, C, C),
        [("tms", "tms.rel.neuro", "not_met"), ("spravato", "spravato.rel.cv_risk", "not_met")],
        id="recent-stroke-or-mi",
    ),
    pytest.param(
        {"co_occurring": {"past_psychosis": "yes"}},
        (E, C, C),
        [
            ("spravato", "spravato.rel.psychosis", "not_met"),
            ("ketamine", "ketamine.rel.psychosis_history", "not_met"),
        ],
        id="past-psychosis",
    ),
    pytest.param(
        {"co_occurring": {"family_history_bipolar": "yes"}},
        (C, C, C),
        [("tms", "common.rel.bipolar_risk", "not_met")],
        id="family-history-of-bipolar",
    ),
    pytest.param(
        # A negative screen does not settle a possible past hypomania (criteria.md §6.2, §10.5).
        {"co_occurring": {"possible_past_hypomania": "yes", "bipolar_spectrum": "unknown"}},
        (NI, NI, NI),
        [("tms", "common.bipolar", "unknown")],
        id="possible-past-hypomania",
    ),
    pytest.param(
        {"co_occurring": {"past_psychosis": "unknown"}},
        (E, C, C),
        [("spravato", "spravato.rel.psychosis", "unknown")],
        id="past-psychosis-unknown-is-a-caution",
    ),
    # --- §10.6 psychotic depression, ECT, prior courses --------------------------------------------------
    pytest.param(
        PSYCHOTIC, (NE, C, NE), [("spravato", "spravato.rel.psychosis", "not_met")], id="psychotic-depression"
    ),
    pytest.param(
        courses({"treatment": "tms", "sessions": 30, "response_percent": 10, "relapsed": "no"}),
        (E, E, E),
        [("tms", "common.rel.prior_course", "not_met")],
        id="prior-tms-without-response-is-a-caution-not-a-status",
    ),
]


@pytest.mark.parametrize(("changes", "expected", "rules"), ROWS)
def test_second_edition_row(
    changes: dict[str, Any], expected: tuple[str, str, str], rules: list[tuple[str, str, str]]
) -> None:
    assert_row(changes, expected, rules)


# --- §10.1 determinism ----------------------------------------------------------------------------


def test_an_ongoing_trial_is_judged_on_the_assessment_date_not_the_day_it_runs() -> None:
    """Issue 10: the same stored document was not eligible today and eligible three weeks later."""
    doc = document(**trials(ongoing("sertraline", 150, 4)))
    today = run(doc).model_dump_json()
    with time_machine.travel(dt.datetime(2026, 3, 23, 12, tzinfo=dt.UTC)):
        later = run(document(**trials(ongoing("sertraline", 150, 4)))).model_dump_json()
    assert later == today
    assert result_for(run(doc), "tms").status == NE


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=4000))
def test_any_later_day_gives_the_same_report(days_later: int) -> None:
    doc = document(**HIGH)
    expected = evaluate(doc).model_dump_json()
    with time_machine.travel(
        dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC) + dt.timedelta(days=days_later), tick=False
    ):
        assert evaluate(document(**HIGH)).model_dump_json() == expected


LISTS = ("medication_trials", "substance_use", "labs", "reversible_contributors", "psychotherapy_trials")


@settings(max_examples=40, deadline=None)
@given(st.randoms(use_true_random=False))
def test_the_order_of_any_list_changes_nothing(rng: random.Random) -> None:
    base = raw(
        medical={
            "metal_or_implants": "yes",
            "implants": [
                {"kind": "dental_only", "location": "head"},
                {"kind": "stent", "location": "elsewhere", "site": "coronary artery"},
                {"kind": "external_item", "location": "head", "removable": True},
            ],
            "current_medications": [
                {"drug": "isotretinoin"},
                {"drug": "clozapine"},
                {"drug": "methylphenidate"},
            ],
        },
        prior_courses=[
            {"treatment": "tms", "sessions": 30, "response_percent": 60, "relapsed": "yes"},
            {"treatment": "ect", "sessions": 8, "response_percent": 70, "relapsed": "yes"},
        ],
        other_treatments={"tms": "yes", "ect": "yes"},
        none_of_these=[],
    )
    shuffled = {**base, "medical": dict(base["medical"]), "measurement": dict(base["measurement"])}
    for name in LISTS:
        rows = list(shuffled[name])
        rng.shuffle(rows)
        shuffled[name] = rows
    for section, name in (
        ("medical", "implants"),
        ("medical", "current_medications"),
        ("measurement", "phq9"),
    ):
        rows = list(shuffled[section][name])
        rng.shuffle(rows)
        shuffled[section][name] = rows
    rows = list(shuffled["prior_courses"])
    rng.shuffle(rows)
    shuffled["prior_courses"] = rows
    one = evaluate(ReassessmentDocument.model_validate(base))
    other = evaluate(ReassessmentDocument.model_validate(shuffled))
    assert one.model_dump_json() == other.model_dump_json()


# --- §10.2 ----------------------------------------------------------------------------------------


def test_the_first_line_names_the_device() -> None:
    report = run(
        document(**implants({"kind": "cochlear_implant", "location": "head", "magnetic_or_conductive": "no"}))
    )
    assert result_for(report, "tms").summary == "Contraindicated: cochlear implant within 30 cm of the coil"


def test_an_implanted_device_cannot_be_marked_removable() -> None:
    with pytest.raises(ValidationError, match="only an external item"):
        document(**implants({"kind": "aneurysm_clip_or_coil", "location": "head", "removable": True}))


def test_a_version_1_removable_clip_is_read_as_not_removable_and_still_contraindicated() -> None:
    old = raw(**implants({"kind": "aneurysm_clip_or_coil", "location": "head", "removable": True}))
    old["schema_version"] = 1
    for row in old["medication_trials"]:
        row.pop("ended_for_intolerance", None)
    report = run(ReassessmentDocument.model_validate(old))
    assert result_for(report, "tms").status == X


def test_a_clip_on_file_with_aneurysmal_disease_no_asks_to_reconcile_both_drugs() -> None:
    report = run(document(**implants({"kind": "aneurysm_clip_or_coil", "location": "head"})))
    for treatment in ("spravato", "ketamine"):
        assert (
            "a clip or coil means an aneurysm was treated"
            in criterion(report, treatment, f"{treatment}.abs.aneurysmal_disease").rationale
        )


# --- §10.3: one safety definition -----------------------------------------------------------------


def test_the_banner_the_engine_and_the_report_share_one_safety_definition() -> None:
    doc = document(
        safety={"cssrs": {**cssrs()["safety"]["cssrs"], "administered_on": "2024-06-01"}},
        measurement={"phq9": [{"administered_on": days_ago(7), "items": [3, 3, 2, 2, 2, 2, 2, 1, 3]}]},
    )
    summary = compute(doc, as_of=doc.assessed_on)
    facts = Facts(doc)
    report = evaluate(doc)
    assert summary.safety == facts.risk.safety
    assert summary.safety.banner and not summary.safety.urgent
    assert report.safety_reasons == summary.safety.reasons
    assert report.urgent_safety_flag == summary.safety.urgent
    assert any("complete the C-SSRS today" in reason for reason in report.safety_reasons)
    assert report.next_steps[0] == "Complete the C-SSRS screener today (PHQ-9 item 9 = 3)"


def test_a_past_attempt_stays_named_when_question_3_is_yes() -> None:
    report = run(
        document(
            **cssrs(
                suicidal_thoughts="yes",
                thoughts_of_method="yes",
                intent="no",
                plan_with_intent="no",
                behavior_ever="yes",
                behavior_within_3_months="no",
            )
        )
    )
    rationale = criterion(report, "tms", "common.suicide.moderate").rationale
    assert "Q3" in rationale and "Q6" in rationale


# --- §10.4 ----------------------------------------------------------------------------------------


def test_a_trial_that_ended_before_the_episode_is_refused_naming_both_dates() -> None:
    doc = document(
        diagnosis={"episode_start": "2025-06-01"},
        **trials(
            {**SERTRALINE, "duration_weeks": None, "start_date": "2024-01-01", "end_date": "2024-05-01"}
        ),
    )
    errors = date_errors(doc, today=AS_OF)
    assert errors == {
        "medication_trials.0.end_date": "is 2024-05-01, before the current episode began on 2025-06-01, "
        "so this "
        "trial cannot be in the current episode"
    }
    # Evaluated without saving, it is still read safely: not a trial of this episode.
    assert criterion(run(doc), "tms", "tms.resistance").outcome == "not_met"


def test_poor_adherence_is_said_and_a_step_asks_to_confirm_it() -> None:
    report = run(document(**trials(trial("sertraline", 150, 12, adherence="poor"), VENLAFAXINE)))
    assert (
        "adherence to sertraline was poor"
        in criterion(report, "tms", "common.trd.adherence").rationale.lower()
    )
    assert any("pharmacy fill records" in step for step in result_for(report, "tms").next_steps)


def test_each_counted_trial_says_why_it_counts() -> None:
    rationale = criterion(run(document()), "spravato", "spravato.indication").rationale
    assert "sertraline 150 mg/day for 12.0 weeks meets the minimum of 50 mg/day" in rationale


def test_a_plan_that_credits_intolerance_reads_it() -> None:
    doc = document(**trials(trial("sertraline", 50, 2, outcome="unknown", ended_for_intolerance="yes")))
    policy = CoveragePolicy(
        payer="MA",
        treatment="tms",
        requirements=PolicyRequirements(min_failed_trials=1, intolerance_credited=True),
    )
    assert criterion(run(doc, policy), "tms", "payer.min_failed_trials").outcome == "met"
    strict = CoveragePolicy(payer="MA", treatment="tms", requirements=PolicyRequirements(min_failed_trials=1))
    assert criterion(run(doc, strict), "tms", "payer.min_failed_trials").outcome == "not_met"


# --- §10.6 ----------------------------------------------------------------------------------------


def test_psychotic_depression_leads_with_an_ect_referral_and_never_spravato() -> None:
    report = run(document(**PSYCHOTIC, logistics={"preference": "rapid_relief"}))
    first = report.ranking[0]
    assert (first.treatment, first.kind, first.status, first.score) == ("ect", "referral", None, None)
    assert report.ranking[1].treatment == "spravato"
    assert any(step.startswith("Refer for an ECT evaluation") for step in report.next_steps)


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"diagnosis": {"catatonia": "yes"}}, id="catatonia"),
        pytest.param(
            courses({"treatment": "ect", "sessions": 10, "response_percent": 70, "relapsed": "yes"}),
            id="prior-ect-response",
        ),
        pytest.param(HIGH, id="high-risk"),
    ],
)
def test_ect_is_named_as_a_referral(changes: dict[str, Any]) -> None:
    report = run(document(**changes))
    assert report.ranking[0].treatment == "ect"


def test_no_ect_referral_without_a_reason() -> None:
    assert all(option.kind == "candidacy" for option in run(document()).ranking)


def test_bipolar_depression_names_its_own_pathway() -> None:
    steps = result_for(run(document(co_occurring={"bipolar_spectrum": "yes"})), "tms").next_steps
    assert any("mood stabiliser" in step for step in steps)
    assert any("ECT" in step for step in steps)


def test_a_prior_course_without_response_lowers_the_score_and_is_named_as_a_caution() -> None:
    plain = result_for(run(document()), "tms")
    failed = result_for(
        run(document(**courses({"treatment": "tms", "sessions": 30, "response_percent": 10}))), "tms"
    )
    assert failed.status == plain.status
    assert failed.score < plain.score
    assert any("earlier TMS course" in caution for caution in failed.cautions)


@pytest.mark.parametrize(
    ("course", "outcome"),
    [
        ({"treatment": "tms", "sessions": 36, "response_percent": 60, "relapsed": "yes"}, "met"),
        ({"treatment": "tms", "sessions": 36, "response_percent": 40, "relapsed": "yes"}, "not_met"),
        ({"treatment": "tms", "sessions": 36, "response_percent": 60}, "unknown"),
    ],
)
def test_retreatment_is_read_from_prior_courses(course: dict[str, Any], outcome: str) -> None:
    policy = CoveragePolicy(
        payer="Aetna", treatment="tms", requirements=PolicyRequirements(retreatment_needs_prior_response=True)
    )
    report = run(document(**courses(course)), policy)
    assert criterion(report, "tms", "payer.retreatment").outcome == outcome


# --- §10.7 work-up reminders ----------------------------------------------------------------------


def test_workup_reminders_appear_and_never_change_a_status() -> None:
    plain = run(document())
    reminded = run(
        document(
            labs=[],
            medical={"current_medications": [{"drug": "isotretinoin"}]},
            none_of_these=["prior_courses"],
        )
    )
    assert statuses(reminded) == statuses(plain)
    assert any("TSH has not been checked" in r for r in reminded.workup)
    assert any(r.startswith("Isotretinoin is on the medicine list") for r in reminded.workup)
    assert plain.workup == ()


def test_an_abnormal_tsh_is_a_reminder() -> None:
    report = run(
        document(labs=[{"test": "tsh", "collected_on": AS_OF.isoformat(), "value": 9.5, "unit": "mIU/L"}])
    )
    assert any("TSH of" in r and "high" in r for r in report.workup)


# --- §10.8 payer additions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flag", "changes", "rule_id"),
    [
        ("excluded_if_seizure_disorder", {"medical": {"seizure_history": "yes"}}, "payer.seizure_disorder"),
        ("excluded_if_neurological", {"medical": {"head_injury": "yes"}}, "payer.neurological"),
        (
            "excluded_if_cerebrovascular",
            {"medical": {"arteriovenous_malformation": "yes"}},
            "payer.cerebrovascular",
        ),
        (
            "excluded_if_raised_icp",
            {"medical": {"raised_icp_or_intracranial_mass": "yes"}},
            "payer.raised_icp",
        ),
        (
            "excluded_if_recent_substance_misuse",
            {"substance_use": [{"substance": "alcohol", "current_use": "yes", "disorder": "active"}]},
            "payer.substance_misuse",
        ),
    ],
)
def test_a_plan_exclusion_shown_by_the_record_is_a_gap_never_a_status(
    flag: str, changes: dict[str, Any], rule_id: str
) -> None:
    doc = document(**changes)
    policy = CoveragePolicy(payer="Plan", treatment="tms", requirements=PolicyRequirements(**{flag: True}))
    covered, plain = run(doc, policy), run(doc)
    assert statuses(covered) == statuses(plain)
    assert criterion(covered, "tms", rule_id).outcome == "not_met"
    assert any(gap.rule_id == rule_id for gap in result_for(covered, "tms").pa_gaps)


def test_centene_style_phq9_floor_is_a_gap() -> None:
    doc = document(
        measurement={"phq9": [{"administered_on": AS_OF.isoformat(), "items": [2, 2, 1, 1, 1, 1, 1, 1, 0]}]}
    )
    policy = CoveragePolicy(
        payer="Centene", treatment="tms", requirements=PolicyRequirements(phq9_min_total=15)
    )
    assert criterion(run(doc, policy), "tms", "payer.phq9_min_total").outcome == "not_met"


# --- Staging --------------------------------------------------------------------------------------


def test_thase_rush_stands_next_to_maudsley_in_the_report() -> None:
    report = run(document())
    assert report.staging.thase_rush_stage == "II"
    assert report.staging.text.startswith("Maudsley ")
    assert "Thase–Rush stage II" in report.staging.text

"""The report around the statuses: crisis steps, ranking by the clinic pathways, scores, PA
gaps, missing information and next steps. No database."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from eligibility.engine import (
    RULESET_VERSION,
    CandidacyReport,
    CoveragePolicy,
    PolicyRequirements,
    evaluate,
    precedence,
    ruleset_hash,
)
from eligibility.engine.facts import Facts
from eligibility.engine.models import STATUSES, TreatmentResult
from eligibility.engine.ranking import rank
from eligibility.engine.registry import RULES_FOR
from eligibility.engine.treatment import Evaluated

from .builders import AS_OF, SERTRALINE, document, ongoing, result_for, run, statuses, trial
from .test_decision_table import HIGH, MODERATE

# --- Shape of the report ---------------------------------------------------------------------------


def test_the_report_lists_the_three_treatments_in_order_with_every_rule() -> None:
    report = run(document())
    assert [r.treatment for r in report.treatments] == ["tms", "spravato", "ketamine"]
    for result in report.treatments:
        assert [c.rule_id for c in result.criteria] == [rule.id for rule in RULES_FOR[result.treatment]]
        assert {c.treatment for c in result.criteria} == {result.treatment}
    assert report.ruleset_version == RULESET_VERSION
    assert report.ruleset_hash == ruleset_hash()
    assert report.as_of == AS_OF


def test_the_report_validates_as_its_own_model() -> None:
    report = run(
        document(**HIGH),
        CoveragePolicy(payer="Aetna", treatment="tms", requirements=PolicyRequirements(min_classes=4)),
    )
    assert CandidacyReport.model_validate(report.model_dump()) == report
    assert CandidacyReport.model_validate_json(report.model_dump_json()) == report


def test_it_is_deterministic_to_the_byte() -> None:
    doc = document(**HIGH)
    first = evaluate(doc).model_dump_json()
    again = evaluate(document(**HIGH)).model_dump_json()
    assert first == again


def test_the_clock_is_the_assessment_date() -> None:
    """criteria.md §10.1 `common.as_of`: age is judged on the assessment date, not on the day the
    engine runs (the eighteenth birthday falls the day after the assessment)."""
    doc = document(date_of_birth=dt.date(2008, 3, 3))
    assert result_for(evaluate(doc), "spravato").status == "not_eligible"
    assert evaluate(doc).as_of == doc.assessed_on


def test_precedence_is_worst_first() -> None:
    assert precedence([]) == "eligible"
    assert precedence([None, "eligible_with_cautions", "needs_information"]) == "needs_information"
    assert precedence(["needs_information", "contraindicated", "not_eligible"]) == "contraindicated"
    assert STATUSES[0] == "contraindicated" and STATUSES[-1] == "eligible"


# --- Urgent safety flag (criteria.md §5.3, §8 `common.suicide.high`) ----------------------------------


def test_high_risk_raises_the_flag_and_leads_with_crisis_steps() -> None:
    report = run(document(**HIGH))
    assert report.urgent_safety_flag
    steps = report.crisis_steps
    assert steps[0].startswith("Same-day evaluation by a mental-health professional")
    assert "Q4 (some intention of acting on the thoughts) is yes" in steps[0]
    assert any("988" in step and "911" in step for step in steps)
    assert any("never replace crisis care" in step for step in steps)
    assert report.next_steps[: len(steps)] == steps
    assert set(statuses(report).values()) == {"eligible_with_cautions"}


@pytest.mark.parametrize("changes", [pytest.param({}, id="low"), pytest.param(MODERATE, id="moderate")])
def test_no_crisis_steps_without_high_risk(changes: dict[str, Any]) -> None:
    report = run(document(**changes))
    assert not report.urgent_safety_flag
    assert report.crisis_steps == ()


def test_item9_alone_raises_no_flag_and_changes_no_status_when_a_cssrs_is_on_file() -> None:
    phq = {"administered_on": "2026-03-02", "items": [3, 3, 2, 2, 2, 2, 2, 1, 3]}
    report = run(document(measurement={"phq9": [phq]}))
    assert not report.urgent_safety_flag
    assert statuses(report) == {"tms": "eligible", "spravato": "eligible", "ketamine": "eligible"}


# --- Ranking (clinic pathways) ---------------------------------------------------------------------------


def test_tms_leads_when_medication_failed_and_the_patient_prefers_non_drug() -> None:
    report = run(document(logistics={"preference": "non_drug"}, medical={"hypertension": "controlled"}))
    assert [o.treatment for o in report.ranking] == ["tms", "spravato", "ketamine"]
    assert "prefers a non-drug treatment" in report.ranking[0].rationale


def test_spravato_leads_when_rapid_relief_is_wanted_and_its_criteria_are_met() -> None:
    report = run(document(logistics={"preference": "rapid_relief"}))
    assert report.ranking[0].treatment == "spravato"
    assert "Spravato's labeled criteria are met" in report.ranking[0].rationale


def test_spravato_leads_under_high_risk_but_never_in_place_of_crisis_care() -> None:
    report = run(document(**HIGH, logistics={"preference": "non_drug"}))
    # criteria.md §10.6: high risk with a need for rapid response names the ECT referral first.
    assert report.ranking[0].treatment == "ect" and report.ranking[0].kind == "referral"
    assert report.ranking[1].treatment == "spravato"
    assert "never in place of crisis care" in report.ranking[1].rationale


def test_ketamine_leads_when_rapid_relief_is_needed_and_spravato_is_not_appropriate() -> None:
    facts = Facts(document(logistics={"preference": "rapid_relief"}))
    evaluated = [
        _fake(facts, "tms", "eligible", 90),
        _fake(facts, "spravato", "needs_information", 60),
        _fake(facts, "ketamine", "eligible_with_cautions", 50),
    ]
    ranking = rank(facts, evaluated)
    assert [o.treatment for o in ranking] == ["ketamine", "tms", "spravato"]
    assert "Spravato is not appropriate (needs information)" in ranking[0].rationale


def _fake(facts: Facts, treatment: str, status: str, score: int) -> Evaluated:
    result = TreatmentResult(
        treatment=treatment,
        status=status,
        summary="",
        score=score,
        breakdown=(),
        criteria=(),
        missing_information=("something",),
        next_steps=(),
        cautions=(),
        pa_gaps=(),
    )
    return Evaluated(treatment, [], result, (), ())  # type: ignore[arg-type]


def test_without_a_pathway_options_rank_by_status_then_score() -> None:
    report = run(document(logistics={"preference": "no_preference"}, medical={"pregnant": "yes"}))
    assert [(o.treatment, o.status) for o in report.ranking] == [
        ("tms", "eligible_with_cautions"),
        ("spravato", "not_eligible"),
        ("ketamine", "not_eligible"),
    ]
    assert [o.rank for o in report.ranking] == [1, 2, 3]
    assert report.ranking[1].rationale.startswith("Not eligible, score")


def test_non_drug_pathway_needs_a_failed_medication() -> None:
    report = run(
        document(
            logistics={"preference": "non_drug"},
            medication_trials=[ongoing("fluoxetine", 20, 4)],
            date_of_birth=dt.date(2009, 1, 1),
        )
    )
    assert report.ranking[0].treatment == "tms"
    assert "Clinic pathway" not in report.ranking[0].rationale


def test_contraindicated_ranks_last() -> None:
    report = run(
        document(medical={"ketamine_esketamine_hypersensitivity": "yes"}, medication_trials=[SERTRALINE])
    )
    assert [o.treatment for o in report.ranking][0] == "tms"
    assert {o.status for o in report.ranking[1:]} == {"contraindicated"}


# --- Scores (scoring.py) -----------------------------------------------------------------------------------


def test_every_result_has_five_factors_worth_100() -> None:
    for result in run(document()).treatments:
        assert [f.factor for f in result.breakdown] == [
            "severity_urgency",
            "treatment_history",
            "medical",
            "logistics_preference",
            "insurance_cost",
        ]
        assert sum(f.max_points for f in result.breakdown) == 100
        assert all(0 <= f.points <= f.max_points for f in result.breakdown)


@pytest.mark.parametrize(
    ("changes", "treatment", "cap"),
    [
        pytest.param(
            {"medical": {"arteriovenous_malformation": "yes"}}, "spravato", 0, id="contraindicated-0"
        ),
        pytest.param({"medication_trials": [SERTRALINE]}, "ketamine", 20, id="not-eligible-20"),
        pytest.param(
            {"co_occurring": {"bipolar_spectrum": "unknown"}, "diagnosis": {"bipolar_screen": "not_done"}},
            "tms",
            60,
            id="needs-information-60",
        ),
    ],
)
def test_the_status_caps_the_score(changes: dict[str, Any], treatment: str, cap: int) -> None:
    result = result_for(run(document(**changes)), treatment)
    assert result.score <= cap
    assert result.score == min(cap, sum(f.points for f in result.breakdown))


def test_the_demo_patient_scores_are_stable() -> None:
    report = run(document())
    assert {r.treatment: r.score for r in report.treatments} == {"tms": 90, "spravato": 79, "ketamine": 73}


def test_a_cardiac_caution_lowers_the_medical_factor() -> None:
    plain = result_for(run(document()), "spravato").breakdown[2]
    cautious = result_for(run(document(medical={"hypertension": "controlled"})), "spravato").breakdown[2]
    assert (plain.points, cautious.points) == (20, 15)
    assert "cardiovascular risk" in cautious.rationale


# --- Payer layer (criteria.md §0, §3.6, §3.7) ------------------------------------------------------------


def aetna(**requirements: Any) -> CoveragePolicy:
    return CoveragePolicy(
        payer="Aetna",
        plan="PPO",
        treatment="tms",
        source="Aetna CPB 0469 [AETNA-0469]",
        requirements=PolicyRequirements(**requirements),
    )


@pytest.mark.parametrize(
    ("requirements", "changes", "rule_id", "closes_with"),
    [
        pytest.param(
            {"min_failed_trials": 4},
            {},
            "payer.min_failed_trials",
            "Document 1 more adequate antidepressant trial",
            id="four-trials",
        ),
        pytest.param(
            {"min_classes": 2},
            {"medication_trials": [SERTRALINE, trial("citalopram", 40, 8)]},
            "payer.min_classes",
            "Document an adequate trial of a second antidepressant class",
            id="two-classes",
        ),
        pytest.param(
            {"psychotherapy_required": True},
            {"psychotherapy_trials": []},
            "payer.psychotherapy",
            "Document an evidence-based psychotherapy trial",
            id="psychotherapy",
        ),
        pytest.param(
            {"severe_episode_only": True},
            {"diagnosis": {"severity": "moderate", "icd10_code": "F33.1"}},
            "payer.severe_episode",
            "Document severe MDD",
            id="severe-only",
        ),
        pytest.param(
            {"phq9_within_days": 7},
            {
                "measurement": {
                    "phq9": [{"administered_on": "2026-01-02", "items": [3, 3, 2, 2, 2, 2, 2, 1, 0]}]
                }
            },
            "payer.phq9_recent",
            "Repeat the PHQ-9",
            id="phq9-recent",
        ),
        pytest.param(
            {"phq9_min_total": 20}, {}, "payer.phq9_min_total", "Not closable by paperwork", id="phq9-total"
        ),
        pytest.param(
            {"min_age": 18},
            {"date_of_birth": dt.date(2009, 1, 1), "medication_trials": [ongoing("fluoxetine", 20, 4)]},
            "payer.min_age",
            "case-by-case exception",
            id="min-age",
        ),
        pytest.param(
            {"augmentation_required": True},
            {"medication_trials": [SERTRALINE]},
            "payer.augmentation",
            "Document an augmentation trial",
            id="augmentation",
        ),
        pytest.param(
            {"excluded_if_active_suicidality": True},
            HIGH,
            "payer.active_suicidality",
            "Crisis care first",
            id="active-suicidality",
        ),
    ],
)
def test_an_unmet_payer_requirement_is_a_pa_gap_with_what_closes_it(
    requirements: dict[str, Any], changes: dict[str, Any], rule_id: str, closes_with: str
) -> None:
    doc = document(**changes)
    report = run(doc, aetna(**requirements))
    tms = result_for(report, "tms")
    assert [gap.rule_id for gap in tms.pa_gaps] == [rule_id]
    gap = tms.pa_gaps[0]
    assert gap.closes_with.startswith(closes_with) or closes_with in gap.closes_with
    assert gap.source == "Aetna CPB 0469 [AETNA-0469]"
    assert gap.rationale.startswith("Aetna PPO: ")
    assert tms.status == result_for(run(doc), "tms").status
    assert next(c for c in tms.criteria if c.rule_id == rule_id).status_effect is None


def test_a_met_payer_requirement_leaves_no_gap() -> None:
    report = run(
        document(),
        aetna(
            min_failed_trials=2,
            min_classes=2,
            psychotherapy_required=True,
            severe_episode_only=True,
            augmentation_required=True,
            min_age=18,
        ),
    )
    tms = result_for(report, "tms")
    assert tms.pa_gaps == ()
    assert "Submit prior authorization to Aetna PPO before the first TMS session" in tms.next_steps


def test_a_gap_lowers_only_the_insurance_factor() -> None:
    doc = document()
    met, gap = run(doc, aetna(min_failed_trials=2)), run(doc, aetna(min_failed_trials=5))
    before, after = result_for(met, "tms"), result_for(gap, "tms")
    assert [f.points for f in before.breakdown][:4] == [f.points for f in after.breakdown][:4]
    assert before.breakdown[4].points - after.breakdown[4].points == 3


def test_ketamine_not_covered_is_self_pay() -> None:
    report = run(document(), CoveragePolicy(payer="BCBS", treatment="ketamine", covered=False))
    ketamine = result_for(report, "ketamine")
    assert [gap.rule_id for gap in ketamine.pa_gaps] == ["payer.coverage"]
    assert ketamine.breakdown[4].points == 2
    assert ketamine.status == "eligible"


def test_without_a_policy_coverage_is_not_checked() -> None:
    tms = result_for(run(document()), "tms")
    coverage = next(c for c in tms.criteria if c.rule_id == "payer.coverage")
    assert (coverage.outcome, coverage.status_effect) == ("unknown", None)
    assert "not checked" in coverage.rationale
    assert tms.pa_gaps == ()


# --- Missing information and next steps ------------------------------------------------------------------


def test_missing_information_is_deduplicated_across_treatments_decisive_first() -> None:
    report = run(
        document(
            medical={"pregnant": "unknown", "arteriovenous_malformation": "unknown"},
            logistics={"daily_visits_possible": "unknown"},
        )
    )
    # Decisive for Spravato and ketamine (needs information) before what only leaves a TMS caution open.
    assert report.missing_information == (
        "Whether the patient has an arteriovenous malformation",
        "Whether the patient is pregnant",
        "Whether the patient can attend daily TMS sessions",
    )
    assert result_for(report, "tms").missing_information == (
        "Whether the patient can attend daily TMS sessions",
        "Whether the patient has an arteriovenous malformation",
        "Whether the patient is pregnant",
    )


def test_a_contraindicated_treatment_has_no_next_steps() -> None:
    report = run(document(medical={"ketamine_esketamine_hypersensitivity": "yes"}))
    assert result_for(report, "spravato").next_steps == ()


def test_an_eligible_spravato_plans_rems_and_blood_pressure() -> None:
    steps = result_for(run(document()), "spravato").next_steps
    assert any("REMS" in step for step in steps)
    assert "Record blood pressure before dosing; control to ≤ 140/90 first" in steps


def test_report_json_has_the_agreed_fields() -> None:
    data = json.loads(run(document()).model_dump_json())
    assert list(data) == [
        "ruleset_version",
        "ruleset_hash",
        "as_of",
        "urgent_safety_flag",
        "crisis_steps",
        "treatments",
        "ranking",
        "missing_information",
        "next_steps",
        "safety_reasons",
        "workup",
        "staging",
    ]
    assert list(data["treatments"][0]) == [
        "treatment",
        "status",
        "summary",
        "score",
        "breakdown",
        "criteria",
        "missing_information",
        "next_steps",
        "cautions",
        "pa_gaps",
    ]
    assert list(data["treatments"][0]["criteria"][0]) == [
        "rule_id",
        "treatment",
        "kind",
        "outcome",
        "status_effect",
        "rationale",
        "source",
        "fields",
    ]

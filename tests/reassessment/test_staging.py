"""Adequate trials (criteria.md §1.1, §1.3), treatment resistance and the Maudsley Staging
Method (§1.4), as tables with a named row at each edge, plus hypothesis invariants. No database."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reassessment.catalog import DRUGS, DrugRole
from reassessment.documents import MedicationTrial, ReassessmentDocument
from reassessment.staging import maudsley, treatment_resistance, whole_months
from reassessment.trials import trial_assessment

PROPERTY = settings(database=None, deadline=None, max_examples=150)
AS_OF = dt.date(2025, 6, 15)
ANTIDEPRESSANTS = sorted(k for k, d in DRUGS.items() if d.role is DrugRole.ANTIDEPRESSANT)


def trial(drug: str = "sertraline", **fields: Any) -> MedicationTrial:
    """A failed trial at the drug's minimum dose for 8 weeks in the current episode, unless told otherwise."""
    defaults = {"daily_dose_mg": DRUGS[drug].min_adequate_mg, "duration_weeks": 8, "outcome": "no_response"}
    return MedicationTrial(drug=drug, **{**defaults, "current_episode": "yes", **fields})


def document(trials: list[MedicationTrial] = (), **sections: Any) -> ReassessmentDocument:  # type: ignore[assignment]
    return ReassessmentDocument.model_validate(
        {
            "assessed_on": AS_OF,
            "patient": {"date_of_birth": "1980-01-01", "sex_at_birth": "female"},
            "medication_trials": list(trials),
            **sections,
        }
    )


# --- One trial ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weeks", "status"),
    [
        pytest.param(5, "inadequate_duration", id="5-weeks"),
        pytest.param(5.9, "inadequate_duration", id="5.9-weeks"),
        pytest.param(5.99, "inadequate_duration", id="5.99-weeks"),
        pytest.param(6, "adequate_failure", id="exactly-6-weeks"),
        pytest.param(6.1, "adequate_failure", id="6.1-weeks"),
    ],
)
def test_it_counts_exactly_six_weeks_as_adequate(weeks: float, status: str) -> None:
    assert trial_assessment(trial(duration_weeks=weeks), as_of=AS_OF).status == status


def test_it_never_shows_a_trial_just_short_of_six_weeks_as_six() -> None:
    assert "5.9 weeks" in trial_assessment(trial(duration_weeks=5.99), as_of=AS_OF).reasons[0]


@pytest.mark.parametrize(
    ("start", "end", "ongoing", "weeks", "status"),
    [
        pytest.param(
            dt.date(2025, 1, 1), dt.date(2025, 2, 11), False, 41 / 7, "inadequate_duration", id="41-days"
        ),
        pytest.param(dt.date(2025, 1, 1), dt.date(2025, 2, 12), False, 6.0, "adequate_failure", id="42-days"),
        pytest.param(
            AS_OF - dt.timedelta(days=41), None, True, 41 / 7, "inadequate_duration", id="ongoing-41-days"
        ),
        pytest.param(
            AS_OF - dt.timedelta(days=42), None, True, 6.0, "adequate_failure", id="ongoing-42-days"
        ),
        pytest.param(
            AS_OF + dt.timedelta(days=1), None, True, None, "unknown", id="ongoing-starts-after-as-of"
        ),
    ],
)
def test_it_measures_weeks_from_dates_or_to_as_of_when_ongoing(
    start: dt.date, end: dt.date | None, ongoing: bool, weeks: float | None, status: str
) -> None:
    result = trial_assessment(
        trial(duration_weeks=None, start_date=start, end_date=end, ongoing=ongoing), as_of=AS_OF
    )
    assert (result.weeks, result.status) == (weeks, status)


def test_it_lets_dates_win_over_a_typed_duration() -> None:
    dated = trial(duration_weeks=10, start_date=dt.date(2025, 1, 1), end_date=dt.date(2025, 2, 11))
    assert trial_assessment(dated, as_of=AS_OF).weeks == 41 / 7


def test_it_uses_the_typed_duration_when_only_a_start_date_is_known() -> None:
    assert trial_assessment(trial(duration_weeks=7, start_date=dt.date(2025, 1, 1)), as_of=AS_OF).weeks == 7


@pytest.mark.parametrize(
    ("drug", "dose", "status"),
    [
        row
        for drug, below in [
            ("citalopram", 19.5),
            ("escitalopram", 9.5),
            ("sertraline", 49),
            ("venlafaxine", 149),
            ("duloxetine", 59),
            ("bupropion", 299),
            ("mirtazapine", 29),
            ("nortriptyline", 74),
            ("amitriptyline", 149),
            ("phenelzine", 44),
            ("tranylcypromine", 29),
        ]
        for row in (
            pytest.param(drug, below, "inadequate_dose", id=f"{drug}-{below:g}-below"),
            pytest.param(drug, DRUGS[drug].min_adequate_mg, "adequate_failure", id=f"{drug}-at-minimum"),
        )
    ],
)
def test_it_counts_a_dose_exactly_at_the_minimum_as_adequate(drug: str, dose: float, status: str) -> None:
    assert trial_assessment(trial(drug, daily_dose_mg=dose), as_of=AS_OF).status == status


@pytest.mark.parametrize(
    ("fields", "status", "missing"),
    [
        pytest.param({"outcome": "partial_response"}, "adequate_failure", (), id="partial-response-fails"),
        pytest.param({"outcome": "response"}, "response", (), id="response"),
        pytest.param(
            {"outcome": "response", "daily_dose_mg": None}, "response", ("dose",), id="response-dose-unknown"
        ),
        pytest.param(
            {"outcome": "unknown", "ended_for_intolerance": "yes", "duration_weeks": 2},
            "intolerance",
            ("outcome",),
            id="intolerance-before-an-adequate-trial",
        ),
        pytest.param(
            {"outcome": "no_response", "ended_for_intolerance": "yes", "duration_weeks": 10},
            "adequate_failure",
            (),
            id="adequate-failure-then-side-effects-still-fails",
        ),
        pytest.param({"adherence": "poor"}, "poor_adherence", (), id="poor-adherence-is-not-adequate"),
        pytest.param({"adherence": "partial"}, "adequate_failure", (), id="partial-adherence-counts"),
        pytest.param(
            {"current_episode": "no", "daily_dose_mg": None, "outcome": "unknown"},
            "not_current_episode",
            ("dose", "outcome"),
            id="earlier-episode-with-unknowns",
        ),
        pytest.param({"daily_dose_mg": None}, "unknown", ("dose",), id="dose-unknown"),
        pytest.param({"duration_weeks": None}, "unknown", ("duration",), id="duration-unknown"),
        pytest.param({"outcome": "unknown"}, "unknown", ("outcome",), id="outcome-unknown"),
        pytest.param({"current_episode": "unknown"}, "unknown", ("current_episode",), id="episode-unknown"),
        pytest.param(
            {"daily_dose_mg": None, "duration_weeks": 4},
            "inadequate_duration",
            ("dose",),
            id="dose-unknown-but-too-short",
        ),
        pytest.param(
            {"daily_dose_mg": 25, "duration_weeks": None},
            "inadequate_dose",
            ("duration",),
            id="duration-unknown-but-dose-too-low",
        ),
    ],
)
def test_it_lets_known_disqualifying_facts_win_over_unknowns(
    fields: dict[str, Any], status: str, missing: tuple[str, ...]
) -> None:
    base = {
        "drug": "sertraline",
        "daily_dose_mg": 50,
        "duration_weeks": 8,
        "outcome": "no_response",
        "current_episode": "yes",
    }
    result = trial_assessment(MedicationTrial(**{**base, **fields}), as_of=AS_OF)
    assert (result.status, result.missing) == (status, missing)


def test_it_explains_an_adequate_failure_with_the_patients_numbers() -> None:
    result = trial_assessment(trial("sertraline", daily_dose_mg=50, duration_weeks=6), as_of=AS_OF)
    assert result.reasons[0].startswith(
        "sertraline 50 mg/day for 6.0 weeks meets the minimum of 50 mg/day for at least 6 weeks"
    )


def test_it_explains_a_dose_below_the_minimum() -> None:
    assert (
        "venlafaxine 75 mg/day is below the minimum of 150 mg/day"
        in trial_assessment(trial("venlafaxine", daily_dose_mg=75), as_of=AS_OF).reasons[0]
    )


def test_it_says_when_a_minimum_dose_is_unconfirmed() -> None:
    assert any("unconfirmed" in r for r in trial_assessment(trial("fluvoxamine"), as_of=AS_OF).reasons)


@pytest.mark.parametrize("drug", ["aripiprazole", "lithium", "liothyronine", "quetiapine"])
def test_it_sets_augmentation_agents_apart(drug: str) -> None:
    result = trial_assessment(MedicationTrial(drug=drug, outcome="no_response"), as_of=AS_OF)
    assert (result.status, result.role) == ("augmentation", "augmentation")
    assert result.missing == ("current_episode",)  # dose and outcome decide nothing for augmentation


# --- Treatment resistance -------------------------------------------------------------------


def test_it_counts_two_failed_trials_of_one_drug_once() -> None:
    summary = treatment_resistance(
        document([trial("sertraline"), trial("sertraline", daily_dose_mg=100)]), as_of=AS_OF
    )
    assert (summary.n_failed, summary.failed_drugs) == (1, ("sertraline",))


@pytest.mark.parametrize(
    ("drugs", "n_failed", "classes"),
    [
        pytest.param(["sertraline", "citalopram"], 2, ("ssri",), id="two-ssris-one-class"),
        pytest.param(["sertraline", "venlafaxine"], 2, ("snri", "ssri"), id="ssri-and-snri"),
        pytest.param(
            ["bupropion", "nortriptyline", "phenelzine"], 3, ("maoi", "ndri", "tca"), id="three-classes"
        ),
    ],
)
def test_it_lists_the_distinct_classes_of_failed_drugs(
    drugs: list[str], n_failed: int, classes: tuple
) -> None:
    summary = treatment_resistance(document([trial(d) for d in drugs]), as_of=AS_OF)
    assert (summary.n_failed, summary.failed_classes, summary.n_classes) == (n_failed, classes, len(classes))


def test_it_counts_unknown_trials_that_could_still_count() -> None:
    trials = [
        trial("sertraline"),
        trial("sertraline", outcome="unknown"),  # already counted: not unknown
        trial("citalopram", daily_dose_mg=None),
        trial("citalopram", outcome="unknown"),  # same drug: one unknown
        trial("duloxetine", current_episode="no", daily_dose_mg=None),  # ruled out: not unknown
    ]
    summary = treatment_resistance(document(trials), as_of=AS_OF)
    assert (summary.n_failed, summary.n_unknown, summary.unknown_drugs) == (1, 1, ("citalopram",))


def test_it_counts_augmentation_trials_of_the_current_episode_only() -> None:
    trials = [
        MedicationTrial(drug="aripiprazole", current_episode="yes"),
        MedicationTrial(drug="lithium", current_episode="no"),
        MedicationTrial(drug="quetiapine", current_episode="unknown"),
    ]
    summary = treatment_resistance(document(trials), as_of=AS_OF)
    assert (summary.augmentation_trials, summary.augmentation_episode_unknown, summary.n_failed) == (1, 1, 0)


@pytest.mark.parametrize(
    ("trials", "current"),
    [
        pytest.param([], "unknown", id="no-trials"),
        pytest.param(
            [trial(start_date=dt.date(2025, 1, 1), ongoing=True)], "yes", id="ongoing-antidepressant"
        ),
        pytest.param([trial()], "no", id="only-ended-trials"),
        pytest.param(
            [MedicationTrial(drug="aripiprazole", ongoing=True)], "no", id="only-ongoing-augmentation"
        ),
    ],
)
def test_it_reads_the_current_antidepressant_from_ongoing_trials(trials: list, current: str) -> None:
    assert treatment_resistance(document(trials), as_of=AS_OF).current_antidepressant == current


# --- Maudsley Staging Method ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        pytest.param(dt.date(2025, 1, 15), dt.date(2025, 2, 14), 0, id="a-day-short"),
        pytest.param(dt.date(2025, 1, 15), dt.date(2025, 2, 15), 1, id="same-day-next-month"),
        pytest.param(dt.date(2025, 1, 31), dt.date(2025, 2, 28), 0, id="31st-into-february"),
        pytest.param(dt.date(2025, 1, 31), dt.date(2025, 3, 1), 1, id="31st-completes-on-the-1st"),
        pytest.param(dt.date(2024, 6, 15), dt.date(2025, 6, 15), 12, id="one-year"),
    ],
)
def test_it_counts_whole_calendar_months(start: dt.date, end: dt.date, months: int) -> None:
    assert whole_months(start, end) == months


def staged(
    start: dt.date | None = dt.date(2025, 1, 1),
    severity: str = "moderate",
    psychotic: str = "no",
    n_failed: int = 1,
    augmentation: bool = False,
    ect: str = "no",
    extra: list | None = None,
) -> Any:
    trials = [trial(d) for d in ANTIDEPRESSANTS[:n_failed]] + (extra or [])
    if augmentation:
        trials.append(MedicationTrial(drug="aripiprazole", current_episode="yes"))
    diagnosis = {"episode_start": start, "severity": severity, "psychotic_features": psychotic}
    return maudsley(document(trials, diagnosis=diagnosis, other_treatments={"ect": ect}), as_of=AS_OF)


@pytest.mark.parametrize(
    ("start", "months", "points"),
    [
        pytest.param(dt.date(2024, 6, 15), 12, 1, id="12-months"),
        pytest.param(dt.date(2024, 5, 16), 12, 1, id="12-months-and-30-days"),
        pytest.param(dt.date(2024, 5, 15), 13, 2, id="13-months"),
        pytest.param(dt.date(2023, 6, 15), 24, 2, id="24-months"),
        pytest.param(dt.date(2023, 5, 15), 25, 3, id="25-months"),
    ],
)
def test_it_scores_episode_duration_at_each_edge(start: dt.date, months: int, points: int) -> None:
    result = staged(start=start)
    assert (result.episode_months, result.duration_points) == (months, points)


@pytest.mark.parametrize(
    ("severity", "psychotic", "points"),
    [
        pytest.param("subsyndromal", "no", 1, id="subsyndromal"),
        pytest.param("mild", "unknown", 2, id="mild"),
        pytest.param("moderate", "no", 3, id="moderate"),
        pytest.param("severe", "no", 4, id="severe-without-psychosis"),
        pytest.param("severe", "yes", 5, id="severe-with-psychosis"),
        pytest.param("severe", "unknown", None, id="severe-psychosis-unknown"),
        pytest.param("unknown", "no", None, id="severity-unknown"),
    ],
)
def test_it_scores_severity_and_leaves_psychosis_unknown_open(
    severity: str, psychotic: str, points: Any
) -> None:
    result = staged(severity=severity, psychotic=psychotic)
    assert result.severity_points == points
    assert ("severity" in result.missing) == (points is None)


@pytest.mark.parametrize(
    ("n_failed", "points"),
    [
        pytest.param(n, p, id=f"{n}-failed")
        for n, p in [(0, 0), (1, 1), (2, 1), (3, 2), (4, 2), (5, 3), (6, 3), (7, 4), (10, 4), (11, 5)]
    ],
)
def test_it_scores_failed_antidepressants_at_each_edge(n_failed: int, points: int) -> None:
    result = staged(n_failed=n_failed)
    assert result.failed_antidepressants_points == points


def test_it_notes_that_msm_presumes_a_failed_trial() -> None:
    assert any("presumes at least one" in r for r in staged(n_failed=0).reasons)


@pytest.mark.parametrize(
    ("n_failed", "unknown_drugs", "points"),
    [
        pytest.param(1, ["venlafaxine"], 1, id="1+1-unknown-stays-in-band"),
        pytest.param(2, ["venlafaxine"], None, id="2+1-unknown-could-move-band"),
        pytest.param(0, ["venlafaxine"], None, id="0+1-unknown-could-score"),
    ],
)
def test_it_leaves_failed_points_open_when_unknown_trials_could_move_them(
    n_failed: int, unknown_drugs: list[str], points: int | None
) -> None:
    extra = [trial(d, outcome="unknown") for d in unknown_drugs]
    result = staged(n_failed=n_failed, extra=extra)
    assert result.failed_antidepressants_points == points
    assert (result.score is None) == (points is None)


def test_it_leaves_augmentation_open_when_its_episode_is_unknown() -> None:
    result = staged(extra=[MedicationTrial(drug="lithium", current_episode="unknown")])
    assert (result.augmentation_points, result.score) == (None, None)
    assert staged(extra=[MedicationTrial(drug="lithium", current_episode="no")]).augmentation_points == 0


@pytest.mark.parametrize(("ect", "points"), [("yes", 1), ("no", 0), ("unknown", None)])
def test_it_scores_ect_and_leaves_unknown_open(ect: str, points: int | None) -> None:
    result = staged(ect=ect)
    assert result.ect_points == points
    assert ("ect" in result.missing) == (points is None)


@pytest.mark.parametrize(
    ("kwargs", "score", "band"),
    [
        pytest.param({"severity": "subsyndromal"}, 3, "mild", id="3-minimum"),
        pytest.param({"severity": "moderate", "ect": "yes"}, 6, "mild", id="6-mild"),
        pytest.param({"severity": "severe", "ect": "yes"}, 7, "moderate", id="7-moderate"),
        pytest.param(
            {"start": dt.date(2023, 1, 1), "severity": "severe", "n_failed": 3, "ect": "yes"},
            10,
            "moderate",
            id="10-moderate",
        ),
        pytest.param(
            {
                "start": dt.date(2023, 1, 1),
                "severity": "severe",
                "psychotic": "yes",
                "n_failed": 3,
                "ect": "yes",
            },
            11,
            "severe",
            id="11-severe",
        ),
        pytest.param(
            {
                "start": dt.date(2023, 1, 1),
                "severity": "severe",
                "psychotic": "yes",
                "n_failed": 11,
                "augmentation": True,
                "ect": "yes",
            },
            15,
            "severe",
            id="15-maximum",
        ),
        pytest.param({"start": None}, None, None, id="no-episode-start"),
    ],
)
def test_it_bands_the_msm_score_at_each_edge(
    kwargs: dict[str, Any], score: int | None, band: str | None
) -> None:
    result = staged(**kwargs)
    assert (result.score, result.band) == (score, band)
    assert "partly unconfirmed" in result.note


# --- Invariants -----------------------------------------------------------------------------


@st.composite
def trials(draw: st.DrawFn) -> MedicationTrial:
    drug = draw(st.sampled_from(ANTIDEPRESSANTS))
    minimum = DRUGS[drug].min_adequate_mg or 1
    return MedicationTrial(
        drug=drug,
        daily_dose_mg=draw(st.sampled_from([None, minimum / 2, minimum, minimum * 1.5])),
        duration_weeks=draw(st.sampled_from([None, 3, 5.9, 6, 12])),
        outcome=draw(st.sampled_from(["response", "partial_response", "no_response", "unknown"])),
        ended_for_intolerance=draw(st.sampled_from(["yes", "no", "unknown"])),
        adherence=draw(st.sampled_from(["good", "partial", "poor", "unknown"])),
        current_episode=draw(st.sampled_from(["yes", "no", "unknown"])),
    )


@PROPERTY
@given(
    st.lists(trials(), max_size=8),
    st.sampled_from(ANTIDEPRESSANTS),
    st.sampled_from(["severe", "moderate"]),
    st.sampled_from(["yes", "no"]),
)
def test_it_never_lowers_n_failed_or_msm_when_a_new_drug_fails_adequately(
    history: list[MedicationTrial], new_drug: str, severity: str, ect: str
) -> None:
    assume(new_drug not in {t.drug for t in history})
    sections = {
        "diagnosis": {"episode_start": "2024-01-01", "severity": severity, "psychotic_features": "no"},
        "other_treatments": {"ect": ect},
    }
    before, after = document(history, **sections), document([*history, trial(new_drug)], **sections)
    assert (
        treatment_resistance(after, as_of=AS_OF).n_failed
        == treatment_resistance(before, as_of=AS_OF).n_failed + 1
    )
    old, new = maudsley(before, as_of=AS_OF).score, maudsley(after, as_of=AS_OF).score
    if old is not None and new is not None:
        assert new >= old


@PROPERTY
@given(trials())
def test_it_only_calls_a_trial_adequate_when_every_criterion_holds(one: MedicationTrial) -> None:
    result = trial_assessment(one, as_of=AS_OF)
    if result.status == "adequate_failure":
        assert one.daily_dose_mg is not None and one.daily_dose_mg >= (DRUGS[one.drug].min_adequate_mg or 0)
        assert result.weeks is not None and result.weeks >= 6
        assert one.outcome in ("no_response", "partial_response") and one.current_episode == "yes"
        assert one.adherence != "poor"
    assert (result.status == "unknown") <= bool(result.missing)

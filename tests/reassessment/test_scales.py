"""PHQ-9, MADRS, HAM-D17, C-SSRS, the safety flag and lab flags, row by row at every edge of
criteria.md §5.1–§5.3 and the project's laboratory reference ranges. No database."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from reassessment.documents import Cssrs, LabResult, Phq9, ReassessmentDocument
from reassessment.safety import safety_state
from reassessment.scales import (
    PHQ9_BANDS,
    cssrs_result,
    lab_flag,
    phq9_band,
    phq9_result,
    scale_band,
)

PROPERTY = settings(database=None, deadline=None, max_examples=200)
DAY = dt.date(2025, 6, 1)
CSSRS_FIELDS = (
    "wish_to_be_dead",
    "suicidal_thoughts",
    "thoughts_of_method",
    "intent",
    "plan_with_intent",
    "behavior_ever",
    "behavior_within_3_months",
)
RANK = {"none": 0, "low": 1, "moderate": 2, "high": 3}


def phq(total: int, item9: int = 0, on: dt.date = DAY) -> Phq9:
    """A PHQ-9 with the given total and item 9, the rest spread over items 1–8."""
    rest = total - item9
    items = [min(3, max(0, rest - 3 * i)) for i in range(8)]
    assert sum(items) == rest
    return Phq9(administered_on=on, items=(*items, item9))


def document(**sections: Any) -> ReassessmentDocument:
    return ReassessmentDocument.model_validate(
        {"assessed_on": DAY, "patient": {"date_of_birth": "1980-01-01", "sex_at_birth": "female"}, **sections}
    )


# --- PHQ-9 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "band"),
    [
        pytest.param(0, "minimal", id="0-minimal"),
        pytest.param(4, "minimal", id="4-minimal"),
        pytest.param(5, "mild", id="5-mild"),
        pytest.param(9, "mild", id="9-mild"),
        pytest.param(10, "moderate", id="10-moderate"),
        pytest.param(14, "moderate", id="14-moderate"),
        pytest.param(15, "moderately_severe", id="15-moderately-severe"),
        pytest.param(19, "moderately_severe", id="19-moderately-severe"),
        pytest.param(20, "severe", id="20-severe"),
        pytest.param(27, "severe", id="27-severe"),
    ],
)
def test_it_bands_the_phq9_total_at_each_edge(total: int, band: str) -> None:
    result = phq9_result(phq(total, item9=max(0, total - 24)))
    assert (result.total, result.band) == (total, band)


@pytest.mark.parametrize("total", [-1, 28], ids=["below-0", "above-27"])
def test_it_refuses_a_phq9_total_out_of_range(total: int) -> None:
    with pytest.raises(ValueError, match="0 to 27"):
        phq9_band(total)


@pytest.mark.parametrize(
    ("item9", "required"),
    [pytest.param(0, False, id="item9-0"), *(pytest.param(n, True, id=f"item9-{n}") for n in (1, 2, 3))],
)
def test_it_requires_a_cssrs_when_item9_is_at_least_one_whatever_the_total(
    item9: int, required: bool
) -> None:
    result = phq9_result(phq(item9, item9=item9))
    assert (result.item9, result.cssrs_required) == (item9, required)
    assert result.band == "minimal"


@PROPERTY
@given(st.integers(0, 27), st.integers(0, 27))
def test_it_never_gives_a_lower_phq9_band_to_a_higher_total(a: int, b: int) -> None:
    order = [band for _, band in reversed(PHQ9_BANDS)]
    low, high = sorted((a, b))
    assert order.index(phq9_band(low)) <= order.index(phq9_band(high))


# --- MADRS and HAM-D17 ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scale", "total", "band"),
    [
        pytest.param("madrs", 0, "normal", id="madrs-0"),
        pytest.param("madrs", 6, "normal", id="madrs-6"),
        pytest.param("madrs", 7, "mild", id="madrs-7"),
        pytest.param("madrs", 19, "mild", id="madrs-19"),
        pytest.param("madrs", 20, "moderate", id="madrs-20"),
        pytest.param("madrs", 34, "moderate", id="madrs-34"),
        pytest.param("madrs", 35, "severe", id="madrs-35"),
        pytest.param("madrs", 60, "severe", id="madrs-60"),
        pytest.param("hamd17", 0, "none", id="hamd-0"),
        pytest.param("hamd17", 7, "none", id="hamd-7"),
        pytest.param("hamd17", 8, "mild", id="hamd-8"),
        pytest.param("hamd17", 16, "mild", id="hamd-16"),
        pytest.param("hamd17", 17, "moderate", id="hamd-17"),
        pytest.param("hamd17", 23, "moderate", id="hamd-23"),
        pytest.param("hamd17", 24, "severe", id="hamd-24"),
        pytest.param("hamd17", 52, "severe", id="hamd-52"),
    ],
)
def test_it_bands_madrs_and_hamd_totals_at_each_edge(scale: Any, total: int, band: str) -> None:
    assert scale_band(scale, total) == band


@pytest.mark.parametrize(("scale", "total"), [("madrs", 61), ("hamd17", 53), ("madrs", -1)])
def test_it_refuses_a_scale_total_out_of_range(scale: Any, total: int) -> None:
    with pytest.raises(ValueError, match="total is 0 to"):
        scale_band(scale, total)


# --- C-SSRS ---------------------------------------------------------------------------------


def cssrs(answers: str) -> Cssrs:
    """Seven answers, Q1..Q6 then the Q6 follow-up: y(es), n(o) or ?(unknown)."""
    tri = {"y": "yes", "n": "no", "?": "unknown"}
    return Cssrs(administered_on=DAY, **{f: tri[a] for f, a in zip(CSSRS_FIELDS, answers, strict=True)})


@pytest.mark.parametrize(
    ("answers", "level", "at_least", "unanswered"),
    [
        pytest.param("nn???nn", "none", "none", (), id="all-asked-no-q3-to-q5-skipped"),
        pytest.param("nnnnnn?", "none", "none", (), id="all-no-follow-up-not-asked"),
        pytest.param("yn???n?", "low", "low", (), id="q1-yes-only"),
        pytest.param("nynnnn?", "low", "low", (), id="q2-yes-only"),
        pytest.param("yynnnn?", "low", "low", (), id="q1-q2-yes"),
        pytest.param("yyynnn?", "moderate", "moderate", (), id="q3-yes"),
        pytest.param("nn???yn", "moderate", "moderate", (), id="q6-yes-over-3-months"),
        pytest.param("yyyynn?", "high", "high", (), id="q4-yes"),
        pytest.param(
            "yy??y??",
            "high",
            "high",
            ("thoughts_of_method", "intent", "behavior_ever", "behavior_within_3_months"),
            id="q5-yes-rest-unknown",
        ),
        pytest.param("nn???yy", "high", "high", (), id="q6-yes-within-3-months"),
        pytest.param(
            "nn???y?", "unknown", "moderate", ("behavior_within_3_months",), id="q6-yes-when-unknown"
        ),
        pytest.param("yyy?nn?", "unknown", "moderate", ("intent",), id="q4-unknown-after-q3-yes"),
        pytest.param("?n???nn", "unknown", "none", ("wish_to_be_dead",), id="q1-unknown"),
        pytest.param(
            "y????n?",
            "unknown",
            "low",
            ("suicidal_thoughts", "thoughts_of_method", "intent", "plan_with_intent"),
            id="q2-unknown",
        ),
        pytest.param("y?nnnn?", "low", "low", ("suicidal_thoughts",), id="q2-unknown-cannot-raise"),
        pytest.param(
            "nn?????", "unknown", "none", ("behavior_ever", "behavior_within_3_months"), id="q6-unknown"
        ),
        pytest.param("nnnnnyn", "moderate", "moderate", (), id="q2-no-with-skipped-answers-no"),
        pytest.param("???????", "unknown", "none", CSSRS_FIELDS, id="nothing-answered"),
    ],
)
def test_it_grades_each_cssrs_answer_pattern(
    answers: str, level: str, at_least: str, unanswered: tuple[str, ...]
) -> None:
    result = cssrs_result(cssrs(answers))
    assert (result.level, result.at_least, result.unanswered) == (level, at_least, unanswered)


def test_it_reads_a_missing_cssrs_as_unknown_not_none() -> None:
    result = cssrs_result(None)
    assert (result.level, result.at_least) == ("unknown", "none")
    assert result.reasons == ("No C-SSRS screener is on file.",)


def test_it_names_the_answers_behind_the_level() -> None:
    assert any("Q4" in r and "high" in r for r in cssrs_result(cssrs("yyyynn?")).reasons)
    assert any("Q3" in r and "moderate" in r for r in cssrs_result(cssrs("yyynnn?")).reasons)
    assert any("skipped" in r for r in cssrs_result(cssrs("nn???nn")).reasons)
    assert any("Q4" in r and "unknown" in r for r in cssrs_result(cssrs("yyy?nn?")).reasons)


def valid_cssrs(values: dict[str, str]) -> Cssrs | None:
    try:
        return Cssrs(administered_on=DAY, **values)
    except ValidationError:
        return None


@st.composite
def screens(draw: st.DrawFn) -> dict[str, str]:
    """Any valid answer pattern: a "yes" the skip logic forbids is drawn again as "no"."""
    values = {field: draw(st.sampled_from(("yes", "no", "unknown"))) for field in CSSRS_FIELDS}
    if values["suicidal_thoughts"] == "no":
        values |= {
            q: "no" for q in ("thoughts_of_method", "intent", "plan_with_intent") if values[q] == "yes"
        }
    if values["behavior_ever"] == "no" and values["behavior_within_3_months"] == "yes":
        values["behavior_within_3_months"] = "no"
    return values


@PROPERTY
@given(screens(), st.data())
def test_it_never_lowers_the_cssrs_floor_when_a_no_becomes_yes(
    values: dict[str, str], data: st.DataObject
) -> None:
    noes = [field for field, answer in values.items() if answer == "no"]
    assume(noes)
    field = data.draw(st.sampled_from(noes))
    before, after = valid_cssrs(values), valid_cssrs(values | {field: "yes"})
    assume(after is not None)  # e.g. Q3 cannot become yes while Q2 is no
    assert RANK[cssrs_result(after).at_least] >= RANK[cssrs_result(before).at_least]


@PROPERTY
@given(screens(), st.data())
def test_it_keeps_a_known_cssrs_level_when_an_unknown_is_answered(
    values: dict[str, str], data: st.DataObject
) -> None:
    unknowns = [field for field, answer in values.items() if answer == "unknown"]
    assume(unknowns)
    field, answer = data.draw(st.sampled_from(unknowns)), data.draw(st.sampled_from(("yes", "no")))
    before, after = valid_cssrs(values), valid_cssrs(values | {field: answer})
    assume(after is not None)
    known = cssrs_result(before)
    assert known.level in ("unknown", known.at_least)
    if known.level != "unknown":
        assert cssrs_result(after).level == known.level


# --- Safety flag ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phqs", "screen", "banner", "unscreened", "urgent"),
    [
        pytest.param([], None, False, False, False, id="nothing-on-file"),
        pytest.param([phq(12, 1)], None, True, True, False, id="item9-without-cssrs"),
        # criteria.md §10.3: a C-SSRS on or after the PHQ-9 answers item 9; none risk keeps no banner.
        pytest.param([phq(12, 1)], "nnnnnn?", False, False, False, id="item9-followed-by-cssrs-none"),
        pytest.param([phq(20, 0)], None, False, False, False, id="severe-total-item9-zero"),
        pytest.param(
            [phq(12, 2, dt.date(2025, 1, 1)), phq(8, 0)],
            None,
            True,
            True,
            False,
            id="older-item9-never-screened",
        ),
        pytest.param([phq(8, 0), phq(9, 1)], None, True, True, False, id="same-day-either-item9"),
        pytest.param([], "yyyynn?", True, False, True, id="cssrs-high"),
        pytest.param([phq(12, 0)], "yyynnn?", True, False, False, id="cssrs-moderate-alone"),
        pytest.param([], "nn???y?", True, False, False, id="cssrs-unknown-at-least-moderate"),
    ],
)
def test_the_safety_state_puts_up_the_banner_on_moderate_risk_or_an_unscreened_item9(
    phqs: list[Phq9], screen: str | None, banner: bool, unscreened: bool, urgent: bool
) -> None:
    safety = {"cssrs": cssrs(screen)} if screen else {}
    state = safety_state(document(measurement={"phq9": phqs}, safety=safety))
    assert (state.banner, state.item9_unscreened_on is not None, state.urgent) == (banner, unscreened, urgent)
    assert bool(state.reasons) == banner


# --- Lab flags ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("test", "value", "unit", "sex", "flag"),
    [
        pytest.param("tsh", 0.39, "mIU/L", "female", "low", id="tsh-0.39"),
        pytest.param("tsh", 0.4, "mIU/L", "female", "normal", id="tsh-0.4"),
        pytest.param("tsh", 4.0, "mIU/L", "female", "normal", id="tsh-4.0"),
        pytest.param("tsh", 4.01, "mIU/L", "female", "high", id="tsh-4.01"),
        pytest.param("tsh", 2.0, "uIU/mL", "male", "normal", id="tsh-uIU/mL-equivalent"),
        pytest.param("tsh", 2.0, "MIU/L", "male", "normal", id="tsh-unit-case-insensitive"),
        pytest.param("tsh", 2.0, "mU/mL", "male", "unknown", id="tsh-other-unit"),
        pytest.param("tsh", 2.0, "", "male", "unknown", id="tsh-no-unit"),
        pytest.param("free_t4", 0.79, "ng/dL", "male", "low", id="ft4-0.79"),
        pytest.param("free_t4", 0.8, "ng/dL", "male", "normal", id="ft4-0.8"),
        pytest.param("free_t4", 1.8, "ng/dL", "male", "normal", id="ft4-1.8"),
        pytest.param("free_t4", 1.81, "ng/dL", "male", "high", id="ft4-1.81"),
        pytest.param("free_t4", 12, "pmol/L", "male", "unknown", id="ft4-pmol-not-converted"),
        pytest.param("b12", 199, "pg/mL", "male", "low", id="b12-199"),
        pytest.param("b12", 200, "pg/mL", "male", "normal", id="b12-200"),
        pytest.param("b12", 900, "pg/mL", "male", "normal", id="b12-900"),
        pytest.param("b12", 901, "pg/mL", "male", "high", id="b12-901"),
        pytest.param("folate", 2.9, "ng/mL", "male", "low", id="folate-2.9"),
        pytest.param("folate", 3.0, "ng/mL", "male", "normal", id="folate-3.0"),
        pytest.param("folate", 40, "ng/mL", "male", "normal", id="folate-no-upper-flag"),
        pytest.param("vitamin_d", 29.9, "ng/mL", "male", "low", id="vitd-29.9"),
        pytest.param("vitamin_d", 30, "ng/mL", "male", "normal", id="vitd-30"),
        pytest.param("vitamin_d", 100, "ng/mL", "male", "normal", id="vitd-100"),
        pytest.param("vitamin_d", 100.1, "ng/mL", "male", "high", id="vitd-100.1"),
        pytest.param("hemoglobin", 11.9, "g/dL", "female", "low", id="hb-female-11.9"),
        pytest.param("hemoglobin", 12.0, "g/dL", "female", "normal", id="hb-female-12.0"),
        pytest.param("hemoglobin", 15.5, "g/dL", "female", "normal", id="hb-female-15.5"),
        pytest.param("hemoglobin", 15.6, "g/dL", "female", "high", id="hb-female-15.6"),
        pytest.param("hemoglobin", 13.4, "g/dL", "male", "low", id="hb-male-13.4"),
        pytest.param("hemoglobin", 13.5, "g/dL", "male", "normal", id="hb-male-13.5"),
        pytest.param("hemoglobin", 17.5, "g/dL", "male", "normal", id="hb-male-17.5"),
        pytest.param("hemoglobin", 17.6, "g/dL", "male", "high", id="hb-male-17.6"),
        pytest.param("hemoglobin", 11.9, "g/dL", "intersex", "low", id="hb-intersex-11.9"),
        pytest.param("hemoglobin", 12.0, "g/dL", "intersex", "unknown", id="hb-intersex-12.0"),
        pytest.param("hemoglobin", 17.5, "g/dL", "unknown", "unknown", id="hb-unknown-sex-17.5"),
        pytest.param("hemoglobin", 17.6, "g/dL", "unknown", "high", id="hb-unknown-sex-17.6"),
        pytest.param("hemoglobin", 130, "g/L", "male", "unknown", id="hb-g/L-not-converted"),
        pytest.param("b12", None, "pg/mL", "male", "unknown", id="b12-no-value"),
    ],
)
def test_it_flags_numeric_labs_at_each_reference_edge(
    test: Any, value: float | None, unit: str, sex: Any, flag: str
) -> None:
    result = lab_flag(LabResult(test=test, collected_on=DAY, value=value, unit=unit), sex)
    assert result.flag == flag
    assert "confirm against the clinic's laboratory" in result.reference
    assert result.reason


@pytest.mark.parametrize(
    ("test", "result", "flag"),
    [
        pytest.param("urine_drug_screen", "positive", "positive", id="uds-positive"),
        pytest.param("urine_drug_screen", "negative", "negative", id="uds-negative"),
        pytest.param("urine_drug_screen", None, "unknown", id="uds-no-result"),
        pytest.param("pregnancy_test", "positive", "positive", id="pregnancy-positive"),
        pytest.param("pregnancy_test", None, "unknown", id="pregnancy-no-result"),
    ],
)
def test_it_reads_qualitative_labs_from_their_result(test: Any, result: Any, flag: str) -> None:
    assert lab_flag(LabResult(test=test, collected_on=DAY, result=result), "female").flag == flag


def test_it_explains_a_unit_it_will_not_convert() -> None:
    result = lab_flag(LabResult(test="free_t4", collected_on=DAY, value=12, unit="pmol/L"), "male")
    assert "pmol/L" in result.reason and "ng/dL" in result.reason

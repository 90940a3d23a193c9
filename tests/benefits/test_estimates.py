"""Out-of-pocket estimates: named rows at each edge, course builders, and hypothesis invariants."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from benefits.courses import ketamine_series, spravato_course, tms_course
from benefits.estimates import BenefitTerms, CostLine, CourseCost, Estimate, estimate, money

TMS = tms_course(D("400"), D("250"))  # allowed 400 + 35 × 250 = 9,150


def terms(**overrides: object) -> BenefitTerms:
    base: dict[str, object] = {"covered": True, "coinsurance_pct": D("20")}
    return BenefitTerms.model_validate(base | overrides)


def texts(result: Estimate, kind: str) -> list[str]:
    return [line.text for line in result.lines if line.kind == kind]


ROWS = [
    # (name, terms, patient pays)
    (
        "deductible-partly-met",
        terms(deductible=D(1000), deductible_met=D(650)),
        D("2110.00"),
    ),  # 360 + 35 × 50
    ("deductible-spans-four-sessions", terms(deductible=D(1000)), D("2630.00")),  # 400+250+250+130 + 32 × 50
    (
        "deductible-already-met",
        terms(deductible=D(1000), deductible_met=D(1000)),
        D("1830.00"),
    ),  # 80 + 35 × 50
    (
        "oop-max-reached-mid-course",
        terms(deductible=D(1000), deductible_met=D(650), oop_max=D(3000), oop_met=D(2000)),
        D("1000.00"),
    ),
    ("oop-max-already-met", terms(oop_max=D(3000), oop_met=D(3000)), D("0.00")),
    ("oop-met-above-max", terms(oop_max=D(3000), oop_met=D(3500)), D("0.00")),
    ("visit-limit-exceeded", terms(visit_limit=30), D("3030.00")),  # 80 + 29 × 50 + 6 × 250
    (
        "visit-limit-partly-used",
        terms(visit_limit=30, visits_used=25),
        D("8030.00"),
    ),  # 80 + 4 × 50 + 31 × 250
    ("visit-limit-exactly-the-course", terms(visit_limit=36), D("1830.00")),
    ("visit-limit-all-used", terms(visit_limit=20, visits_used=20), D("9150.00")),
    ("not-covered", terms(covered=False, deductible=D(1000)), D("9150.00")),
    ("zero-coinsurance", terms(coinsurance_pct=D(0)), D("0.00")),
    ("copay-only", terms(coinsurance_pct=D(0), copay_per_visit=D(30)), D("1080.00")),
    ("copay-then-coinsurance", terms(copay_per_visit=D(30)), D("2694.00")),  # 30+74 + 35 × (30+44)
    ("copay-above-the-allowed-amount", terms(coinsurance_pct=D(0), copay_per_visit=D(300)), D("9050.00")),
    ("full-coinsurance", terms(coinsurance_pct=D(100)), D("9150.00")),
]


@pytest.mark.parametrize(("benefit_terms", "patient"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_tms_course_estimate(benefit_terms: BenefitTerms, patient: D) -> None:
    result = estimate(benefit_terms, TMS)
    assert result.total_allowed == D("9150.00")
    assert result.patient_pays == patient
    assert result.plan_pays == D("9150.00") - patient
    assert result.sessions == 36


def test_the_deductible_line_reads_as_a_sentence() -> None:
    result = estimate(terms(deductible=D(1000), deductible_met=D(650)), TMS)
    (line,) = texts(result, "deductible")
    assert line.startswith("Deductible: $350.00 of $1,000.00 remaining applies to the first sessions")
    assert texts(result, "sessions")[0] == (
        "Session 1 (90867, allowed $400.00): deductible $350.00; "
        "20 % coinsurance of $50.00 = $10.00; patient pays $360.00"
    )
    assert texts(result, "sessions")[1] == (
        "Sessions 2–36 (90868, allowed $250.00 each): 20 % coinsurance of $250.00 = $50.00; "
        "patient pays $50.00 each, $1,750.00 in all"
    )
    assert texts(result, "total") == ["Total: allowed $9,150.00 = patient $2,110.00 + plan $7,040.00"]


def test_the_oop_maximum_line_names_the_session_where_it_is_reached() -> None:
    result = estimate(terms(deductible=D(1000), deductible_met=D(650), oop_max=D(3000), oop_met=D(2000)), TMS)
    (line,) = texts(result, "oop_max")
    assert "$1,000.00 of $3,000.00 remaining is reached at session 14" in line
    sessions = texts(result, "sessions")
    assert "capped from $50.00 by the out-of-pocket maximum; patient pays $40.00" in sessions[2]
    assert sessions[3].startswith("Sessions 15–36")
    assert "Out-of-pocket maximum reached at session 14." in result.notes


def test_sessions_beyond_the_visit_limit_are_patient_paid() -> None:
    result = estimate(terms(visit_limit=30), TMS)
    (line,) = texts(result, "visit_limit")
    assert line == "Visit limit: 30 visits, 0 used; sessions 31–36 are beyond it and patient-paid ($1,500.00)"
    assert any(note.startswith("Visit limit exceeded: 6 session(s)") for note in result.notes)


def test_beyond_limit_sessions_do_not_count_toward_the_oop_maximum() -> None:
    result = estimate(terms(visit_limit=30, oop_max=D(100)), TMS)
    assert result.patient_pays == D("100.00") + 6 * D("250.00")


def test_not_covered_is_self_pay() -> None:
    result = estimate(terms(covered=False), ketamine_series(D("450")))
    assert (result.patient_pays, result.plan_pays, result.covered) == (D("2700.00"), D("0.00"), False)
    assert texts(result, "self_pay") == ["Not covered: self-pay, the patient pays the full $2,700.00"]
    assert "Not covered by this plan: self-pay for the whole course." in result.notes


def test_zero_coinsurance_says_no_cost_sharing() -> None:
    result = estimate(terms(coinsurance_pct=D(0)), TMS)
    assert "no cost sharing; patient pays $0.00" in texts(result, "sessions")[0]


def test_coinsurance_rounds_half_up_to_the_cent() -> None:
    course = CourseCost(
        name="probe", lines=(CostLine(code="X", description="", units=2, unit_price=D("0.25")),)
    )
    result = estimate(terms(coinsurance_pct=D(10)), course)
    assert result.patient_pays == D("0.06")  # 0.025 → 0.03 each; half-even would give 0.02


def test_money_inputs_round_half_up_to_cents_and_refuse_negatives() -> None:
    assert CostLine(code="X", description="", units=1, unit_price=D("10.005")).unit_price == D("10.01")
    with pytest.raises(ValidationError):
        CostLine(code="X", description="", units=1, unit_price=D("-1"))
    with pytest.raises(ValidationError):
        BenefitTerms(covered=True, coinsurance_pct=D("100.5"))
    with pytest.raises(ValidationError):
        BenefitTerms(covered=True, deductible=D("NaN"))


def test_money_formats_with_thousands_separators() -> None:
    assert money(D("1234.5")) == "$1,234.50"


# Course builders ------------------------------------------------------------------------------


def test_tms_course_is_36_sessions() -> None:
    assert [(line.code, line.units) for line in TMS.lines] == [("90867", 1), ("90868", 35)]
    assert TMS.sessions == 36


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, [("G2082", 1), ("G2083", 7), ("G2083", 4)]),
        ({"dose_mg": 56}, [("G2082", 1), ("G2082", 7), ("G2082", 4)]),
        ({"dose_mg": 84, "maintenance_dose_mg": 56}, [("G2082", 1), ("G2083", 7), ("G2082", 4)]),
        ({"maintenance_sessions": 6}, [("G2082", 1), ("G2083", 7), ("G2083", 4), ("G2083", 6)]),
    ],
)
def test_spravato_course(kwargs: dict[str, int], expected: list[tuple[str, int]]) -> None:
    course = spravato_course(D("700"), D("900"), **kwargs)
    assert [(line.code, line.units) for line in course.lines] == expected
    assert all(line.unit_price == (D("700") if line.code == "G2082" else D("900")) for line in course.lines)


def test_spravato_induction_and_weeks_5_to_8_are_12_sessions() -> None:
    assert spravato_course(D("700"), D("900")).sessions == 12
    assert any("J0013" in note for note in spravato_course(D("700"), D("900")).notes)


@pytest.mark.parametrize(
    "kwargs", [{"dose_mg": 70}, {"maintenance_dose_mg": 112}, {"maintenance_sessions": -1}]
)
def test_spravato_refuses_unknown_doses(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        spravato_course(D("700"), D("900"), **kwargs)


def test_ketamine_series_is_six_infusions_noted_as_usually_not_covered() -> None:
    course = ketamine_series(D("500"))
    assert course.sessions == 6
    assert course.lines[0].code == "96365"
    assert any("J3490" in note and "not covered" in note for note in course.notes)


# Invariants -----------------------------------------------------------------------------------

money_st = st.decimals(min_value=0, max_value=5000, places=2, allow_nan=False, allow_infinity=False)
benefit_terms = st.builds(
    BenefitTerms,
    covered=st.booleans(),
    deductible=money_st,
    deductible_met=money_st,
    coinsurance_pct=st.decimals(min_value=0, max_value=100, places=1),
    copay_per_visit=st.decimals(min_value=0, max_value=100, places=2),
    oop_max=st.none() | money_st,
    oop_met=money_st,
    visit_limit=st.none() | st.integers(min_value=0, max_value=60),
    visits_used=st.integers(min_value=0, max_value=60),
)
courses = st.builds(
    CourseCost,
    name=st.just("course"),
    lines=st.lists(
        st.builds(
            CostLine,
            code=st.sampled_from(["90867", "90868", "G2082", "G2083", "96365"]),
            description=st.just(""),
            units=st.integers(min_value=1, max_value=40),
            unit_price=st.decimals(min_value=0, max_value=2000, places=2),
        ),
        min_size=1,
        max_size=4,
    ).map(tuple),
)


@given(benefit_terms=benefit_terms, course=courses)
def test_patient_and_plan_add_up_to_the_allowed_total(
    benefit_terms: BenefitTerms, course: CourseCost
) -> None:
    result = estimate(benefit_terms, course)
    assert result.patient_pays + result.plan_pays == result.total_allowed
    assert D(0) <= result.patient_pays <= result.total_allowed
    assert result.patient_pays == result.patient_pays.quantize(D("0.01"))
    session_lines = [line for line in result.lines if line.kind in {"sessions", "self_pay"}]
    assert sum((line.patient_pays for line in session_lines), D(0)) == result.patient_pays


@given(benefit_terms=benefit_terms, course=courses)
def test_covered_sessions_within_the_limit_never_cost_more_than_the_remaining_oop(
    benefit_terms: BenefitTerms, course: CourseCost
) -> None:
    within = benefit_terms.model_copy(update={"covered": True, "visit_limit": None})
    result = estimate(within, course)
    if within.oop_remaining is not None:
        assert result.patient_pays <= within.oop_remaining

"""The courses' pure clinical logic: table-driven, with property tests where an invariant holds.
Imported with Django blocked, like the engine."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from courses.clinical import checks, next_steps, outcomes, pmf, schedules, units

MONDAY = dt.date(2026, 3, 2)


# --- Schedules --------------------------------------------------------------------------------


def test_tms_is_thirty_over_six_weeks_then_a_three_two_one_taper() -> None:
    plan = schedules.tms_schedule(MONDAY)
    assert len(plan) == 36
    per_week = Counter(s.week for s in plan)
    assert [per_week[w] for w in range(1, 10)] == [5, 5, 5, 5, 5, 5, 3, 2, 1]
    assert all(s.on.weekday() < 5 for s in plan)
    assert {s.phase for s in plan if s.week > 6} == {"taper"}
    assert len(schedules.tms_schedule(MONDAY, taper=False)) == 30


@pytest.mark.parametrize(
    ("indication", "maintenance", "interval", "count", "weeks"),
    [
        ("trd", 0, 2, 12, 8),  # 8 induction + 4 weekly (§2.4)
        ("trd", 2, 2, 14, 12),  # + every 2 weeks: weeks 10 and 12
        ("trd", 2, 1, 14, 10),  # + weekly: weeks 9 and 10
        ("mdsi", 0, 2, 8, 4),  # twice weekly for 4 weeks
    ],
)
def test_spravato_schedule_follows_the_label(
    indication: str, maintenance: int, interval: int, count: int, weeks: int
) -> None:
    plan = schedules.spravato_schedule(
        MONDAY,
        indication=indication,  # type: ignore[arg-type]
        maintenance_sessions=maintenance,
        maintenance_interval_weeks=interval,
    )
    assert len(plan) == count and plan[-1].week == weeks
    assert [s.phase for s in plan[:8]] == ["induction"] * 8


@pytest.mark.parametrize(
    ("week", "indication", "phase"),
    [(1, "trd", "induction"), (4, "trd", "induction"), (5, "trd", "weekly"), (8, "trd", "weekly"),
     (9, "trd", "maintenance"), (6, "mdsi", "induction")],
)  # fmt: skip
def test_spravato_phase_by_week(week: int, indication: str, phase: str) -> None:
    assert schedules.spravato_phase(week, indication) == phase  # type: ignore[arg-type]


def test_ketamine_series_of_n() -> None:
    assert len(schedules.ketamine_schedule(MONDAY)) == 6
    assert [s.week for s in schedules.ketamine_schedule(MONDAY, series=5)] == [1, 1, 2, 2, 3]
    with pytest.raises(ValueError):
        schedules.ketamine_schedule(MONDAY, series=0)


@given(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 1, 1)))
def test_planned_sessions_are_numbered_in_date_order(start: dt.date) -> None:
    for plan in (schedules.tms_schedule(start), schedules.spravato_schedule(start, maintenance_sessions=3)):
        assert [s.number for s in plan] == list(range(1, len(plan) + 1))
        assert all(a.on < b.on for a, b in zip(plan, plan[1:], strict=False))


@pytest.mark.parametrize(
    ("number", "redetermined", "code"),
    [(1, False, "90867"), (1, True, "90867"), (2, False, "90868"), (2, True, "90869"), (30, False, "90868")],
)
def test_tms_codes(number: int, redetermined: bool, code: str) -> None:
    assert schedules.tms_code(number, motor_threshold_redetermined=redetermined) == code


@pytest.mark.parametrize(("dose", "code"), [(28, "G2082"), (56, "G2082"), (84, "G2083")])
def test_spravato_codes(dose: int, code: str) -> None:
    assert schedules.spravato_code(dose) == code


@pytest.mark.parametrize(
    ("minutes", "codes"),
    [(40, ["96365"]), (60, ["96365"]), (90, ["96365"]), (91, ["96365", "96366"]), (150, ["96365", "96366"])],
)
def test_ketamine_codes(minutes: int, codes: list[str]) -> None:
    assert schedules.ketamine_codes(minutes) == codes


@pytest.mark.parametrize(
    ("dose", "number", "indication", "problems"),
    [(56, 1, "trd", 0), (84, 1, "trd", 1), (84, 2, "trd", 0), (84, 1, "mdsi", 0), (42, 3, "trd", 1)],
)
def test_spravato_dose_fits_the_label(dose: int, number: int, indication: str, problems: int) -> None:
    assert len(schedules.spravato_dose_problems(dose, number=number, indication=indication)) == problems  # type: ignore[arg-type]


def test_ketamine_weight_based_dose() -> None:
    assert schedules.ketamine_dose_mg(80) == 40.0
    assert schedules.ketamine_dose_mg(72.5, 0.75) == 54.4


# --- Pre-session checks -----------------------------------------------------------------------


HIGH = {"rems_enrolled": True, "pre_dose_systolic": 150, "pre_dose_diastolic": 95}


def _facts(**fields: object) -> checks.SessionFacts:
    values: dict[str, object] = {"treatment": "spravato", "number": 1, "on": MONDAY, "last_phq9_on": MONDAY}
    values.update(fields)
    return checks.SessionFacts.model_validate(values)


@pytest.mark.parametrize(
    ("fields", "missing"),
    [
        ({"rems_enrolled": True, "pre_dose_systolic": 120, "pre_dose_diastolic": 80}, []),
        ({"pre_dose_systolic": 120, "pre_dose_diastolic": 80}, ["courses.check.rems_enrolment"]),
        ({"rems_enrolled": True}, ["courses.check.pre_dose_bp"]),
        ({"rems_enrolled": True, "pre_dose_systolic": 141, "pre_dose_diastolic": 80},
         ["courses.check.bp_decision"]),
        ({"rems_enrolled": True, "pre_dose_systolic": 140, "pre_dose_diastolic": 90}, []),
        ({**HIGH, "bp_decision": "proceed"}, []),
        ({**HIGH, "bp_decision": "defer"}, ["courses.check.bp_decision"]),
        ({"rems_enrolled": True, "pre_dose_systolic": 120, "pre_dose_diastolic": 80, "last_phq9_on": None},
         ["courses.check.phq9"]),
        ({"rems_enrolled": True, "pre_dose_systolic": 120, "pre_dose_diastolic": 80,
          "last_phq9_on": MONDAY - dt.timedelta(days=7)}, ["courses.check.phq9"]),
        ({"rems_enrolled": True, "pre_dose_systolic": 120, "pre_dose_diastolic": 80,
          "last_phq9_on": MONDAY - dt.timedelta(days=6)}, []),
        ({"treatment": "tms"}, ["courses.check.motor_threshold"]),
        ({"treatment": "tms", "number": 2}, []),
        ({"treatment": "ketamine", "pre_dose_systolic": 120, "pre_dose_diastolic": 80},
         ["courses.check.weight"]),
        ({"treatment": "tms", "number": 2, "course_paused": True}, ["courses.check.not_paused"]),
    ],
)  # fmt: skip
def test_missing_checks(fields: dict[str, object], missing: list[str]) -> None:
    assert [c.id for c in checks.missing_checks(_facts(**fields))] == missing


def test_the_refusal_names_every_missing_check_in_words() -> None:
    sentence = checks.missing_sentence(checks.missing_checks(_facts(last_phq9_on=None)))
    assert sentence == (
        "This session cannot be recorded yet. Still needed: a PHQ-9 at baseline, the patient's REMS "
        "enrolment and a blood pressure taken before dosing."
    )
    assert checks.missing_sentence([]) == ""


# --- Outcomes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scale", "baseline", "latest", "band", "response", "remission"),
    [
        ("phq9", 20, 10, "response", True, False),  # exactly 50 %
        ("phq9", 20, 11, "partial", False, False),  # 45 %
        ("phq9", 20, 15, "partial", False, False),  # exactly 25 %
        ("phq9", 20, 16, "nonresponse", False, False),
        ("phq9", 20, 4, "response", True, True),  # < 5
        ("phq9", 8, 5, "partial", False, False),  # 5 is not remission
        ("madrs", 30, 10, "response", True, True),  # ≤ 10
        ("madrs", 30, 11, "response", True, False),
        ("hamd17", 24, 7, "response", True, True),  # ≤ 7
        ("hamd17", 24, 8, "response", True, False),
        ("phq9", 0, 0, None, False, True),  # no drop can be measured from 0
        ("phq9", 10, 14, "nonresponse", False, False),  # worse
    ],
)
def test_response_and_remission(
    scale: str, baseline: int, latest: int, band: str | None, response: bool, remission: bool
) -> None:
    outcome = outcomes.assess(scale, baseline, latest)  # type: ignore[arg-type]
    assert (outcome.band, outcome.response, outcome.remission) == (band, response, remission)


@given(st.integers(1, 27), st.integers(0, 27))
def test_response_means_at_least_half_the_baseline_gone(baseline: int, latest: int) -> None:
    outcome = outcomes.assess("phq9", baseline, latest)
    assert outcome.response == (latest * 2 <= baseline)


@pytest.mark.parametrize(
    ("treatment", "sessions", "baseline", "latest", "flag"),
    [
        ("tms", 19, 20, 19, False),  # before the review point
        ("tms", 20, 20, 16, True),  # 20 % at session 20
        ("tms", 20, 20, 15, False),  # 25 %
        ("spravato", 8, 20, 18, True),
        ("ketamine", 6, 20, 18, True),
        ("ketamine", 5, 20, 18, False),
    ],
)
def test_non_response_at_the_review_point(
    treatment: str, sessions: int, baseline: int, latest: int, flag: bool
) -> None:
    outcome = outcomes.assess("phq9", baseline, latest)
    assert outcomes.non_response_at_review(treatment, sessions, outcome) is flag


# --- Monitoring form clock ---------------------------------------------------------------------

NY, LA, UTC = "America/New_York", "America/Los_Angeles", "UTC"


@pytest.mark.parametrize(
    ("given_local", "tz", "last_day", "due_utc"),
    [
        # Tuesday morning: the 7th calendar day is the next Tuesday; due at local midnight after it.
        ((2026, 3, 10, 10, 0), NY, dt.date(2026, 3, 17), (2026, 3, 18, 4, 0)),
        # Friday: the window runs over both weekends (calendar days; criteria.md names no business days).
        ((2026, 3, 13, 16, 0), NY, dt.date(2026, 3, 20), (2026, 3, 21, 4, 0)),
        # Saturday session, deadline a Saturday: not moved to Monday.
        ((2026, 3, 14, 9, 0), NY, dt.date(2026, 3, 21), (2026, 3, 22, 4, 0)),
        # Late evening in Los Angeles is the next day in UTC: the clinic's day counts.
        ((2026, 3, 10, 22, 30), LA, dt.date(2026, 3, 17), (2026, 3, 18, 7, 0)),
        # Across the spring-forward change (8 March 2026 in the US): local midnight, not 24 h multiples.
        ((2026, 3, 5, 10, 0), NY, dt.date(2026, 3, 12), (2026, 3, 13, 4, 0)),
        ((2026, 3, 10, 23, 0), UTC, dt.date(2026, 3, 17), (2026, 3, 18, 0, 0)),
    ],
)
def test_filing_deadline(
    given_local: tuple[int, ...], tz: str, last_day: dt.date, due_utc: tuple[int, ...]
) -> None:
    clock = pmf.filing_clock(dt.datetime(*given_local, tzinfo=ZoneInfo(tz)), tz)
    assert clock.last_day == last_day
    assert clock.due_at == dt.datetime(*due_utc, tzinfo=dt.UTC)
    assert clock.remind_at < clock.due_at


def test_reminders_due_soon_then_overdue_and_none_once_filed() -> None:
    clock = pmf.filing_clock(dt.datetime(2026, 3, 10, 10, tzinfo=ZoneInfo(NY)), NY)
    assert pmf.reminder_due(clock, clock.remind_at - dt.timedelta(seconds=1), filed=False) is None
    assert pmf.reminder_due(clock, clock.remind_at, filed=False) == "due_soon"
    assert pmf.reminder_due(clock, clock.due_at, filed=False) == "overdue"
    assert pmf.reminder_due(clock, clock.due_at, filed=True) is None
    assert pmf.days_left(clock, clock.remind_at, NY) == 2
    with pytest.raises(ValueError):
        pmf.filing_clock(dt.datetime(2026, 3, 10, 10), NY)  # noqa: DTZ001 - naive on purpose


@given(
    st.datetimes(
        min_value=dt.datetime(2020, 1, 1),  # noqa: DTZ001 - hypothesis takes naive bounds
        max_value=dt.datetime(2035, 1, 1),  # noqa: DTZ001
        timezones=st.just(dt.UTC),
    ),
    st.sampled_from([NY, LA, UTC, "Pacific/Honolulu", "Pacific/Kiritimati"]),
)
def test_the_deadline_is_seven_to_eight_days_after_the_session(given_at: dt.datetime, tz: str) -> None:
    clock = pmf.filing_clock(given_at, tz)
    gap = clock.due_at - given_at
    # The form is due by the end of the 7th local calendar day, so a session given late in the
    # evening before a spring-forward change has a little under 7 × 24 hours: an hour either way.
    assert dt.timedelta(days=7, hours=-1) < gap <= dt.timedelta(days=8, hours=1)
    assert clock.due_at.astimezone(ZoneInfo(tz)).time() == dt.time()  # local midnight


# --- Units against the approval ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("approved", "used", "on", "refusals"),
    [
        (36, 0, dt.date(2026, 3, 10), 0),
        (36, 36, dt.date(2026, 3, 10), 1),
        (None, 100, dt.date(2026, 3, 10), 0),
        (36, 1, dt.date(2025, 12, 31), 1),  # before it starts
        (36, 36, dt.date(2027, 1, 1), 2),  # used up and ended
    ],
)
def test_session_refusals(approved: int | None, used: int, on: dt.date, refusals: int) -> None:
    approval = units.Approval(
        approved_units=approved,
        used_units=used,
        valid_from=dt.date(2026, 1, 1),
        valid_until=dt.date(2026, 12, 31),
    )
    assert len(units.session_refusals(approval, on)) == refusals


@given(st.integers(1, 60), st.integers(0, 60))
def test_units_left_never_negative_and_each_session_uses_one(approved: int, used: int) -> None:
    approval = units.Approval(approved_units=approved, used_units=used, valid_from=None, valid_until=None)
    left = units.units_left(approval)
    assert left is not None and left >= 0
    if not units.session_refusals(approval, MONDAY):
        assert units.units_left(units.after_session(approval)) == left - 1


# --- Next steps and retreatment ------------------------------------------------------------------


def _snapshot(
    treatment: str, status: str, done: int, planned: int, latest: int | None
) -> next_steps.CourseSnapshot:
    outcome = outcomes.assess("phq9", 20, latest) if latest is not None else None
    return next_steps.CourseSnapshot.model_validate(
        {
            "treatment": treatment,
            "status": status,
            "sessions_done": done,
            "planned_sessions": planned,
            "outcome": outcome,
        }
    )


@pytest.mark.parametrize(
    ("treatment", "status", "done", "planned", "latest", "kinds"),
    [
        ("tms", "active", 10, 36, 9, ["taper"]),
        ("tms", "taper", 34, 36, 9, ["maintenance"]),
        ("spravato", "active", 8, 12, 8, ["maintenance"]),
        ("ketamine", "active", 6, 6, 5, ["maintenance"]),
        ("tms", "active", 20, 36, 17, ["switch", "stop"]),
        ("tms", "active", 10, 36, 17, []),
        ("ketamine", "active", 6, 6, 13, ["extend"]),  # 35 %: partial
        ("tms", "active", 36, 36, None, ["stop"]),
        ("tms", "paused", 5, 36, None, ["stop"]),
        ("tms", "completed", 36, 36, 9, []),
        # Before the first session nothing is decided, whatever the latest score says.
        ("tms", "planned", 0, 36, 9, []),
        ("spravato", "active", 0, 12, 8, []),
        ("ketamine", "planned", 0, 6, 17, []),
    ],
)
def test_proposals(
    treatment: str, status: str, done: int, planned: int, latest: int | None, kinds: list[str]
) -> None:
    assert [p.kind for p in next_steps.propose(_snapshot(treatment, status, done, planned, latest))] == kinds


@pytest.mark.parametrize(
    ("best", "response_on", "relapse_on", "l37086", "aetna"),
    [
        (60.0, dt.date(2026, 1, 10), dt.date(2026, 3, 10), True, True),
        (50.0, dt.date(2026, 1, 10), dt.date(2026, 3, 10), False, True),  # L37086 needs > 50 %
        (60.0, dt.date(2026, 1, 10), dt.date(2026, 3, 9), True, False),  # 1 month and 27 days
        (40.0, dt.date(2026, 1, 10), dt.date(2026, 6, 10), False, False),
    ],
)
def test_retreatment_facts(
    best: float, response_on: dt.date, relapse_on: dt.date, l37086: bool, aetna: bool
) -> None:
    facts = next_steps.retreatment_facts(best, response_on, relapse_on)
    assert (facts.meets_l37086, facts.meets_aetna) == (l37086, aetna)


ISOLATION = """
import sys
sys.modules["django"] = None  # any `import django...` now raises ImportError
import datetime as dt
from courses.clinical import checks, next_steps, outcomes, pmf, schedules, units
assert len(schedules.tms_schedule(dt.date(2026, 3, 2))) == 36
assert outcomes.assess("phq9", 20, 4).remission
assert not any(name == "django" or name.startswith("django.") for name in sys.modules if sys.modules[name])
"""


def test_the_clinical_logic_runs_with_django_blocked() -> None:
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", ISOLATION], cwd=root, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr

"""Decision deadlines at the edges: weekends, month and year ends, DST, business days, reminders, renewal."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benefits.deadlines import (
    CMS_0057F_EXPEDITED,
    CMS_0057F_STANDARD,
    ERISA_PRE_SERVICE,
    ERISA_URGENT,
    TIMEFRAME_PARAMETERS,
    DecisionTimeframe,
    add_business_days,
    cms_0057f_timeframe,
    decision_due,
    due_today,
    is_overdue,
    reminder_schedule,
    renewal_due,
)

NY = ZoneInfo("America/New_York")
UTC = dt.UTC
HOURS_72 = DecisionTimeframe(kind="hours", amount=72, expedited=True)
DAYS_7 = DecisionTimeframe(kind="calendar_days", amount=7)
DAYS_15 = DecisionTimeframe(kind="calendar_days", amount=15)


def ny(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=NY)  # type: ignore[misc]


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def bd(amount: int) -> DecisionTimeframe:
    return DecisionTimeframe(kind="business_days", amount=amount)


def test_the_named_defaults_match_criteria_7_1() -> None:
    assert CMS_0057F_EXPEDITED.timeframe == HOURS_72
    assert CMS_0057F_STANDARD.timeframe == DAYS_7
    assert ERISA_URGENT.timeframe == HOURS_72
    assert ERISA_PRE_SERVICE.timeframe == DAYS_15
    assert all("§7.1" in p.source for p in TIMEFRAME_PARAMETERS.values())
    assert not ERISA_PRE_SERVICE.confirmed  # "figures not re-read"


def test_cms_0057f_excludes_drugs() -> None:
    assert cms_0057f_timeframe(expedited=True, drug=False) == HOURS_72
    assert cms_0057f_timeframe(expedited=False, drug=False) == DAYS_7
    assert cms_0057f_timeframe(expedited=False, drug=True) is None
    assert cms_0057f_timeframe(expedited=True, drug=True) is None


DUE_CASES = [
    # (name, submitted_at, timeframe, plan_tz, due UTC)
    (
        "friday-16h-ny-plus-7-days",
        ny(2026, 1, 9, 16),
        DAYS_7,
        "America/New_York",
        utc(2026, 1, 17, 4, 59, 59, 999_999),
    ),
    (
        "friday-20h-ny-is-saturday-utc-but-counts-from-friday",
        ny(2026, 1, 9, 20),
        DAYS_7,
        "America/New_York",
        utc(2026, 1, 17, 4, 59, 59, 999_999),
    ),
    (
        "utc-input-read-in-plan-zone",
        utc(2026, 1, 10, 1),
        DAYS_7,
        "America/New_York",
        utc(2026, 1, 17, 4, 59, 59, 999_999),
    ),
    (
        "month-end-jan-30-plus-7",
        ny(2026, 1, 30, 10),
        DAYS_7,
        "America/New_York",
        utc(2026, 2, 7, 4, 59, 59, 999_999),
    ),
    (
        "leap-day",
        ny(2028, 2, 28, 10),
        DecisionTimeframe(kind="calendar_days", amount=1),
        "America/New_York",
        utc(2028, 3, 1, 4, 59, 59, 999_999),
    ),
    (
        "erisa-15-days-across-year-end",
        ny(2026, 12, 20, 9),
        DAYS_15,
        "America/New_York",
        utc(2027, 1, 5, 4, 59, 59, 999_999),
    ),
    (
        "7-days-across-march-dst-ends-at-edt-midnight",
        ny(2026, 3, 6, 16),
        DAYS_7,
        "America/New_York",
        utc(2026, 3, 14, 3, 59, 59, 999_999),
    ),
    (
        "7-days-across-november-dst",
        ny(2026, 10, 30, 16),
        DAYS_7,
        "America/New_York",
        utc(2026, 11, 7, 4, 59, 59, 999_999),
    ),
    (
        "expedited-72h-across-march-dst-is-elapsed-time",
        ny(2026, 3, 6, 10),
        HOURS_72,
        "America/New_York",
        utc(2026, 3, 9, 15),
    ),
    (
        "expedited-72h-friday-afternoon",
        ny(2026, 1, 9, 16),
        HOURS_72,
        "America/New_York",
        utc(2026, 1, 12, 21),
    ),
    (
        "pacific-plan",
        dt.datetime(2026, 1, 9, 16, tzinfo=ZoneInfo("America/Los_Angeles")),
        DAYS_7,
        "America/Los_Angeles",
        utc(2026, 1, 17, 7, 59, 59, 999_999),
    ),
    (
        "business-5-from-friday",
        ny(2026, 1, 9, 16),
        bd(5),
        "America/New_York",
        utc(2026, 1, 17, 4, 59, 59, 999_999),
    ),
    (
        "business-1-from-saturday-is-monday",
        ny(2026, 1, 10, 11),
        bd(1),
        "America/New_York",
        utc(2026, 1, 13, 4, 59, 59, 999_999),
    ),
    (
        "business-1-from-sunday-is-monday",
        ny(2026, 1, 11, 11),
        bd(1),
        "America/New_York",
        utc(2026, 1, 13, 4, 59, 59, 999_999),
    ),
    (
        "business-1-from-friday-month-end-is-monday",
        ny(2026, 1, 30, 16),
        bd(1),
        "America/New_York",
        utc(2026, 2, 3, 4, 59, 59, 999_999),
    ),
    (
        "business-3-from-wednesday-crosses-weekend",
        ny(2026, 1, 7, 9),
        bd(3),
        "America/New_York",
        utc(2026, 1, 13, 4, 59, 59, 999_999),
    ),
]


@pytest.mark.parametrize(
    ("submitted_at", "timeframe", "plan_tz", "expected"),
    [c[1:] for c in DUE_CASES],
    ids=[c[0] for c in DUE_CASES],
)
def test_decision_due(
    submitted_at: dt.datetime, timeframe: DecisionTimeframe, plan_tz: str, expected: dt.datetime
) -> None:
    due = decision_due(submitted_at, timeframe, plan_tz=plan_tz)
    assert due == expected
    assert due.tzinfo == UTC


def test_the_due_moment_is_the_last_instant_of_the_local_day() -> None:
    due = decision_due(ny(2026, 1, 9, 16), DAYS_7, plan_tz="America/New_York")
    local = due.astimezone(NY)
    assert (local.date(), local.time()) == (dt.date(2026, 1, 16), dt.time(23, 59, 59, 999_999))


def test_business_days_skip_given_holidays() -> None:
    mlk = dt.date(2026, 1, 19)
    due = decision_due(ny(2026, 1, 16, 9), bd(1), plan_tz="America/New_York", holidays=[mlk])
    assert due.astimezone(NY).date() == dt.date(2026, 1, 20)


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (dt.date(2026, 1, 9), 1, dt.date(2026, 1, 12)),  # Fri → Mon
        (dt.date(2026, 1, 9), 0, dt.date(2026, 1, 9)),
        (dt.date(2026, 1, 5), 4, dt.date(2026, 1, 9)),  # Mon → Fri
        (dt.date(2026, 1, 5), 5, dt.date(2026, 1, 12)),
        (dt.date(2026, 2, 27), 2, dt.date(2026, 3, 3)),  # Fri, month end
    ],
)
def test_add_business_days(start: dt.date, count: int, expected: dt.date) -> None:
    assert add_business_days(start, count) == expected


def test_a_naive_submission_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        decision_due(dt.datetime(2026, 1, 9, 16), DAYS_7, plan_tz="America/New_York")  # noqa: DTZ001


def test_a_timeframe_needs_a_positive_amount_and_a_known_kind() -> None:
    with pytest.raises(ValueError):
        DecisionTimeframe(kind="hours", amount=0)
    with pytest.raises(ValueError):
        DecisionTimeframe(kind="weeks", amount=1)  # type: ignore[arg-type]


# Reminders ------------------------------------------------------------------------------------


def test_reminders_at_half_time_and_one_business_day_before() -> None:
    submitted = utc(2026, 1, 5, 14)  # Monday 09:00 EST
    due = decision_due(submitted, HOURS_72, plan_tz="America/New_York")  # Thursday 14:00Z
    reminders = reminder_schedule(submitted, due, plan_tz="America/New_York")
    assert [r.at for r in reminders] == [utc(2026, 1, 7, 2), utc(2026, 1, 7, 14)]
    assert "50 %" in reminders[0].reason
    assert "1 business day before" in reminders[1].reason


def test_a_reminder_before_the_submission_is_dropped() -> None:
    submitted = ny(2026, 1, 9, 16)  # Friday afternoon, expedited: due Monday 16:00
    due = decision_due(submitted, HOURS_72, plan_tz="America/New_York")
    reminders = reminder_schedule(submitted, due, plan_tz="America/New_York")
    assert [r.at for r in reminders] == [utc(2026, 1, 11, 9)]  # the Friday 09:00 one is gone


def test_reminders_for_a_standard_week_skip_the_weekend() -> None:
    submitted = ny(2026, 1, 9, 16)
    due = decision_due(submitted, DAYS_7, plan_tz="America/New_York")  # Friday 16 Jan, end of day
    half, day_before = reminder_schedule(submitted, due, plan_tz="America/New_York")
    assert abs(half.at - utc(2026, 1, 13, 13)) < dt.timedelta(seconds=1)
    assert day_before.at == ny(2026, 1, 15, 9)


def test_the_business_day_before_a_monday_due_date_is_friday() -> None:
    submitted = ny(2026, 1, 6, 9)
    due = decision_due(submitted, bd(4), plan_tz="America/New_York")  # Monday 12 Jan
    reminders = reminder_schedule(submitted, due, plan_tz="America/New_York", percents_elapsed=())
    assert [r.at for r in reminders] == [ny(2026, 1, 9, 9)]


def test_reminders_at_the_same_instant_are_merged() -> None:
    submitted = utc(2026, 1, 5, 14)
    due = utc(2026, 1, 9, 14)
    reminders = reminder_schedule(
        submitted, due, plan_tz="UTC", percents_elapsed=(50, 50), business_days_before=()
    )
    assert len(reminders) == 1
    assert reminders[0].reason.count("50 %") == 2


@pytest.mark.parametrize("percent", [0, 100, -5])
def test_a_reminder_percentage_must_be_inside_the_interval(percent: int) -> None:
    with pytest.raises(ValueError):
        reminder_schedule(utc(2026, 1, 5), utc(2026, 1, 9), plan_tz="UTC", percents_elapsed=(percent,))


# Overdue and due today ------------------------------------------------------------------------

DUE = decision_due(ny(2026, 1, 9, 16), DAYS_7, plan_tz="America/New_York")  # 16 Jan, end of day NY


@pytest.mark.parametrize(
    ("now", "overdue", "today"),
    [
        (ny(2026, 1, 15, 12), False, False),
        (ny(2026, 1, 16, 0), False, True),
        (ny(2026, 1, 16, 23, 59, 59, 999_999), False, True),  # the due instant is still on time
        (ny(2026, 1, 17, 0), True, False),  # one microsecond later
        (utc(2026, 1, 17, 1), False, True),  # already 17 Jan in UTC, still 16 Jan in New York
    ],
)
def test_overdue_and_due_today(now: dt.datetime, overdue: bool, today: bool) -> None:
    assert is_overdue(DUE, now) is overdue
    assert due_today(DUE, now, "America/New_York") is today


def test_due_today_depends_on_the_zone() -> None:
    due = utc(2026, 1, 16, 3)  # 15 Jan 22:00 in New York
    now = utc(2026, 1, 16, 1)
    assert due_today(due, now, "UTC")
    assert due_today(due, now, "America/New_York")
    assert not due_today(due, utc(2026, 1, 15, 23), "UTC")


def test_overdue_refuses_naive_times() -> None:
    with pytest.raises(ValueError):
        is_overdue(DUE, dt.datetime(2026, 1, 20))  # noqa: DTZ001


# Renewal --------------------------------------------------------------------------------------

NOW = ny(2026, 3, 1, 12)


@pytest.mark.parametrize(
    ("valid_until", "approved", "used", "kinds"),
    [
        (dt.date(2026, 3, 15), 36, 0, ["end_date"]),  # 14 days left
        (dt.date(2026, 3, 16), 36, 0, []),  # 15 days left
        (dt.date(2026, 3, 1), 36, 0, ["end_date"]),  # last day
        (dt.date(2026, 2, 20), 36, 0, ["end_date"]),  # already ended
        (dt.date(2026, 6, 1), 100, 80, ["units"]),  # 80 %
        (dt.date(2026, 6, 1), 100, 79, []),  # 79 %
        (dt.date(2026, 6, 1), 36, 29, ["units"]),  # 80.6 %
        (dt.date(2026, 6, 1), 36, 28, []),  # 77.8 %
        (dt.date(2026, 6, 1), 36, 36, ["units"]),
        (dt.date(2026, 3, 10), 36, 30, ["end_date", "units"]),
        (dt.date(2026, 6, 1), None, 50, []),  # not counted in units
        (dt.date(2026, 6, 1), 0, 0, []),
    ],
)
def test_renewal_due(valid_until: dt.date, approved: int | None, used: int, kinds: list[str]) -> None:
    reasons = renewal_due(valid_until, approved, used, NOW, plan_tz="America/New_York")
    assert [r.kind for r in reasons] == kinds


def test_renewal_messages_cite_the_facts() -> None:
    end, units = renewal_due(dt.date(2026, 3, 10), 36, 30, NOW, plan_tz="America/New_York")
    assert end.message == "9 days left until the approval ends on 2026-03-10"
    assert units.message == "30 of 36 approved units used (threshold 80 %)"
    (ended,) = renewal_due(dt.date(2026, 2, 20), None, 0, NOW)
    assert ended.message == "the approval ended on 2026-02-20"


def test_renewal_reads_today_in_the_plan_zone() -> None:
    now = utc(2026, 3, 2, 3)  # 1 Mar 22:00 in New York
    assert renewal_due(dt.date(2026, 3, 16), None, 0, now, plan_tz="America/New_York") == ()
    assert renewal_due(dt.date(2026, 3, 16), None, 0, now, plan_tz="UTC") != ()


def test_renewal_thresholds_are_parameters() -> None:
    assert renewal_due(dt.date(2026, 3, 31), 10, 5, NOW, days_before_end=30, units_used_percent=50)


# Invariants -----------------------------------------------------------------------------------

ZONES = [
    "America/New_York",
    "America/Los_Angeles",
    "America/Chicago",
    "America/Phoenix",
    "Pacific/Honolulu",
    "UTC",
]
timeframes = st.builds(
    DecisionTimeframe,
    kind=st.sampled_from(["hours", "calendar_days", "business_days"]),
    amount=st.integers(min_value=1, max_value=60),
    expedited=st.booleans(),
)
submissions = st.datetimes(
    min_value=dt.datetime(2025, 1, 1),  # noqa: DTZ001 - bounds; the drawn values are aware
    max_value=dt.datetime(2030, 12, 31),  # noqa: DTZ001
    timezones=st.sampled_from([ZoneInfo(z) for z in ZONES]),
    allow_imaginary=False,
)


@given(submitted_at=submissions, timeframe=timeframes, plan_tz=st.sampled_from(ZONES))
def test_a_deadline_is_never_before_the_submission(
    submitted_at: dt.datetime, timeframe: DecisionTimeframe, plan_tz: str
) -> None:
    due = decision_due(submitted_at, timeframe, plan_tz=plan_tz)
    assert due > submitted_at
    assert due.tzinfo == UTC
    if timeframe.kind == "hours":
        assert due - submitted_at == dt.timedelta(hours=timeframe.amount)
    else:
        local_due = due.astimezone(ZoneInfo(plan_tz))
        assert local_due.time() == dt.time(23, 59, 59, 999_999)
        start = submitted_at.astimezone(ZoneInfo(plan_tz)).date()
        if timeframe.kind == "calendar_days":
            assert (local_due.date() - start).days == timeframe.amount
        else:
            assert local_due.weekday() < 5
            assert (local_due.date() - start).days >= timeframe.amount


@given(submitted_at=submissions, timeframe=timeframes, plan_tz=st.sampled_from(ZONES))
def test_reminders_fall_strictly_between_submission_and_due(
    submitted_at: dt.datetime, timeframe: DecisionTimeframe, plan_tz: str
) -> None:
    due = decision_due(submitted_at, timeframe, plan_tz=plan_tz)
    reminders = reminder_schedule(submitted_at, due, plan_tz=plan_tz)
    moments = [r.at for r in reminders]
    assert moments == sorted(set(moments))
    assert all(submitted_at < at < due for at in moments)

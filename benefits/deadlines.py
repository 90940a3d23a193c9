"""Payer decision deadlines, follow-up reminders and renewal triggers; pure Python, clock as argument.

Conventions (tested at each edge in tests/benefits/test_deadlines.py):

- Every datetime in or out is timezone-aware; results are in UTC. A naive datetime is refused.
- ``hours`` timeframes are *elapsed* hours from the submission moment: 72 h across the March DST
  change ends at 71 or 73 wall-clock hours later in the plan's zone, never at a shifted instant.
- ``calendar_days`` and ``business_days`` count days after the submission's *local* date in the
  plan's time zone (day 0 is the submission day, whatever its time), and the due moment is the
  **end of the last day** in that zone: 23:59:59.999999 local, returned in UTC. A deadline is
  inclusive: :func:`is_overdue` is true only after it.
- ``business_days`` skip Saturdays and Sundays, and any dates passed as ``holidays`` (none by
  default: the plan's holiday calendar is the policy's to supply). A weekend submission starts
  counting from the next Monday.
- The submission time is the payer's receipt time; a payer that logs after-hours receipts on
  the next business day is not modelled here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

UTC = dt.UTC
_END_OF_DAY = dt.time(23, 59, 59, 999_999)


class DecisionTimeframe(BaseModel):
    """A payer's decision timeframe, as a coverage policy carries it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["hours", "calendar_days", "business_days"]
    amount: int = Field(ge=1)
    expedited: bool = False


@dataclass(frozen=True, slots=True)
class TimeframeParameter:
    """A named default timeframe with its source, as eligibility.engine.parameters names thresholds."""

    name: str
    timeframe: DecisionTimeframe
    source: str
    confirmed: bool = True
    note: str = ""


# criteria.md §7.1 [CMS-0057-F]: Medicare Advantage, Medicaid and CHIP (FFS and managed care).
# The rule's timeframes cover items and services (TMS 90867/90868) and EXCLUDE DRUGS: a Spravato
# or ketamine drug PA is not bound by them (see cms_0057f_timeframe). Exchange QHPs are outside.
CMS_0057F_EXPEDITED = TimeframeParameter(
    name="benefits.deadlines.cms_0057f.expedited",
    timeframe=DecisionTimeframe(kind="hours", amount=72, expedited=True),
    source="criteria.md §7.1 [CMS-0057-F]",
    note="MA, Medicaid, CHIP; items and services only, drugs excluded; applies from 1 Jan 2026",
)
CMS_0057F_STANDARD = TimeframeParameter(
    name="benefits.deadlines.cms_0057f.standard",
    timeframe=DecisionTimeframe(kind="calendar_days", amount=7, expedited=False),
    source="criteria.md §7.1 [CMS-0057-F]",
    note="MA, Medicaid, CHIP; items and services only, drugs excluded; applies from 1 Jan 2026",
)
# criteria.md §7.1 [ERISA]: group health plans; the reference marks the figures "not re-read".
ERISA_URGENT = TimeframeParameter(
    name="benefits.deadlines.erisa.urgent_pre_service",
    timeframe=DecisionTimeframe(kind="hours", amount=72, expedited=True),
    source="criteria.md §7.1 [ERISA]",
    confirmed=False,
    note="TODO: figures not re-read against 29 CFR 2560.503-1",
)
ERISA_PRE_SERVICE = TimeframeParameter(
    name="benefits.deadlines.erisa.pre_service",
    timeframe=DecisionTimeframe(kind="calendar_days", amount=15, expedited=False),
    source="criteria.md §7.1 [ERISA]",
    confirmed=False,
    note="TODO: figures not re-read; one 15-day extension possible, not applied here",
)
TIMEFRAME_PARAMETERS: dict[str, TimeframeParameter] = {
    p.name: p for p in (CMS_0057F_EXPEDITED, CMS_0057F_STANDARD, ERISA_URGENT, ERISA_PRE_SERVICE)
}

# Follow-up reminders: at these percentages of the time from submission to due, and at the
# start of the business day(s) this many business days before the due date. Project policy.
REMINDER_PERCENTS_ELAPSED: tuple[int, ...] = (50,)
REMINDER_BUSINESS_DAYS_BEFORE_DUE: tuple[int, ...] = (1,)
REMINDER_LOCAL_TIME = dt.time(9, 0)

# Renewal of an approval: when this many days or fewer remain to its end date, or at least this
# percentage of its approved units is used. Project policy (issue 5: "nears its end date or its
# units are nearly used").
RENEWAL_DAYS_BEFORE_END = 14
RENEWAL_UNITS_USED_PERCENT = 80


def cms_0057f_timeframe(*, expedited: bool, drug: bool) -> DecisionTimeframe | None:
    """The CMS-0057-F timeframe for an MA/Medicaid/CHIP request, or None for a drug.

    None means the rule does not bind the payer: the policy must carry its own timeframe.
    """
    if drug:
        return None
    return (CMS_0057F_EXPEDITED if expedited else CMS_0057F_STANDARD).timeframe


def _require_aware(name: str, value: dt.datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")


def _end_of_local_day(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, _END_OF_DAY, tzinfo=zone).astimezone(UTC)


def _is_business_day(day: dt.date, holidays: frozenset[dt.date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_business_days(day: dt.date, count: int, *, holidays: Iterable[dt.date] = ()) -> dt.date:
    """The ``count``-th business day after ``day`` (``day`` itself is never counted)."""
    closed = frozenset(holidays)
    while count > 0:
        day += dt.timedelta(days=1)
        if _is_business_day(day, closed):
            count -= 1
    return day


def subtract_business_days(day: dt.date, count: int, *, holidays: Iterable[dt.date] = ()) -> dt.date:
    """The ``count``-th business day before ``day``."""
    closed = frozenset(holidays)
    while count > 0:
        day -= dt.timedelta(days=1)
        if _is_business_day(day, closed):
            count -= 1
    return day


def decision_due(
    submitted_at: dt.datetime,
    timeframe: DecisionTimeframe,
    *,
    plan_tz: str,
    holidays: Iterable[dt.date] = (),
) -> dt.datetime:
    """When the payer's decision is due, as an aware UTC datetime (conventions: module docstring)."""
    _require_aware("submitted_at", submitted_at)
    zone = ZoneInfo(plan_tz)
    if timeframe.kind == "hours":
        return submitted_at.astimezone(UTC) + dt.timedelta(hours=timeframe.amount)
    local_day = submitted_at.astimezone(zone).date()
    if timeframe.kind == "calendar_days":
        last_day = local_day + dt.timedelta(days=timeframe.amount)
    else:
        last_day = add_business_days(local_day, timeframe.amount, holidays=holidays)
    return _end_of_local_day(last_day, zone)


class Reminder(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    at: AwareDatetime
    reason: str


def reminder_schedule(
    submitted_at: dt.datetime,
    due: dt.datetime,
    *,
    plan_tz: str,
    percents_elapsed: Iterable[int] = REMINDER_PERCENTS_ELAPSED,
    business_days_before: Iterable[int] = REMINDER_BUSINESS_DAYS_BEFORE_DUE,
    local_time: dt.time = REMINDER_LOCAL_TIME,
    holidays: Iterable[dt.date] = (),
) -> tuple[Reminder, ...]:
    """Follow-up reminders between submission and due, in time order (UTC).

    A reminder that would fall before the submission or at/after the due moment is dropped (a
    72 h request submitted on Friday afternoon has no "1 business day before" reminder left on
    the Friday morning before it); two reminders at the same instant are merged.
    """
    _require_aware("submitted_at", submitted_at)
    _require_aware("due", due)
    zone = ZoneInfo(plan_tz)
    start, end = submitted_at.astimezone(UTC), due.astimezone(UTC)
    closed = frozenset(holidays)
    candidates: list[Reminder] = []
    for percent in percents_elapsed:
        if not 0 < percent < 100:
            raise ValueError(f"reminder percentage must be between 0 and 100, got {percent}")
        at = start + (end - start) * percent // 100
        candidates.append(Reminder(at=at, reason=f"{percent} % of the decision time elapsed"))
    due_local_day = end.astimezone(zone).date()
    for days in business_days_before:
        day = subtract_business_days(due_local_day, days, holidays=closed)
        at = dt.datetime.combine(day, local_time, tzinfo=zone).astimezone(UTC)
        plural = "s" if days != 1 else ""
        candidates.append(Reminder(at=at, reason=f"{days} business day{plural} before the decision is due"))
    by_moment: dict[dt.datetime, Reminder] = {}
    for reminder in sorted(candidates, key=lambda r: r.at):
        if start < reminder.at < end:
            earlier = by_moment.get(reminder.at)
            reason = f"{earlier.reason}; {reminder.reason}" if earlier else reminder.reason
            by_moment[reminder.at] = Reminder(at=reminder.at, reason=reason)
    return tuple(by_moment.values())


def is_overdue(due: dt.datetime, now: dt.datetime) -> bool:
    """The due moment has passed (the due instant itself is still on time)."""
    _require_aware("due", due)
    _require_aware("now", now)
    return now > due


def due_today(due: dt.datetime, now: dt.datetime, tz: str) -> bool:
    """Due later today in ``tz`` and not yet overdue (an overdue case counts as overdue only)."""
    _require_aware("due", due)
    _require_aware("now", now)
    zone = ZoneInfo(tz)
    return not is_overdue(due, now) and due.astimezone(zone).date() == now.astimezone(zone).date()


class RenewalReason(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["end_date", "units"]
    message: str


def renewal_due(
    valid_until: dt.date,
    approved_units: int | None,
    used_units: int,
    now: dt.datetime,
    *,
    plan_tz: str = "UTC",
    days_before_end: int = RENEWAL_DAYS_BEFORE_END,
    units_used_percent: int = RENEWAL_UNITS_USED_PERCENT,
) -> tuple[RenewalReason, ...]:
    """Why an approval needs renewing now; empty when it does not.

    ``valid_until`` is the last day the approval covers (inclusive), read in ``plan_tz``.
    ``approved_units`` None or 0 means the approval is not counted in units.
    """
    _require_aware("now", now)
    if used_units < 0 or (approved_units is not None and approved_units < 0):
        raise ValueError("units cannot be negative")
    today = now.astimezone(ZoneInfo(plan_tz)).date()
    reasons: list[RenewalReason] = []
    days_left = (valid_until - today).days
    if days_left <= days_before_end:
        if days_left < 0:
            message = f"the approval ended on {valid_until.isoformat()}"
        else:
            message = f"{days_left} days left until the approval ends on {valid_until.isoformat()}"
        reasons.append(RenewalReason(kind="end_date", message=message))
    # Integer arithmetic: used/approved ≥ p/100 ⇔ 100·used ≥ p·approved, no rounding at 79.9 %.
    if approved_units and used_units * 100 >= units_used_percent * approved_units:
        reasons.append(
            RenewalReason(
                kind="units",
                message=f"{used_units} of {approved_units} approved units used "
                f"(threshold {units_used_percent} %)",
            )
        )
    return tuple(reasons)

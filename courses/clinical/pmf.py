"""The Spravato Patient Monitoring Form's filing clock (criteria.md §2.4 [SPR-REMS]).

"Within 7 days" of the session: criteria.md does not say business days, so the window is
counted in calendar days, weekends and holidays included, in the clinic's own time zone. The
form is due by the end of the 7th calendar day after the session's local date; the exclusive
deadline is local midnight that night. (Whether the REMS counts the session day as day 0, as
here, is not stated in criteria.md: unconfirmed.)
"""

from __future__ import annotations

import datetime as dt
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from . import parameters as p

ReminderKind = Literal["due_soon", "overdue"]


class FilingClock(BaseModel):
    model_config = ConfigDict(frozen=True)

    session_local_date: dt.date
    last_day: dt.date  # the last local day on which filing is on time
    due_at: dt.datetime  # exclusive: local midnight after ``last_day``, aware
    remind_at: dt.datetime  # aware: when the "due soon" reminder fires


def _aware(moment: dt.datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("times must be timezone-aware")


def filing_clock(
    given_at: dt.datetime,
    clinic_tz: str,
    *,
    window_days: int = p.REMS_PMF_FILING_DAYS.value,
    lead_days: int = p.PMF_REMINDER_LEAD_DAYS.value,
) -> FilingClock:
    """The deadline of the form for a session given at ``given_at`` in a clinic in ``clinic_tz``."""
    _aware(given_at)
    if window_days < 1 or lead_days < 0:
        raise ValueError("the filing window is at least a day and the lead is not negative")
    zone = ZoneInfo(clinic_tz)
    local_day = given_at.astimezone(zone).date()
    last_day = local_day + dt.timedelta(days=window_days)
    due_at = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    remind_day = max(local_day, last_day - dt.timedelta(days=lead_days))
    remind_at = dt.datetime.combine(remind_day, dt.time(9), tzinfo=zone)  # 9 a.m. local: office hours
    return FilingClock(
        session_local_date=local_day,
        last_day=last_day,
        due_at=due_at.astimezone(dt.UTC),
        remind_at=remind_at.astimezone(dt.UTC),
    )


def reminder_due(clock: FilingClock, now: dt.datetime, *, filed: bool) -> ReminderKind | None:
    """Which reminder is due at ``now``: overdue after the deadline, due soon from the reminder
    moment; none once filed."""
    _aware(now)
    if filed:
        return None
    if now >= clock.due_at:
        return "overdue"
    return "due_soon" if now >= clock.remind_at else None


def days_left(clock: FilingClock, now: dt.datetime, clinic_tz: str) -> int:
    """Whole local days until the last on-time day (0 on it, negative when late)."""
    _aware(now)
    return (clock.last_day - now.astimezone(ZoneInfo(clinic_tz)).date()).days

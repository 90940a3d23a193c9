"""Planned sessions of a course and the billing code of each session given.

TMS: 5 a week for 6 weeks, then a taper of 3, 2 and 1 a week (criteria.md §3.2). Spravato TRD:
twice weekly weeks 1–4, weekly weeks 5–8, then weekly or every 2 weeks (§2.4); MDSI twice weekly
for 4 weeks. Ketamine: a series of N infusions, about 2 a week (§4.1, unconfirmed).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

from . import parameters as p

PhaseName = Literal["acute", "taper", "induction", "weekly", "maintenance", "series"]
SpravatoIndication = Literal["trd", "mdsi"]


class PlannedSession(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    number: int
    week: int
    phase: PhaseName
    on: dt.date


def _weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _week_dates(week_start: dt.date, per_week: int) -> list[dt.date]:
    """``per_week`` sessions spread over the working days of the week starting ``week_start``."""
    offsets = {1: (0,), 2: (0, 3), 3: (0, 2, 4), 4: (0, 1, 3, 4), 5: (0, 1, 2, 3, 4)}[per_week]
    days: list[dt.date] = []
    for offset in offsets:
        day = _weekday_on_or_after(week_start + dt.timedelta(days=offset))
        days.append(day if not days or day > days[-1] else days[-1] + dt.timedelta(days=1))
    return days


def _weekly(start: dt.date, plan: list[tuple[int, PhaseName]]) -> list[PlannedSession]:
    """One entry of ``plan`` per week: (sessions that week, phase); weeks without sessions count."""
    sessions: list[PlannedSession] = []
    for index, (per_week, phase) in enumerate(plan):
        week_start = start + dt.timedelta(weeks=index)
        for day in _week_dates(week_start, per_week) if per_week else []:
            sessions.append(PlannedSession(number=len(sessions) + 1, week=index + 1, phase=phase, on=day))
    return sessions


def tms_schedule(start: dt.date, *, taper: bool = True) -> list[PlannedSession]:
    """30 acute sessions over 6 weeks, then 3 + 2 + 1 taper: 36 (criteria.md §3.2)."""
    plan: list[tuple[int, PhaseName]] = [(p.TMS_SESSIONS_PER_WEEK.value, "acute")] * p.TMS_ACUTE_WEEKS.value
    if taper:
        taper_phase: PhaseName = "taper"
        plan += [(n, taper_phase) for n in p.TMS_TAPER_PER_WEEK.value]
    return _weekly(_weekday_on_or_after(start), plan)


def spravato_schedule(
    start: dt.date,
    *,
    indication: SpravatoIndication = "trd",
    maintenance_sessions: int = 0,
    maintenance_interval_weeks: int = 2,
) -> list[PlannedSession]:
    """TRD: 8 induction + 4 weekly (+ maintenance every 1 or 2 weeks); MDSI: 8 over 4 weeks (§2.4)."""
    if maintenance_interval_weeks not in p.SPRAVATO_MAINTENANCE_INTERVAL_WEEKS.value:
        raise ValueError("Spravato maintenance is weekly or every 2 weeks (criteria.md §2.4)")
    weeks = p.SPRAVATO_INDUCTION_WEEKS.value
    plan: list[tuple[int, PhaseName]] = [(p.SPRAVATO_INDUCTION_PER_WEEK.value, "induction")] * weeks
    if indication == "trd":
        plan += [(1, "weekly")] * (p.SPRAVATO_WEEKLY_UNTIL_WEEK.value - weeks)
        for _ in range(maintenance_sessions):
            gap: list[tuple[int, PhaseName]] = [(0, "maintenance")] * (maintenance_interval_weeks - 1)
            plan += [*gap, (1, "maintenance")]
    return _weekly(start, plan)


def ketamine_schedule(start: dt.date, *, series: int = p.KETAMINE_SERIES.value) -> list[PlannedSession]:
    """A series of ``series`` infusions, about 2 a week (criteria.md §4.1, unconfirmed)."""
    if series < 1:
        raise ValueError("a ketamine series has at least one infusion")
    per_week = p.KETAMINE_PER_WEEK.value
    plan: list[tuple[int, PhaseName]] = []
    left = series
    while left > 0:
        plan.append((min(per_week, left), "series"))
        left -= per_week
    return _weekly(start, plan)


def spravato_phase(week: int, indication: SpravatoIndication = "trd") -> PhaseName:
    """The label's phase of a course week (1-based) (criteria.md §2.4)."""
    if week < 1:
        raise ValueError("weeks are counted from 1")
    if week <= p.SPRAVATO_INDUCTION_WEEKS.value or indication == "mdsi":
        return "induction"
    return "weekly" if week <= p.SPRAVATO_WEEKLY_UNTIL_WEEK.value else "maintenance"


def course_week(start: dt.date, day: dt.date) -> int:
    """Week of the course ``day`` falls in, week 1 starting on ``start``."""
    return (day - start).days // 7 + 1


# --- Billing codes (criteria.md §7.3) ---------------------------------------------------------


def tms_code(number: int, *, motor_threshold_redetermined: bool) -> str:
    """90867 for the first session (it includes motor threshold and mapping), 90869 for a later
    one with a re-determination, 90868 otherwise."""
    if number < 1:
        raise ValueError("sessions are numbered from 1")
    if number == 1:
        return p.TMS_CODE_INITIAL.value
    return p.TMS_CODE_REDETERMINATION.value if motor_threshold_redetermined else p.TMS_CODE_SUBSEQUENT.value


def spravato_code(dose_mg: int) -> str:
    """G2082 up to 56 mg, G2083 above (Medicare; criteria.md §7.3)."""
    if dose_mg not in p.SPRAVATO_DOSES.value:
        raise ValueError("Spravato is given as 28, 56 or 84 mg")
    return "G2082" if dose_mg <= p.SPRAVATO_G2082_MAX.value else "G2083"


def ketamine_codes(infusion_minutes: int) -> list[str]:
    """96365 for the first hour, +96366 for each further hour or part over 30 minutes (CPT's
    usual counting; the half-hour rule is not in criteria.md: unconfirmed)."""
    if infusion_minutes < 1:
        raise ValueError("an infusion lasts at least a minute")
    extra = max(0, infusion_minutes - 60)
    addons = extra // 60 + (1 if extra % 60 > 30 else 0)
    return [p.KETAMINE_CODE.value] + [p.KETAMINE_CODE_ADDON.value] * addons


# --- Doses ----------------------------------------------------------------------------------------


def spravato_dose_problems(dose_mg: int, *, number: int, indication: SpravatoIndication) -> list[str]:
    """Why a Spravato dose does not fit the label (criteria.md §2.4), as sentences; empty when it fits."""
    if dose_mg not in p.SPRAVATO_DOSES.value:
        return ["Spravato is given as 28, 56 or 84 mg (one, two or three devices)."]
    if indication == "trd" and number == 1 and dose_mg > p.SPRAVATO_TRD_FIRST_DOSE.value:
        return ["The first treatment-resistant depression dose is 56 mg on the label."]
    return []


def ketamine_dose_mg(weight_kg: float, mg_per_kg: float = p.KETAMINE_MG_PER_KG.value) -> float:
    """Weight-based dose, rounded to 0.1 mg (0.5 mg/kg IV over 40 min: criteria.md §4.1)."""
    if weight_kg <= 0 or mg_per_kg <= 0:
        raise ValueError("weight and dose per kilogram must be positive")
    return round(weight_kg * mg_per_kg, 1)

"""A course read as the pure logic's input: its outcome on its main scale, the snapshot the
next-step rules read, the first time it reached a response. Reads ``course.measurements.all()``
and ``course.sessions.all()``, so a prefetched list adds no query per course."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .clinical import parameters as p
from .clinical.next_steps import CourseSnapshot
from .clinical.outcomes import Outcome, Scale, assess, improvement_percent
from .models import Course, CourseStatus, Measurement

# The scale an outcome is judged on: PHQ-9 where recorded, else the clinician-rated scales.
SCALE_ORDER: tuple[Scale, ...] = ("phq9", "madrs", "hamd17")


def scale_series(course: Course) -> tuple[Scale, list[Measurement]] | None:
    """The main scale and its measurements in date order (baseline first)."""
    by_scale: dict[str, list[Measurement]] = {}
    for measurement in course.measurements.all():
        by_scale.setdefault(measurement.scale, []).append(measurement)
    for scale in SCALE_ORDER:
        if scale in by_scale:
            return scale, sorted(by_scale[scale], key=lambda m: (m.measured_on, m.pk))
    return None


def course_outcome(course: Course) -> Outcome | None:
    """Response and remission from baseline to the latest measurement; None with fewer than two."""
    series = scale_series(course)
    if series is None or len(series[1]) < 2:
        return None
    scale, rows = series
    return assess(scale, rows[0].total, rows[-1].total)


def response_reached_on(course: Course) -> tuple[float, dt.date] | None:
    """(best improvement %, the first date a ≥ 50 % drop was measured), or None if never."""
    series = scale_series(course)
    if series is None or len(series[1]) < 2:
        return None
    scale, rows = series
    baseline = rows[0].total
    first: dt.date | None = None
    best = 0.0
    for row in rows[1:]:
        percent = improvement_percent(baseline, row.total)
        if percent is None:
            return None
        best = max(best, percent)
        if first is None and assess(scale, baseline, row.total).response:
            first = row.measured_on
    return (best, first) if first is not None else None


def last_phq9_on(course: Course, *, on_or_before: dt.date | None = None) -> dt.date | None:
    dates = [
        m.measured_on
        for m in course.measurements.all()
        if m.scale == "phq9" and (on_or_before is None or m.measured_on <= on_or_before)
    ]
    return max(dates, default=None)


def course_snapshot(course: Course) -> CourseSnapshot:
    # A seizure or syncope pauses the course (services.sessions): the status says it.
    adverse = course.status == CourseStatus.PAUSED
    return CourseSnapshot(
        treatment=course.treatment.slug,
        status=course.status,
        sessions_done=course.sessions_done,
        planned_sessions=course.planned_sessions,
        outcome=course_outcome(course),
        adverse_event=adverse,
    )


def chart_points(course: Course) -> dict[str, Any]:
    """The course page's chart: each measurement of the main scale, the baseline, the 50 %
    response line and the remission line (criteria.md §5.2)."""
    series = scale_series(course)
    if series is None:
        return {"scale": None, "points": [], "baseline": None, "response_line": None, "remission_below": None}
    scale, rows = series
    baseline = rows[0].total
    return {
        "scale": scale,
        "points": [{"on": m.measured_on.isoformat(), "total": m.total} for m in rows],
        "baseline": baseline,
        "response_line": baseline * (100 - p.RESPONSE_PERCENT.value) / 100,
        "remission_below": p.REMISSION_BELOW.value[scale],
    }

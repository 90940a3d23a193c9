"""The PHQ-9 trend as SVG coordinates, drawn server-side (no script, so a strict CSP holds)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# PHQ-9 band lower edges (criteria.md §5.1), drawn as guide lines.
PHQ9_BAND_EDGES = ((5, "mild"), (10, "moderate"), (15, "mod. severe"), (20, "severe"))
PHQ9_MAX = 27


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    total: int
    on: dt.date


@dataclass(frozen=True)
class Trend:
    width: int
    height: int
    points: tuple[Point, ...]
    guides: tuple[tuple[float, str], ...]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def phq9_trend(
    scores: list[tuple[dt.date, int]], *, width: int = 640, height: int = 200, pad: int = 28
) -> Trend:
    """Dates spread on x by elapsed days, totals on y (0 at the bottom, 27 at the top)."""
    inner_w, inner_h = width - 2 * pad, height - 2 * pad

    def y_of(total: float) -> float:
        return pad + inner_h * (1 - total / PHQ9_MAX)

    points: list[Point] = []
    if scores:
        first, last = scores[0][0], scores[-1][0]
        span = max((last - first).days, 1)
        for on, total in scores:
            x = pad + inner_w * ((on - first).days / span if len(scores) > 1 else 0.5)
            points.append(Point(x=x, y=y_of(total), total=total, on=on))
    guides = tuple((y_of(edge), label) for edge, label in PHQ9_BAND_EDGES)
    return Trend(width=width, height=height, points=tuple(points), guides=guides)

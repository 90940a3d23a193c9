"""The course page's measurement chart as SVG coordinates, drawn server-side (no script, no chart
library, so the strict CSP holds): each score over time, the baseline, the 50 % response line and
the remission line (criteria.md §5.2). A table beside it says the same in words."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

SCALE_MAX = {"phq9": 27, "madrs": 60, "hamd17": 52}
SCALE_WORDS = {"phq9": "PHQ-9", "madrs": "MADRS", "hamd17": "HAM-D17"}


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    total: int
    on: dt.date
    label_y: float


@dataclass(frozen=True)
class Line:
    y: float
    label: str
    kind: str  # baseline, response or remission: the CSS class
    label_y: float = 0.0


def _spread(lines: list[Line], gap: float = 14, *, above: bool = False) -> tuple[Line, ...]:
    """Each label beside its line (or just above it, inside a narrow chart), moved down where
    it would overlap the one above it."""
    placed: list[Line] = []
    last = -gap
    for line in sorted(lines, key=lambda ln: ln.y):
        at = max(line.y - 5 if above else line.y + 4, last + gap)
        placed.append(Line(y=line.y, label=line.label, kind=line.kind, label_y=round(at, 1)))
        last = at
    return tuple(placed)


@dataclass(frozen=True)
class Chart:
    scale: str
    scale_words: str
    width: int
    height: int
    left: int
    right: int
    dots: tuple[Dot, ...]
    lines: tuple[Line, ...]

    @property
    def inside(self) -> bool:
        """Labels inside the plot, right-aligned above their lines (no margin: a phone's width)."""
        return self.right >= self.width - self.left

    @property
    def label_x(self) -> int:
        return self.right if self.inside else self.right + 8

    @property
    def polyline(self) -> str:
        return " ".join(f"{d.x:.1f},{d.y:.1f}" for d in self.dots)


def course_chart(
    points: dict[str, Any], *, width: int = 720, height: int = 240, pad: int = 30, labels: int = 170
) -> Chart | None:
    """``points`` as courses.snapshots.chart_points gives them; None before any score. The lines'
    labels sit in a margin of ``labels`` pixels on the right, clear of the scores; with no margin
    (the narrow chart a phone shows, ``narrow_chart``) they sit just above their lines."""
    scale = points.get("scale")
    if not scale or not points["points"]:
        return None
    top = SCALE_MAX[scale]
    inner_w, inner_h = width - 2 * pad - labels, height - 2 * pad

    def y_of(total: float) -> float:
        return round(pad + inner_h * (1 - total / top), 1)

    rows = [(dt.date.fromisoformat(p["on"]), int(p["total"])) for p in points["points"]]
    first, last = rows[0][0], rows[-1][0]
    span = max((last - first).days, 1)
    dots = []
    for on, total in rows:
        x = pad + inner_w * ((on - first).days / span if len(rows) > 1 else 0.5)
        y = y_of(total)
        dots.append(Dot(x=round(x, 1), y=y, total=total, on=on, label_y=round(y - 8, 1)))
    # The scales' totals are whole numbers: half of 19 is 9.5, and the highest total that counts is 9.
    response, remission = math.floor(points["response_line"]), points["remission_below"]
    lines = _spread(
        [
            Line(y=y_of(points["baseline"]), label=f"Baseline {points['baseline']}", kind="baseline"),
            Line(y=y_of(response), label=f"Response at {response} or lower", kind="response"),
            Line(y=y_of(remission), label=f"Remission below {remission}", kind="remission"),
        ],
        gap=16 if labels == 0 else 14,
        above=labels == 0,
    )
    return Chart(
        scale=scale,
        scale_words=SCALE_WORDS[scale],
        width=width,
        height=height,
        left=pad,
        right=width - pad - labels,
        dots=tuple(dots),
        lines=lines,
    )


def narrow_chart(points: dict[str, Any]) -> Chart | None:
    """The same chart drawn 360 units wide, for screens under 640 px: the SVG scales to the card's
    width, so at 390 px a unit is about a pixel and its 13-unit labels stay readable (the wide
    chart's 720 units would shrink them to about 6 px)."""
    return course_chart(points, width=360, height=250, pad=22, labels=0)

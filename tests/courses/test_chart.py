"""The course chart's two drawings: 720 units wide with its labels in a right margin, and 360
units wide for phones, labels inside the plot above their lines, none overlapping, all inside."""

from __future__ import annotations

from typing import Any

import pytest

from courses.chart import course_chart, narrow_chart

POINTS: dict[str, Any] = {
    "scale": "phq9",
    "points": [
        {"on": "2026-03-10", "total": 20},
        {"on": "2026-03-24", "total": 12},
        {"on": "2026-04-07", "total": 4},
    ],
    "baseline": 20,
    "response_line": 10,
    "remission_below": 5,
}


@pytest.mark.parametrize(("draw", "width", "inside"), [(course_chart, 720, False), (narrow_chart, 360, True)])
def test_each_drawing_keeps_its_labels_apart_and_inside_the_picture(
    draw: Any, width: int, inside: bool
) -> None:
    chart = draw(POINTS)
    assert chart is not None and (chart.width, chart.inside) == (width, inside)
    ys = sorted(line.label_y for line in chart.lines)
    assert all(b - a >= 14 for a, b in zip(ys, ys[1:], strict=False))
    assert all(12 <= y <= chart.height for y in ys)
    assert all(chart.left <= d.x <= chart.right for d in chart.dots)
    assert chart.label_x == (chart.right if inside else chart.right + 8)


def test_no_score_draws_no_chart() -> None:
    assert narrow_chart({"scale": None, "points": []}) is None


@pytest.mark.parametrize(
    ("baseline", "shown"), [(20, "Response at 10 or lower"), (19, "Response at 9 or lower")]
)
def test_the_response_line_names_the_highest_whole_total_that_counts(baseline: int, shown: str) -> None:
    points = {**POINTS, "baseline": baseline, "response_line": baseline / 2}
    chart = course_chart(points)
    assert chart is not None
    assert [line.label for line in chart.lines if line.kind == "response"] == [shown]

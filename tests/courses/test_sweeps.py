"""The monitoring-form sweep on PostgreSQL: each reminder once, none for filed forms, and a query
count that does not grow with the number of forms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import sweeps
from courses.models import Course, MonitoringForm, MonitoringFormReminder, Session
from elevium.accounts.models import User

from .conftest import TODAY, at

pytestmark = pytest.mark.django_db


def _forms(course: Course, staff: User, count: int) -> list[MonitoringForm]:
    """``count`` sessions' forms, written directly: the sweep reads only the forms."""
    forms = []
    for number in range(1, count + 1):
        session = Session.objects.create(
            course=course, number=number, given_at=at(TODAY), given_by=staff, dose_mg=56
        )
        forms.append(
            MonitoringForm.objects.create(
                session=session,
                rems_version="12/31/2024",
                window_days=7,
                last_day=TODAY + dt.timedelta(days=7),
                due_at=at(TODAY + dt.timedelta(days=8), 0),
                remind_at=at(TODAY + dt.timedelta(days=5), 9),
            )
        )
    return forms


def test_due_soon_then_overdue_each_once_and_none_once_filed(
    start: Callable[..., Course], staff: User
) -> None:
    first, filed = _forms(start("spravato"), staff, 2)
    MonitoringForm.objects.filter(pk=filed.pk).update(filed_at=at(TODAY + dt.timedelta(days=1)))

    assert sweeps.sweep_monitoring_forms(first.remind_at - dt.timedelta(seconds=1)) == {
        "due_soon": 0,
        "overdue": 0,
    }
    assert sweeps.sweep_monitoring_forms(first.remind_at) == {"due_soon": 1, "overdue": 0}
    assert sweeps.sweep_monitoring_forms(first.remind_at + dt.timedelta(hours=1)) == {
        "due_soon": 0,
        "overdue": 0,
    }
    assert sweeps.sweep_monitoring_forms(first.due_at) == {"due_soon": 0, "overdue": 1}
    assert sweeps.sweep_monitoring_forms(first.due_at + dt.timedelta(days=3)) == {"due_soon": 0, "overdue": 0}
    kinds = sorted(MonitoringFormReminder.objects.values_list("form_id", "kind"))
    assert kinds == sorted([(first.id, "due_soon"), (first.id, "overdue")])


def test_a_form_first_swept_after_its_deadline_gets_the_overdue_reminder_only(
    start: Callable[..., Course], staff: User
) -> None:
    (form,) = _forms(start("spravato"), staff, 1)
    assert sweeps.sweep_monitoring_forms(form.due_at + dt.timedelta(days=1)) == {"due_soon": 0, "overdue": 1}


@pytest.mark.parametrize("count", [1, 40])
def test_the_sweep_makes_the_same_queries_however_many_forms(
    start: Callable[..., Course], staff: User, count: int
) -> None:
    (_forms(start("spravato"), staff, count))
    with CaptureQueriesContext(connection) as queries:
        result = sweeps.sweep_monitoring_forms(at(TODAY + dt.timedelta(days=6)))
    assert result["due_soon"] == count
    assert len(queries) == 7, [q["sql"][:80] for q in queries]

"""The monitoring-form reminder through Redis and a real worker: nothing before the clock, one
reminder after it, still one after the worker is killed and replaced with a sweep waiting in the
queue, and none once the form is filed, even past its deadline."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.utils import timezone

from courses.inputs import MeasurementInput, ObservationInput, SessionInput
from courses.models import Course, MonitoringForm, MonitoringFormReminder
from courses.services import (
    measurement_record,
    monitoring_form_file,
    session_clear_discharge,
    session_record,
    session_record_observations,
)
from courses.tasks import sweep_monitoring_forms_task
from elevium.accounts.models import User
from elevium.celery import app
from elevium.jobs.models import TaskRun, TaskRunStatus
from tests.worker import RedisServer, StartWorker, redis_server, start_worker  # noqa: F401 - fixtures

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker(redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:  # noqa: F811
    """This process publishes to the test's own redis-server (as tests/jobs/conftest.py's use_broker)."""
    monkeypatch.setitem(app.conf, "broker_url", redis_server.url)
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app.amqp, "_producer_pool", None)
    yield redis_server.url


def _wait(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds} s waiting for {what}")
        time.sleep(0.1)


def _sweep(at: dt.datetime) -> Any:
    """Send the beat task with its clock set to ``at`` (the controllable clock)."""
    return sweep_monitoring_forms_task.apply_async(kwargs={"now": at.isoformat()})


def _done(result: Any) -> bool:
    return TaskRun.objects.filter(task_id=result.id, status=TaskRunStatus.SUCCEEDED).exists()


def test_the_reminder_fires_after_the_clock_once_through_a_worker_restart_and_filing_stops_it(
    broker: str,
    start_worker: StartWorker,  # noqa: F811
    start: Callable[..., Course],
    staff: User,
    clinician: User,
) -> None:
    given = timezone.now() - dt.timedelta(hours=3)
    course = start("spravato", phq9=None)
    measurement_record(
        actor=staff,
        course=course,
        data=MeasurementInput(scale="phq9", total=19, measured_on=given.date()),
    )
    session = session_record(
        actor=staff,
        course=course,
        data=SessionInput(given_at=given, dose_mg=56, bp_pre_systolic=126, bp_pre_diastolic=80),
    )
    form = MonitoringForm.objects.get(session=session)
    worker = start_worker(broker)

    before = _sweep(form.remind_at - dt.timedelta(minutes=1))
    _wait(lambda: _done(before), 60, "the sweep before the clock")
    assert not MonitoringFormReminder.objects.exists()

    after = _sweep(form.remind_at + dt.timedelta(minutes=1))
    _wait(lambda: _done(after), 60, "the sweep after the clock")
    assert list(MonitoringFormReminder.objects.values_list("form_id", "kind")) == [(form.id, "due_soon")]

    worker.kill()
    queued = _sweep(form.remind_at + dt.timedelta(minutes=6))  # waits in Redis for a worker
    start_worker(broker)
    _wait(lambda: _done(queued), 60, "the queued sweep on the replacement worker")
    assert MonitoringFormReminder.objects.count() == 1

    session_record_observations(
        actor=staff,
        session=session,
        data=ObservationInput(
            bp_40_systolic=134, bp_40_diastolic=84, bp_discharge_systolic=124, bp_discharge_diastolic=80,
            transport_arranged=True,
        ),
    )  # fmt: skip
    session_clear_discharge(actor=clinician, session=session)
    monitoring_form_file(actor=staff, form=form)

    late = _sweep(form.due_at + dt.timedelta(hours=1))
    _wait(lambda: _done(late), 60, "the sweep after the deadline")
    assert list(MonitoringFormReminder.objects.values_list("kind", flat=True)) == ["due_soon"]
    assert TaskRun.objects.get(task_id=late.id).queue == "reminders"

"""The deadline sweeps: each reminder once, nothing for cases not due or closed, and a query
count that does not grow with the number of cases."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benefits import sweeps
from benefits.deadlines import CMS_0057F_STANDARD, decision_due, reminder_schedule
from benefits.models import Coverage, PaCase, PaEvent, PaEventKind
from benefits.transitions import PaStatus
from elevium.audit.models import AuditEvent
from eligibility.models import Evaluation

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 10, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def make_case(evaluation: Evaluation, coverage: Coverage) -> Any:
    def make(**fields: Any) -> PaCase:
        return PaCase.objects.create(
            patient_id=evaluation.patient_id,
            evaluation=evaluation,
            coverage=coverage,
            treatment="tms",
            **fields,
        )

    return make


def _bulk_cases(evaluation: Evaluation, coverage: Coverage, count: int, **fields: Any) -> list[PaCase]:
    return PaCase.objects.bulk_create(
        PaCase(
            patient_id=evaluation.patient_id,
            evaluation=evaluation,
            coverage=coverage,
            treatment="tms",
            **fields,
        )
        for _ in range(count)
    )


def _reminders(case: PaCase, sweep: str) -> list[PaEvent]:
    return list(PaEvent.objects.filter(case=case, kind=PaEventKind.REMINDER, data__sweep=sweep))


# --- Overdue ---------------------------------------------------------------------------------------


def test_an_overdue_case_gets_one_reminder_per_due_moment(make_case: Any) -> None:
    due = NOW - dt.timedelta(hours=3)
    case = make_case(
        status=PaStatus.PENDING_PAYER, submitted_at=NOW - dt.timedelta(days=8), decision_due_at=due
    )

    assert sweeps.sweep_overdue(NOW) == 1
    assert sweeps.sweep_overdue(NOW + dt.timedelta(minutes=5)) == 0

    (event,) = _reminders(case, "overdue")
    assert event.data["due"] == due.isoformat()
    assert event.note.startswith("Payer decision overdue since 2026-03-10 12:00")
    assert event.actor is None and event.at == NOW

    # A new due moment (resubmission) is reminded once more.
    later_due = NOW + dt.timedelta(days=1)
    PaCase.objects.filter(pk=case.pk).update(decision_due_at=later_due)
    assert sweeps.sweep_overdue(NOW) == 0  # not yet due
    assert sweeps.sweep_overdue(later_due + dt.timedelta(seconds=1)) == 1
    assert len(_reminders(case, "overdue")) == 2


def test_overdue_leaves_cases_not_due_decided_or_closed_alone(make_case: Any) -> None:
    past = NOW - dt.timedelta(days=1)
    make_case(status=PaStatus.SUBMITTED, decision_due_at=NOW)  # the due instant is still on time
    make_case(status=PaStatus.APPEAL, decision_due_at=NOW + dt.timedelta(hours=1))
    make_case(status=PaStatus.SUBMITTED, decision_due_at=None)
    for status in (PaStatus.WITHDRAWN, PaStatus.EXPIRED, PaStatus.DENIED, PaStatus.DRAFT):
        make_case(status=status, decision_due_at=past)
    make_case(status=PaStatus.APPROVED, decision_due_at=past, authorization_number="A1")

    assert sweeps.sweep_overdue(NOW) == 0
    assert not PaEvent.objects.filter(kind=PaEventKind.REMINDER).exists()


def test_each_sweep_writes_one_audit_event_with_counts(make_case: Any) -> None:
    make_case(status=PaStatus.APPEAL, decision_due_at=NOW - dt.timedelta(hours=1))
    sweeps.sweep_overdue(NOW)
    event = AuditEvent.objects.filter(action="pa_case.swept").get()
    assert event.actor is None
    assert event.data == {"overdue": 1}


# --- Follow-ups ------------------------------------------------------------------------------------


def test_a_due_follow_up_is_reminded_once_and_moves_to_the_next_reminder(
    make_case: Any, coverage: Coverage
) -> None:
    zone = coverage.plan.time_zone
    submitted = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)  # a Monday
    due = decision_due(submitted, CMS_0057F_STANDARD.timeframe, plan_tz=zone)
    half, day_before = (r.at for r in reminder_schedule(submitted, due, plan_tz=zone))
    case = make_case(
        status=PaStatus.SUBMITTED, submitted_at=submitted, decision_due_at=due, next_follow_up_at=half
    )
    at = half + dt.timedelta(minutes=1)

    assert sweeps.sweep_follow_ups(at) == 1
    assert sweeps.sweep_follow_ups(at) == 0
    case.refresh_from_db()
    assert case.next_follow_up_at == day_before
    (event,) = _reminders(case, "follow_up")
    assert "50 % of the decision time elapsed" in event.note
    assert event.data["at"] == half.isoformat()
    assert event.data["next"] == day_before.isoformat()

    # Then the due moment, then nothing: the overdue sweep takes over.
    assert sweeps.sweep_follow_ups(day_before) == 1
    case.refresh_from_db()
    assert case.next_follow_up_at == due
    assert sweeps.sweep_follow_ups(due) == 1
    case.refresh_from_db()
    assert case.next_follow_up_at is None
    assert sweeps.sweep_follow_ups(due + dt.timedelta(days=1)) == 0
    assert len(_reminders(case, "follow_up")) == 3


def test_a_case_no_timeframe_binds_is_followed_up_weekly(make_case: Any) -> None:
    case = make_case(
        status=PaStatus.PENDING_PAYER, submitted_at=NOW - dt.timedelta(days=7), next_follow_up_at=NOW
    )
    assert sweeps.sweep_follow_ups(NOW) == 1
    case.refresh_from_db()
    assert case.next_follow_up_at == NOW + dt.timedelta(days=7)


def test_follow_ups_leave_cases_not_due_and_closed_cases_alone(make_case: Any) -> None:
    later = make_case(status=PaStatus.SUBMITTED, next_follow_up_at=NOW + dt.timedelta(seconds=1))
    closed = [
        make_case(status=status, next_follow_up_at=NOW - dt.timedelta(hours=1))
        for status in (PaStatus.WITHDRAWN, PaStatus.EXPIRED, PaStatus.DENIED)
    ]
    assert sweeps.sweep_follow_ups(NOW) == 0
    assert not PaEvent.objects.exists()
    later.refresh_from_db()
    assert later.next_follow_up_at == NOW + dt.timedelta(seconds=1)
    for case in closed:
        case.refresh_from_db()
        assert case.next_follow_up_at == NOW - dt.timedelta(hours=1)


# --- Renewals --------------------------------------------------------------------------------------


def _approved(make_case: Any, **fields: Any) -> PaCase:
    return make_case(status=PaStatus.APPROVED, authorization_number="AUTH-1", **fields)


def test_renewal_reminders_once_per_validity_end(make_case: Any) -> None:
    today = dt.date(2026, 3, 10)  # NOW in the plan's zone
    ending = _approved(make_case, valid_until=today + dt.timedelta(days=14), approved_units=36, used_units=1)
    used_up = _approved(
        make_case, valid_until=today + dt.timedelta(days=90), approved_units=36, used_units=29
    )

    assert sweeps.sweep_renewals(NOW) == 2
    assert sweeps.sweep_renewals(NOW + dt.timedelta(days=1)) == 0

    (event,) = _reminders(ending, "renewal")
    assert event.data == {"sweep": "renewal", "valid_until": "2026-03-24", "reasons": ["end_date"]}
    assert "14 days left" in event.note
    (event,) = _reminders(used_up, "renewal")
    assert event.data["reasons"] == ["units"]

    # An extended approval is a new validity end: reminded again when that nears.
    PaCase.objects.filter(pk=ending.pk).update(valid_until=today + dt.timedelta(days=60))
    assert sweeps.sweep_renewals(NOW) == 0
    assert sweeps.sweep_renewals(NOW + dt.timedelta(days=50)) == 1


def test_renewals_leave_approvals_not_yet_due_and_other_statuses_alone(make_case: Any) -> None:
    today = dt.date(2026, 3, 10)
    _approved(
        make_case, valid_until=today + dt.timedelta(days=15), approved_units=36, used_units=28
    )  # 77.8 %
    _approved(make_case, valid_until=today + dt.timedelta(days=15), approved_units=None, used_units=50)
    make_case(status=PaStatus.EXPIRED, valid_until=today, approved_units=36, used_units=36)
    make_case(status=PaStatus.PENDING_PAYER, valid_until=today)
    assert sweeps.sweep_renewals(NOW) == 0
    assert not PaEvent.objects.exists()


def test_renewal_day_is_read_in_the_plans_time_zone(make_case: Any, coverage: Coverage) -> None:
    assert coverage.plan.time_zone == "America/Los_Angeles"
    # 02:00 UTC on 11 March is still 10 March in the plan's zone (Los Angeles): 15 days left.
    case = _approved(make_case, valid_until=dt.date(2026, 3, 25))
    assert sweeps.sweep_renewals(dt.datetime(2026, 3, 11, 2, 0, tzinfo=dt.UTC)) == 0
    assert sweeps.sweep_renewals(dt.datetime(2026, 3, 11, 8, 0, tzinfo=dt.UTC)) == 1
    assert len(_reminders(case, "renewal")) == 1


# --- All three, and their cost -----------------------------------------------------------------------


def test_sweep_deadlines_runs_all_three_and_twice_adds_nothing(make_case: Any) -> None:
    make_case(status=PaStatus.SUBMITTED, decision_due_at=NOW - dt.timedelta(hours=1), next_follow_up_at=NOW)
    _approved(make_case, valid_until=dt.date(2026, 3, 12))
    assert sweeps.sweep_deadlines(NOW) == {"overdue": 1, "follow_ups": 1, "renewals": 1}
    assert sweeps.sweep_deadlines(NOW) == {"overdue": 0, "follow_ups": 0, "renewals": 0}
    assert PaEvent.objects.count() == 3
    assert AuditEvent.objects.filter(action="pa_case.swept").count() == 6


def _queries(evaluation: Evaluation, coverage: Coverage, count: int) -> int:
    past = NOW - dt.timedelta(hours=2)
    _bulk_cases(
        evaluation,
        coverage,
        count,
        status=PaStatus.PENDING_PAYER,
        submitted_at=NOW - dt.timedelta(days=8),
        decision_due_at=past,
        next_follow_up_at=past,
    )
    _bulk_cases(
        evaluation,
        coverage,
        count,
        status=PaStatus.APPROVED,
        authorization_number="A",
        valid_until=dt.date(2026, 3, 20),
    )
    with CaptureQueriesContext(connection) as captured:
        result = sweeps.sweep_deadlines(NOW)
    assert result == {"overdue": count, "follow_ups": count, "renewals": count}
    PaCase.objects.all().delete()
    return len(captured)


def test_a_sweep_costs_the_same_queries_for_10_and_1000_cases(
    evaluation: Evaluation, coverage: Coverage
) -> None:
    assert sweeps.CHUNK >= 1000
    small = _queries(evaluation, coverage, 10)
    large = _queries(evaluation, coverage, 1000)
    # Per sweep: savepoint, lock, one chunk read, one write (+ the claim for follow-ups), audit, release.
    assert small == large == 19

"""Worklist ordering, counters and constant query counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benefits.models import PaCase
from benefits.selectors import (
    pa_case_counters,
    pa_case_get_for_user,
    pa_case_list_audit,
    pa_case_worklist,
    pa_case_worklist_ids,
    pa_case_worklist_rows,
)
from elevium.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 10, 15, 0, tzinfo=dt.UTC)


def _cases(case: PaCase, n: int, **fields: Any) -> list[PaCase]:
    base = {
        f.attname: getattr(case, f.attname) for f in PaCase._meta.concrete_fields if f.attname not in ("id",)
    }
    rows = [PaCase(**{**base, **fields}) for _ in range(n)]
    return PaCase.objects.bulk_create(rows)


def test_the_worklist_puts_overdue_first_then_due_soonest(case: PaCase, coordinator: Any) -> None:
    h = dt.timedelta(hours=1)
    late = _cases(case, 1, status="pending_payer", decision_due_at=NOW - 2 * h)[0]
    later = _cases(case, 1, status="submitted", decision_due_at=NOW - h)[0]
    soon = _cases(case, 1, status="pending_payer", decision_due_at=NOW + h)[0]
    far = _cases(case, 1, status="appeal", decision_due_at=NOW + 50 * h)[0]
    _cases(case, 1, status="approved", authorization_number="A", decision_due_at=NOW - 9 * h)
    rows = list(pa_case_worklist(user=coordinator, now=NOW))
    assert [r.id for r in rows] == [late.id, later.id, soon.id, far.id, case.id]
    assert [r.is_overdue for r in rows] == [True, True, False, False, False]
    assert [r.id for r in pa_case_worklist(user=coordinator, now=NOW, overdue=True)] == [late.id, later.id]
    assert list(pa_case_worklist(user=coordinator, now=NOW, treatment="spravato")) == []


def test_counters_of_overdue_and_due_today(case: PaCase, coordinator: Any) -> None:
    _cases(case, 2, status="pending_payer", decision_due_at=NOW - dt.timedelta(minutes=1))
    _cases(case, 3, status="submitted", decision_due_at=NOW + dt.timedelta(hours=3))
    _cases(case, 1, status="submitted", decision_due_at=NOW + dt.timedelta(days=2))
    assert pa_case_counters(user=coordinator, now=NOW, tz="UTC") == {"overdue": 2, "due_today": 3}


def _page_queries(coordinator: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        page = list(pa_case_worklist(user=coordinator, now=NOW)[:50])
        for row in page:
            _ = (row.patient.mrn, row.coverage.plan.payer.name, row.owner)
        pa_case_list_audit(user=coordinator, cases=page)
        pa_case_counters(user=coordinator, now=NOW)
    return len(ctx.captured_queries)


def test_a_worklist_page_costs_the_same_queries_for_10_and_1000_cases(case: PaCase, coordinator: Any) -> None:
    _cases(case, 9, status="pending_payer", decision_due_at=NOW, owner_id=coordinator.pk)
    ten = _page_queries(coordinator)
    _cases(case, 990, status="pending_payer", decision_due_at=NOW, owner_id=coordinator.pk)
    assert PaCase.objects.count() == 1000
    thousand = _page_queries(coordinator)
    # 1 page select (patient, plan, payer, owner joined) + 1 audit INSERT + 1 counters aggregate.
    assert ten == thousand == 3


def _ids_then_rows(coordinator: Any) -> tuple[list[Any], int]:
    with CaptureQueriesContext(connection) as ctx:
        page = pa_case_worklist_rows(ids=list(pa_case_worklist_ids(user=coordinator, now=NOW)[:50]), now=NOW)
        for row in page:
            _ = (row.patient.mrn, row.coverage.plan.payer.name, row.owner, row.is_overdue)
    return page, len(ctx.captured_queries)


def test_a_page_by_ids_then_rows_is_the_worklist_page_in_two_queries(case: PaCase, coordinator: Any) -> None:
    _cases(
        case, 20, status="pending_payer", decision_due_at=NOW - dt.timedelta(hours=1), owner_id=coordinator.pk
    )
    _cases(case, 20, status="submitted", decision_due_at=NOW + dt.timedelta(hours=1))
    # Not awaiting the payer: past its date but not overdue, so after the overdue ones.
    _cases(case, 20, status="more_information_requested", decision_due_at=NOW - dt.timedelta(days=1))
    _cases(case, 20, status="draft")
    expected = list(pa_case_worklist(user=coordinator, now=NOW)[:50])
    page, ten_queries = _ids_then_rows(coordinator)
    assert [r.id for r in page] == [r.id for r in expected]
    assert [r.is_overdue for r in page] == [r.is_overdue for r in expected]
    assert page[0].is_overdue and not page[-1].is_overdue
    _cases(case, 500, status="pending_payer", decision_due_at=NOW, owner_id=coordinator.pk)
    assert ten_queries == _ids_then_rows(coordinator)[1] == 2


def test_reading_a_case_is_audited_and_an_unknown_one_is_404(case: PaCase, coordinator: Any) -> None:
    from django.http import Http404

    with CaptureQueriesContext(connection) as ctx:
        got = pa_case_get_for_user(user=coordinator, case_id=case.id)
        list(got.checklist.all()), list(got.events.all())
    assert len(ctx.captured_queries) == 5  # case, checklist, attachments, events, audit
    assert AuditEvent.objects.filter(action="pa_case.viewed", object_id=str(case.id)).count() == 1
    with pytest.raises(Http404):
        pa_case_get_for_user(user=coordinator, case_id="00000000-0000-0000-0000-000000000000")
    with pytest.raises(Http404):
        pa_case_get_for_user(user=coordinator, case_id="not-a-uuid")

"""Benchmarks: the deadline sweep over 100,000 open prior-authorization cases, and the worklist
page over 10,000.

Run with `make benchmark` (or `pytest tests/benchmarks -s -o python_files='bench_*.py'
-o python_functions='bench_*'`). Prints figures; asserts only that the work was done, never how
fast. Targets: the sweep ≤ 10 s at 100,000 cases, the worklist median ≤ 150 ms. Scale down with
BENCH_SWEEP_CASES and BENCH_WORKLIST_CASES. The sweep also runs at BENCH_SWEEP_SMALL_CASES
(10,000; 0 to skip) and prints the time per case at both sizes: it should not grow with the size.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time

import pytest
from django.test import Client
from django.utils import timezone

from benefits import seed, sweeps
from benefits.models import Coverage, PaCase, PaEvent, PaEventKind, Plan
from benefits.transitions import PaStatus
from elevium.accounts.roles import Role
from eligibility.models import Evaluation
from eligibility.services import evaluation_create
from reassessment.demo import full_document
from reassessment.services import reassessment_create
from tests.factories import PatientFactory, UserFactory

SWEEP_CASES = int(os.environ.get("BENCH_SWEEP_CASES", "100000"))
SWEEP_SMALL_CASES = int(os.environ.get("BENCH_SWEEP_SMALL_CASES", "10000"))
WORKLIST_CASES = int(os.environ.get("BENCH_WORKLIST_CASES", "10000"))
GETS = 20


def _evaluation_and_coverage() -> tuple[Evaluation, Coverage]:
    author = UserFactory(username="bench-clinician", role=Role.CLINICIAN)
    patient = PatientFactory(date_of_birth=dt.date(1979, 4, 2))
    document = full_document(assessed_on=timezone.localdate(), date_of_birth=patient.date_of_birth)
    reassessment = reassessment_create(actor=author, patient=patient, document=document)
    evaluation = evaluation_create(actor=author, reassessment=reassessment)
    plan = Plan.objects.get(payer__name=seed.MA_WEST)
    coverage = Coverage.objects.create(
        patient_id=patient.id, plan=plan, member_id="M123", valid_from=dt.date(2025, 1, 1)
    )
    return evaluation, coverage


def _open_cases(count: int, now: dt.datetime) -> None:
    """``count`` cases awaiting the payer: a third overdue, a third with a follow-up due, a third
    due in the future; every tenth one approved and near its end date instead."""
    evaluation, coverage = _evaluation_and_coverage()
    today = now.date()

    def case(i: int) -> PaCase:
        common = {
            "patient_id": evaluation.patient_id,
            "evaluation": evaluation,
            "coverage": coverage,
            "treatment": "tms",
        }
        if i % 10 == 0:
            return PaCase(
                **common,
                status=PaStatus.APPROVED,
                authorization_number=f"A{i}",
                valid_until=today + dt.timedelta(days=i % 30),
                approved_units=36,
                used_units=i % 37,
            )
        submitted = now - dt.timedelta(days=(i % 9) + 1)
        due = submitted + dt.timedelta(days=7, minutes=i % 600)
        return PaCase(
            **common,
            status=(PaStatus.SUBMITTED, PaStatus.PENDING_PAYER, PaStatus.APPEAL)[i % 3],
            submitted_at=submitted,
            decision_due_at=due,
            next_follow_up_at=submitted + (due - submitted) / 2,
        )

    PaCase.objects.bulk_create((case(i) for i in range(count)), batch_size=5000)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cases", sorted({n for n in (SWEEP_SMALL_CASES, SWEEP_CASES) if n > 0}), ids=lambda n: f"{n}-cases"
)
def bench_deadline_sweep_over_open_cases(cases: int) -> None:
    now = timezone.now()
    started = time.perf_counter()
    _open_cases(cases, now)
    created_in = time.perf_counter() - started

    started = time.perf_counter()
    counts = sweeps.sweep_deadlines(now)
    elapsed = time.perf_counter() - started
    started = time.perf_counter()
    again = sweeps.sweep_deadlines(now)
    elapsed_again = time.perf_counter() - started

    assert sum(counts.values()) > 0
    assert sum(again.values()) == 0
    assert PaEvent.objects.filter(kind=PaEventKind.REMINDER).count() == sum(counts.values())
    print(  # noqa: T201 - the benchmark's output is its figures
        f"\ndeadline sweep: {cases} cases (created in {created_in:.1f} s), "
        f"reminders {counts}: {elapsed:.2f} s ({elapsed / cases * 1e6:.0f} µs per case); "
        f"second run (nothing to do): {elapsed_again:.2f} s; "
        f"load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )


@pytest.mark.django_db
def bench_worklist_page() -> None:
    now = timezone.now()
    _open_cases(WORKLIST_CASES, now)
    coordinator = UserFactory(username="bench-coordinator", role=Role.CARE_COORDINATOR)
    client = Client()
    client.force_login(coordinator)
    assert client.get("/benefits/worklist/").status_code == 200  # warm up
    timings = []
    for _ in range(GETS):
        started = time.perf_counter()
        response = client.get("/benefits/worklist/")
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    p95 = statistics.quantiles(timings, n=20, method="inclusive")[-1]
    print(  # noqa: T201 - the benchmark's output is its figures
        f"\nworklist: {WORKLIST_CASES} cases, {GETS} GETs: median {statistics.median(timings):.1f} ms, "
        f"p95 {p95:.1f} ms"
    )

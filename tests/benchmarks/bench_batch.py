"""Benchmark: re-evaluate and save 10,000 stored reassessments (the batch a ruleset change starts).

Run with `make benchmark` (pytest collects bench_*.py only there). Prints figures; asserts only
that the work was done, never how fast.
"""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest
from django.utils import timezone

from elevium.accounts.roles import Role
from eligibility import services
from eligibility.models import BatchRun, Evaluation
from patients.models import Patient
from reassessment.computed import compute
from reassessment.demo import full_document
from reassessment.documents import ReassessmentDocument
from reassessment.models import Reassessment
from tests.factories import UserFactory, default_clinic

ROWS = int(os.environ.get("BENCH_REASSESSMENTS", "10000"))


@pytest.mark.django_db
def bench_batch_reevaluation_of_stored_reassessments() -> None:
    author = UserFactory(username="bench", role=Role.CLINICIAN)
    clinic = default_clinic()
    today = timezone.localdate()
    born = dt.date(1980, 1, 1)
    document = ReassessmentDocument.model_validate(full_document(assessed_on=today, date_of_birth=born))
    as_json, computed = (
        document.model_dump(mode="json"),
        compute(document, as_of=today).model_dump(mode="json"),
    )
    patients = Patient.objects.bulk_create(
        Patient(
            clinic=clinic,
            mrn=f"B{i:07d}",
            family_name="Bench",
            given_name=str(i),
            date_of_birth=born,
            sex_at_birth="female",
        )
        for i in range(ROWS)
    )
    Reassessment.objects.bulk_create(
        Reassessment(
            patient=p,
            author=author,
            assessed_on=today,
            document=as_json,
            computed=computed,
            safety_flag=False,
        )
        for p in patients
    )
    batch = BatchRun.objects.create(requested_by=author, total=ROWS)
    started, cpu_started = time.perf_counter(), time.process_time()
    services.batch_run(str(batch.id))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    assert Evaluation.objects.filter(batch=batch).count() == ROWS
    print(  # noqa: T201 - the benchmark's output is its figures
        f"\nbatch re-evaluation: {ROWS} reassessments evaluated and saved in {elapsed:.2f} s "
        f"({elapsed / ROWS * 1000:.3f} ms each, {ROWS / elapsed:.0f}/s); "
        # On a shared machine the wall time follows the load; this process's own CPU time less so.
        f"{cpu:.2f} s of CPU in this process; load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )

"""Benchmark: ``evaluate()`` for all three treatments on the full demo document, in process.

Run with ``python -m tests.benchmarks.bench_engine`` (``make benchmark`` does). Prints the
median and p95 in microseconds; asserts nothing about speed. No Django, no database. Defines no
``bench_*`` function, so the pytest run of ``make benchmark`` only imports it.

    BENCH_ITERATIONS   timed calls (default 5000), after BENCH_WARMUP untimed ones (default 500)
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import platform
import statistics
import time

from eligibility.engine import RULES, RULESET_VERSION, CoveragePolicy, PolicyRequirements, evaluate
from reassessment.demo import full_document
from reassessment.documents import ReassessmentDocument

AS_OF = dt.date(2026, 3, 2)


def _percentile(sorted_ns: list[int], fraction: float) -> float:
    index = min(len(sorted_ns) - 1, round(fraction * (len(sorted_ns) - 1)))
    return sorted_ns[index] / 1000


def measure(label: str, call: object, iterations: int, warmup: int) -> None:
    assert callable(call)
    for _ in range(warmup):
        call()
    timings: list[int] = []
    clock = time.perf_counter_ns
    for _ in range(iterations):
        start = clock()
        call()
        timings.append(clock() - start)
    timings.sort()
    print(
        f"{label:<44} median {statistics.median(timings) / 1000:8.1f} µs   "
        f"p95 {_percentile(timings, 0.95):8.1f} µs   min {timings[0] / 1000:8.1f} µs   (n={iterations})"
    )


def main() -> None:
    iterations = int(os.environ.get("BENCH_ITERATIONS", "5000"))
    warmup = int(os.environ.get("BENCH_WARMUP", "500"))
    raw = full_document(assessed_on=AS_OF, date_of_birth=dt.date(1979, 4, 2))
    document = ReassessmentDocument.model_validate(raw)
    risky = ReassessmentDocument.model_validate(
        full_document(assessed_on=AS_OF, date_of_birth=dt.date(1979, 4, 2), item9=2, cssrs_intent="yes")
    )
    policies = (
        CoveragePolicy(
            payer="Aetna",
            plan="PPO",
            treatment="tms",
            requirements=PolicyRequirements(min_classes=2, psychotherapy_required=True),
        ),
        CoveragePolicy(payer="Cigna", treatment="spravato", requirements=PolicyRequirements(min_classes=2)),
        CoveragePolicy(payer="Cigna", treatment="ketamine", covered=False),
    )
    report = evaluate(document)
    print(
        f"Eligibility engine {RULESET_VERSION}: {len(RULES)} rules; Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs"
    )
    print("Demo document: " + ", ".join(f"{r.treatment} {r.status} {r.score}" for r in report.treatments))
    gc.collect()
    measure("evaluate(full demo document)", lambda: evaluate(document), iterations, warmup)
    measure("evaluate(high-risk demo document)", lambda: evaluate(risky), iterations, warmup)
    measure(
        "evaluate(demo document, 3 coverage policies)",
        lambda: evaluate(document, policies=policies),
        iterations,
        warmup,
    )
    measure(
        "validate document + evaluate",
        lambda: evaluate(ReassessmentDocument.model_validate(raw)),
        iterations // 5,
        warmup // 5,
    )
    measure(
        "evaluate + model_dump_json",
        lambda: evaluate(document).model_dump_json(),
        iterations // 5,
        warmup // 5,
    )


if __name__ == "__main__":
    main()

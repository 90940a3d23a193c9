"""Benchmark: ``evaluate()`` for all three treatments on the full demo document, in process,
and over a varied corpus as a ratio to a JSON round-trip of the same documents.

Run with ``python -m tests.benchmarks.bench_engine`` (``make benchmark`` does). Prints the
median and p95 in microseconds; asserts nothing about speed. No Django, no database. Defines no
``bench_*`` function, so the pytest run of ``make benchmark`` only imports it.

The corpus is every demo document (reassessment/demo.py: the evaluation variants and the
high-risk one) plus generated ones with 1 to 50 medication trials, so no cache can always hit.
For each document, the engine's median is divided by the median of
``json.loads(json.dumps(document))`` for the same document, timed the same way in the same
process; ``ratio engine/json`` is the median of those per-document ratios. Beside it, the same
ratio for the facts alone and for the facts with every clinical rule's check but no report: what
any shape of report (texts written later, codes stored) would still have to compute.

    BENCH_ITERATIONS   timed calls (default 5000), after BENCH_WARMUP untimed ones (default 500)
    BENCH_CORPUS_ITERATIONS   timed calls per corpus document and side (default 200)
"""

from __future__ import annotations

import copy
import datetime as dt
import gc
import json
import os
import platform
import statistics
import time

from eligibility.engine import RULES, RULESET_VERSION, CoveragePolicy, PolicyRequirements, evaluate
from eligibility.engine.facts import Facts
from eligibility.engine.models import TREATMENTS
from eligibility.engine.registry import CLINICAL_RULES_FOR
from reassessment.demo import evaluation_variants, full_document
from reassessment.documents import ReassessmentDocument

AS_OF = dt.date(2026, 3, 2)
# Three payers' policies, one per treatment (the golden-report test uses them too).
POLICIES = (
    CoveragePolicy(
        payer="Aetna",
        plan="PPO",
        treatment="tms",
        requirements=PolicyRequirements(min_classes=2, psychotherapy_required=True),
    ),
    CoveragePolicy(payer="Cigna", treatment="spravato", requirements=PolicyRequirements(min_classes=2)),
    CoveragePolicy(payer="Cigna", treatment="ketamine", covered=False),
)


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


def _median_ns(call: object, iterations: int) -> float:
    assert callable(call)
    for _ in range(max(1, iterations // 10)):
        call()
    timings: list[int] = []
    clock = time.perf_counter_ns
    for _ in range(iterations):
        start = clock()
        call()
        timings.append(clock() - start)
    return statistics.median(timings)


def corpus() -> list[dict[str, object]]:
    """The demo documents and generated ones with 1 to 50 medication trials (as raw dicts)."""
    born = dt.date(1979, 4, 2)
    documents = list(
        evaluation_variants(assessed_on=AS_OF, date_of_birth=born, sex_at_birth="female").values()
    )
    documents.append(full_document(assessed_on=AS_OF, date_of_birth=born, item9=2, cssrs_intent="yes"))
    base = full_document(assessed_on=AS_OF, date_of_birth=born)
    doses = {"sertraline": 150, "venlafaxine": 225, "bupropion": 300, "escitalopram": 20, "duloxetine": 60}
    drugs = tuple(doses)
    for count in range(1, 51):
        document = copy.deepcopy(base)
        trials = []
        for n in range(count):  # back to back, newest last, each eight weeks long
            start = AS_OF - dt.timedelta(weeks=8 * (count - n) + 2)
            trial = {
                "drug": drugs[n % len(drugs)],
                "daily_dose_mg": doses[drugs[n % len(drugs)]],
                "start_date": start.isoformat(),
                "end_date": (start + dt.timedelta(weeks=8)).isoformat(),
                "adherence": "good" if n % 4 else "partial",
                "outcome": ("no_response", "partial_response", "unknown")[n % 3],
                "ended_for_intolerance": "yes" if n % 3 == 2 else "no",
                "current_episode": "yes" if n >= count // 3 else "no",
            }
            trials.append(trial)
        document["medication_trials"] = trials
        documents.append(document)
    return documents


def facts_and_checks(document: ReassessmentDocument) -> None:
    """What any report needs before a word of it is written: the facts and every clinical rule's
    check for the three treatments (no criterion, score, ranking, steps or report is built)."""
    facts = Facts(document)
    for treatment in TREATMENTS:
        for rule in CLINICAL_RULES_FOR[treatment]:
            rule.check(facts, treatment)


def engine_over_json(iterations: int) -> None:
    """Per document: the engine's median over a JSON round-trip's median; prints the median ratio,
    and the same for the facts alone and for the facts and rule checks alone (the floor under any
    shape of report: what a report that wrote its texts later would still compute)."""
    ratios, engine_us, floor_ratios, facts_ratios = [], [], [], []
    for raw in corpus():
        document = ReassessmentDocument.model_validate(raw)
        engine = _median_ns(lambda d=document: evaluate(d), iterations)
        floor = _median_ns(lambda d=document: facts_and_checks(d), iterations)
        facts = _median_ns(lambda d=document: Facts(d), iterations)
        round_trip = _median_ns(lambda r=raw: json.loads(json.dumps(r)), iterations)
        ratios.append(engine / round_trip)
        floor_ratios.append(floor / round_trip)
        facts_ratios.append(facts / round_trip)
        engine_us.append(engine / 1000)
    print(
        f"corpus of {len(ratios)} documents (demo + 1-50 trials): engine median per document "
        f"{statistics.median(engine_us):.1f} µs (range {min(engine_us):.1f}-{max(engine_us):.1f}); "
        f"engine/json per document {min(ratios):.2f}-{max(ratios):.2f}; "
        f"over json, the facts alone {statistics.median(facts_ratios):.2f}, the facts and rule checks alone "
        f"{statistics.median(floor_ratios):.2f}"
    )
    print(f"ratio engine/json {statistics.median(ratios):.2f}")


def main() -> None:
    iterations = int(os.environ.get("BENCH_ITERATIONS", "5000"))
    warmup = int(os.environ.get("BENCH_WARMUP", "500"))
    raw = full_document(assessed_on=AS_OF, date_of_birth=dt.date(1979, 4, 2))
    document = ReassessmentDocument.model_validate(raw)
    risky = ReassessmentDocument.model_validate(
        full_document(assessed_on=AS_OF, date_of_birth=dt.date(1979, 4, 2), item9=2, cssrs_intent="yes")
    )
    report = evaluate(document)
    print(
        f"Eligibility engine {RULESET_VERSION}: {len(RULES)} rules; Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs"
    )
    print("Demo document: " + ", ".join(f"{r.treatment} {r.status} {r.score}" for r in report.treatments))
    # As the web and worker processes do once started (elevium/wsgi.py, elevium/celery.py): what
    # exists before the timed calls is out of the cyclic collector's reach.
    gc.collect()
    gc.freeze()
    measure("evaluate(full demo document)", lambda: evaluate(document), iterations, warmup)
    measure("evaluate(high-risk demo document)", lambda: evaluate(risky), iterations, warmup)
    measure(
        "evaluate(demo document, 3 coverage policies)",
        lambda: evaluate(document, policies=POLICIES),
        iterations,
        warmup,
    )
    measure(
        "validate document + evaluate",
        lambda: evaluate(ReassessmentDocument.model_validate(raw)),
        iterations // 5,
        warmup // 5,
    )
    measure("facts and rule checks alone (no report)", lambda: facts_and_checks(document), iterations, warmup)
    measure(
        "evaluate + model_dump_json",
        lambda: evaluate(document).model_dump_json(),
        iterations // 5,
        warmup // 5,
    )
    engine_over_json(int(os.environ.get("BENCH_CORPUS_ITERATIONS", "200")))


if __name__ == "__main__":
    main()

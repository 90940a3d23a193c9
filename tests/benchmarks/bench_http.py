"""Benchmark: the API endpoints against a bare DRF view, as ratios measured in the same run.

    python -m tests.benchmarks.bench_http        (`make benchmark` runs it)

1. Drops and re-creates its own database (BENCH_DATABASE_URL, default DATABASE_URL's database
   name plus ``_bench``; the name must end in ``_bench``), migrates it and seeds one clinic as
   `make load` does (tests/load/seed.py: 120 patients, their evaluations, 60 PA cases).
2. Starts gunicorn on a free port: ``elevium.wsgi``, 3 sync workers, DEBUG off, production
   settings plus one URL module (tests/benchmarks/settings.py) that adds ``/api/bench/bare/``,
   a DRF APIView with the same authentication and role check and no work of its own.
3. Drives it with wrk on loopback, each real endpoint right after the bare one with the same
   method, clients and duration: 3 clients for throughput, then 50 for the tail; the whole
   sequence BENCH_HTTP_ROUNDS times (default 3), since other work on the machine shifts the
   figures between runs.

Prints requests/s, p50 and p99 per run and the ratios, each computed within a round, as the
median over the rounds (each preceded by a ``rounds`` line with the rounds' values)::

    ratio preview/bare <x>   evaluate-preview POST throughput over bare POST (3 clients)
    ratio list/bare <x>      patient list GET throughput over bare GET (3 clients)
    ratio p99/bare <x>       worst p99 of preview and patient list, each over the bare p99 of
                             its method (50 clients)

(the worklist's own ratios are printed beside them). Any non-2xx answer or socket error fails the
run. wrk and the server share the machine's cores: ratios, not absolute figures, are comparable
between runs. BENCH_HTTP_SECONDS sets each run's length at 3 clients (default 4; twice that at 50).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from tests.load.run import ROOT, Process, answers, free_port, recreate_database

WORKERS = 3
THROUGHPUT_CLIENTS = 3
TAIL_CLIENTS = 50

LUA = """
wrk.method = "{method}"
wrk.headers["Cookie"] = "sessionid={session}; csrftoken={csrf}"
wrk.headers["X-CSRFToken"] = "{csrf}"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [==[{body}]==]
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    e.status, e.connect + e.read + e.write + e.timeout, latency:percentile(50), latency:percentile(99)))
end
"""


@dataclass(frozen=True)
class Run:
    name: str
    clients: int
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float


def database_url_for_bench() -> str:
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        return url
    split = urlsplit(os.environ.get("DATABASE_URL", "postgres://elevium:elevium@127.0.0.1:5432/elevium"))
    return urlunsplit(split._replace(path=split.path.rstrip("/") + "_bench"))


def wrk(
    name: str,
    url: str,
    *,
    method: str,
    session: str,
    csrf: str,
    body: str,
    clients: int,
    seconds: int,
    check: bool = True,
) -> Run:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA.format(method=method, session=session, csrf=csrf, body=body))
    try:
        completed = subprocess.run(
            [
                "wrk", "--threads", str(min(2, clients)), "--connections", str(clients),
                "--duration", f"{seconds}s", "--timeout", "30s", "--script", script.name, url,
            ],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    finally:
        os.unlink(script.name)
    match = re.search(r"^BENCH (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$", completed.stdout, re.MULTILINE)
    if match is None:
        raise RuntimeError(f"wrk gave no figures for {name}: {completed.stdout}{completed.stderr}")
    requests, duration_us, bad_status, socket_errors, p50_us, p99_us = map(int, match.groups())
    if check and (bad_status or socket_errors or not requests):
        raise RuntimeError(
            f"{name}: {bad_status} non-2xx answers and {socket_errors} socket errors in {requests} requests"
        )
    return Run(name, clients, requests, requests / max(duration_us / 1e6, 1e-9), p50_us / 1000, p99_us / 1000)


def main() -> int:
    if shutil.which("wrk") is None:
        print("bench_http: wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    database_url = database_url_for_bench()
    if not urlsplit(database_url).path.endswith("_bench"):
        print("bench_http: BENCH_DATABASE_URL must name a database ending in _bench (it is dropped)")
        return 2
    seconds = int(os.environ.get("BENCH_HTTP_SECONDS", "4"))
    rounds_wanted = int(os.environ.get("BENCH_HTTP_ROUNDS", "3"))
    var = Path(tempfile.mkdtemp(prefix="elevium-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.benchmarks.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECURE_COOKIES": "false",  # plain HTTP on loopback; everything else as in production
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ELEVIUM_VAR_DIR": str(var),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    os.environ.update(env)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\nHTTP benchmark: load average at start {load}; {os.cpu_count()} CPUs", flush=True)
    started = time.monotonic()
    recreate_database(database_url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from elevium.accounts.models import User
    from reassessment.demo import full_document
    from tests.load.seed import seed

    call_command("migrate", "--noinput", verbosity=0)
    seeded = seed(password=secrets.token_urlsafe(18))
    sessions = {}
    for role in ("clinician", "care_coordinator"):
        client = Client()
        client.force_login(User.objects.get(username=seeded["accounts"][role][0]))
        sessions[role] = client.cookies["sessionid"].value
    document = json.dumps(full_document(assessed_on=timezone.localdate(), date_of_birth=dt.date(1979, 4, 2)))
    print(f"seeded in {time.monotonic() - started:.0f} s", flush=True)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    web = Process(
        "gunicorn",
        [sys.executable, "-m", "gunicorn", "elevium.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(WORKERS), "--timeout", "60"],
        env,
        var / "gunicorn.log",
    )  # fmt: skip
    csrf = secrets.token_hex(16)  # 32 characters: a valid unmasked token, sent as cookie and header
    clinician, coordinator = sessions["clinician"], sessions["care_coordinator"]
    plan = [  # (name, path, method, session, body): each real endpoint after its bare pair
        ("bare GET", "/api/bench/bare/", "GET", clinician, ""),
        ("patient list", "/api/patients/", "GET", clinician, ""),
        ("worklist", "/api/benefits/pa-cases/", "GET", coordinator, ""),
        ("bare POST", "/api/bench/bare/", "POST", clinician, document),
        ("evaluate preview", "/api/evaluations/preview/", "POST", clinician, document),
    ]
    rounds: list[dict[tuple[str, int], Run]] = []
    try:
        web.wait_for(lambda: answers(f"{base}/healthz"))
        for number in range(1, rounds_wanted + 1):
            runs: dict[tuple[str, int], Run] = {}
            for clients in (THROUGHPUT_CLIENTS, TAIL_CLIENTS):
                for name, path, method, session, body in plan:
                    warm = {
                        "method": method,
                        "session": session,
                        "csrf": csrf,
                        "body": body,
                        "clients": clients,
                    }
                    wrk(name, base + path, **warm, seconds=1, check=False)  # warm-up: connections, caches
                    # At 50 clients a slow endpoint answers a few requests a second: twice as long.
                    run = wrk(
                        name, base + path, **warm, seconds=seconds if clients < TAIL_CLIENTS else 2 * seconds
                    )
                    runs[(name, clients)] = run
                    print(
                        f"round {number}  {name:<17} {clients:>2} clients: {run.rps:8.1f} req/s  "
                        f"p50 {run.p50_ms:7.1f} ms  p99 {run.p99_ms:7.1f} ms  ({run.requests} requests)",
                        flush=True,
                    )
            rounds.append(runs)
    finally:
        web.stop()
        shutil.rmtree(var, ignore_errors=True)

    def ratio(label: str, compute: Any) -> None:
        """The median over the rounds of a ratio computed within each round; the rounds' values
        on a line of their own, so the ratio's line is exactly ``ratio <label> <x>``."""
        values = sorted(compute(runs) for runs in rounds)
        print(f"rounds {label}: {', '.join(f'{v:.2f}' for v in values)}")
        print(f"ratio {label} {statistics.median(values):.2f}")

    def rps(runs: dict[tuple[str, int], Run], name: str) -> float:
        return runs[(name, THROUGHPUT_CLIENTS)].rps

    def p99(runs: dict[tuple[str, int], Run], name: str) -> float:
        return runs[(name, TAIL_CLIENTS)].p99_ms

    ratio("preview/bare", lambda r: rps(r, "evaluate preview") / rps(r, "bare POST"))
    ratio("list/bare", lambda r: rps(r, "patient list") / rps(r, "bare GET"))
    # Each real endpoint's tail over that of the bare view with its method; the worse of the two.
    ratio(
        "p99/bare",
        lambda r: max(
            p99(r, "evaluate preview") / p99(r, "bare POST"), p99(r, "patient list") / p99(r, "bare GET")
        ),
    )
    ratio("worklist/bare", lambda r: rps(r, "worklist") / rps(r, "bare GET"))
    ratio("worklist p99/bare", lambda r: p99(r, "worklist") / p99(r, "bare GET"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

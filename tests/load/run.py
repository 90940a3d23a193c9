"""`make load`: a clinic day at 50 concurrent staff for 60 s, then an integrity check of every write.

    python -m tests.load.run [--users 50] [--spawn-rate 10] [--run-time 60] [--web-workers 3]

1. Drops and re-creates the load database (LOAD_DATABASE_URL, default
   postgres://elevium:elevium@127.0.0.1:5432/elevium_load; its name must end in ``_load``),
   migrates it (reference data: treatment catalog, payers and policies) and seeds one clinic's
   staff and patients (tests/load/seed.py). Purges the Celery queues on LOAD_REDIS_URL (default
   redis://127.0.0.1:6379/7).
2. Starts gunicorn (``elevium.wsgi``, DEBUG off, production settings over plain HTTP) on a free
   port and a Celery worker on every queue, both on those databases.
3. Runs locust headless (tests/load/locustfile.py): clinicians, coordinators, reviewers and
   treatment staff (recording TMS sessions) in the weights 5:3:2:1, each signing in once.
4. Prints the figures (locust's, per step) and the integrity check (tests/load/integrity.py), and
   writes them with the seed, the records and the logs to var/load/<time>/.

Exits non-zero on any failed request, any exception in the load generator or any integrity
problem. The load generator and the server share this machine's cores: the figures are a floor.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE_URL = "postgres://elevium:elevium@127.0.0.1:5432/elevium_load"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/7"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def recreate_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    split = urlsplit(url)
    name = split.path.lstrip("/")
    maintenance = urlunsplit(split._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


class Process:
    """A child in its own session, logging to a file; stopped with its whole process group."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], log: Path) -> None:
        self.name, self.log = name, log
        with log.open("ab") as log_file:
            self.popen = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
            )

    def wait_for(self, ready: Any, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while not ready():
            if self.popen.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{self.name} did not start; see {self.log}")
            time.sleep(0.2)

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait()
        with contextlib.suppress(ProcessLookupError):  # pool children left behind by their parent
            os.killpg(self.popen.pid, signal.SIGKILL)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own server
            return bool(response.status == 200)
    except OSError:
        return False


def percentile(response_times: dict[str, int], count: int, fraction: float) -> int:
    """As locust computes it, from its buckets of rounded milliseconds."""
    wanted = int(count * fraction)
    seen = 0
    for value in sorted((int(k) for k in response_times), reverse=True):
        seen += response_times[str(value)]
        if count - seen <= wanted:
            return value
    return 0


def read_stats(path: Path) -> list[dict[str, Any]]:
    """locust's final stats (--json-file), per step and aggregated: count, failures, req/s, median, p95."""
    entries = json.loads(path.read_text())
    total_times: Counter[str] = Counter()
    rows = []
    for entry in entries:
        total_times.update(entry["response_times"])
        rows.append(_row(entry["method"], entry["name"], entry, entry["response_times"]))
    start = min(e["start_time"] for e in entries)
    end = max(e["last_request_timestamp"] or e["start_time"] for e in entries)
    total = {
        "num_requests": sum(e["num_requests"] for e in entries),
        "num_failures": sum(e["num_failures"] for e in entries),
        "max_response_time": max(e["max_response_time"] for e in entries),
    }
    aggregated = _row("", "Aggregated", total, dict(total_times))
    aggregated["rps"] = total["num_requests"] / max(end - start, 1e-9)
    return [*sorted(rows, key=lambda r: r["name"]), aggregated]


def _row(method: str, name: str, entry: dict[str, Any], times: dict[str, int]) -> dict[str, Any]:
    count = entry["num_requests"]
    return {
        "method": method,
        "name": name,
        "requests": count,
        "failures": entry["num_failures"],
        "median": percentile(times, count, 0.5),
        "p95": percentile(times, count, 0.95),
        "max": round(entry["max_response_time"] or 0),
    }


def read_records(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for path in sorted(out.glob("records-*.jsonl")) for line in path.open()]


def machine() -> str:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} cores ({model or platform.machine()}) shared by the load generator, gunicorn, "
        f"the Celery worker, PostgreSQL and Redis; load average before the run {load}"
    )


def report(
    stats: list[dict[str, Any]],
    conflicts: Counter[str],
    *,
    command: str,
    when: dt.datetime,
    where: str,
    users: int,
    run_time: int,
    web_workers: int,
) -> str:
    """The figures as Markdown."""
    *steps, total = stats
    lines = [
        f"Run {when:%Y-%m-%d %H:%M} UTC: {users} users for {run_time} s, gunicorn {web_workers} sync "
        "workers, one Celery worker (concurrency 2).",
        f"Machine: {where}.",
        f"Command: `{command}`",
        "",
        f"**{total['requests']} requests, {total['failures']} failed, {total['rps']:.1f} requests/s; "
        f"median {total['median']} ms, 95th percentile {total['p95']} ms; {sum(conflicts.values())} "
        "answered 409 (a coordinator lost a race for a case: counted apart, not failed).**",
        "",
        "| step | requests | failed | 409 | median ms | p95 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in steps:
        lines.append(
            f"| {row['method']} {row['name']} | {row['requests']} | {row['failures']} "
            f"| {conflicts.get(row['name'], 0)} | {row['median']} | {row['p95']} | {row['max']} |"
        )
    return "\n".join(lines)


def read_generator_problems(out: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    exceptions, failures = [], []
    for path in sorted(out.glob("generator-*.json")):
        data = json.loads(path.read_text())
        exceptions += data["exceptions"]
        failures += data["failures"]
    return exceptions, failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--run-time", type=int, default=60, help="seconds")
    parser.add_argument("--web-workers", type=int, default=3, help="gunicorn sync workers (2-4)")
    parser.add_argument("--out", type=Path, help="default var/load/<UTC time>")
    args = parser.parse_args(argv)

    database_url = os.environ.get("LOAD_DATABASE_URL", DEFAULT_DATABASE_URL)
    redis_url = os.environ.get("LOAD_REDIS_URL", DEFAULT_REDIS_URL)
    if not urlsplit(database_url).path.lstrip("/").endswith("_load"):
        print("load: LOAD_DATABASE_URL must name a database ending in _load (it is dropped)", file=sys.stderr)
        return 2
    when = dt.datetime.now(dt.UTC)
    out = (args.out or ROOT / "var" / "load" / f"{when:%Y%m%dT%H%M%SZ}").resolve()
    out.mkdir(parents=True, exist_ok=True)
    where = machine()
    password = secrets.token_urlsafe(18)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "elevium.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DEBUG": "false",
        "SECURE_COOKIES": "false",  # plain HTTP on 127.0.0.1; everything else as in production
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ELEVIUM_VAR_DIR": str(out / "var"),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    os.environ.update(env)

    print(f"load: fresh database, migrate and seed (output in {out})", flush=True)
    recreate_database(database_url)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from elevium.celery import app
    from eligibility.models import BatchRun, BatchStatus

    from . import integrity
    from .seed import seed

    started = time.monotonic()
    call_command("migrate", "--noinput", verbosity=0)
    app.control.purge()
    seeded = seed(password=password)
    print(f"load: migrated and seeded in {time.monotonic() - started:.0f} s", flush=True)
    seed_file = out / "seed.json"
    seed_file.write_text(json.dumps(seeded, indent=1))
    seed_file.chmod(0o600)

    port = free_port()
    web = Process(
        "gunicorn",
        [
            sys.executable, "-m", "gunicorn", "elevium.wsgi",
            "--bind", f"127.0.0.1:{port}",
            "--workers", str(args.web_workers),
            "--timeout", "60",
        ],
        env,
        out / "gunicorn.log",
    )  # fmt: skip
    worker_log = out / "worker.log"
    worker = Process(
        "celery worker",
        [
            sys.executable, "-m", "celery", "-A", "elevium", "worker",
            "--loglevel", "INFO",
            "--concurrency", "2",
            "--queues", ",".join(settings.CELERY_QUEUES),
            "--hostname", "load@%h",
            "--without-mingle", "--without-gossip",
        ],
        env,
        worker_log,
    )  # fmt: skip
    locust_code = 1
    try:
        web.wait_for(lambda: answers(f"http://127.0.0.1:{port}/healthz"))
        worker.wait_for(lambda: "ready." in worker_log.read_text())
        since = timezone.now()
        print(f"load: {args.users} users for {args.run_time} s against 127.0.0.1:{port}", flush=True)
        with (out / "locust.log").open("wb") as log_file:
            locust_code = subprocess.run(
                [
                    sys.executable, "-m", "locust",
                    "-f", str(Path(__file__).with_name("locustfile.py")),
                    "--headless",
                    "--users", str(args.users),
                    "--spawn-rate", str(args.spawn_rate),
                    "--run-time", f"{args.run_time}s",
                    # Users finish the journey they are in: a write whose answer was never read
                    # would show up as a row the integrity check cannot account for.
                    "--stop-timeout", "60",
                    "--host", f"http://127.0.0.1:{port}",
                    "--json-file", str(out / "locust"),
                ],
                cwd=ROOT,
                env={**env, "ELEVIUM_LOAD_OUT": str(out), "ELEVIUM_LOAD_PASSWORD": password},
                stdout=log_file,
                stderr=subprocess.STDOUT,
                check=False,
            ).returncode  # fmt: skip
        # The re-evaluation a reviewer started runs on in the worker; the check needs it finished.
        deadline = time.monotonic() + 180
        while BatchRun.objects.filter(status__in=[BatchStatus.QUEUED, BatchStatus.RUNNING]).exists():
            if time.monotonic() > deadline:
                break
            time.sleep(1)
    finally:
        web.stop()
        worker.stop()

    if not (out / "locust.json").exists():
        print(
            f"load: FAILED: locust wrote no figures (exit {locust_code}); see {out}/locust.log",
            file=sys.stderr,
        )
        return 1
    stats = read_stats(out / "locust.json")
    exceptions, failures = read_generator_problems(out)
    records = read_records(out)
    conflicts = Counter(r["step"] for r in records if r["kind"] == "conflict")
    given = sys.argv[1:] if argv is None else argv
    command = f"python -m tests.load.run {' '.join(given)}" if given else "make load"
    figures = report(
        stats,
        conflicts,
        command=command,
        when=when,
        where=where,
        users=args.users,
        run_time=args.run_time,
        web_workers=args.web_workers,
    )
    checks = integrity.check(records, since=since, clinic_id=seeded["clinic"])
    written = Counter(r["kind"] for r in records if r["kind"] != "conflict")
    lines = [
        figures,
        "",
        "Written and checked: " + ", ".join(f"{n} {kind}" for kind, n in sorted(written.items())) + ".",
        "",
        "Integrity check against the database:",
        "",
    ]
    problems = 0
    for result in checks:
        problems += len(result.problems)
        state = "ok" if not result.problems else f"FAILED ({len(result.problems)})"
        notes = f"; {'; '.join(result.notes)}" if result.notes else ""
        lines.append(f"- {result.name}: {state}, {result.checked} checked{notes}")
        lines += [f"  - {problem}" for problem in result.problems[:10]]
    if failures:
        lines += ["", "Failed requests:"]
        lines += [f"- {f['count']} × {f['method']} {f['step']}: {f['error']}" for f in failures[:20]]
    if exceptions:
        lines += ["", f"Exceptions in the load generator, see {out}/locust.log:"]
        lines += [f"- {e['count']} × {e['message']}" for e in exceptions[:10]]
    text = "\n".join(lines)
    (out / "report.md").write_text(text + "\n")
    print(text)
    failed = stats[-1]["failures"] or failures or exceptions or problems or locust_code != 0
    print(f"\nload: {'FAILED' if failed else 'passed'} (locust exit {locust_code}); details in {out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

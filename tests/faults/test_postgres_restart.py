"""PostgreSQL restarted (while the app is idle, then under requests) and stopped for two seconds:
503s meanwhile, never a 500, and the same gunicorn workers serve again once it is back.

The cluster is the test's own (tests/faults/postgres.py), on a free port: the machine's shared
server is never touched. The app runs as production runs it, gunicorn in another process, with
DEBUG off. Threads keep reading (an API list, an HTML list) and registering patients through the
API throughout, then the database is read directly to show that no registration was half applied.
"""

from __future__ import annotations

import itertools
import os
import secrets
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from elevium.audit.models import AuditEvent
from elevium.lib.dbfaults import PROBLEM
from patients.models import Patient

from .postgres import PrivatePostgres, free_port, postgres_bin_dir
from .webclient import ROOT, Answer, Gunicorn, WebClient

pytestmark = pytest.mark.fault

USERNAME = "fault-clinician"
FAMILY_NAME = "Faultline"  # a marker to look for in the logs, where no patient name may appear
THREADS = 4


@dataclass
class Outcome:
    kind: str
    started: float
    ended: float
    status: int | None  # None: no HTTP answer at all (refused, reset, timed out)
    error: str = ""
    mrn: str = ""
    answer: Answer | None = None


@pytest.fixture
def private_postgres() -> Iterator[PrivatePostgres]:
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        pytest.skip("no PostgreSQL server binaries under /usr/lib/postgresql: cannot run a private cluster")
    cluster = PrivatePostgres(bin_dir)
    try:
        cluster.init()
        yield cluster
    finally:
        cluster.destroy()


def _app_env(cluster: PrivatePostgres, var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    # No REDIS_URL: the embedded cache and broker, in the test's own directory. The outage under
    # test is the database's; the app must not need anything else from the machine.
    env.update(
        DJANGO_SETTINGS_MODULE="elevium.settings",
        DATABASE_URL=cluster.url(),
        ELEVIUM_VAR_DIR=str(var_dir),
        DEBUG="false",
        SECURE_COOKIES="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        LOG_LEVEL="INFO",
    )
    return env


def _prepare(env: dict[str, str], password: str) -> None:
    """Migrate the private database and create the signed-in clinician (the tests' factory)."""
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    code = (
        "from elevium.accounts.roles import Role\n"
        "from tests.factories import UserFactory\n"
        f"UserFactory(username={USERNAME!r}, role=Role.CLINICIAN, password={password!r})\n"
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True, capture_output=True
    )


class Hammer:
    """Threads sending a rotation of reads and writes until stopped; every answer is kept.
    ``pause()`` returns once no request is in flight; ``resume()`` lets them go on."""

    def __init__(self, client: WebClient) -> None:
        self.client = client
        self.outcomes: list[Outcome] = []
        self.numbers = itertools.count()
        self.condition = threading.Condition()
        self.paused = self.stopping = False
        self.in_flight = 0
        self.threads = [threading.Thread(target=self._run, args=(n,), daemon=True) for n in range(THREADS)]

    def _one(self, kind: str) -> Outcome:
        mrn = ""
        started = time.monotonic()
        try:
            if kind == "api-list":
                answer = self.client.get("/api/patients/")
            elif kind == "page-list":
                answer = self.client.get("/patients/")
            else:
                mrn = f"FAULT-{next(self.numbers):06d}"
                answer = self.client.post_json(
                    "/api/patients/",
                    {
                        "mrn": mrn,
                        "family_name": FAMILY_NAME,
                        "given_name": "Test",
                        "date_of_birth": "1980-01-01",
                        "sex_at_birth": "female",
                    },
                )
        except Exception as exc:  # noqa: BLE001 - any failure to get an answer is what this test counts
            return Outcome(kind, started, time.monotonic(), None, error=type(exc).__name__, mrn=mrn)
        return Outcome(kind, started, time.monotonic(), answer.status, mrn=mrn, answer=answer)

    def _run(self, n: int) -> None:
        kinds = ["api-list", "page-list", "create"]
        for kind in itertools.cycle(kinds[n % 3 :] + kinds[: n % 3]):
            with self.condition:
                self.condition.wait_for(lambda: self.stopping or not self.paused)
                if self.stopping:
                    return
                self.in_flight += 1
            outcome = self._one(kind)
            with self.condition:
                self.in_flight -= 1
                self.outcomes.append(outcome)
                self.condition.notify_all()
            time.sleep(0.005)

    def pause(self) -> None:
        with self.condition:
            self.paused = True
            self.condition.wait_for(lambda: self.in_flight == 0)

    def resume(self) -> None:
        with self.condition:
            self.paused = False
            self.condition.notify_all()

    def __enter__(self) -> Hammer:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with self.condition:
            self.stopping = True
            self.condition.notify_all()
        for thread in self.threads:
            thread.join(timeout=30)


def _clean_recovery(outcomes: list[Outcome], since: float, until: float) -> tuple[int, list[Outcome]]:
    """Once one request has succeeded after ``since``, every request started after that success
    (and over before ``until``) succeeds: each worker reconnects by itself on its next request,
    including one whose persistent connection the restart closed while it was idle."""
    first_success = min(
        (o.ended for o in outcomes if o.started >= since and o.status in (200, 201)), default=None
    )
    assert first_success is not None, "no request succeeded after the database came back"
    after = [o for o in outcomes if o.started >= first_success and o.ended < until]
    return len(after), [o for o in after if o.status not in (200, 201)]


def test_a_restart_and_a_stop_of_postgresql_answer_503_and_the_app_recovers_by_itself(
    private_postgres: PrivatePostgres, tmp_path: Path
) -> None:
    password = secrets.token_urlsafe(16)
    env = _app_env(private_postgres, tmp_path)
    _prepare(env, password)
    web = Gunicorn(port=free_port(), env=env, log=tmp_path / "gunicorn.log")
    try:
        web.wait_ready()
        workers_before = web.workers
        client = WebClient(web.port)
        client.sign_in(USERNAME, password)

        with Hammer(client) as hammer:
            time.sleep(1.0)  # every worker now holds a persistent connection
            hammer.pause()
            private_postgres.restart()  # while the app is idle: those connections are now dead
            idle_restarted = time.monotonic()
            hammer.resume()
            time.sleep(1.5)
            restart_begun = time.monotonic()  # and again, under requests
            private_postgres.restart()
            restarted = time.monotonic()
            time.sleep(1.5)
            stop_begun = time.monotonic()
            private_postgres.stop()
            stopped = time.monotonic()
            time.sleep(2.0)
            start_begun = time.monotonic()
            private_postgres.start()
            started = time.monotonic()
            time.sleep(2.0)
        workers_after = web.workers
        master_alive = web.process.poll() is None
        log = web.log.read_text()
    finally:
        web.stop()
    outcomes = hammer.outcomes

    no_answer = sorted({(o.kind, o.error) for o in outcomes if o.status is None})
    assert no_answer == [], f"requests without an HTTP answer (refused or reset): {no_answer}"
    statuses = {o.status for o in outcomes}
    assert statuses <= {200, 201, 503}, f"unexpected statuses: {sorted(statuses - {200, 201, 503})}"
    # Started after the stop completed, and well before the start began (a request can wait a
    # moment in gunicorn's queue before a worker reaches the database).
    during_stop = [o for o in outcomes if stopped <= o.started < start_begun - 0.5]
    assert during_stop and all(o.status == 503 for o in during_stop), "the stopped database answers 503"
    assert {o.kind for o in during_stop} == {"api-list", "page-list", "create"}

    for outcome in outcomes:
        if outcome.status != 503:
            continue
        answer = outcome.answer
        assert answer is not None
        assert answer.headers["retry-after"] == "5" and answer.headers["cache-control"] == "no-store"
        for leak in (
            b"OperationalError",
            b"InterfaceError",
            b"psycopg",
            b"Traceback",
            str(private_postgres.port).encode(),
        ):
            assert leak not in answer.body, f"{outcome.kind} 503 shows {leak!r}"
        if outcome.kind == "page-list":
            assert answer.headers["content-type"].startswith("text/html")
            assert b"Briefly unavailable" in answer.body
        else:
            assert answer.headers["content-type"] == "application/problem+json"
            assert answer.json() == PROBLEM

    # Back without restarting the app: the same workers. A restart while the app was idle costs
    # no request at all (each worker checks its kept connection before using it and reconnects),
    # and after a restart or a stop under requests, nothing but successes once the first is seen.
    assert master_alive and workers_after == workers_before, "gunicorn lost or replaced a worker"
    after_idle_restart = [o for o in outcomes if idle_restarted <= o.started and o.ended < restart_begun]
    failed_after_idle = [o for o in after_idle_restart if o.status not in (200, 201)]
    assert len(after_idle_restart) >= 10 and failed_after_idle == [], (
        f"{len(failed_after_idle)} of {len(after_idle_restart)} requests failed after an idle restart"
    )
    count, failed = _clean_recovery(outcomes, since=restarted, until=stop_begun)
    assert failed == [], f"{len(failed)} of {count} requests failed after the restart was over"
    count, failed = _clean_recovery(outcomes, since=started, until=float("inf"))
    assert count >= 10 and failed == [], f"{len(failed)} of {count} requests failed after the start"

    # The log says what happened, by class, and shows neither a 500 nor any patient data.
    assert "database unavailable (OperationalError): answered 503" in log
    assert "Internal Server Error" not in log and "Traceback" not in log
    assert FAMILY_NAME not in log

    # No registration half applied: a patient row exists exactly when its audit event does, and
    # every 201 names a stored patient.
    attempts = [o for o in outcomes if o.kind == "create"]
    with psycopg.connect(private_postgres.url()) as conn:
        stored = dict(
            conn.execute(
                sql.SQL("SELECT mrn, id::text FROM {} WHERE mrn LIKE %s").format(
                    sql.Identifier(Patient._meta.db_table)
                ),
                ("FAULT-%",),
            ).fetchall()
        )
        events = conn.execute(
            sql.SQL("SELECT object_id FROM {} WHERE action = %s").format(
                sql.Identifier(AuditEvent._meta.db_table)
            ),
            ("patient.created",),
        ).fetchall()
        audited = {row[0] for row in events}
    assert set(stored) <= {o.mrn for o in attempts}
    assert set(stored.values()) == audited, (
        "a patient without its audit event, or an event without its patient"
    )
    for outcome in attempts:
        if outcome.status == 201:
            assert outcome.answer is not None
            assert stored.get(outcome.mrn) == outcome.answer.json()["id"]
    interrupted = [o for o in attempts if o.status == 503]
    assert interrupted, "registrations were refused while the database was down"
    print(
        f"\n{len(outcomes)} requests: {sum(o.status == 503 for o in outcomes)} answered 503; "
        f"{len(attempts)} registrations, {len(stored)} stored, {len(interrupted)} refused with 503 "
        f"({sum(o.mrn in stored for o in interrupted)} of those committed before the connection dropped)"
    )

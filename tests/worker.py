"""A real Celery worker process for the tests that claim queue behaviour (fixture `celery_worker_process`)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from elevium.celery import app

ROOT = Path(__file__).resolve().parents[1]


class WorkerProcess:
    def __init__(self, process: subprocess.Popen[bytes], log: Path) -> None:
        self.process = process
        self.log = log

    @property
    def pool_children(self) -> list[int]:
        out = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True, check=False
        )
        return [int(pid) for pid in out.stdout.split()]


def _test_database_url() -> str:
    db = connection.settings_dict
    auth = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def celery_worker_process(transactional_db: None, tmp_path: Path) -> Iterator[WorkerProcess]:
    """A real `celery worker` process on Redis, writing to this test run's PostgreSQL database."""
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "worker tests need REDIS_URL"
    app.control.purge()  # nothing left over from an earlier run may reach this worker
    log = tmp_path / "worker.log"
    log_file = log.open("wb")
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": settings.CELERY_BROKER_URL,
        "ELEVIUM_VAR_DIR": str(tmp_path),
        # Crash tests need a fast redelivery of unacknowledged messages (see stack notes §3).
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "elevium",
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            "1",
            "--queues",
            ",".join(settings.CELERY_QUEUES),
            "--include",
            "tests.jobs.worker_tasks",
            "--hostname",
            "testworker@%h",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=ROOT,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while "ready." not in log.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"worker did not start:\n{log.read_text()}")
            time.sleep(0.1)
        yield WorkerProcess(process, log)
    finally:
        # The whole session: pool children outlive their parent otherwise (stack notes §3).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log_file.close()

"""Real Celery worker processes (and a private redis-server) for the tests that claim queue behaviour.

Fixtures: `celery_worker_process` (one worker on the suite's REDIS_URL), `start_worker` (a factory:
any number of workers, on any broker, with extra environment; each can be killed and replaced),
and `redis_server` (a redis-server of the test's own on a free port, which a test may stop and
start again without disturbing the machine's Redis).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
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

    @property
    def group(self) -> list[int]:
        """Every live process of the worker's session: the main process and its pool children."""
        out = subprocess.run(
            ["pgrep", "-g", str(self.process.pid)], capture_output=True, text=True, check=False
        )
        return [int(pid) for pid in out.stdout.split()]

    def kill(self) -> None:
        """kill -9 the whole process group, as a crash of the host would: nothing acknowledges anything."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        deadline = time.monotonic() + 10
        while self.group:  # pool children are reaped by init, not by us
            if time.monotonic() > deadline:
                raise RuntimeError(f"worker processes survived SIGKILL: {self.group}")
            time.sleep(0.05)

    def stop(self) -> None:
        # The whole session: pool children outlive their parent otherwise (stack notes §3).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        with contextlib.suppress(ProcessLookupError):  # children left behind by a main process that died
            os.killpg(self.process.pid, signal.SIGKILL)


def _test_database_url() -> str:
    db = connection.settings_dict
    auth = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _start_worker(
    broker_url: str, log: Path, var_dir: Path, extra_env: dict[str, str], concurrency: int = 1
) -> WorkerProcess:
    log_file = log.open("wb")
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": broker_url,
        "ELEVIUM_VAR_DIR": str(var_dir),
        # Crash tests need a fast redelivery of unacknowledged messages (see stack notes §3).
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",
        **extra_env,
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
            str(concurrency),
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
    log_file.close()  # the child has its own descriptor
    worker = WorkerProcess(process, log)
    deadline = time.monotonic() + 30
    while "ready." not in log.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            worker.stop()
            raise RuntimeError(f"worker did not start:\n{log.read_text()}")
        time.sleep(0.1)
    return worker


@pytest.fixture
def celery_worker_process(transactional_db: None, tmp_path: Path) -> Iterator[WorkerProcess]:
    """A real `celery worker` process on Redis, writing to this test run's PostgreSQL database."""
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "worker tests need REDIS_URL"
    app.control.purge()  # nothing left over from an earlier run may reach this worker
    worker = _start_worker(settings.CELERY_BROKER_URL, tmp_path / "worker.log", tmp_path, {})
    try:
        yield worker
    finally:
        worker.stop()


StartWorker = Callable[..., WorkerProcess]


@pytest.fixture
def start_worker(transactional_db: None, tmp_path: Path) -> Iterator[StartWorker]:
    """A factory: `start_worker(broker_url, env={...}, concurrency=1)` starts a worker and returns once
    it is ready.

    Each call starts another worker (log `worker-N.log`); all are stopped at teardown. The
    broker is not purged: pass a private `redis_server.url`.
    """
    started: list[WorkerProcess] = []

    def start(
        broker_url: str | None = None, *, env: dict[str, str] | None = None, concurrency: int = 1
    ) -> WorkerProcess:
        url = broker_url or settings.CELERY_BROKER_URL
        assert url.startswith("redis://"), "worker tests need a Redis broker"
        log = tmp_path / f"worker-{len(started) + 1}.log"
        worker = _start_worker(url, log, tmp_path, env or {}, concurrency)
        started.append(worker)
        return worker

    try:
        yield start
    finally:
        for worker in started:
            worker.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisServer:
    """A redis-server of the test's own: no persistence, so a restart starts empty, like a lost Redis;
    or `persistent`, with an append-only file as docker-compose's Redis, so a restart keeps the
    queues and the unacknowledged messages."""

    def __init__(self, directory: Path, *, persistent: bool = False) -> None:
        self.port = free_port()
        self.directory = directory
        self.persistent = persistent
        self.log = directory / "redis.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        assert self.process is None, "already running"
        with self.log.open("ab") as log_file:
            self.process = subprocess.Popen(
                [
                    "redis-server",
                    "--port", str(self.port),
                    "--bind", "127.0.0.1",
                    "--save", "",
                    "--appendonly", "yes" if self.persistent else "no",
                    "--appendfsync", "always",
                    "--daemonize", "no",
                    "--dir", str(self.directory),
                ],
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 10
        while not self.ping():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start:\n{self.log.read_text()}")
            time.sleep(0.02)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            self.process.send_signal(sig)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def client(self) -> Any:
        import redis

        return redis.Redis.from_url(self.url)


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A running private redis-server on a free port; `.stop()` and `.start()` it as the test needs."""
    directory = tmp_path / "redis"
    directory.mkdir()
    server = RedisServer(directory)
    server.start()
    try:
        yield server
    finally:
        server.stop(signal.SIGKILL)

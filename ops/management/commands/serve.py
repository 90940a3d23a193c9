"""Run the whole embedded app: web server, Celery worker and Celery beat, as one command.

Before anything starts it checks the port and the database, and stops with one line saying
what is wrong. If any of the three processes exits, the others are stopped too: a web server
without its worker would accept work that never gets done.
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection


class Command(BaseCommand):
    help = "Serve the app with a Celery worker and beat beside it (the embedded configuration)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, host: str, port: int, **options: Any) -> None:
        self._check_port(host, port)
        self._check_database()
        processes = {name: subprocess.Popen(cmd) for name, cmd in _commands(host, port).items()}  # noqa: S603
        self._print_banner(host, port)
        exited = _wait_for_stop_or_exit(processes)
        if exited:
            self.stderr.write(
                f"elevium: the {exited} process exited ({processes[exited].returncode}); stopping."
            )
        _stop_all(processes)
        if exited:
            raise SystemExit(1)

    def _check_port(self, host: str, port: int) -> None:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind((host, port))
            except OSError:
                raise CommandError(
                    f"port {port} on {host} is already in use: stop the other server or run "
                    f"'python manage.py serve --port {port + 1}'."
                ) from None

    def _check_database(self) -> None:
        try:
            connection.ensure_connection()
        except DatabaseError as exc:
            raise CommandError(
                f"the database does not answer ({type(exc).__name__}): check DATABASE_URL, "
                "or unset it to use the embedded SQLite file."
            ) from None

    def _print_banner(self, host: str, port: int) -> None:
        credentials_file = settings.VAR_DIR / "demo_credentials.json"
        lines = [f"Elevium CDS on http://{host}:{port}/  (Ctrl-C stops web, worker and beat)"]
        if credentials_file.exists():
            lines.append("Demo sign-in:")
            for username, password in json.loads(credentials_file.read_text()).items():
                lines.append(f"  {username:<12} {password}")
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))


def _commands(host: str, port: int) -> dict[str, list[str]]:
    """The worker, beat and web server command lines, by name."""
    python = sys.executable
    celery = [python, "-m", "celery", "-A", "elevium"]
    return {
        "worker": [
            *celery,
            "worker",
            *("--loglevel", "INFO", "--concurrency", "2"),
            *("--queues", ",".join(settings.CELERY_QUEUES), "--hostname", "worker@%h"),
        ],
        "beat": [*celery, "beat", "--loglevel", "INFO", "--schedule", settings.CELERY_BEAT_SCHEDULE_FILENAME],
        "web": [python, "manage.py", "runserver", "--noreload", f"{host}:{port}"],
    }


def _wait_for_stop_or_exit(processes: dict[str, subprocess.Popen[bytes]]) -> str | None:
    """Block until Ctrl-C/SIGTERM (None) or until one process exits (its name)."""
    stop = {"requested": False}

    def request_stop(signum: int, frame: Any) -> None:
        stop["requested"] = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    exited = None
    while not stop["requested"] and exited is None:
        exited = next((name for name, proc in processes.items() if proc.poll() is not None), None)
        time.sleep(0.5)
    return exited


def _stop_all(processes: dict[str, subprocess.Popen[bytes]]) -> None:
    """Terminate what still runs, then kill what has not stopped within 15 s."""
    for proc in processes.values():
        if proc.poll() is None:
            proc.terminate()
    deadline = time.monotonic() + 15
    for proc in processes.values():
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()

"""The app as production runs it (gunicorn in its own process) and a small signed-in HTTP client.

Standard library only: every request opens its own connection (gunicorn's sync workers close
each one), so a dropped or reset connection shows up as an exception, never as a retry.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class WebClient:
    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 20.0

    def request(
        self, method: str, path: str, *, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> Answer:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            all_headers = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
            if self.cookies:
                all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            if method not in ("GET", "HEAD") and "csrftoken" in self.cookies:
                all_headers["X-CSRFToken"] = self.cookies["csrftoken"]
            conn.request(method, path, body=body, headers=all_headers)
            response = conn.getresponse()
            answer = Answer(
                response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
            )
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return answer
        finally:
            conn.close()

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post_json(self, path: str, data: Any) -> Answer:
        return self.request(
            "POST", path, body=json.dumps(data).encode(), headers={"Content-Type": "application/json"}
        )

    def sign_in(self, username: str, password: str) -> None:
        """The sign-in form, as a browser posts it: the CSRF cookie first, then the form."""
        self.get("/login/")
        form = {"username": username, "password": password, "csrfmiddlewaretoken": self.cookies["csrftoken"]}
        answer = self.request(
            "POST",
            "/login/",
            body=urlencode(form).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise AssertionError(f"sign-in failed: {answer.status}")


class Gunicorn:
    """``gunicorn elevium.wsgi`` with the given environment, on a free port, in its own session."""

    def __init__(self, *, port: int, env: dict[str, str], log: Path, workers: int = 2) -> None:
        self.port = port
        self.log = log
        with log.open("ab") as log_file:
            self.process = subprocess.Popen(
                [
                    sys.executable, "-m", "gunicorn", "elevium.wsgi",
                    "--bind", f"127.0.0.1:{port}",
                    "--workers", str(workers),
                    "--timeout", "30",
                    "--graceful-timeout", "5",
                ],
                cwd=ROOT,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def wait_ready(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while True:
            with contextlib.suppress(OSError):
                if WebClient(self.port, timeout=2).get("/login/").status == 200:
                    return
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.1)

    @property
    def workers(self) -> set[int]:
        out = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True, check=False
        )
        return {int(pid) for pid in out.stdout.split()}

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from elevium.jobs.models import TaskRun, TaskRunStatus
from elevium.jobs.tasks import heartbeat

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def test_it_is_200_when_postgresql_and_redis_answer(client: Client) -> None:
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["checks"]["database"]["vendor"] == "postgresql"
    assert body["checks"]["broker"]["transport"] == "redis"


def test_it_needs_no_sign_in_and_is_never_cached(client: Client) -> None:
    response = client.get("/healthz")
    assert "no-store" in response["Cache-Control"]


def test_it_is_503_naming_the_broker_when_redis_does_not_answer(client: Client, settings: Any) -> None:
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["broker"]
    assert response.json()["checks"]["database"]["ok"] is True


def test_it_is_503_naming_the_database_when_postgresql_does_not_answer(tmp_path: Path) -> None:
    # A separate process: this one's database connection must stay up for the rest of the suite.
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz', HTTP_HOST='localhost');"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "ELEVIUM_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "elevium.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["status"] == 503
    assert answer["body"]["failed"] == ["database"]
    assert answer["body"]["checks"]["broker"]["ok"] is True


def test_it_reports_when_a_worker_last_ran_the_heartbeat(client: Client) -> None:
    assert client.get("/healthz").json()["worker_heartbeat"]["seen"] is False
    heartbeat.apply()  # in process: the real worker is exercised in tests/jobs
    assert TaskRun.objects.get().status == TaskRunStatus.SUCCEEDED
    assert client.get("/healthz").json()["worker_heartbeat"]["seen"] is True

"""`make run`'s first two steps on the embedded configuration (SQLite, no servers), as the README
promises a new user: migrate, then load the demo data. Run as subprocesses with their own var/,
so nothing here touches the suite's PostgreSQL database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_migrate_and_seed_demo_work_on_the_embedded_sqlite_setup(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env["ELEVIUM_VAR_DIR"] = str(tmp_path)
    for command in (["migrate", "--noinput"], ["seed_demo"]):
        done = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr[-3000:]
    assert (tmp_path / "elevium.sqlite3").exists()
    assert "technician" in done.stdout

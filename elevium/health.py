"""/healthz: does the database answer, does the broker answer. 200 when both do, 503 naming the one
that failed otherwise. Public (load balancers call it) and free of any patient data."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

from elevium.accounts.access import public

BROKER_TIMEOUT_SECONDS = 2


def check_database() -> dict[str, Any]:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True, "vendor": connection.vendor, "ms": round((time.perf_counter() - started) * 1000, 1)}


def check_broker() -> dict[str, Any]:
    started = time.perf_counter()
    conn = Connection(
        settings.CELERY_BROKER_URL,
        transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        connect_timeout=BROKER_TIMEOUT_SECONDS,
    )
    try:
        conn.ensure_connection(
            max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT_SECONDS
        )
        transport = conn.transport_cls
    except Exception as exc:  # noqa: BLE001 - any failure to connect is "down", reported by class only
        return {"ok": False, "error": type(exc).__name__}
    finally:
        conn.release()
    return {"ok": True, "transport": transport, "ms": round((time.perf_counter() - started) * 1000, 1)}


def worker_heartbeat() -> dict[str, Any]:
    """Informational: when a worker last ran beat's heartbeat task. Does not change the status code,
    since web and workers are deployed and scaled apart."""
    from elevium.jobs.selectors import last_heartbeat

    try:
        run = last_heartbeat()
    except DatabaseError:
        return {"seen": False}
    if run is None or run.finished_at is None:
        return {"seen": False}
    return {"seen": True, "seconds_ago": int((timezone.now() - run.finished_at).total_seconds())}


@public
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": check_database(), "broker": check_broker()}
    failed = sorted(name for name, result in checks.items() if not result["ok"])
    body: dict[str, Any] = {"status": "ok" if not failed else "unavailable", "checks": checks}
    if failed:
        body["failed"] = failed
    elif checks["database"]["ok"]:
        body["worker_heartbeat"] = worker_heartbeat()
    return JsonResponse(body, status=503 if failed else 200)

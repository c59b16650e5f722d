"""Health of a running instance: `/healthz` (the process answers; no database) and `/readyz` (database,
cache, migrations applied, a task worker alive), as JSON with 200 or 503.

Both are answered by `HealthMiddleware`, first in MIDDLEWARE: before the host check and the HTTPS
redirect (a load balancer probes by address, over plain HTTP), and not written to the request log
(a probe every few seconds). The same readiness facts feed `danchu check --deploy` and /metrics.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"
_migrations_applied = False  # once true it stays true for the life of the process


def worker_needed() -> bool:
    """A task worker is needed when tasks go to the database queue (not run inline, as in the tests)."""
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    return backend.startswith("django_tasks_db.")


def heartbeat_max_age() -> int:
    return int(getattr(settings, "DANCHU_HEARTBEAT_MAX_AGE", 60))


def heartbeat_age(kind: str, now: dt.datetime | None = None) -> float | None:
    """Seconds since the latest heartbeat of a process of this kind, None when there is none."""
    from .schedule import last_heartbeat

    seen = last_heartbeat(kind)
    if seen is None:
        return None
    return max(0.0, ((now or timezone.now()) - seen).total_seconds())


def _check_database() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def _check_cache() -> dict:
    from django.core.cache import cache

    key = f"danchu:readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    ok = cache.get(key) == "1"
    cache.delete(key)
    return {"ok": ok} if ok else {"ok": False, "error": "cache does not return what was written"}


def unapplied_migrations() -> list[str]:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{m.app_label}.{m.name}" for m, _ in plan]


def _check_migrations() -> dict:
    global _migrations_applied
    if not _migrations_applied:
        pending = unapplied_migrations()
        if pending:
            return {"ok": False, "error": f"{len(pending)} migrations not applied", "pending": pending[:10]}
        _migrations_applied = True
    return {"ok": True}


def _check_worker() -> dict:
    if not worker_needed():
        return {"ok": True, "needed": False}
    age = heartbeat_age("worker")
    limit = heartbeat_max_age()
    if age is None:
        return {"ok": False, "error": "no task worker has reported (danchu worker)"}
    out = {"ok": age <= limit, "age_seconds": round(age, 1)}
    if age > limit:
        out["error"] = f"the latest task worker heartbeat is older than {limit} s"
    return out


CHECKS = {"database": _check_database, "cache": _check_cache, "migrations": _check_migrations,
          "worker": _check_worker}


def readiness() -> tuple[bool, dict]:
    results = {}
    for name, check in CHECKS.items():
        t0 = time.monotonic()
        try:
            result = check()
        except Exception as exc:  # noqa: BLE001 - an unreachable dependency is the answer, not a 500
            result = {"ok": False, "error": type(exc).__name__}
        result["ms"] = round((time.monotonic() - t0) * 1000, 1)
        results[name] = result
        if name == "database" and not result["ok"]:
            # Without the database, migrations and heartbeats cannot be read.
            for rest in ("migrations", "worker"):
                results[rest] = {"ok": False, "error": "database unavailable"}
            break
    ok = all(r["ok"] for r in results.values())
    info = {}
    if results.get("database", {}).get("ok"):
        try:
            age = heartbeat_age("scheduler")
            info["scheduler_age_seconds"] = None if age is None else round(age, 1)
        except Exception:  # noqa: BLE001 - informational only
            info["scheduler_age_seconds"] = None
    return ok, {"status": "ok" if ok else "fail", "checks": results, "info": info}


def _json(data: dict, status: int) -> HttpResponse:
    response = HttpResponse(json.dumps(data), status=status, content_type="application/json")
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True  # a failing probe is in the JSON; not an error line every few seconds
    return response


def healthz() -> HttpResponse:
    return _json({"status": "ok"}, 200)


def readyz() -> HttpResponse:
    ok, data = readiness()
    return _json(data, 200 if ok else 503)


class HealthMiddleware:
    """Answers GET/HEAD /healthz and /readyz before anything else runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            path = request.path_info.rstrip("/")
            if path == HEALTH_PATH:
                return healthz()
            if path == READY_PATH:
                return readyz()
        return self.get_response(request)

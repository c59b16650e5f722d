"""Periodic jobs: one registry, one runner (`danchu schedule`), one by-hand run (`danchu daily`).

Apps register their jobs in their `tasks.py` (found by `discover()`, like the admin's autodiscover),
so core never imports an area app:

    from danchu.core import schedule
    schedule.register("cases.sweep", daily="00:10", label="…", run=lambda now: cases_sweep(today=…))
    schedule.register("reports.rollup_refresh", daily="01:30", label="…", enqueue=rollup_refresh,
                      args=lambda now: (start, end))

A job runs at most once per period (its local date for a daily job, its hour for an hourly one):
the scheduler inserts the (job, period) row of `core.JobRun` before running it, and the pair is
unique, so two schedulers never double-run a period. Every job is idempotent too (flag once, remind
once a day), so a by-hand `danchu daily --force` is harmless. `run=` jobs run in the scheduler's
process (short SQL updates); `enqueue=` jobs are handed to the tasks framework (the worker runs them),
for heavy work. Each run keeps its start, duration, result or error (admin page "việc định kỳ",
`danchu schedule --status`).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

logger = logging.getLogger("danchu.schedule")

# A failed run is tried again this long after it failed, at most MAX_ATTEMPTS times in a period.
RETRY_AFTER = dt.timedelta(minutes=10)
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Job:
    name: str
    label: str
    every: str  # "daily" | "hourly"
    at: dt.time  # daily: the local time of day; hourly: the minute (at.minute)
    run: Callable[[dt.datetime], Any] | None = None
    enqueue: Any = None  # a django-tasks Task
    args: Callable[[dt.datetime], tuple] | None = None
    timeout: dt.timedelta = dt.timedelta(hours=1)
    description: str = field(default="", compare=False)

    @property
    def when(self) -> str:
        return f"hằng ngày {self.at:%H:%M}" if self.every == "daily" else f"hằng giờ, phút {self.at.minute:02d}"


_REGISTRY: dict[str, Job] = {}
_discovered = False


def register(name: str, *, label: str, run: Callable[[dt.datetime], Any] | None = None, enqueue: Any = None,
             args: Callable[[dt.datetime], tuple] | None = None, daily: str | None = None, hourly: int | None = None,
             timeout_minutes: int = 60) -> Job:
    """Declare a periodic job. `run(now)` is called in the scheduler; `enqueue` (a task) is enqueued with
    `args(now)`. Exactly one of `daily="HH:MM"` (local time) and `hourly=<minute>`."""
    if (run is None) == (enqueue is None):
        raise ValueError(f"{name}: give run= or enqueue=, not both")
    if (daily is None) == (hourly is None):
        raise ValueError(f"{name}: give daily='HH:MM' or hourly=<minute>")
    if daily is not None:
        every, at = "daily", dt.time.fromisoformat(daily)
    else:
        if not 0 <= int(hourly) < 60:
            raise ValueError(f"{name}: hourly minute must be 0..59")
        every, at = "hourly", dt.time(0, int(hourly))
    job = Job(name=name, label=label, every=every, at=at, run=run, enqueue=enqueue, args=args,
              timeout=dt.timedelta(minutes=timeout_minutes))
    _REGISTRY[name] = job
    return job


def discover() -> None:
    """Import the `tasks` module of every installed danchu app (where apps register their jobs)."""
    global _discovered
    if _discovered:
        return
    from importlib import import_module

    from django.apps import apps
    from django.utils.module_loading import module_has_submodule

    for config in apps.get_app_configs():
        if config.name.startswith("danchu.") and module_has_submodule(config.module, "tasks"):
            import_module(f"{config.name}.tasks")
    _discovered = True


def jobs() -> list[Job]:
    discover()
    return sorted(_REGISTRY.values(), key=lambda j: (j.every != "hourly", j.at, j.name))


def job(name: str) -> Job:
    discover()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"no periodic job named {name!r}; known: {', '.join(sorted(_REGISTRY))}") from None


# --- periods ---------------------------------------------------------------------------------------

def period_key(j: Job, now: dt.datetime) -> str:
    """The period `now` falls in (local time): the date of a daily job, the hour of an hourly one."""
    local = timezone.localtime(now)
    return local.strftime("%Y-%m-%d") if j.every == "daily" else local.strftime("%Y-%m-%dT%H")


def is_due(j: Job, now: dt.datetime) -> bool:
    """Whether this period's run time has come (a scheduler that was down catches up on start)."""
    local = timezone.localtime(now)
    if j.every == "daily":
        return local.time() >= j.at
    return local.minute >= j.at.minute


def next_run(j: Job, now: dt.datetime) -> dt.datetime:
    local = timezone.localtime(now)
    if j.every == "daily":
        candidate = local.replace(hour=j.at.hour, minute=j.at.minute, second=0, microsecond=0)
        return candidate if candidate > local else candidate + dt.timedelta(days=1)
    candidate = local.replace(minute=j.at.minute, second=0, microsecond=0)
    return candidate if candidate > local else candidate + dt.timedelta(hours=1)


# --- running -----------------------------------------------------------------------------------------

@dataclass
class Outcome:
    job: str
    period: str
    status: str  # ok | enqueued | failed | skipped
    result: Any = None
    error: str = ""
    duration_ms: int | None = None


def _runner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def _claim(j: Job, period: str):
    """The JobRun row this process now owns for (job, period), or None when another process ran it or
    runs it. Inserting the row is the lock: (job, period) is unique."""
    from .models import JobRun

    started = timezone.now()
    try:
        with transaction.atomic():
            return JobRun.objects.create(job=j.name, period=period, status=JobRun.Status.RUNNING, started_at=started,
                                         runner=_runner())
    except IntegrityError:
        pass
    # Taken before: claim it again only if it failed a while ago, or its process died mid-run. The
    # conditional UPDATE is atomic, so of two schedulers only one gets the row.
    again = JobRun.objects.filter(job=j.name, period=period, attempts__lt=MAX_ATTEMPTS).filter(
        Q(status=JobRun.Status.FAILED, finished_at__lt=started - RETRY_AFTER)
        | Q(status=JobRun.Status.RUNNING, started_at__lt=started - j.timeout))
    if again.update(status=JobRun.Status.RUNNING, started_at=started, finished_at=None, duration_ms=None,
                    attempts=F("attempts") + 1, error="", runner=_runner()) == 0:
        return None
    return JobRun.objects.get(job=j.name, period=period)


def _jsonable(value: Any) -> dict:
    if isinstance(value, dict):
        out = value
    elif value is None:
        out = {}
    else:
        out = {"value": value}
    import json

    try:
        json.dumps(out)
    except (TypeError, ValueError):
        out = {"value": repr(value)[:500]}
    return out


def run_job(j: Job, *, now: dt.datetime | None = None, period: str | None = None) -> Outcome:
    """Run one job for one period unless that period's run is already taken."""
    from .models import JobRun

    now = now or timezone.now()
    period = period or period_key(j, now)
    run = _claim(j, period)
    if run is None:
        return Outcome(j.name, period, "skipped")
    t0 = time.monotonic()
    task_id, status, error, result = "", JobRun.Status.OK, "", None
    try:
        if j.enqueue is not None:
            r = j.enqueue.enqueue(*(j.args(now) if j.args else ()))
            task_id, status = str(r.id), JobRun.Status.ENQUEUED
            result = {"task_id": task_id}
        else:
            result = j.run(now)
            if isinstance(result, dict) and result.get("task_id"):  # the job handed its work to the worker
                task_id, status = str(result["task_id"]), JobRun.Status.ENQUEUED
    except Exception as exc:  # noqa: BLE001 - a failed job is recorded and retried; the others still run
        status = JobRun.Status.FAILED
        error = "".join(traceback.format_exception(exc))[-4000:]
        logger.error("periodic job %s failed (%s)", j.name, type(exc).__name__,
                     extra={"job": j.name, "period": period, "error_class": type(exc).__name__})
    ms = int((time.monotonic() - t0) * 1000)
    data = _jsonable(result) if status != JobRun.Status.FAILED else {}
    JobRun.objects.filter(pk=run.pk).update(status=status, finished_at=timezone.now(), duration_ms=ms, result=data,
                                            error=error, task_id=task_id)
    if status != JobRun.Status.FAILED:
        logger.info("periodic job %s %s in %d ms", j.name, status, ms,
                    extra={"job": j.name, "period": period, "job_status": str(status), "duration_ms": ms})
    return Outcome(j.name, period, str(status), data, error.strip().splitlines()[-1] if error else "", ms)


def run_due(now: dt.datetime | None = None) -> list[Outcome]:
    """Run every job whose time has come in its current period and that has not run in it (the
    scheduler's tick)."""
    now = now or timezone.now()
    return [run_job(j, now=now) for j in jobs() if is_due(j, now)]


def run_all(now: dt.datetime | None = None, *, force: bool = False, names: list[str] | None = None) -> list[Outcome]:
    """`danchu daily`: every job (or those named) once, now, for its current period — skipped when already
    run in it; `force` runs them again under a period of their own ("manual-…"): safe, every job is
    idempotent."""
    now = now or timezone.now()
    selected = [job(n) for n in names] if names else jobs()
    manual = f"manual-{timezone.localtime(now):%Y-%m-%dT%H:%M:%S.%f}"
    return [run_job(j, now=now, period=manual if force else None) for j in selected]


# --- status ------------------------------------------------------------------------------------------

def _task_status(task_id: str) -> str:
    if not task_id:
        return ""
    try:
        from django_tasks import default_task_backend

        return str(default_task_backend.get_result(task_id).status)
    except Exception:  # noqa: BLE001 - a backend that keeps no results (immediate), or a pruned result
        return ""


def status(now: dt.datetime | None = None) -> list[dict]:
    """Each job with its last run (any period): what `danchu schedule --status` prints."""
    from .models import JobRun

    now = now or timezone.now()
    rows = []
    for j in jobs():
        last = JobRun.objects.filter(job=j.name).order_by("-started_at", "-id").first()
        rows.append({
            "job": j.name, "label": j.label, "when": j.when, "next_run": next_run(j, now),
            "period": last.period if last else "", "status": last.status if last else "",
            "started_at": last.started_at if last else None, "duration_ms": last.duration_ms if last else None,
            "attempts": last.attempts if last else 0, "result": last.result if last else {},
            "error": (last.error.strip().splitlines()[-1] if last and last.error else ""),
            "task_status": _task_status(last.task_id) if last else "",
        })
    return rows


# --- heartbeats ----------------------------------------------------------------------------------------

def heartbeat(kind: str, ident: str, *, started_at: dt.datetime | None = None) -> None:
    """Record that a background process is alive (called every few seconds by it)."""
    from .models import ProcessHeartbeat

    now = timezone.now()
    ProcessHeartbeat.objects.update_or_create(
        ident=ident[:64], defaults={"kind": kind, "host": socket.gethostname()[:120], "pid": os.getpid(), "seen_at": now},
        create_defaults={"kind": kind, "host": socket.gethostname()[:120], "pid": os.getpid(), "seen_at": now,
                         "started_at": started_at or now})


def heartbeat_clear(ident: str) -> None:
    from .models import ProcessHeartbeat

    ProcessHeartbeat.objects.filter(ident=ident[:64]).delete()


def last_heartbeat(kind: str) -> dt.datetime | None:
    from .models import ProcessHeartbeat

    return ProcessHeartbeat.objects.filter(kind=kind).order_by("-seen_at").values_list("seen_at", flat=True).first()


def prune(*, now: dt.datetime, keep_days: int) -> dict:
    """Drop job runs older than `keep_days` (the latest of each job is kept) and heartbeats of processes
    silent for a day."""
    from .models import JobRun, ProcessHeartbeat

    cutoff = now - dt.timedelta(days=keep_days)
    latest = [JobRun.objects.filter(job=name).order_by("-started_at", "-id").values_list("pk", flat=True).first()
              for name in JobRun.objects.values_list("job", flat=True).distinct()]
    runs, _ = JobRun.objects.filter(started_at__lt=cutoff).exclude(pk__in=[pk for pk in latest if pk]).delete()
    beats, _ = ProcessHeartbeat.objects.filter(seen_at__lt=now - dt.timedelta(days=1)).delete()
    return {"job_runs_deleted": runs, "heartbeats_deleted": beats}

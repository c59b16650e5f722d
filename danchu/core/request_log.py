"""Observability without personal data: one log line per request, a request id, JSON logs, metrics.

- `RequestLogMiddleware` (near the top of MIDDLEWARE) gives every request an id — the caller's
  `X-Request-ID` when it looks like one, else a new one — returns it in the response, and logs one
  line on the `danchu.request` logger: method, the URL *pattern* (never the path as typed: no query
  string, no tracking code), the view, the unit code when the URL has one, status, duration and the
  account id. Never names, phone numbers or e-mails (Decree 13/2023 on personal data: logs keep the
  minimum).
- `RequestIdFilter` puts the id on every log record of the request; `JsonFormatter` writes one JSON
  object per line (DANCHU_LOG_JSON=1), `PlainFormatter` a readable line (the demo). Both mask e-mail
  addresses and phone numbers that reach a message anyway (an exception text, a library's log).
- `metrics` (`/metrics`, Prometheus text format 0.0.4): request counts and durations kept in the
  cache (shared by every process when the cache is Redis; per process otherwise), plus the state of
  jobs, workers and the task queue read at scrape time. Open only to DANCHU_METRICS_ALLOW addresses
  (the client's address behind DANCHU_TRUSTED_PROXIES, core.clients) or a bearer DANCHU_METRICS_TOKEN;
  otherwise 404. Closed by default.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import ipaddress
import json
import logging
import re
import secrets
import threading
import time
import uuid

from django.conf import settings
from django.http import Http404, HttpResponse

logger = logging.getLogger("danchu.request")
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("danchu_request_id", default="-")

_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{7,99}$")
_UNIT_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,23}$")
# Masks for whatever reaches a log message anyway: e-mail addresses and Vietnamese phone numbers
# (0xxxxxxxxx, +84xxxxxxxxx, 84xxxxxxxxx, with or without spaces/dots between the groups).
_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_PHONE_RE = re.compile(r"(?<![\w])(?:\+?84|0)(?:[ .-]?\d){8,10}(?![\w])")


def mask_personal(text: str) -> str:
    return _PHONE_RE.sub("[số điện thoại]", _EMAIL_RE.sub("[email]", text))


def request_id_from(header: str | None) -> str:
    """The caller's id when it is a plausible one (8–100 of [A-Za-z0-9._-], e.g. a UUID or nginx's
    $request_id), otherwise a new UUID. A value that would be a phone number is never taken."""
    if header and _REQUEST_ID_RE.match(header) and not _PHONE_RE.fullmatch(header):
        return header
    return uuid.uuid4().hex


# --- logging -----------------------------------------------------------------------------------------

class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id", "taskName"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id and the record's extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": mask_personal(record.getMessage()),
            "request_id": getattr(record, "request_id", request_id_var.get()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                data[key] = mask_personal(value) if isinstance(value, str) else value
        if record.exc_info:
            data["exc"] = mask_personal(self.formatException(record.exc_info))
        return json.dumps(data, ensure_ascii=False, default=str)


class PlainFormatter(logging.Formatter):
    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return mask_personal(super().format(record))


# --- the request line ----------------------------------------------------------------------------------

def _user_id(request) -> int | None:
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return user.pk
    auth = getattr(request, "auth", None)  # the API's bearer token resolves to the account
    if auth is not None and getattr(auth, "is_authenticated", False):
        return getattr(auth, "pk", None)
    return None


def request_fields(request, response, duration: float) -> dict:
    match = getattr(request, "resolver_match", None)
    if match is not None:
        route = f"/{match.route}"
    elif request.path_info.startswith(settings.STATIC_URL or "/static/"):
        route = settings.STATIC_URL or "/static/"  # the file's name is not needed to count it
    else:
        route = "<unresolved>"
    code = (match.kwargs.get("code") if match is not None else None) or ""
    return {
        "method": request.method if request.method in _METHODS else "OTHER",
        "route": route,
        "view": (match.view_name if match is not None else "") or "",
        "unit": code if isinstance(code, str) and _UNIT_CODE_RE.match(code) else "",
        "status": response.status_code,
        "duration_ms": round(duration * 1000, 1),
        "user_id": _user_id(request),
    }


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = request_id_from(request.META.get("HTTP_X_REQUEST_ID"))
        request.request_id = rid
        token = request_id_var.set(rid)
        t0 = time.perf_counter()
        try:
            response = self.get_response(request)
            duration = time.perf_counter() - t0
            response["X-Request-ID"] = rid
            fields = request_fields(request, response, duration)
            logger.info("%s %s %s %.1f ms unit=%s user=%s", fields["method"], fields["route"], fields["status"],
                        fields["duration_ms"], fields["unit"] or "-", fields["user_id"] or "-",
                        extra={"request_id": rid, **fields})
            metrics.observe(fields["method"], fields["status"], duration)
            return response
        finally:
            request_id_var.reset(token)


# --- metrics -------------------------------------------------------------------------------------------

_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
_STATUS = ("1xx", "2xx", "3xx", "4xx", "5xx")
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_PREFIX = "danchu:metrics:"


class _Metrics:
    """Counters accumulated in the process and added to the cache at most every FLUSH_SECONDS (and
    before each scrape), so a request costs no cache round trip."""

    FLUSH_SECONDS = 5.0

    def __init__(self):
        self._lock = threading.Lock()
        self._pending: dict[str, float] = {}
        self._last_flush = time.monotonic()

    @staticmethod
    def keys() -> list[str]:
        out = [f"req:{m}:{s}" for m in (*_METHODS, "OTHER") for s in _STATUS]
        out += [f"dur:{b}" for b in (*BUCKETS, "+Inf")] + ["dur:sum_ms", "dur:count"]
        return out

    def observe(self, method: str, status: int, seconds: float) -> None:
        cls = f"{min(max(status // 100, 1), 5)}xx"
        with self._lock:
            p = self._pending
            p[f"req:{method}:{cls}"] = p.get(f"req:{method}:{cls}", 0) + 1
            for b in BUCKETS:
                if seconds <= b:
                    p[f"dur:{b}"] = p.get(f"dur:{b}", 0) + 1
            p["dur:+Inf"] = p.get("dur:+Inf", 0) + 1
            p["dur:sum_ms"] = p.get("dur:sum_ms", 0) + int(seconds * 1000)
            p["dur:count"] = p.get("dur:count", 0) + 1
            due = time.monotonic() - self._last_flush >= self.FLUSH_SECONDS
        if due:
            self.flush()

    def flush(self) -> None:
        from django.core.cache import cache

        with self._lock:
            pending, self._pending = self._pending, {}
            self._last_flush = time.monotonic()
        for key, delta in pending.items():
            full = _PREFIX + key
            try:
                try:
                    cache.incr(full, int(delta))
                except ValueError:  # not there yet
                    if not cache.add(full, int(delta), timeout=None):
                        cache.incr(full, int(delta))
            except Exception:  # noqa: BLE001 - metrics never break a request
                logging.getLogger("danchu.metrics").warning("metrics: cache unavailable, %s not counted", key)

    def values(self) -> dict[str, int]:
        from django.core.cache import cache

        self.flush()
        got = cache.get_many([_PREFIX + k for k in self.keys()])
        return {k: int(got.get(_PREFIX + k, 0)) for k in self.keys()}


metrics = _Metrics()


def _allowed(request) -> bool:
    token = getattr(settings, "DANCHU_METRICS_TOKEN", "")
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if token and header.startswith("Bearer ") and secrets.compare_digest(header[7:].strip(), token):
        return True
    from .clients import client_address, trusted_proxies

    if trusted_proxies() == 0 and request.META.get("HTTP_X_FORWARDED_FOR"):
        return False  # came through a proxy nobody declared: its address says nothing about the client
    try:
        addr = ipaddress.ip_address(client_address(request))
    except ValueError:
        return False
    for entry in getattr(settings, "DANCHU_METRICS_ALLOW", []):
        try:
            if addr in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def _line(name: str, value, labels: dict | None = None) -> str:
    if labels:
        inner = ",".join(f'{k}="{str(v).replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}"'
                         for k, v in labels.items())
        return f"{name}{{{inner}}} {value}"
    return f"{name} {value}"


def render_metrics() -> str:
    from django.db.models import Count
    from django.utils import timezone

    from . import health, schedule
    from .models import JobRun

    v = metrics.values()
    out = ["# HELP danchu_http_requests_total HTTP requests by method and status class.",
           "# TYPE danchu_http_requests_total counter"]
    out += [_line("danchu_http_requests_total", v[f"req:{m}:{s}"], {"method": m, "status": s})
            for m in (*_METHODS, "OTHER") for s in _STATUS if v[f"req:{m}:{s}"]]
    out += ["# HELP danchu_http_request_duration_seconds Time to answer a request.",
            "# TYPE danchu_http_request_duration_seconds histogram"]
    out += [_line("danchu_http_request_duration_seconds_bucket", v[f"dur:{b}"], {"le": b}) for b in (*BUCKETS, "+Inf")]
    out += [_line("danchu_http_request_duration_seconds_sum", v["dur:sum_ms"] / 1000),
            _line("danchu_http_request_duration_seconds_count", v["dur:count"])]
    now = timezone.now()
    out += ["# HELP danchu_job_last_run_timestamp_seconds Start of the latest run of each periodic job.",
            "# TYPE danchu_job_last_run_timestamp_seconds gauge"]
    last_ok, durations = [], []
    for row in schedule.status(now):
        if row["started_at"] is None:
            continue
        labels = {"job": row["job"]}
        out.append(_line("danchu_job_last_run_timestamp_seconds", int(row["started_at"].timestamp()), labels))
        last_ok.append(_line("danchu_job_last_run_success", int(row["status"] in (JobRun.Status.OK, JobRun.Status.ENQUEUED)),
                             labels))
        if row["duration_ms"] is not None:
            durations.append(_line("danchu_job_last_duration_seconds", row["duration_ms"] / 1000, labels))
    out += ["# TYPE danchu_job_last_run_success gauge", *last_ok, "# TYPE danchu_job_last_duration_seconds gauge",
            *durations]
    for kind in ("worker", "scheduler"):
        age = health.heartbeat_age(kind, now)
        if age is not None:
            out += [f"# TYPE danchu_{kind}_heartbeat_age_seconds gauge",
                    _line(f"danchu_{kind}_heartbeat_age_seconds", round(age, 1))]
    if health.worker_needed():
        from django_tasks_db.models import DBTaskResult

        out += ["# HELP danchu_tasks Background tasks in the database queue by status.", "# TYPE danchu_tasks gauge"]
        out += [_line("danchu_tasks", row["n"], {"status": row["status"]})
                for row in DBTaskResult.objects.values("status").annotate(n=Count("id")).order_by("status")]
    return "\n".join(out) + "\n"


def metrics_view(request):
    if not _allowed(request):
        raise Http404
    return HttpResponse(render_metrics(), content_type="text/plain; version=0.0.4; charset=utf-8")


# --- Sentry (optional) ---------------------------------------------------------------------------------

def sentry_scrub(event: dict, hint: dict | None = None) -> dict:
    """Before an event leaves: no cookies, headers, query string, body or user details; messages masked."""
    request = event.get("request") or {}
    for key in ("cookies", "data", "query_string", "env"):
        request.pop(key, None)
    if "headers" in request:
        request["headers"] = {k: v for k, v in request["headers"].items() if k.lower() in {"x-request-id", "user-agent"}}
    if "url" in request:
        request["url"] = request["url"].split("?", 1)[0]
    user = event.get("user")
    if user:
        event["user"] = {"id": user.get("id")} if user.get("id") is not None else {}
    if isinstance(event.get("message"), str):
        event["message"] = mask_personal(event["message"])
    for entry in (event.get("logentry"), *(event.get("exception") or {}).get("values", [])):
        if isinstance(entry, dict):
            for key in ("message", "formatted", "value"):
                if isinstance(entry.get(key), str):
                    entry[key] = mask_personal(entry[key])
    return event


def sentry_init(dsn: str) -> bool:
    """Send errors to Sentry when SENTRY_DSN is set and sentry-sdk is installed (it is not a dependency:
    `pip install sentry-sdk`); False when it is not installed (`danchu check --deploy` says so)."""
    try:
        import sentry_sdk
    except ImportError:
        return False
    import os

    sentry_sdk.init(dsn=dsn, send_default_pii=False, before_send=sentry_scrub,
                    environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
                    traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")))
    return True

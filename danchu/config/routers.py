"""Reads of the public read path on a streaming replica; everything else on the primary.

Active when DATABASE_REPLICA_URL is set (settings add the "replica" alias, this router and
`ReplicaMiddleware`). A request reads from the replica when all of these hold:

- it is a GET or HEAD (every write, and every read of a request that writes, stays on the primary);
- its path is on the public read path: the home page, units' public pages (`/u/…`), disclosures
  (`/cong-khai/…`), the transparency log (`/log/…`), public consultation and decision pages, "Dân vận
  khéo", the read-only API (`/api/v1/…` without an `Authorization` header: a machine with a token reads
  its own writes) and Open311 reads, the Steering Committee's dashboards (`/bao-cao/<mã>/…`);
  never the officers' pages (`/quan-ly/…`), accounts, the admin, voting or tracking pages;
- the client has not written in the last DANCHU_REPLICA_PIN_SECONDS: after any POST/PUT/PATCH/DELETE
  the response carries a short cookie that pins the client to the primary, so a person who has just
  made a step sees it at once (read-your-own-writes), whatever the replication lag;
- the replica answers: it is probed before the request (a broken connection is replaced), and when it
  does not answer, or fails during the request, it is left alone for DANCHU_REPLICA_RETRY_SECONDS and
  the request is served from the primary (a GET is re-run there once).

Inside a transaction every read goes to the primary (what a service reads before it writes); the
rate-limit counters (the database cache) are always read on the primary.
"""

from __future__ import annotations

import contextvars
import logging
import threading
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections

REPLICA = "replica"
PIN_COOKIE = "danchu_primary"
SAFE_METHODS = frozenset({"GET", "HEAD"})
PUBLIC_PREFIXES = ("/u/", "/cong-khai/", "/log/", "/gop-y/", "/ban-quyet/", "/dan-van-kheo/", "/api/v1/",
                   "/open311/v2/", "/bao-cao/")
# Under the prefixes above, what is a person's own work in progress rather than a public read.
PRIMARY_PREFIXES = ("/api/v1/auth/", "/api/v1/me", "/bao-cao/du-thao/", "/bao-cao/xuat/")
PRIMARY_ONLY_APPS = frozenset({"django_cache"})  # the database cache holds the rate limits' counts

logger = logging.getLogger("danchu.replica")
_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("danchu_use_replica", default=False)
_failed: contextvars.ContextVar[list | None] = contextvars.ContextVar("danchu_replica_failed", default=None)


class _Health:
    """Per process: until when the replica is left alone after it failed."""

    def __init__(self):
        self.down_until = 0.0
        self.lock = threading.Lock()

    def down(self) -> bool:
        return time.monotonic() < self.down_until

    def mark_down(self, reason: str) -> None:
        with self.lock:
            if not self.down():
                logger.warning("replica unavailable, reading from the primary for %ss (%s)",
                               settings.DANCHU_REPLICA_RETRY_SECONDS, reason)
            self.down_until = time.monotonic() + settings.DANCHU_REPLICA_RETRY_SECONDS


health = _Health()


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def is_public_read(request) -> bool:
    """Whether this request may be served from the replica (the rules in the module's docstring)."""
    if request.method not in SAFE_METHODS or request.COOKIES.get(PIN_COOKIE):
        return False
    path = request.path_info
    if path.startswith(PRIMARY_PREFIXES):
        return False
    if path.startswith(("/api/v1/", "/open311/v2/")) and request.META.get("HTTP_AUTHORIZATION"):
        return False
    return path == "/" or path.startswith(PUBLIC_PREFIXES)


def replica_usable() -> bool:
    """The replica answers now (a dead persistent connection is closed and opened again)."""
    if health.down():
        return False
    conn = connections[REPLICA]
    try:
        if conn.connection is not None and not conn.is_usable():
            conn.close()
        conn.ensure_connection()
    except (OperationalError, InterfaceError) as exc:
        _close_quietly(conn)
        health.mark_down(type(exc).__name__)
        return False
    return True


def _close_quietly(conn) -> None:
    try:
        conn.close()
    except DatabaseError:
        conn.connection = None


def _close_replica() -> None:
    if REPLICA in connections.settings:
        _close_quietly(connections[REPLICA])


class ReplicaRouter:
    """Reads on the replica for the requests ReplicaMiddleware marks; writes and the rest on the primary."""

    def db_for_read(self, model, **hints):
        if not _use_replica.get() or model._meta.app_label in PRIMARY_ONLY_APPS:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS  # a transaction reads what it is about to change where it changes it
        return REPLICA

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same database, one of them a copy

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # the replica follows the primary's WAL


class ReplicaMiddleware:
    """Marks public reads for the replica (falling back to the primary) and pins writers to the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        use = is_public_read(request) and replica_usable()
        token, failed_token = _use_replica.set(use), _failed.set([] if use else None)
        try:
            response = self.get_response(request)
            if use and _failed.get():
                # The replica failed in the middle of a read-only request: once more, on the primary.
                health.mark_down(type(_failed.get()[0]).__name__)
                _close_replica()
                _use_replica.set(False)
                response = self.get_response(request)
        finally:
            _use_replica.reset(token)
            _failed.reset(failed_token)
        if request.method not in SAFE_METHODS:
            response.set_cookie(PIN_COOKIE, "1", max_age=settings.DANCHU_REPLICA_PIN_SECONDS, httponly=True,
                                samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
        return response

    def process_exception(self, request, exception):
        """A view failing while it reads from the replica: remembered, so the request is re-run on the
        primary (Django still turns the exception into the first response, which is then discarded)."""
        failed = _failed.get()
        if failed is not None and _use_replica.get() and isinstance(exception, (OperationalError, InterfaceError)):
            failed.append(exception)
        return None

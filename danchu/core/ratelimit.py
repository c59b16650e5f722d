"""Rate limits counted in the shared cache, so that every web process sees the same count.

A fixed-window counter: each (limit, key) has one cache entry per window, created by `cache.add`
and counted up by `cache.incr`. Both are atomic on Redis (`REDIS_URL`) and, with the backend below,
on the database — the cache the limits use when there is no Redis (settings: the "ratelimit" alias,
its table created by `danchu migrate`). A per-process memory cache would let each gunicorn worker
count on its own, multiplying every limit by the number of workers.

What is limited (the numbers are settings, DANCHU_RATE_LIMITS):

- anonymous submissions (cases by web form, API and Open311; questions for a dialogue): per client
  and, across all clients, per unit — `anonymous_submission`; signed-in people are not limited here;
- tracking-code lookups per client (codes are random, guessing is slowed) — `lookup`.

The caller passes the client as `core.clients.client_address(request)` (behind the configured trusted
proxies); an IPv6 client is counted by its /64.
Refusals raise `Throttled`: code "throttled", HTTP 429 (RFC 6585 §4), a Vietnamese message.
"""

from __future__ import annotations

import base64
import hashlib
import math
import pickle
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.utils.timezone import now as tz_now

from .clients import client_network
from .errors import DomainError

TABLE = "danchu_ratelimit"  # the database cache's table (accounts migration 0002 creates it)

DEFAULT_RATES = {
    # name: (how many, per how many seconds)
    "submission_client": (10, 3600),
    "submission_unit": (200, 3600),
    "lookup_client": (20, 600),
}


class Throttled(DomainError):
    """Too many requests (RFC 6585 §4): nothing was done; try again after `retry_after` seconds."""

    status = 429

    def __init__(self, message: str, *, message_en: str, retry_after: int):
        super().__init__("throttled", message, message_en=message_en)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Rate:
    limit: int
    window: int  # seconds


def rate(name: str) -> Rate:
    configured = getattr(settings, "DANCHU_RATE_LIMITS", {}) or {}
    limit, window = configured.get(name, DEFAULT_RATES[name])
    return Rate(int(limit), max(1, int(window)))


def _cache(cache=None):
    return cache if cache is not None else caches[getattr(settings, "DANCHU_RATELIMIT_CACHE", "default")]


def hit(name: str, key: str, *, limit: Rate | None = None, cache=None, now: float | None = None) -> tuple[int, int]:
    """Count one request of `key` against the limit `name`; return (count in this window, seconds
    until the window ends). The key is hashed: no address or code is stored as such."""
    r = limit or rate(name)
    t = time.time() if now is None else now
    bucket = int(t // r.window)
    remaining = max(1, math.ceil((bucket + 1) * r.window - t))
    digest = hashlib.sha256(f"{name}\0{key}".encode()).hexdigest()[:32]
    entry = f"rl:{name}:{digest}:{bucket}"
    c = _cache(cache)
    if c.add(entry, 1, timeout=remaining + 1):
        return 1, remaining
    try:
        return int(c.incr(entry)), remaining
    except ValueError:  # the entry expired between add and incr: a new window
        c.add(entry, 1, timeout=remaining + 1)
        return 1, remaining


def allowed(name: str, key: str, **kw) -> tuple[bool, int]:
    count, remaining = hit(name, key, **kw)
    return count <= (kw.get("limit") or rate(name)).limit, remaining


def _minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))


def anonymous_submission(*, user, client: str, scope: str, unit_code: str, cache=None) -> None:
    """Refuse (Throttled) an anonymous submission when its client (`client_address(request)`), or the
    unit it goes to, has sent too many in the current window. Call it once the input is valid and
    before the service: a refusal saves nothing. Signed-in people are not counted."""
    if user is not None and getattr(user, "is_authenticated", False):
        return
    ok, remaining = allowed("submission_client", f"{scope}:{client_network(client)}", cache=cache)
    if not ok:
        raise Throttled(f"Bạn đã gửi quá nhiều lần khi chưa đăng nhập. Vui lòng thử lại sau khoảng "
                        f"{_minutes(remaining)} phút, hoặc đăng nhập để gửi tiếp.",
                        message_en="Too many submissions without signing in. Try again later, or sign in.",
                        retry_after=remaining)
    ok, remaining = allowed("submission_unit", f"{scope}:{unit_code}", cache=cache)
    if not ok:
        raise Throttled(f"Đơn vị này đang nhận quá nhiều lượt gửi từ người chưa đăng nhập. Vui lòng thử lại "
                        f"sau khoảng {_minutes(remaining)} phút, đăng nhập để gửi, hoặc liên hệ trực tiếp.",
                        message_en="This unit is receiving too many anonymous submissions. Try again later, "
                                   "sign in, or get in touch in person.",
                        retry_after=remaining)


def lookup(*, client: str, scope: str, cache=None) -> None:
    """Refuse (Throttled) a client (`client_address(request)`) that looks up tracking codes too often."""
    ok, remaining = allowed("lookup_client", f"{scope}:{client_network(client)}", cache=cache)
    if not ok:
        raise Throttled(f"Bạn tra cứu quá nhiều lần. Vui lòng thử lại sau khoảng {_minutes(remaining)} phút.",
                        message_en="Too many lookups; try again later.", retry_after=remaining)


class CounterDatabaseCache(DatabaseCache):
    """Django's database cache with an atomic `incr`.

    DatabaseCache inherits BaseCache.incr, a `get` then a `set`: two processes counting at once both
    read n and both write n + 1, and a limit lets through more than it should. Here the row is read
    under a lock (SELECT … FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions already hold the
    database's write lock) and written in the same transaction. `add` is atomic already (the key is
    the table's primary key).
    """

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        qn = connection.ops.quote_name
        table = qn(self._table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        now = connection.ops.adapt_datetimefield_value(tz_now().replace(microsecond=0))
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                # Identifiers only (the table name from settings, quoted), the values as parameters.
                f"SELECT {qn('value')} FROM {table} WHERE {qn('cache_key')} = %s AND {qn('expires')} > %s{lock}",  # noqa: S608
                [key, now],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(base64.b64decode(connection.ops.process_clob(row[0]).encode())) + delta  # noqa: S301 — our own table
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET {qn('value')} = %s WHERE {qn('cache_key')} = %s",  # noqa: S608
                           [encoded, key])
        return value

"""The client's address behind trusted proxies (core.clients) and the shared rate-limit counter
(core.ratelimit) — on the database cache and on Redis, counted by two separate cache clients as two
web processes would."""

from __future__ import annotations

import threading

import pytest
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.test import RequestFactory

from danchu.core import ratelimit
from danchu.core.clients import client_address, client_network
from danchu.core.ratelimit import TABLE, CounterDatabaseCache, Rate, Throttled, hit

REDIS = "redis://127.0.0.1:6379/3"


def _req(remote="10.0.0.2", xff=None):
    meta = {"REMOTE_ADDR": remote}
    if xff is not None:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **meta)


# --- client address -------------------------------------------------------------------------------


@pytest.mark.parametrize(("proxies", "remote", "xff", "expected"), [
    (0, "10.0.0.2", "203.0.113.5", "10.0.0.2"),  # no trusted proxy: the header is the client's own text
    (0, "203.0.113.9", None, "203.0.113.9"),
    (1, "10.0.0.2", "203.0.113.5", "203.0.113.5"),  # nginx appended the client
    (1, "10.0.0.2", "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # a forged entry on the left is never read
    (2, "10.0.0.2", "6.6.6.6, 203.0.113.5, 10.0.0.1", "203.0.113.5"),  # load balancer, then nginx
    (2, "10.0.0.2", "203.0.113.5", "203.0.113.5"),  # a shorter chain: its leftmost entry
    (1, "10.0.0.2", None, "10.0.0.2"),  # no header at all: the connection's address
    (1, "10.0.0.2", "not-an-address", "10.0.0.2"),  # garbage from the proxy: counted as the proxy's
    (1, "10.0.0.2", "203.0.113.5:50123", "203.0.113.5"),
    (1, "10.0.0.2", "[2001:DB8::1]:443", "2001:db8::1"),
    (1, "10.0.0.2", "::ffff:203.0.113.5", "203.0.113.5"),
])
def test_client_address_reads_x_forwarded_for_from_the_right(settings, proxies, remote, xff, expected):
    settings.DANCHU_TRUSTED_PROXIES = proxies
    assert client_address(_req(remote, xff)) == expected


def test_an_ipv6_client_is_counted_by_its_64():
    assert client_network("2001:db8:1:2:aaaa::1") == client_network("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert client_network("2001:db8:1:3::1") != client_network("2001:db8:1:2::1")
    assert client_network("203.0.113.5") == "203.0.113.5"


# --- the counter ----------------------------------------------------------------------------------


def _db_cache():
    return CounterDatabaseCache(TABLE, {"MAX_ENTRIES": 100_000})


def test_migrate_created_the_rate_limit_table(db):
    assert TABLE in connection.introspection.table_names()


def test_two_database_cache_clients_share_one_count(db):
    first, second = _db_cache(), _db_cache()  # two web processes
    limit = Rate(5, 3600)
    counts = [hit("t", "client-1", limit=limit, cache=(first if i % 2 else second), now=1000.0)[0] for i in range(7)]
    assert counts == [1, 2, 3, 4, 5, 6, 7]
    assert ratelimit.allowed("t", "client-1", limit=limit, cache=first, now=1000.0)[0] is False
    assert ratelimit.allowed("t", "client-2", limit=limit, cache=second, now=1000.0)[0] is True  # another key
    assert hit("t", "client-1", limit=limit, cache=first, now=4600.0)[0] == 1  # the next window starts afresh


def test_the_database_counter_is_stored_hashed(db):
    hit("t", "203.0.113.5", limit=Rate(5, 60), cache=_db_cache())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {TABLE}")  # noqa: S608
        keys = [row[0] for row in cursor.fetchall()]
    assert keys and not any("203.0.113.5" in k for k in keys)


def test_an_anonymous_submission_over_the_limit_is_throttled_with_429(db, settings):
    settings.DANCHU_RATE_LIMITS = {"submission_client": (2, 3600), "submission_unit": (100, 3600)}
    cache = _db_cache()
    for _ in range(2):
        ratelimit.anonymous_submission(user=None, client="203.0.113.5", scope="t", unit_code="U1", cache=cache)
    with pytest.raises(Throttled) as refused:
        ratelimit.anonymous_submission(user=None, client="203.0.113.5", scope="t", unit_code="U1", cache=cache)
    assert refused.value.status == 429 and refused.value.code == "throttled"
    assert "thử lại sau" in refused.value.message and 0 < refused.value.retry_after <= 3600


def _redis_or_skip(**options):
    cache = RedisCache(REDIS, options)
    try:
        cache.get("ping")
    except Exception:  # noqa: BLE001 — no Redis here
        pytest.skip(f"Redis not reachable at {REDIS}")
    return cache


def test_two_redis_clients_share_one_count():
    import uuid

    key = f"client-{uuid.uuid4()}"
    first, second = _redis_or_skip(), _redis_or_skip()
    limit = Rate(3, 60)
    counts = [hit("t", key, limit=limit, cache=(first if i % 2 else second))[0] for i in range(5)]
    assert counts == [1, 2, 3, 4, 5]
    assert ratelimit.allowed("t", key, limit=limit, cache=first)[0] is False


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_concurrent_counting_on_postgresql_loses_no_hit():
    """Eight threads (eight connections) counting at once: every hit is counted, none lost."""
    from django.db import connections

    limit = Rate(10_000, 3600)
    errors = []

    def work():
        cache = _db_cache()
        try:
            for _ in range(25):
                hit("race", "one-client", limit=limit, cache=cache, now=5000.0)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert hit("race", "one-client", limit=limit, cache=_db_cache(), now=5000.0)[0] == 8 * 25 + 1
    _db_cache().clear()

"""Shared fixtures: a small tree of two communes in one province, and officials of each.

    province T01 ─┬─ commune A (T0A) ─┬─ hamlet T0A-01
                  │                   └─ hamlet T0A-02
                  └─ commune B (T0B) ─── hamlet T0B-01
"""

import os

import pytest

from danchu.accounts.tests.factories import UserFactory, grant
from danchu.core.roles import Role
from danchu.units.tests.factories import commune, hamlet, province


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate limits (core.ratelimit) count per client across requests, and every test client is
    127.0.0.1: each test starts from zero."""
    from django.core.cache import caches

    caches["ratelimit"].clear()


@pytest.fixture(autouse=True)
def _vietnamese_first():
    """Every test starts in the site's language (Vietnamese); a page served in English earlier in the
    same worker (LocaleMiddleware activates the request's language in the thread) does not leak."""
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.activate("vi")


@pytest.fixture
def tree(db):
    p = province()
    a = commune(p, code="T0A", name="Xã Bình Lục")
    b = commune(p, code="T0B", name="Xã Đông Hòa")
    return {
        "province": p,
        "a": a,
        "b": b,
        "a1": hamlet(a, code="T0A-01", name="Thôn Đồng Quê"),
        "a2": hamlet(a, code="T0A-02", name="Thôn An Nội"),
        "b1": hamlet(b, code="T0B-01", name="Thôn Hạ"),
    }


@pytest.fixture
def officer_a(tree):
    user = UserFactory(username="officer_a", full_name="Cán bộ Xã A")
    grant(user, Role.COMMUNE_OFFICER, unit=tree["a"])
    return user


@pytest.fixture
def chair_a(tree):
    user = UserFactory(username="chair_a", full_name="Chủ tịch Xã A")
    grant(user, Role.COMMUNE_CHAIR, unit=tree["a"])
    return user


@pytest.fixture
def officer_b(tree):
    user = UserFactory(username="officer_b", full_name="Cán bộ Xã B")
    grant(user, Role.COMMUNE_OFFICER, unit=tree["b"])
    return user


@pytest.fixture
def citizen(db):
    return UserFactory(username="citizen", full_name="Người Dân")


def pytest_terminal_summary(terminalreporter):
    """The number of requests each schemathesis run sent (api/tests/test_schemathesis.py), also under
    xdist, where a worker's output is not shown: the count travels in the test's report."""
    for report in [r for reports in terminalreporter.stats.values() for r in reports]:
        for name, value in getattr(report, "user_properties", ()):
            if name == "schemathesis_requests" and getattr(report, "when", "") == "call":
                terminalreporter.write_line(f"schemathesis: {value} requests sent ({report.nodeid}, {report.outcome})")


_DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback", "live_server",
                "_django_db_helper", "django_db_setup"}


def pytest_collection_modifyitems(config, items):
    """DANCHU_DATABASE_TESTS_ONLY=1 (the Makefile's PostgreSQL run): tests that never open a database —
    pure functions, documents in the repository, generated text — ran once already in the SQLite run and
    would give the same answer here, so only the tests that use the database are kept."""
    if os.environ.get("DANCHU_DATABASE_TESTS_ONLY") != "1":
        return
    keep, drop = [], []
    for item in items:
        uses_db = item.get_closest_marker("django_db") is not None or bool(_DB_FIXTURES & set(getattr(item, "fixturenames", ())))
        (keep if uses_db else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep

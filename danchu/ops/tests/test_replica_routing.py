"""Which requests the replica may serve, where the router sends reads and writes, the writer's pin
(danchu.config.routers). The same rules against a real replica: test_replica.py."""

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from danchu.config import routers
from danchu.core.models import LogEntry

rf = RequestFactory()


@pytest.mark.parametrize(("method", "path", "headers", "cookies", "replica"), [
    ("GET", "/", {}, {}, True),
    ("GET", "/u/T0A/", {}, {}, True),
    ("HEAD", "/u/T0A/cong-khai/", {}, {}, True),
    ("GET", "/cong-khai/", {}, {}, True),
    ("GET", "/log/entries/", {}, {}, True),
    ("GET", "/gop-y/3/", {}, {}, True),
    ("GET", "/bao-cao/T01/", {}, {}, True),
    ("GET", "/api/v1/units", {}, {}, True),
    ("GET", "/open311/v2/services.json", {}, {}, True),
    # officers' pages, accounts, the admin, voting and tracking: the primary
    ("GET", "/quan-ly/T0A/ho-so/", {}, {}, False),
    ("GET", "/tai-khoan/", {}, {}, False),
    ("GET", "/admin/", {}, {}, False),
    ("GET", "/bieu-quyet/", {}, {}, False),
    ("GET", "/tra-cuu/", {}, {}, False),
    ("GET", "/bao-cao/xuat/7/", {}, {}, False),
    ("GET", "/bao-cao/du-thao/7/", {}, {}, False),
    ("GET", "/api/v1/me", {}, {}, False),
    # a machine with a token reads its own writes
    ("GET", "/api/v1/units", {"HTTP_AUTHORIZATION": "Bearer x"}, {}, False),
    # every write
    ("POST", "/u/T0A/phan-anh/gui/", {}, {}, False),
    ("POST", "/api/v1/units", {}, {}, False),
    # a client pinned to the primary after its own write
    ("GET", "/u/T0A/", {}, {routers.PIN_COOKIE: "1"}, False),
])
def test_public_read_path(method, path, headers, cookies, replica):
    request = rf.generic(method, path, **headers)
    request.COOKIES.update(cookies)
    assert routers.is_public_read(request) is replica


@pytest.mark.django_db(transaction=True)  # outside the test's own transaction
def test_the_router_reads_on_the_replica_only_for_marked_requests():
    router = routers.ReplicaRouter()
    assert router.db_for_read(LogEntry) == "default"
    token = routers._use_replica.set(True)
    try:
        assert router.db_for_read(LogEntry) == "replica"
        from django.core.cache.backends.db import DatabaseCache

        cache = DatabaseCache("danchu_ratelimit", {})
        assert router.db_for_read(cache.cache_model_class) == "default"  # rate-limit counts: the primary
        assert router.db_for_write(LogEntry) == "default"
        with transaction.atomic():
            assert router.db_for_read(LogEntry) == "default"  # a transaction reads where it writes
    finally:
        routers._use_replica.reset(token)
    assert router.allow_migrate("default", "core") and not router.allow_migrate("replica", "core")


@pytest.fixture
def replica_on(monkeypatch, settings):
    settings.DANCHU_REPLICA_PIN_SECONDS = 15
    monkeypatch.setattr(routers, "replica_configured", lambda: True)
    state = {"usable": True, "seen": []}
    monkeypatch.setattr(routers, "replica_usable", lambda: state["usable"])
    return state


def _middleware(state):
    def view(request):
        state["seen"].append(routers._use_replica.get())
        return HttpResponse("ok")
    return routers.ReplicaMiddleware(view)


def test_a_write_pins_the_client_to_the_primary(replica_on):
    mw = _middleware(replica_on)
    response = mw(rf.post("/quan-ly/T0A/thon/"))
    assert response.cookies[routers.PIN_COOKIE]["max-age"] == 15 and response.cookies[routers.PIN_COOKIE]["httponly"]
    assert routers.PIN_COOKIE not in mw(rf.get("/u/T0A/")).cookies
    assert replica_on["seen"] == [False, True]
    assert routers._use_replica.get() is False  # nothing leaks to the next request on this thread


def test_a_replica_that_does_not_answer_leaves_reads_on_the_primary(replica_on):
    replica_on["usable"] = False
    assert _middleware(replica_on)(rf.get("/u/T0A/")).status_code == 200
    assert replica_on["seen"] == [False]


def test_a_replica_failing_during_a_read_is_retried_on_the_primary(replica_on, settings):
    from django.db import OperationalError

    settings.DANCHU_REPLICA_RETRY_SECONDS = 10
    routers.health.down_until = 0.0
    seen = []

    def view(request):
        seen.append(routers._use_replica.get())
        if routers._use_replica.get():
            # What Django's handler does with a view's exception: the middleware's hook, then a 500.
            middleware.process_exception(request, OperationalError("server closed the connection unexpectedly"))
            return HttpResponse(status=500)
        return HttpResponse("from the primary")

    middleware = routers.ReplicaMiddleware(view)
    response = middleware(rf.get("/u/T0A/"))
    try:
        assert response.status_code == 200 and response.content == b"from the primary"
        assert seen == [True, False]
        assert routers.health.down()  # left alone for DANCHU_REPLICA_RETRY_SECONDS
    finally:
        routers.health.down_until = 0.0

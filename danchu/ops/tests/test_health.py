"""/healthz and /readyz (core.health): JSON, 200 or 503, answered before the host check."""

import datetime as dt
import json
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.utils import timezone

from danchu.core import health, schedule
from danchu.core.models import ProcessHeartbeat

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def get(client, path, **extra):
    response = client.get(path, **extra)
    return response.status_code, json.loads(response.content)


def test_healthz_answers_without_the_database(client):
    # No django_db mark: any query would raise here.
    status, body = get(client, "/healthz")
    assert (status, body) == (200, {"status": "ok"})


@pytest.mark.django_db
def test_probes_by_address_pass_the_host_check(client):
    # A load balancer probes http://10.0.0.5:8000/healthz: not an allowed host, not HTTPS.
    with override_settings(ALLOWED_HOSTS=["danchu.example.vn"], SECURE_SSL_REDIRECT=True):
        assert client.get("/healthz", HTTP_HOST="10.0.0.5:8000").status_code == 200
        assert client.get("/readyz", HTTP_HOST="10.0.0.5:8000").status_code == 200
        assert client.get("/", HTTP_HOST="10.0.0.5:8000").status_code == 400  # the rest still checks


@pytest.mark.django_db
def test_readyz_is_ready_when_tasks_run_inline(client):
    status, body = get(client, "/readyz")
    assert status == 200 and body["status"] == "ok"
    assert {k: v["ok"] for k, v in body["checks"].items()} == {"database": True, "cache": True, "migrations": True,
                                                               "worker": True}
    assert body["checks"]["worker"]["needed"] is False


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS, DANCHU_HEARTBEAT_MAX_AGE=60)
def test_readyz_needs_a_recent_worker_heartbeat_when_tasks_are_queued(client):
    status, body = get(client, "/readyz")
    assert status == 503 and body["status"] == "fail"
    assert body["checks"]["worker"]["ok"] is False and "no task worker" in body["checks"]["worker"]["error"]

    schedule.heartbeat("worker", "worker:test")
    status, body = get(client, "/readyz")
    assert status == 200 and body["checks"]["worker"]["ok"] is True

    ProcessHeartbeat.objects.update(seen_at=timezone.now() - dt.timedelta(seconds=61))
    status, body = get(client, "/readyz")
    assert status == 503 and "older than 60 s" in body["checks"]["worker"]["error"]

    schedule.heartbeat("scheduler", "scheduler:test")  # a scheduler does not stand in for a worker
    assert get(client, "/readyz")[0] == 503


@pytest.mark.django_db
def test_readyz_fails_on_unapplied_migrations(client, monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)
    with mock.patch.object(health, "unapplied_migrations", return_value=["core.9999_future"]):
        status, body = get(client, "/readyz")
    assert status == 503 and body["checks"]["migrations"]["pending"] == ["core.9999_future"]


@pytest.mark.django_db
def test_readyz_fails_when_the_database_does_not_answer(client):
    def broken():
        raise OperationalError("connection refused")

    with mock.patch.dict(health.CHECKS, {"database": broken}):
        status, body = get(client, "/readyz")
    assert status == 503
    assert body["checks"]["database"] == {"ok": False, "error": "OperationalError", "ms": body["checks"]["database"]["ms"]}
    assert body["checks"]["worker"]["error"] == "database unavailable"


@pytest.mark.django_db
def test_readyz_fails_when_the_cache_loses_what_it_was_given(client):
    with mock.patch("django.core.cache.cache.get", return_value=None):
        status, body = get(client, "/readyz")
    assert status == 503 and body["checks"]["cache"]["ok"] is False


@pytest.mark.django_db
def test_the_worker_heartbeat_thread_writes_and_clears_its_row():
    from danchu.ops.management.commands.worker import Heartbeat

    beat = Heartbeat("worker", "worker:thread-test", every=60)
    beat.start()
    assert ProcessHeartbeat.objects.filter(ident="worker:thread-test", kind="worker").exists()
    beat.stop()
    assert not ProcessHeartbeat.objects.filter(ident="worker:thread-test").exists()


@pytest.mark.django_db(transaction=True)
def test_danchu_worker_runs_queued_tasks_and_reports_while_it_runs():
    import io

    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from danchu.core.tasks import log_checkpoint

    seen = []
    with override_settings(TASKS=DB_TASKS):
        result = log_checkpoint.enqueue()
        original = schedule.heartbeat

        def spy(kind, ident, **kw):
            seen.append((kind, ident))
            return original(kind, ident, **kw)

        with mock.patch.object(schedule, "heartbeat", spy):
            call_command("worker", "--batch", "--no-startup-delay", "--worker-id", "w-test", stdout=io.StringIO())
    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"
    assert seen[0] == ("worker", "worker:w-test")
    assert not ProcessHeartbeat.objects.exists()  # a stopped worker removes its heartbeat

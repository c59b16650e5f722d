"""`danchu check --deploy` (ops.checks): fails on the demo's settings, passes on production's, and names
each problem (Vietnamese, then English)."""

import base64
import io
import os
import re
import secrets
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection
from django.test import override_settings

from danchu.core import schedule
from danchu.units.models import Unit

KEY = base64.b64encode(bytes(range(32))).decode()


@pytest.fixture(autouse=True)
def _no_async_unsafe(monkeypatch):
    """The browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for their worker process; a production
    machine never has it, so Django's own async.E001 would only be noise here."""
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)


@pytest.fixture
def production(tmp_path):
    """The documented production settings: keys from a secrets manager's files, a domain, HTTPS + HSTS,
    tasks queued in the database for a running worker."""
    identity, log = tmp_path / "identity_key", tmp_path / "log_key"
    for path in (identity, log):
        path.write_text(KEY + "\n")
        path.chmod(0o600)
    return {
        "DEBUG": False, "SECRET_KEY": secrets.token_urlsafe(50), "SECRET_KEY_SOURCE": "file",
        "DANCHU_IDENTITY_KEY": "", "DANCHU_IDENTITY_KEY_FILE": identity, "DANCHU_IDENTITY_KEY_SOURCE": "file",
        "DANCHU_LOG_SIGNING_KEY": "", "DANCHU_LOG_KEY_FILE": log, "DANCHU_LOG_KEY_SOURCE": "file",
        "ALLOWED_HOSTS": ["danchu.ninhbinh.gov.vn"], "CSRF_TRUSTED_ORIGINS": ["https://danchu.ninhbinh.gov.vn"],
        "DANCHU_HTTPS": True, "SECURE_SSL_REDIRECT": True, "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
        "SECURE_HSTS_SECONDS": 31536000, "SECURE_HSTS_INCLUDE_SUBDOMAINS": True, "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True, "DANCHU_WEB_WORKERS": 1,
        "TASKS": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
    }


def deploy_errors(**settings) -> list[str]:
    """The ids of the errors `check --deploy` stops on (empty when it passes)."""
    with override_settings(**settings):
        try:
            call_command("check", "--deploy", stdout=io.StringIO(), stderr=io.StringIO())
        except SystemCheckError as exc:
            return sorted(set(re.findall(r"\(([\w.]+\.E\d+)\)", str(exc))))
    return []


@pytest.mark.django_db
def test_production_settings_pass(production):
    schedule.heartbeat("worker", "worker:prod")
    assert deploy_errors(**production) == []


@pytest.mark.django_db
@pytest.mark.parametrize(("change", "error"), [
    ({"DEBUG": True}, "danchu.ops.E001"),
    ({"SECRET_KEY_SOURCE": "generated"}, "danchu.ops.E002"),
    ({"DANCHU_IDENTITY_KEY_SOURCE": "generated"}, "danchu.ops.E003"),
    ({"DANCHU_IDENTITY_KEY_FILE": "/nonexistent/identity_key"}, "danchu.ops.E003"),
    ({"DANCHU_IDENTITY_KEY_SOURCE": "environment", "DANCHU_IDENTITY_KEY": base64.b64encode(b"short").decode()},
     "danchu.ops.E003"),
    ({"DANCHU_LOG_KEY_SOURCE": "generated"}, "danchu.ops.E004"),
    ({"ALLOWED_HOSTS": ["127.0.0.1", "localhost", "[::1]"]}, "danchu.ops.E005"),
    ({"ALLOWED_HOSTS": ["*"]}, "danchu.ops.E005"),
    ({"CSRF_TRUSTED_ORIGINS": []}, "danchu.ops.E006"),
    ({"DANCHU_HTTPS": False, "SECURE_SSL_REDIRECT": False, "SECURE_PROXY_SSL_HEADER": None, "SESSION_COOKIE_SECURE": False},
     "danchu.ops.E007"),
    ({"SECURE_HSTS_SECONDS": 0}, "danchu.ops.E008"),
    ({"DANCHU_STORAGE": "s3", "DANCHU_S3_BUCKET": ""}, "danchu.ops.E013"),
])
def test_each_production_requirement_is_checked(production, change, error):
    schedule.heartbeat("worker", "worker:prod")
    assert deploy_errors(**{**production, **change}) == [error]


@pytest.mark.django_db
def test_several_web_workers_need_postgresql(production):
    schedule.heartbeat("worker", "worker:prod")
    expected = ["danchu.ops.E009"] if connection.vendor == "sqlite" else []
    assert deploy_errors(**{**production, "DANCHU_WEB_WORKERS": 4}) == expected
    assert deploy_errors(**{**production, "DANCHU_WEB_WORKERS": 1}) == []


@pytest.mark.django_db
def test_no_worker_heartbeat_fails(production):
    assert deploy_errors(**production) == ["danchu.ops.E012"]
    schedule.heartbeat("scheduler", "scheduler:prod")
    assert deploy_errors(**production) == ["danchu.ops.E012"]


@pytest.mark.django_db
def test_an_inconsistent_unit_path_fails_the_deploy_check_too(production, tree):
    schedule.heartbeat("worker", "worker:prod")
    Unit.objects.filter(pk=tree["a1"].pk).update(path="/T01/T0B/T0A-01/")
    assert deploy_errors(**production) == ["danchu.units.E001"]


def test_the_demo_settings_fail_in_a_fresh_process(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DANCHU_", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_", "SECURE_", "DEBUG", "DATABASE_URL"))}
    env.update({"DANCHU_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "danchu.config.settings.base"})
    out = subprocess.run([sys.executable, "-m", "danchu", "check", "--deploy"], env=env, capture_output=True, text=True,
                         timeout=120, check=False)
    assert out.returncode == 1
    for error in ("E002", "E003", "E004", "E005", "E006", "E007"):
        assert f"danchu.ops.{error}" in out.stderr
    assert "SECRET_KEY do máy tự sinh" in out.stderr and "SECRET_KEY was generated on this machine" in out.stderr


def test_keys_can_be_given_by_file_in_a_fresh_process(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s" * 60 + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DANCHU_", "SECRET_KEY"))}
    env.update({"DANCHU_DATA_DIR": str(tmp_path / "data"), "DJANGO_SETTINGS_MODULE": "danchu.config.settings.base",
                "SECRET_KEY_FILE": str(secret), "DANCHU_IDENTITY_KEY_FILE": str(tmp_path / "id"),
                "DANCHU_LOG_SIGNING_KEY": KEY})
    probe = ("import django; django.setup(); from django.conf import settings as s; "
             "print(s.SECRET_KEY, s.SECRET_KEY_SOURCE, s.DANCHU_IDENTITY_KEY_SOURCE, s.DANCHU_LOG_KEY_SOURCE)")
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.split() == ["s" * 60, "file", "file", "environment"]
    assert not (tmp_path / "data" / "secret_key").exists()
    env["SECRET_KEY_FILE"] = str(tmp_path / "missing")
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode != 0 and "Không đọc được SECRET_KEY_FILE" in out.stderr

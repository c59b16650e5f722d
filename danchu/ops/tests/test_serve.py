"""`danchu serve` starts gunicorn and answers, with hashed static files under a long cache; its options
come from the environment."""

import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from danchu.ops.management.commands.serve import gunicorn_argv


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:  # noqa: S310 - a local test server
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_serve_starts_gunicorn_and_answers_with_hashed_static_files(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DANCHU_", "DATABASE_URL", "DEBUG"))}
    env.update({"DANCHU_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "danchu.config.settings.base",
                "SECRET_KEY": "test-serve-" + "k" * 50, "DANCHU_WEB_THREADS": "2", "DANCHU_WEB_TIMEOUT": "30"})
    proc = subprocess.Popen([sys.executable, "-m", "danchu", "serve", "--bind", f"127.0.0.1:{port}"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline, status = time.monotonic() + 90, None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                status, headers, body = fetch(f"http://127.0.0.1:{port}/healthz")
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.3)
        assert status == 200, proc.stdout.read().decode() if proc.poll() is not None else "no answer in time"
        assert json.loads(body) == {"status": "ok"} and headers["Server"].startswith("gunicorn")
        assert "X-Request-ID" not in headers  # probes are answered before the request log

        manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]
        hashed = manifest["danchu/site.css"]
        assert hashed != "danchu/site.css" and hashed.startswith("danchu/site.")
        status, headers, body = fetch(f"http://127.0.0.1:{port}/static/{hashed}")
        assert status == 200 and b"{" in body
        assert "immutable" in headers["Cache-Control"] and "max-age=315360000" in headers["Cache-Control"]
        status, headers, _ = fetch(f"http://127.0.0.1:{port}/readyz")  # no migrations in this data dir
        assert status == 503
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 0  # TERM: a graceful stop


def test_the_process_options_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("DANCHU_WEB_BIND", "0.0.0.0:9000")
    monkeypatch.setenv("DANCHU_WEB_THREADS", "8")
    monkeypatch.setenv("DANCHU_WEB_TIMEOUT", "120")
    monkeypatch.setenv("DANCHU_FORWARDED_ALLOW_IPS", "10.0.0.2")
    with override_settings(DANCHU_WEB_WORKERS=3):
        argv = gunicorn_argv()
    opts = dict(zip(argv[1::2], argv[2::2], strict=False))
    assert argv[0] == "danchu.config.wsgi:application"
    assert (opts["--bind"], opts["--workers"], opts["--threads"], opts["--timeout"]) == ("0.0.0.0:9000", "3", "8", "120")
    assert opts["--forwarded-allow-ips"] == "10.0.0.2" and "--no-control-socket" in argv
    with override_settings(DANCHU_WEB_WORKERS=0):
        auto = dict(zip(gunicorn_argv()[1::2], gunicorn_argv()[2::2], strict=False))["--workers"]
    assert auto == ("1" if connection.vendor == "sqlite" else str(min(2 * (os.cpu_count() or 1) + 1, 8)))
    out = io.StringIO()
    call_command("serve", "--dry-run", "--workers", "2", stdout=out)
    assert out.getvalue().startswith("gunicorn danchu.config.wsgi:application") and "--workers 2" in out.getvalue()


def test_demo_run_stops_the_others_when_one_process_dies(tmp_path):
    # An empty data dir: the worker and the scheduler find no tables and exit; the web process is stopped.
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DANCHU_", "DATABASE_URL", "DEBUG"))}
    env.update({"DANCHU_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "danchu.config.settings.base",
                "SECRET_KEY": "test-demo-run-" + "k" * 50})
    proc = subprocess.Popen([sys.executable, "-m", "danchu", "demo-run", "--bind", f"127.0.0.1:{port}"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode != 0
    assert "đã dừng các tiến trình khác" in out and "stopped the others" in out
    pids = [int(p) for p in out.split("(pid ", 1)[1].split(")", 1)[0].split(", ")]
    assert len(pids) == 3
    for pid in pids:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            continue
        raise AssertionError(f"process {pid} is still running")

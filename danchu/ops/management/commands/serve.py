"""`danchu serve`: the production web server — gunicorn with danchu's WSGI application.

The same command in the demo (`make demo`) and in production. Settings come from the environment:

    DANCHU_WEB_BIND              address:port, or unix:/path            127.0.0.1:8000
    DANCHU_WEB_WORKERS           processes (0: 1 on SQLite, else 2×CPU+1, at most 8)   0
    DANCHU_WEB_THREADS           threads per process (gthread)           4
    DANCHU_WEB_TIMEOUT           seconds before a stuck worker is restarted   60
    DANCHU_WEB_GRACEFUL_TIMEOUT  seconds to finish requests on restart   30
    DANCHU_WEB_KEEPALIVE         keep-alive seconds (behind a proxy)     5
    DANCHU_WEB_MAX_REQUESTS      requests before a worker is recycled (0: never)   2000
    DANCHU_FORWARDED_ALLOW_IPS   proxies whose X-Forwarded-* are trusted 127.0.0.1,::1
    DANCHU_WEB_CONTROL_SOCKET    gunicorn's control socket (off unless set)

Static files are collected first (hashed names, compressed; WhiteNoise serves them with a year-long
immutable cache), unless --no-collectstatic. Gunicorn then replaces this process, so a supervisor's
signals (TERM: graceful stop, HUP: reload) reach it directly. GUNICORN_CMD_ARGS adds any other option.
The request log is danchu's own (core.request_log): gunicorn's access log stays off.
"""

from __future__ import annotations

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


def default_workers() -> int:
    if settings.DANCHU_WEB_WORKERS > 0:
        return settings.DANCHU_WEB_WORKERS
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        return 1  # one writer: threads share the process, the file is not fought over
    return min(2 * (os.cpu_count() or 1) + 1, 8)


def _int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        raise CommandError(f"{name} phải là một số nguyên. ({name} must be an integer.)") from None


def gunicorn_argv(*, bind: str | None = None, workers: int | None = None, threads: int | None = None,
                  timeout: int | None = None) -> list[str]:
    argv = [
        "danchu.config.wsgi:application",
        "--bind", bind or os.environ.get("DANCHU_WEB_BIND", "127.0.0.1:8000"),
        "--workers", str(workers or default_workers()),
        "--threads", str(threads or _int("DANCHU_WEB_THREADS", 4)),
        "--worker-class", "gthread",
        "--timeout", str(timeout or _int("DANCHU_WEB_TIMEOUT", 60)),
        "--graceful-timeout", str(_int("DANCHU_WEB_GRACEFUL_TIMEOUT", 30)),
        "--keep-alive", str(_int("DANCHU_WEB_KEEPALIVE", 5)),
        "--max-requests", str(_int("DANCHU_WEB_MAX_REQUESTS", 2000)),
        "--max-requests-jitter", str(max(0, _int("DANCHU_WEB_MAX_REQUESTS", 2000) // 10)),
        "--forwarded-allow-ips", os.environ.get("DANCHU_FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
        "--error-logfile", "-",
        "--log-level", os.environ.get("DANCHU_WEB_LOG_LEVEL", "info"),
    ]
    control = os.environ.get("DANCHU_WEB_CONTROL_SOCKET", "")
    argv += ["--control-socket", control] if control else ["--no-control-socket"]
    return argv


class Command(BaseCommand):
    help = "Chạy máy chủ web gunicorn (sản xuất và bản chạy thử). Run the gunicorn web server."

    def add_arguments(self, parser):
        parser.add_argument("--bind", help="địa chỉ:cổng (mặc định DANCHU_WEB_BIND hoặc 127.0.0.1:8000)")
        parser.add_argument("--workers", type=int, help="số tiến trình (mặc định DANCHU_WEB_WORKERS)")
        parser.add_argument("--threads", type=int, help="số luồng mỗi tiến trình (mặc định DANCHU_WEB_THREADS)")
        parser.add_argument("--timeout", type=int, help="giây (mặc định DANCHU_WEB_TIMEOUT)")
        parser.add_argument("--no-collectstatic", action="store_true", help="không thu thập tệp tĩnh trước")
        parser.add_argument("--dry-run", action="store_true", help="chỉ in lệnh gunicorn rồi thoát")

    def handle(self, *args, **o):
        argv = gunicorn_argv(bind=o["bind"], workers=o["workers"], threads=o["threads"], timeout=o["timeout"])
        if o["dry_run"]:
            self.stdout.write("gunicorn " + " ".join(argv))
            return
        if not o["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"danchu serve: gunicorn {' '.join(argv[1:5])}")
        self.stdout.flush()
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danchu.config.settings.base")
        os.execv(sys.executable, [sys.executable, "-m", "gunicorn", *argv])  # noqa: S606 - our own interpreter

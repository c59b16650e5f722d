"""`danchu demo-run`: the three processes of a danchu server together — `danchu serve` (web),
`danchu worker` (background tasks) and `danchu schedule` (periodic jobs) — for `make demo`.

Production runs the same three commands under its own supervisor (systemd, containers). Ctrl-C or
TERM stops all three; if one of them exits, the others are stopped too and the exit code says so.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand, CommandError

STOP_GRACE_SECONDS = 20


class Command(BaseCommand):
    help = "Chạy cùng lúc máy chủ web, tiến trình tác vụ nền và lịch việc định kỳ (bản chạy thử)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("DANCHU_WEB_BIND", "127.0.0.1:8000"))

    def handle(self, *args, **o):
        danchu = [sys.executable, "-m", "danchu"]
        specs = {
            "web": [*danchu, "serve", "--bind", o["bind"]],
            "worker": [*danchu, "worker", "--no-startup-delay"],
            "schedule": [*danchu, "schedule"],
        }
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        procs: dict[str, subprocess.Popen] = {}
        stopping = False

        def _stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, _stop)
        signal.signal(signal.SIGTERM, _stop)
        for name, argv in specs.items():
            # Own session: a Ctrl-C reaches this supervisor only, which stops each child once (TERM).
            procs[name] = subprocess.Popen(argv, env=env, start_new_session=True)  # noqa: S603 - our own commands
        self.stdout.write(f"danchu demo-run: web http://{o['bind']}/ , worker, schedule "
                          f"(pid {', '.join(str(p.pid) for p in procs.values())}) — Ctrl-C để dừng (to stop)")
        self.stdout.flush()
        exited = ""
        while not stopping:
            for name, p in procs.items():
                if p.poll() is not None:
                    exited = name
                    break
            if exited:
                break
            time.sleep(0.5)
        for p in procs.values():
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for p in procs.values():
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        if exited:
            raise CommandError(f"Tiến trình {exited} đã dừng (mã {procs[exited].returncode}); đã dừng các tiến trình "
                               f"khác. (The {exited} process exited with {procs[exited].returncode}; stopped the others.)")
        self.stdout.write("danchu demo-run: đã dừng (stopped)")

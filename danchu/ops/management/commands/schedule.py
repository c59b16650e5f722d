"""`danchu schedule`: runs the periodic jobs on time (core.schedule) — the daily sweeps that flag overdue
cases, dialogue commitments and oversight recommendations and remind officers, the roll-up refresh,
the transparency log's checkpoints, the pruning of old records.

    danchu schedule            run forever: every TICK seconds, each job whose time has come
    danchu schedule --once     one tick, then exit (for cron or a systemd timer)
    danchu schedule --status   each job, when it runs, its last run, duration and result

Two schedulers at once are safe: a job runs once per period (a unique row per job and period).
TERM or Ctrl-C: the job running finishes, then the scheduler stops."""

from __future__ import annotations

import json
import os
import signal
import threading

from django.core.management.base import BaseCommand
from django.utils import timezone

from danchu.core import schedule

from .worker import Heartbeat


def status_lines(now=None) -> list[str]:
    lines = []
    for row in schedule.status(now):
        last = "chưa chạy (never run)"
        if row["started_at"]:
            took = f"{row['duration_ms']} ms" if row["duration_ms"] is not None else "…"
            last = f"{timezone.localtime(row['started_at']):%Y-%m-%d %H:%M:%S} {row['status']} {took}"
            if row["attempts"] > 1:
                last += f" (lần {row['attempts']})"
            if row["task_status"]:
                last += f" [tác vụ: {row['task_status']}]"
        detail = row["error"] or (json.dumps(row["result"], ensure_ascii=False, default=str) if row["result"] else "")
        lines.append(f"{row['job']:<36} {row['when']:<22} lần cuối: {last}")
        lines.append(f"{'':<36} {row['label']}")
        lines.append(f"{'':<36} lần tới: {timezone.localtime(row['next_run']):%Y-%m-%d %H:%M}"
                     + (f"  kết quả: {detail[:200]}" if detail else ""))
    return lines


class Command(BaseCommand):
    help = "Chạy các việc định kỳ đúng giờ (quét quá hạn, nhắc hạn, tổng hợp…). Run the periodic jobs on time."

    def add_arguments(self, parser):
        parser.add_argument("--status", action="store_true", help="in trạng thái các việc rồi thoát")
        parser.add_argument("--once", action="store_true", help="chạy các việc đến hạn một lần rồi thoát")
        parser.add_argument("--tick", type=float, default=float(os.environ.get("DANCHU_SCHEDULE_TICK", "30")),
                            help="số giây giữa hai lần xem (mặc định DANCHU_SCHEDULE_TICK hoặc 30)")

    def _report(self, outcomes) -> None:
        for o in outcomes:
            if o.status == "skipped":
                continue
            style = self.style.ERROR if o.status == "failed" else self.style.SUCCESS
            self.stdout.write(style(f"{o.job} [{o.period}] {o.status} {o.duration_ms} ms {o.error or o.result}"))

    def handle(self, *args, **o):
        if o["status"]:
            for line in status_lines():
                self.stdout.write(line)
            return
        if o["once"]:
            self._report(schedule.run_due())
            return
        stop = threading.Event()

        def _stop(signum, frame):
            stop.set()

        signal.signal(signal.SIGINT, _stop)
        signal.signal(signal.SIGTERM, _stop)
        beat = Heartbeat("scheduler", f"scheduler:{os.uname().nodename}:{os.getpid()}")
        beat.start()
        names = ", ".join(j.name for j in schedule.jobs())
        self.stdout.write(f"danchu schedule: {len(schedule.jobs())} việc định kỳ ({names}); mỗi {o['tick']:g} giây")
        self.stdout.flush()
        try:
            while not stop.is_set():
                schedule.run_due()  # each run is logged (danchu.schedule) and recorded (JobRun)
                stop.wait(o["tick"])
        finally:
            beat.stop()

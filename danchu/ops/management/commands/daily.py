"""`danchu daily`: every periodic job once, now, by hand (core.schedule).

A job already run in its current period (today, this hour) is not run again unless --force: every
job is idempotent, so forcing only repeats work. `--job NAME` runs one."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from danchu.core import schedule


class Command(BaseCommand):
    help = "Chạy mọi việc định kỳ một lần ngay bây giờ. Run every periodic job once, now."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="chạy lại cả việc đã chạy trong kỳ này")
        parser.add_argument("--job", action="append", default=[], help="chỉ chạy việc này (có thể lặp lại)")

    def handle(self, *args, **o):
        try:
            outcomes = schedule.run_all(force=o["force"], names=o["job"] or None)
        except KeyError as exc:
            raise CommandError(str(exc)) from None
        failed = 0
        for r in outcomes:
            if r.status == "skipped":
                self.stdout.write(f"{r.job}: đã chạy trong kỳ {r.period} (already run in this period; --force to rerun)")
                continue
            failed += r.status == "failed"
            style = self.style.ERROR if r.status == "failed" else self.style.SUCCESS
            self.stdout.write(style(f"{r.job}: {r.status} {r.duration_ms} ms {r.error or r.result}"))
        if failed:
            raise CommandError(f"{failed} việc lỗi. ({failed} jobs failed.)")

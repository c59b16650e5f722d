"""`danchu rollup --from 2025-01-01 --to 2025-12-31` or `--days 1`: refresh the roll-up tables (day rows
replaced, month rows updated incrementally, or rebuilt when the reform mapping changed)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class Command(BaseCommand):
    help = "Tính lại bảng tổng hợp chỉ tiêu (roll-up) cho một khoảng ngày."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", default=None)
        parser.add_argument("--to", dest="end", default=None)
        parser.add_argument("--days", type=int, default=None, help="Các ngày gần nhất (đến hôm nay)")
        parser.add_argument("--enqueue", action="store_true", help="Đưa vào hàng đợi tác vụ thay vì chạy ngay")

    def handle(self, *args, **o):
        from danchu.reports.rollup import refresh
        from danchu.reports.tasks import rollup_refresh

        today = timezone.localdate()
        try:
            if o["days"]:
                start, end = today - dt.timedelta(days=o["days"]), today
            else:
                start = dt.date.fromisoformat(o["start"]) if o["start"] else today - dt.timedelta(days=1)
                end = dt.date.fromisoformat(o["end"]) if o["end"] else today
        except ValueError as exc:
            raise CommandError("Ngày không hợp lệ (dạng 2025-01-31).") from exc
        if end < start:
            raise CommandError("Ngày kết thúc trước ngày bắt đầu.")
        if o["enqueue"]:
            rollup_refresh.enqueue(start.isoformat(), end.isoformat())
            self.stdout.write("Đã đưa vào hàng đợi.")
            return
        r = refresh(start=start, end=end)
        rebuilt = " (bảng tháng tính lại toàn bộ: bảng đối chiếu đơn vị cũ → mới đã đổi)" if r.months_rebuilt else ""
        self.stdout.write(f"{start}..{end}: {r.rows} dòng, {r.seconds:.2f} s{rebuilt}")

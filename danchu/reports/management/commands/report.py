"""`danchu report --unit CODE --period 2025|2025-Q3|2025-H1 --format docx|xlsx|pdf --output FILE`"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from danchu.core.errors import DomainError


class Command(BaseCommand):
    help = "Tạo báo cáo kết quả thực hiện dân chủ ở cơ sở của một đơn vị (DOCX, XLSX, PDF)."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="Mã đơn vị (VN: toàn quốc)")
        parser.add_argument("--period", required=True, help="2025 | 2025-H1 | 2025-Q3 | 2025-07 | 2025-01-01..2025-03-31")
        parser.add_argument("--format", dest="fmt", choices=["docx", "xlsx", "pdf"], default="docx")
        parser.add_argument("--output", required=True)
        parser.add_argument("--layout", choices=["party", "state"], default="party",
                            help="Thể thức: party (Đảng, mặc định) hoặc state (Nghị định 30/2020)")
        parser.add_argument("--number", type=int, default=None, help="Số văn bản (để trống khi là dự thảo)")
        parser.add_argument("--source", choices=["direct", "rollup"], default=None)

    def handle(self, *args, **o):
        from danchu.reports.documents import default_draft
        from danchu.reports.periods import parse_period
        from danchu.reports.services import render_report_as_system
        from danchu.units.selectors import unit_get

        try:
            unit = None if o["unit"].upper() == "VN" else unit_get(code=o["unit"])
            period = parse_period(o["period"])
            draft = default_draft(unit, period)
            draft.doc_format, draft.number = o["layout"], o["number"]
            # The operator on the command line, not a person's call: no user, no grant.
            data = render_report_as_system(unit=unit, period=period, fmt=o["fmt"], draft=draft, source=o["source"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        out = Path(o["output"])
        tmp = out.with_name(out.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(out)  # never a half-written file under the final name
        self.stdout.write(f"Đã ghi {out} ({len(data):,} byte).".replace(",", "."))

import shlex
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from danchu.core.errors import DomainError
from danchu.ops import bench


class Command(BaseCommand):
    help = (
        "Đo hiệu năng trên cơ sở dữ liệu đang cấu hình: nạp danh mục đơn vị, nhập sổ hộ 50.000 dòng, "
        "tìm đơn vị, cây đơn vị của một tỉnh, trang và tìm kiếm công khai thông tin, verify-log. In bảng và ghi JSON vào <DATA_DIR>/bench-results.json. "
        "Chỉ chạy trên cơ sở dữ liệu không có dữ liệu nào ngoài danh mục chính thức, trừ khi có --yes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=None, help="Tệp JSON kết quả")
        parser.add_argument("--seed-national", action="store_true",
                            help="Tạo trước ~90.000 thôn cả nước (như `danchu seed --scale national`), xóa khi xong")
        parser.add_argument("--only", default=",".join(bench.NAMES),
                            help="Chỉ chạy các phép đo này, cách nhau bởi dấu phẩy: " + ", ".join(bench.NAMES))
        parser.add_argument("--disclosures-total", type=int, default=10_000,
                            help="Số nội dung công khai tạo cho phép đo disclosures (mặc định 10.000)")
        parser.add_argument("--disclosures-commune", type=int, default=2_000,
                            help="Số nội dung công khai của xã được đo trang danh sách (mặc định 2.000)")
        parser.add_argument("--cases-total", type=int, default=20_000, help="Số hồ sơ tạo cho phép đo cases (mặc định 20.000)")
        parser.add_argument("--cases-commune", type=int, default=2_000, help="Số hồ sơ của xã được đo hàng đợi (mặc định 2.000)")
        parser.add_argument("--cases-concurrent", type=int, default=200, help="Số lượt gửi đồng thời (mặc định 200)")
        parser.add_argument("--reports-records", type=int, default=200_000,
                            help="Số bản ghi hoạt động tạo cho phép đo reports (mặc định 200.000; 2.000.000 cho số liệu lớn)")
        parser.add_argument("--reports-reuse", action="store_true",
                            help="Dùng lại bản ghi hoạt động mà lần đo reports trước để lại (--keep), không tạo lại")
        parser.add_argument("--seed", type=int, default=1, help="Seed chọn truy vấn và dữ liệu mẫu")
        parser.add_argument("--yes", action="store_true",
                            help="Chạy cả khi cơ sở dữ liệu đang có dữ liệu (bỏ qua phép nạp mới danh mục)")
        parser.add_argument("--keep", action="store_true", help="Giữ lại dữ liệu phép đo đã tạo")
        parser.add_argument("--quiet", action="store_true", help="Không hiện thanh tiến trình")

    def handle(self, *args, output, seed_national, only, seed, yes, keep, quiet, disclosures_total,
               disclosures_commune, cases_total, cases_commune, cases_concurrent, reports_records, reports_reuse=False, **opts):
        names = tuple(n.strip() for n in only.split(",") if n.strip())
        unknown = set(names) - set(bench.NAMES)
        if unknown:
            raise CommandError("Không có phép đo: " + ", ".join(sorted(unknown)))
        runner = bench.Bench(seed=seed, yes=yes, seed_national=seed_national, keep=keep, only=names,
                             progress=not quiet and opts.get("verbosity", 1) > 0, log=self.stdout.write,
                             disclosures_total=disclosures_total, disclosures_commune=disclosures_commune,
                             cases_total=cases_total, cases_commune=cases_commune, cases_concurrent=cases_concurrent,
                             reports_records=reports_records, reports_reuse=reports_reuse)
        db = bench.database()
        self.stdout.write(f"Cơ sở dữ liệu: {db['vendor']} {db.get('version', '')} ({db['name']})")
        try:
            figures = runner.run()
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        path = output or Path(settings.DATA_DIR) / "bench-results.json"
        command = "danchu " + " ".join(shlex.quote(a) for a in sys.argv[1:])
        bench.write_results(figures, path, command=command, bench=runner)
        self.stdout.write("")
        self.stdout.write(bench.table(figures))
        self.stdout.write(f"\nĐã ghi {path}")
        if runner.cleanup_error:
            raise CommandError(f"Không dọn được dữ liệu phép đo đã tạo: {runner.cleanup_error}")
        if any(f.status in {"over", "error"} for f in figures):
            raise CommandError("Có phép đo vượt mục tiêu hoặc lỗi (xem bảng trên).")

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from danchu.core.errors import DomainError
from danchu.ops import seeding


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu (thôn, hộ gia đình, nhân khẩu, tài khoản). "
        "--scale demo: Xã Bình Lục (Ninh Bình) và tài khoản mẫu cho mỗi vai trò; "
        "province: mọi xã của một tỉnh; national: cả nước (3.321 xã, ~90.000 thôn)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["demo", "province", "national"], default="demo")
        parser.add_argument("--seed", type=int, default=1, help="Cùng seed cho cùng dữ liệu (mặc định 1)")
        parser.add_argument("--province", default=seeding.DEMO_PROVINCE,
                            help="Mã tỉnh cho --scale province (mặc định 37, Ninh Bình)")
        parser.add_argument("--hamlets-per-commune", type=int, default=27,
                            help="Số thôn trung bình mỗi xã (province, national; mặc định 27)")
        parser.add_argument("--households-per-hamlet", type=int, default=None,
                            help="Số hộ mỗi thôn (mặc định 20 cho province, 0 cho national)")
        parser.add_argument("--quiet", action="store_true", help="Không hiện thanh tiến trình")

    def handle(self, *args, scale, seed, province, hamlets_per_commune, households_per_hamlet, quiet, **opts):
        progress = not quiet and opts.get("verbosity", 1) > 0
        if hamlets_per_commune < 1 or (households_per_hamlet is not None and households_per_hamlet < 0):
            raise CommandError("Số thôn mỗi xã phải ≥ 1 và số hộ mỗi thôn phải ≥ 0.")
        try:
            if scale == "demo":
                report = seeding.seed_demo(seed=seed, progress=progress)
            else:
                if households_per_hamlet is None:
                    households_per_hamlet = 20 if scale == "province" else 0
                report = seeding.seed_bulk(
                    scale=scale, seed=seed, province_code=province if scale == "province" else None,
                    hamlets_per_commune=hamlets_per_commune, households_per_hamlet=households_per_hamlet,
                    progress=progress,
                )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self._summary(report)

    def _summary(self, r: seeding.SeedReport) -> None:
        out = self.stdout.write
        if r.imported_official_units:
            out("Đã nạp danh mục đơn vị hành chính chính thức (bảng đơn vị đang trống).")
        c = r.counts
        out(f"Dữ liệu mẫu ({r.scale}, seed {r.seed}, {connection.vendor}): {r.communes} xã"
            + (f" ({r.communes_skipped} xã đã có thôn, bỏ qua)" if r.communes_skipped else "")
            + f"; thêm {c.hamlets} thôn, {c.households} hộ, {c.residents} nhân khẩu"
            + (f", {r.organizations} cơ quan/tổ chức" if r.scale == "demo" else ""))
        if r.accounts:
            rows = [("vai trò", "tên đăng nhập", "mật khẩu", "mã đơn vị", "phạm vi", "")] + [
                (a["role"], a["username"], a["password"], a["unit_code"] or "—", a["scope"], a["status"])
                for a in r.accounts
            ]
            widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
            for i, row in enumerate(rows):
                out("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
                if i == 0:
                    out("  ".join("-" * w for w in widths))
            out(f"Tài khoản mẫu (chỉ để trình diễn) đã ghi vào {r.accounts_file}")
        out(f"Thời gian: {r.seconds:.1f} s")

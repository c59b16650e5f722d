"""`danchu households import FILE --hamlet CODE [--as USERNAME]`: import a hamlet's household register.

Without --as the import runs as the system (the server's operator on the command line:
`households_import_as_system`, no actor and no grant, the audit row has no user). With --as it runs with that user's grants, exactly
as the upload page does. Exit status 1 when the file cannot be read (nothing is written then);
rejected rows are reported but do not fail the command.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from danchu.core.errors import DomainError
from danchu.units.selectors import unit_get
from danchu.units.services.households import (
    households_import,
    households_import_as_system,
    rejected_row_count,
)


def actor_from(username: str | None):
    if not username:
        return None
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"Không có tài khoản đang hoạt động tên “{username}”.")
    return user


def read_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(f"Không mở được tệp {path}: {exc.strerror or exc}.") from exc


def rejection_table(rejected: list[dict]) -> str:
    rows = [("Dòng", "Cột", "Giá trị", "Lý do")] + [
        (str(e.get("row", "")), e.get("column", ""), e.get("value", ""), e.get("reason", "")) for e in rejected
    ]
    widths = [min(30, max(len(r[i]) for r in rows)) for i in range(3)]
    return "\n".join(
        "  ".join(str(c)[:w].ljust(w) for c, w in zip(r[:3], widths, strict=True)) + "  " + r[3] for r in rows
    )


class Command(BaseCommand):
    help = "Sổ hộ gia đình: `danchu households import TỆP --hamlet MÃ_THÔN [--as TÊN_ĐĂNG_NHẬP]`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        imp = sub.add_parser("import", help="Nhập sổ hộ (CSV hoặc XLSX, mỗi dòng một người) vào một thôn")
        imp.add_argument("file", help="Đường dẫn tệp .csv hoặc .xlsx")
        imp.add_argument("--hamlet", required=True, help="Mã thôn, tổ dân phố (ví dụ 00004-01)")
        imp.add_argument("--as", dest="as_user", help="Nhập với quyền của tài khoản này (mặc định: hệ thống)")

    def handle(self, *args, subcommand, **opts):
        actor = actor_from(opts["as_user"])
        data = read_file(opts["file"])
        try:
            hamlet = unit_get(code=opts["hamlet"])
            args = {"hamlet": hamlet, "file_bytes": data, "filename": Path(opts["file"]).name}
            imp = households_import(actor=actor, **args) if actor is not None else households_import_as_system(**args)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        rejected_rows = rejected_row_count(imp)
        self.stdout.write(
            f"{hamlet.name} ({hamlet.code}) — {imp.filename}\n"
            f"Số dòng dữ liệu: {imp.rows_total}\n"
            f"Hộ: thêm mới {imp.households_created}, cập nhật {imp.households_updated}\n"
            f"Nhân khẩu: thêm mới {imp.residents_created}, cập nhật {imp.residents_updated}, "
            f"không đổi {imp.rows_unchanged}\n"
            f"Dòng bị từ chối: {rejected_rows}"
        )
        if imp.rejected:
            self.stdout.write("\n" + rejection_table(imp.rejected))

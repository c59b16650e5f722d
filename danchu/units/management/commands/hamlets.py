"""`danchu hamlets import FILE --commune CODE [--as USERNAME]` and `danchu hamlets list --commune CODE`.

Without --as the import runs as the system (`hamlets_import_as_system`: no actor, no grant), as for
`danchu households`; with --as it runs under that user's grants, exactly as the page does.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from danchu.core.errors import DomainError
from danchu.units.selectors import unit_children, unit_get
from danchu.units.services.hamlets import hamlets_import, hamlets_import_as_system

from .households import actor_from, read_file, rejection_table


class Command(BaseCommand):
    help = "Thôn, tổ dân phố: `danchu hamlets import TỆP --commune MÃ_XÃ`, `danchu hamlets list --commune MÃ_XÃ`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        imp = sub.add_parser("import", help="Thêm các thôn, tổ dân phố của một xã từ tệp CSV hoặc XLSX")
        imp.add_argument("file", help="Tệp có cột “Tên thôn” (và cột “Loại” nếu cần)")
        imp.add_argument("--commune", required=True, help="Mã xã, phường, đặc khu")
        imp.add_argument("--as", dest="as_user", help="Nhập với quyền của tài khoản này (mặc định: hệ thống)")
        lst = sub.add_parser("list", help="Liệt kê thôn, tổ dân phố của một xã")
        lst.add_argument("--commune", required=True)
        lst.add_argument("--all", action="store_true", help="Kể cả thôn đã sáp nhập, giải thể")

    def handle(self, *args, subcommand, **opts):
        try:
            commune = unit_get(code=opts["commune"])
            if subcommand == "list":
                for h in unit_children(unit=commune, include_former=opts["all"]):
                    closed = f"  [đến {h.valid_to:%d/%m/%Y}]" if h.valid_to else ""
                    self.stdout.write(f"{h.code:>12}  {h.name}{closed}")
                return
            actor = actor_from(opts["as_user"])
            args = {"commune": commune, "file_bytes": read_file(opts["file"]), "filename": Path(opts["file"]).name}
            report = hamlets_import(actor=actor, **args) if actor is not None else hamlets_import_as_system(**args)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"{commune.name} ({commune.code}): {report.rows_total} dòng — thêm mới {len(report.created)}, "
            f"đã có {report.unchanged}, bị từ chối {len(report.rejected)}"
        )
        for h in report.created:
            self.stdout.write(f"  + {h.code}  {h.name}")
        if report.rejected:
            self.stdout.write("\n" + rejection_table(report.rejected))

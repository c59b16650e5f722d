import time

from django.core.management.base import BaseCommand, CommandError

from danchu.core.errors import DomainError
from danchu.units.models import Level
from danchu.units.selectors import unit_search, unit_successors
from danchu.units.services.official import official_units_import


class Command(BaseCommand):
    help = "Đơn vị hành chính: `danchu units import` nạp danh mục chính thức; `danchu units search Q` tìm đơn vị."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        imp = sub.add_parser("import", help="Nạp 34 tỉnh, 3.321 xã (từ 01/7/2025) và đơn vị cũ kèm quan hệ kế thừa")
        imp.add_argument("--quiet", action="store_true", help="Không hiện thanh tiến trình")
        search = sub.add_parser("search", help="Tìm đơn vị, không phân biệt dấu và hoa thường")
        search.add_argument("query")
        search.add_argument("--level", choices=[c.value for c in Level])
        search.add_argument("--limit", type=int, default=20)

    def handle(self, *args, subcommand, **opts):
        try:
            if subcommand == "import":
                self._import(quiet=opts["quiet"] or opts.get("verbosity", 1) == 0)
            else:
                self._search(opts["query"], opts.get("level"), opts["limit"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def _import(self, *, quiet: bool) -> None:
        started = time.perf_counter()
        r = official_units_import(progress=not quiet)
        elapsed = time.perf_counter() - started
        current_p = r.counts[(Level.PROVINCE, True)]
        current_c = r.counts[(Level.COMMUNE, True)]
        self.stdout.write(
            f"Nguồn: {r.source}\n"
            f"Hiện hành: {current_p} tỉnh/thành phố, {current_c} xã/phường/đặc khu\n"
            f"Trước 01/7/2025: {r.legacy_provinces} tỉnh, {r.legacy_districts} huyện, {r.legacy_communes} xã\n"
            f"Ánh xạ cũ → mới: tỉnh {r.legacy_provinces_mapped}/{r.legacy_provinces}, "
            f"huyện {r.legacy_districts_mapped}/{r.legacy_districts}, xã {r.legacy_communes_mapped}/{r.legacy_communes}\n"
            f"Thêm mới {r.created}, cập nhật {r.updated}, không đổi {r.unchanged}; "
            f"quan hệ kế thừa thêm {r.successions_created}, sửa {r.successions_updated}\n"
            f"Thời gian: {elapsed:.2f} s"
        )

    def _search(self, query: str, level: str | None, limit: int) -> None:
        for unit in unit_search(q=query, level=level)[:limit]:
            line = f"{unit.code:>10}  {unit.name}"
            if unit.parent:
                line += f", {unit.parent.name}"
            if unit.is_former:
                line += "  [đơn vị cũ → " + ", ".join(s.name for s in unit_successors(unit=unit)) + "]"
            self.stdout.write(line)

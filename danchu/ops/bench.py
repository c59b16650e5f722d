"""Named benchmarks behind `danchu bench`, run on the configured database.

Each benchmark yields `Figure`s: a measured value, the target it must stay under (where the
project set one) and, for queries, a *floor*: the same SQL sent raw through
`connection.cursor()`, so the ratio shows what the ORM, the ranking and model building add.

Safety: the benchmarks write (a fresh import of the official units, optional national
hamlets, a scratch hamlet for the household import, scratch disclosures with their entries in
the append-only transparency log). They run only on a database holding
nothing but official units — or anything else with `--yes`, and then the fresh import (which
needs empty unit tables) is skipped. Whatever a run creates it removes at the end (`keep`
leaves it), except the audit rows the import service writes.

Benchmarks sit above every app (like the CLI); nothing in `core` imports this module.
"""

from __future__ import annotations

import json
import math
import os
import platform
import random
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import django
from django.db import connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from danchu.core.errors import DomainError
from danchu.core.text import fold

NAMES = ("units_import", "household_import", "unit_search", "unit_subtree", "disclosures", "decisions", "cases",
         "consultations", "reports", "uploads")
SEARCH_QUERIES = 200  # half with diacritics, half without
SUBTREE_QUERIES = 200
PAGE = 25  # the unit search page shows 25 results


@dataclass
class Figure:
    key: str
    label: str
    value: float | None = None
    unit: str = "s"
    target: float | None = None  # the value must stay below it (same unit)
    target_text: str = ""
    floor: float | None = None  # raw SQL doing the same query
    status: str = "ok"  # ok | over | info | skipped | missing | error
    detail: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.floor:
            return None
        return self.value / self.floor

    def judge(self) -> Figure:
        if self.value is not None and self.target is not None:
            self.status = "ok" if self.value < self.target else "over"
        elif self.value is not None:
            self.status = "info"
        return self

    def as_dict(self) -> dict:
        d = asdict(self)
        d["ratio"] = round(self.ratio, 2) if self.ratio is not None else None
        for k in ("value", "floor"):
            if d[k] is not None:
                d[k] = round(d[k], 4)
        return d


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile (p95 of 200 samples is the 190th smallest)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _interleaved(items: list, measured: Callable, floor: Callable) -> tuple[list[float], list[float]]:
    """Time both forms of each query one after the other, so that drift (a cache warming, an
    autovacuum starting) weighs on the measured query and its floor alike."""
    a, b = [], []
    for item in items:
        a.append(_timed(lambda: measured(item)))  # noqa: B023 - called at once
        b.append(_timed(lambda: floor(item)))  # noqa: B023
    return a, b


def analyze() -> None:
    """Fresh planner statistics after a bulk load (PostgreSQL; SQLite plans without them)."""
    from danchu.units.models import Unit

    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE " + connection.ops.quote_name(Unit._meta.db_table))


# --- what is in the database -------------------------------------------------------------------


def inventory() -> dict[str, int]:
    from danchu.accounts.models import RoleGrant, User
    from danchu.core.models import LogEntry
    from danchu.units.models import Household, Level, Organization, Resident, Unit

    return {
        "official_units": Unit.objects.filter(is_official=True).count(),
        "hamlets": Unit.objects.filter(level=Level.HAMLET).count(),
        "other_local_units": Unit.objects.filter(is_official=False).exclude(level=Level.HAMLET).count(),
        "organizations": Organization.objects.count(),
        "households": Household.objects.count(),
        "residents": Resident.objects.count(),
        "users": User.objects.count(),
        "role_grants": RoleGrant.objects.count(),
        "log_entries": LogEntry.objects.count(),
    }


def real_data(inv: dict[str, int]) -> dict[str, int]:
    """Rows the benchmark must not touch: everything but the official units."""
    return {k: v for k, v in inv.items() if k != "official_units" and v}


def machine() -> dict:
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "memory": mem,
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
    }


def database() -> dict:
    info = {"vendor": connection.vendor, "name": str(connection.settings_dict.get("NAME", ""))}
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SHOW server_version")
            info["version"] = cur.fetchone()[0]
    elif connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("SELECT sqlite_version()")
            info["version"] = cur.fetchone()[0]
    return info


def query_plan(sql: str, params: list) -> str:
    """One line: does the database answer this with an index or a full scan?"""
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("EXPLAIN QUERY PLAN " + sql, params)
            return "; ".join(str(r[-1]) for r in cur.fetchall())
        if connection.vendor == "postgresql":
            cur.execute("EXPLAIN " + sql, params)
            return " / ".join(r[0].strip() for r in cur.fetchall() if "Scan" in r[0])
    return ""


# --- the benchmarks ----------------------------------------------------------------------------


class Bench:
    def __init__(self, *, seed: int = 1, yes: bool = False, seed_national: bool = False, keep: bool = False,
                 only: tuple[str, ...] = NAMES, progress: bool = False, log: Callable[[str], None] = print,
                 disclosures_total: int = 10_000, disclosures_commune: int = 2_000,
                 cases_total: int = 20_000, cases_commune: int = 2_000, cases_concurrent: int = 200,
                 reports_records: int = 200_000, reports_reuse: bool = False):
        self.seed = seed
        self.yes = yes
        self.seed_national = seed_national
        self.keep = keep
        self.only = only
        self.disclosures_total = disclosures_total
        self.disclosures_commune = disclosures_commune
        self.cases_total = cases_total
        self.cases_commune = cases_commune
        self.cases_concurrent = cases_concurrent
        self.reports_records = reports_records
        self.reports_reuse = reports_reuse
        self.progress = progress
        self.log = log
        self.figures: list[Figure] = []
        self.created_hamlet_ids: list[int] = []
        self.remove_units_at_end = False
        self.inventory: dict[str, int] = {}
        self.cleanup_error = ""

    def check(self) -> None:
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise DomainError("bench_unmigrated", "Cơ sở dữ liệu chưa cập nhật cấu trúc: chạy `danchu migrate` trước.",
                              message_en="Unapplied migrations: run `danchu migrate` first.")
        self.inventory = inventory()
        found = real_data(self.inventory)
        if found and not self.yes:
            listing = ", ".join(f"{k} {v}" for k, v in found.items())
            raise DomainError(
                "bench_refused",
                f"Cơ sở dữ liệu {connection.settings_dict.get('NAME')} đang có dữ liệu ({listing}). "
                "Hãy chạy trên một cơ sở dữ liệu trống (DATABASE_URL=… hoặc DANCHU_DATA_DIR=…), "
                "hoặc thêm --yes: khi đó bỏ qua phép đo nạp mới danh mục, các phép đo khác chỉ xóa "
                "những gì chúng tạo ra.",
                message_en="The database holds data; use an empty one or pass --yes.",
            )

    def run(self) -> list[Figure]:
        self.check()
        try:
            if "units_import" in self.only:
                self.units_import()
            else:
                from danchu.ops.seeding import ensure_official_units

                self.remove_units_at_end = ensure_official_units(progress=self.progress)
            if self.seed_national:
                self.national_seed()
            analyze()
            if "unit_search" in self.only:
                self.unit_search()
            if "unit_subtree" in self.only:
                self.unit_subtree()
            if "household_import" in self.only:
                self.household_import()
            if "disclosures" in self.only:
                self.disclosures()
            if "decisions" in self.only:
                self.decisions()
            if "cases" in self.only:
                self.cases()
            if "consultations" in self.only:
                self.consultations()
            if "reports" in self.only:
                self.reports()
            if "uploads" in self.only:
                self.uploads()
        finally:
            if not self.keep:
                try:
                    self.cleanup()
                except Exception as exc:  # noqa: BLE001 - keep the figures; the command reports it
                    self.cleanup_error = f"{type(exc).__name__}: {exc}"
        return self.figures

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure.judge() if figure.status == "ok" else figure)
        f = self.figures[-1]
        shown = f"{f.value:.3f} {f.unit}" if f.value is not None else f.status
        self.log(f"  {f.key}: {shown}")
        return f

    # 1. The official list: fresh into empty tables, then the idempotent re-run.
    def units_import(self) -> None:
        from danchu.units.models import Level, Unit, UnitSuccession
        from danchu.units.services.official import official_units_import

        fresh = Figure("units.import.fresh", "Nạp danh mục đơn vị vào bảng trống (34 tỉnh, 3.321 xã, đơn vị cũ)",
                       target=10.0, target_text="< 10 s")
        units_before = Unit.objects.count()
        if units_before and real_data(self.inventory):
            fresh.status, fresh.detail = "skipped", "bảng đơn vị đang được dữ liệu khác tham chiếu (--yes)"
        else:
            if units_before:
                try:
                    with transaction.atomic():
                        UnitSuccession.objects.all().delete()
                        for level in (Level.HAMLET, Level.COMMUNE, Level.DISTRICT, Level.PROVINCE):
                            Unit.objects.filter(level=level).delete()
                except ProtectedError as exc:
                    fresh.status, fresh.detail = "skipped", f"đơn vị đang được tham chiếu: {exc.args[0][:120]}"
            else:
                self.remove_units_at_end = True
            if fresh.status == "ok":
                report = None

                def do():
                    nonlocal report
                    report = official_units_import()

                fresh.value = _timed(do)
                fresh.extra = {"units": report.created, "successions": report.successions_created}
        self.add(fresh)
        rerun = Figure("units.import.rerun", "Chạy lại nạp danh mục (không thay đổi gì)", target=10.0,
                       target_text="< 10 s")
        result = {}
        rerun.value = _timed(lambda: result.setdefault("r", official_units_import()))
        r = result["r"]
        rerun.extra = {"created": r.created, "updated": r.updated, "unchanged": r.unchanged}
        self.add(rerun)

    # Optional: about 90,000 hamlets so that searches and subtrees run at national size.
    def national_seed(self) -> None:
        from danchu.ops.seeding import seed_bulk

        f = Figure("seed.national", "Tạo ~90.000 thôn cho 3.321 xã (danchu seed --scale national)")
        report = seed_bulk(scale="national", seed=self.seed, households_per_hamlet=0, progress=self.progress)
        self.created_hamlet_ids = report.hamlet_ids
        f.value = report.seconds
        f.extra = {"hamlets": report.counts.hamlets, "communes_skipped": report.communes_skipped}
        self.add(f)

    # 2. The household register import (units/bench.py, by the units app).
    def household_import(self) -> None:
        f = Figure("households.import.50000", "Nhập sổ hộ 50.000 nhân khẩu vào thôn trống", target=30.0,
                   target_text="< 30 s")
        try:
            from danchu.units.bench import bench_household_import
        except ImportError as exc:
            f.status, f.detail = "missing", f"danchu.units.bench.bench_household_import chưa có ({exc})"
            self.add(f)
            return
        try:
            result = {}
            wall = _timed(lambda: result.setdefault("r", bench_household_import(50_000)))
        except Exception as exc:  # noqa: BLE001 - a failing benchmark is reported, the others still run
            f.status, f.detail = "error", f"{type(exc).__name__}: {exc}"[:300]
            self.add(f)
            return
        r = result["r"]
        if isinstance(r, dict) and "seconds_first" in r:
            f.value = float(r["seconds_first"])
            f.extra = {**r, "wall_seconds_incl_generation_and_cleanup": round(wall, 2)}
            self.add(f)
            again = Figure("households.import.50000.rerun", "Nhập lại cùng tệp (không thay đổi gì)",
                           value=float(r["seconds_rerun"]) if r.get("seconds_rerun") is not None else None)
            self.add(again)
        else:
            f.value = float(r) if isinstance(r, int | float) else wall
            f.extra = {"returned": repr(r)[:200]}
            self.add(f)

    # 3. Disclosures (dân biết): the commune list page, the public search, verify-log (disclosures/bench.py).
    def disclosures(self) -> None:
        from danchu.core.models import LogEntry

        size = f"{self.disclosures_commune:,} trong một xã, {self.disclosures_total:,} tất cả".replace(",", ".")
        figures = [
            Figure("disclosures.list.p95", f"Trang công khai của một xã /u/<mã>/cong-khai/, p95 ({size})",
                   unit="ms", target=50.0, target_text="< 50 ms"),
            Figure("disclosures.search.p95", f"Tìm nội dung công khai /cong-khai/?q= không dấu, p95 ({size})",
                   unit="ms", target=100.0, target_text="< 100 ms"),
            Figure("disclosures.verify_log", f"danchu verify-log trên toàn bộ nhật ký ({self.disclosures_total:,} mục)"
                   .replace(",", "."), target_text="< 60 s với 1.000.000 mục"),
        ]
        try:
            from danchu.disclosures.bench import run
        except ImportError as exc:
            for f in figures:
                f.status, f.detail = "missing", f"danchu.disclosures.bench.run chưa có ({exc})"
                self.add(f)
            return
        if LogEntry.objects.exists():
            for f in figures:
                f.status, f.detail = "skipped", "nhật ký minh bạch đã có mục (chỉ ghi thêm, không xóa được)"
                self.add(f)
            return
        try:
            r = run(commune_size=self.disclosures_commune, total=self.disclosures_total, samples=100, keep=self.keep)
        except Exception as exc:  # noqa: BLE001 - reported, the other benchmarks still count
            for f in figures:
                f.status, f.detail = "error", f"{type(exc).__name__}: {exc}"[:300]
                self.add(f)
            return
        figures[0].value, figures[0].extra = r["commune_list"]["p95_ms"], {**r["commune_list"], "sizes": r["sizes"]}
        figures[1].value, figures[1].extra = r["search"]["p95_ms"], {**r["search"], "sizes": r["sizes"]}
        verify = r["verify_log"]
        figures[2].value, figures[2].extra = verify["seconds"], verify
        if self.disclosures_total >= 1_000_000:
            figures[2].target = 60.0
        if not verify.get("ok", True):
            figures[2].status, figures[2].detail = "error", "; ".join(verify.get("problems", []))[:300]
        for f in figures:
            self.add(f)
        self.add(Figure("disclosures.seed", "Tạo dữ liệu công khai cho phép đo (kèm mục nhật ký)",
                        value=r.get("seed_seconds")))

    # 3b. Community decisions (dân bàn, dân quyết): concurrent online votes and the tally (decisions/bench.py).
    def decisions(self) -> None:
        figures = [
            Figure("decisions.concurrent_votes", "1.000 phiếu trực tuyến đồng thời trên một việc của 30.000 hộ "
                   "(mỗi phiếu được xác nhận đếm đúng một lần)", target_text="đếm đúng một lần"),
            Figure("decisions.tally", "Kết thúc, kiểm phiếu và ghi nhật ký một việc 30.000 hộ", target=1.0,
                   target_text="< 1 s"),
        ]
        if connection.vendor != "postgresql":
            for f in figures:
                f.status, f.detail = "skipped", "chỉ đo trên PostgreSQL (khóa dòng, kết nối đồng thời)"
                self.add(f)
            return
        try:
            from danchu.decisions.bench import run

            r = run(seed=self.seed, keep=self.keep, log=self.log)
        except Exception as exc:  # noqa: BLE001 - reported, the other benchmarks still count
            for f in figures:
                f.status, f.detail = "error", f"{type(exc).__name__}: {exc}"[:300]
                self.add(f)
            return
        c = r["concurrent"]
        figures[0].value, figures[0].extra = c["wall_seconds"], c
        if not c["exactly_once"] or c["errors"]:
            figures[0].status, figures[0].detail = "error", "phiếu được xác nhận không khớp với phiếu được đếm"
        figures[1].value, figures[1].extra = r["close_seconds"], {"tally_seconds": r["tally_seconds"], **r["close"]}
        for f in figures:
            self.add(f)
    # 3b. Cases: the officer's queue page and concurrent idempotent submissions (cases/bench.py).
    def cases(self) -> None:
        size = f"{self.cases_commune:,} trong một xã, {self.cases_total:,} tất cả".replace(",", ".")
        queue = Figure("cases.queue.p95", f"Hàng đợi hồ sơ của cán bộ xã /quan-ly/<mã>/ho-so/, p95 ({size})",
                       unit="ms", target=50.0, target_text="< 50 ms")
        conc = Figure("cases.concurrent", f"{self.cases_concurrent} lượt gửi đồng thời (mỗi lượt gửi lại 1 lần cùng khóa)",
                      target_text="mỗi hồ sơ đã xác nhận được lưu đúng một lần")
        try:
            from danchu.cases.bench import run as cases_run

            r = cases_run(total=self.cases_total, commune_size=self.cases_commune, concurrent=self.cases_concurrent,
                          keep=self.keep, seed_value=self.seed, log=self.log)
        except Exception as exc:  # noqa: BLE001 - reported, the other benchmarks still count
            for f in (queue, conc):
                f.status, f.detail = "error", f"{type(exc).__name__}: {exc}"[:300]
                self.add(f)
            return
        queue.value, queue.extra = r["queue"]["page_p95_ms"], {**r["queue"], "sizes": r["sizes"]}
        conc.value, conc.extra = r["concurrent"]["seconds"], r["concurrent"]
        if not r["concurrent"]["exactly_once"]:
            conc.status, conc.detail = "error", f"không đúng một lần: {r['concurrent']}"[:300]
        self.add(queue)
        self.add(conc)
        self.add(Figure("cases.seed", f"Tạo {self.cases_total:,} hồ sơ cho phép đo".replace(",", "."),
                        value=r["seed_seconds"]))

    # 3c. Consultations: the opinion map of 20,000 participants, 5,000 opinions, 500,000 votes
    # in a fresh process (time and peak RSS), and the consultation page (consultations/bench.py).
    def consultations(self) -> None:
        size = "20.000 người, 5.000 ý kiến, 500.000 lượt bày tỏ"
        figures = [
            Figure("consultations.map", f"Bản đồ ý kiến ({size}): nhóm, ý kiến đặc trưng, đồng thuận, chủ đề, hình",
                   target=30.0, target_text="< 30 s"),
            Figure("consultations.map.rss", "Bộ nhớ đỉnh (RSS) của tiến trình tính bản đồ ý kiến", unit="MB", target=1024.0,
                   target_text="< 1 GB"),
            Figure("consultations.page.p95", f"Trang dự thảo /gop-y/<id>/ của người tham gia, p95 ({size})", unit="ms",
                   target=100.0, target_text="< 100 ms"),
        ]
        try:
            from danchu.consultations.bench import run as consultations_run

            r = consultations_run(keep=self.keep, seed_value=self.seed, log=self.log)
        except Exception as exc:  # noqa: BLE001 - reported, the other benchmarks still count
            for f in figures:
                f.status, f.detail = "error", f"{type(exc).__name__}: {exc}"[:300]
                self.add(f)
            return
        figures[0].value, figures[0].extra = r["map"]["seconds"], {**r["map"], "recovered": r["recovered"]}
        figures[1].value = r["map"]["peak_rss_mb"]
        figures[2].value, figures[2].extra = r["page"]["page_p95_ms"], {**r["page"], "sizes": r["sizes"]}
        for f in figures:
            self.add(f)
        self.add(Figure("consultations.seed", f"Tạo dữ liệu cho phép đo ({size})", value=r["seed_seconds"]))

    # 3c. Steering Committee reports: reports/bench.py seeds activity records over the official
    # units (former communes before 1 July 2025, today's after) and measures the reports.
    def reports(self) -> None:
        n = f"{self.reports_records:,}".replace(",", ".")
        figures = {
            "province": Figure("reports.province.figures",
                               f"Báo cáo năm của tỉnh, mọi chỉ tiêu, từ bảng tổng hợp tháng ({n} bản ghi); "
                               "sàn: cùng các tổng bằng SQL trực tiếp trên bảng đó",
                               target=2.0, target_text="< 2 s, ≤ 1,5× sàn"),
            "province_direct": Figure("reports.province.direct",
                                      f"Báo cáo năm của tỉnh, mọi chỉ tiêu, đếm trực tiếp từ bản ghi ({n} bản ghi); "
                                      "sàn: cùng câu SQL chạy thô"),
            "province_docx": Figure("reports.province.docx", "Báo cáo năm của tỉnh, tệp DOCX đầy đủ (bảng tổng hợp, biểu đồ)",
                                    target=2.0, target_text="< 2 s"),
            "dashboard": Figure("reports.dashboard.p95", "Trang bảng điều khiển của tỉnh /bao-cao/<mã>/, p95", unit="ms",
                                target=300.0, target_text="< 300 ms"),
            "national": Figure("reports.national.docx", "Báo cáo toàn quốc, tệp DOCX (bảng tổng hợp)", target=5.0,
                               target_text="< 5 s"),
            "refresh_day": Figure("reports.rollup.refresh_day", "Cập nhật bảng tổng hợp cho bản ghi mới của một ngày",
                                  target=10.0, target_text="< 10 s"),
        }
        try:
            from danchu.reports.bench import run as reports_run

            r = reports_run(records=self.reports_records, keep=self.keep, seed_value=self.seed, log=self.log,
                            reuse=self.reports_reuse)
        except Exception as exc:  # noqa: BLE001 - reported, the other benchmarks still count
            for f in figures.values():
                f.status, f.detail = "error", f"{type(exc).__name__}: {exc}"[:300]
                self.add(f)
            return
        pr, pd = r["province_rollup"], r["province_direct"]
        figures["province"].value, figures["province"].floor = pr["seconds"], pr["floor"]
        figures["province"].extra = {**pr, **r["province"]}
        figures["province_direct"].value, figures["province_direct"].floor = pd["seconds"], pd["floor"]
        figures["province_direct"].extra = {**pd, **r["province"]}
        figures["province_docx"].value, figures["province_docx"].extra = r["province_docx"]["seconds"], {
            **r["province_docx"], "direct_seconds": r["province_docx_direct"]["seconds"]}
        figures["dashboard"].value, figures["dashboard"].extra = r["dashboard"]["p95_ms"], r["dashboard"]
        figures["national"].value, figures["national"].extra = r["national_docx"]["seconds"], {
            "direct_figures_seconds": r["national_direct_figures"]["seconds"]}
        figures["refresh_day"].value, figures["refresh_day"].extra = r["refresh_day"]["seconds"], r["refresh_day"]
        for f in figures.values():
            self.add(f)
        p = figures["province"]
        if p.ratio is not None and p.ratio > 1.5 and p.status == "ok":
            p.status, p.detail = "over", f"{p.ratio:.2f}× sàn SQL (mục tiêu ≤ 1,5×)"
        self.add(Figure("reports.seed", f"Tạo {n} bản ghi hoạt động cho phép đo", value=r["seed"]["seconds"],
                        extra=r["seed"]))
        self.add(Figure("reports.rollup.refresh_all", "Tính bảng tổng hợp cho hai năm (lần đầu)",
                        value=r["refresh_all"]["seconds"], extra=r["refresh_all"]))

    # 4. Unit search, the /u/?q= page: 100 names with diacritics and the same 100 without.
    # Memory of a web worker sent large uploads (core.uploads; measured by core.bench_uploads).
    def uploads(self) -> None:
        from danchu.core.bench_uploads import in_process_cases

        keys = ("uploads.8x60mb", "uploads.8x60mb_per_file_limit", "uploads.under_limits")
        for key, r in zip(keys, in_process_cases(), strict=True):
            self.add(Figure(key=key, label=f"Tăng bộ nhớ của tiến trình web: {r.case}", value=r.peak_growth_mb,
                            unit="MB", target=30.0, target_text="< 30 MB",
                            detail=f"HTTP {r.status} trong {r.seconds:.1f} s: {r.answer}"[:300]))

    def unit_search(self) -> None:
        from danchu.units.models import Level, Unit
        from danchu.units.selectors import current_q, unit_search

        rng = random.Random(self.seed)
        # What people type: the names of current communes, as written and without diacritics.
        names = sorted(set(Unit.objects.filter(current_q(), level=Level.COMMUNE).values_list("short_name", flat=True)))
        if not names:
            self.add(Figure("units.search.p95", "Tìm đơn vị", status="skipped", detail="không có đơn vị"))
            return
        picked = rng.sample(names, min(SEARCH_QUERIES // 2, len(names)))
        queries = picked + [fold(n) for n in picked]
        table = connection.ops.quote_name(Unit._meta.db_table)

        def raw_sql(q: str) -> tuple[str, list[str]]:
            # Table name and a fixed number of placeholders only: every value is a parameter.
            words = fold(q).split()
            where = " AND ".join(["search_name LIKE %s"] * len(words)) or "1=1"
            sql = f"SELECT id, code, name FROM {table} WHERE {where} ORDER BY search_name, code LIMIT {PAGE}"  # noqa: S608
            return sql, [f"%{w}%" for w in words]

        def raw(q: str) -> list:
            with connection.cursor() as cur:
                cur.execute(*raw_sql(q))
                return cur.fetchall()

        def orm(q: str) -> list:
            return list(unit_search(q=q)[:PAGE])

        for q in queries[:10]:  # warm caches and the ORM's statement compilation
            orm(q)
            raw(q)
        orm_t, raw_t = _interleaved(queries, orm, raw)
        half = len(picked)
        units_n = Unit.objects.count()
        plan = query_plan(*raw_sql(picked[0]))
        self.add(Figure(
            "units.search.p95", f"Tìm đơn vị (/u/?q=), p95 của {len(queries)} truy vấn trên {units_n} đơn vị",
            value=percentile(orm_t, 95) * 1000, unit="ms", floor=percentile(raw_t, 95) * 1000,
            target_text="báo cáo",
            detail="sàn: cùng điều kiện LIKE qua connection.cursor(), không xếp hạng, không join",
            extra={
                "p50_ms": round(percentile(orm_t, 50) * 1000, 3),
                "p95_with_diacritics_ms": round(percentile(orm_t[:half], 95) * 1000, 3),
                "p95_without_diacritics_ms": round(percentile(orm_t[half:], 95) * 1000, 3),
                "floor_p50_ms": round(percentile(raw_t, 50) * 1000, 3),
                "units": units_n, "queries": len(queries), "examples": queries[:3] + queries[half:half + 3],
                "plan": plan,
            },
        ))

    # 5. "Everything under a province": the materialized-path prefix query.
    def unit_subtree(self) -> None:
        from danchu.units.models import Level, Unit
        from danchu.units.selectors import current_q, unit_subtree

        provinces = list(Unit.objects.filter(current_q(), level=Level.PROVINCE).order_by("code"))
        if not provinces:
            self.add(Figure("units.subtree.p95", "Cây đơn vị của một tỉnh", status="skipped", detail="không có tỉnh"))
            return
        rng = random.Random(self.seed)
        order = [provinces[i % len(provinces)] for i in range(SUBTREE_QUERIES)]
        rng.shuffle(order)
        table = connection.ops.quote_name(Unit._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in Unit._meta.concrete_fields)
        sql = f"SELECT {columns} FROM {table} WHERE path LIKE %s"  # noqa: S608

        def raw(p) -> list:
            with connection.cursor() as cur:
                cur.execute(sql, [p.path + "%"])
                return cur.fetchall()

        def orm(p) -> list:
            return list(unit_subtree(unit=p))

        for p in provinces[:5]:
            orm(p)
            raw(p)
        sizes = {p.code: len(raw(p)) for p in provinces}
        orm_t, raw_t = _interleaved(order, orm, raw)
        self.add(Figure(
            "units.subtree.p95", f"Mọi đơn vị thuộc một tỉnh (unit_subtree), p95 của {len(order)} truy vấn",
            value=percentile(orm_t, 95) * 1000, unit="ms", floor=percentile(raw_t, 95) * 1000, target_text="báo cáo",
            detail="sàn: cùng câu SELECT … WHERE path LIKE '/mã/%' qua connection.cursor(), không dựng đối tượng",
            extra={
                "p50_ms": round(percentile(orm_t, 50) * 1000, 3),
                "floor_p50_ms": round(percentile(raw_t, 50) * 1000, 3),
                "rows_per_province_mean": round(sum(sizes.values()) / len(sizes)),
                "rows_per_province_max": max(sizes.values()),
                "plan": query_plan(sql, [provinces[0].path + "%"]),
            },
        ))

    # --- leave the database as it was -------------------------------------------------------
    def cleanup(self) -> None:
        from danchu.units.models import Level, Unit, UnitSuccession

        if self.created_hamlet_ids:
            table = connection.ops.quote_name(Unit._meta.db_table)
            with transaction.atomic(), connection.cursor() as cur:
                # Hamlets this run created a moment ago, with no households (seeded with 0):
                # a plain DELETE, the database's foreign keys still refuse if anything refers to them.
                for i in range(0, len(self.created_hamlet_ids), 900):
                    chunk = self.created_hamlet_ids[i:i + 900]
                    cur.execute(f"DELETE FROM {table} WHERE id IN ({', '.join(['%s'] * len(chunk))})", chunk)  # noqa: S608
            self.created_hamlet_ids = []
        if self.remove_units_at_end:
            with transaction.atomic():
                UnitSuccession.objects.all().delete()
                for level in (Level.HAMLET, Level.COMMUNE, Level.DISTRICT, Level.PROVINCE):
                    Unit.objects.filter(level=level).delete()
            self.remove_units_at_end = False


def write_results(figures: list[Figure], path: Path, *, command: str, bench: Bench) -> dict:
    data = {
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "command": command,
        "machine": machine(),
        "database": database(),
        "inventory_before": bench.inventory,
        "figures": [f.as_dict() for f in figures],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return data


def table(figures: list[Figure]) -> str:
    def fmt(v: float | None, unit: str) -> str:
        if v is None:
            return "—"
        return f"{v:.1f} {unit}" if v >= 100 else f"{v:.2f} {unit}" if v >= 1 else f"{v:.3f} {unit}"

    rows = [("phép đo", "giá trị", "mục tiêu", "sàn (SQL thô)", "tỉ lệ/sàn", "kết quả")]
    for f in figures:
        rows.append((f.key, fmt(f.value, f.unit) if f.value is not None else f.status, f.target_text or "—",
                     fmt(f.floor, f.unit), f"{f.ratio:.2f}×" if f.ratio is not None else "—",
                     f.status + (f" ({f.detail})" if f.status in {"skipped", "missing", "error"} else "")))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for i, r in enumerate(rows):
        lines.append("  ".join(v.ljust(w) for v, w in zip(r[:-1], widths, strict=True)) + "  " + r[-1])
        if i == 0:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * 7)
    return "\n".join(lines)

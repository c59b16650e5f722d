"""Benchmark of the household register import (called by `danchu bench`).

Builds a scratch province → commune → hamlet, generates an in-memory CSV of `rows` residents with
realistic Vietnamese names (about four per household, one representative each, one in ten without
a CCCD), imports it once into the empty hamlet and once more (the idempotent re-run), then
deletes the scratch data again. Times are wall-clock seconds including the commit.
"""

from __future__ import annotations

import csv
import io
import random
import time
import uuid

from django.db import transaction

from danchu.core.models import AuditEvent

from .models import Household, HouseholdImport, Level, Resident, Unit
from .services.common import child_path, unit_search_name
from .services.households import households_import_as_system

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
            "Ngô", "Dương", "Lý", "Đinh", "Đoàn", "Trịnh", "Lương"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Hữu", "Thu", "Xuân", "Hồng", "Gia", "Bảo", "Công"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hằng", "Hiếu", "Hoa", "Hùng", "Hương",
         "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phúc", "Quân", "Quỳnh", "Sơn", "Tâm",
         "Thảo", "Thắng", "Trang", "Trung", "Tuấn", "Uyên", "Việt", "Yến", "Đạt", "Ánh"]
HAMLET_PARTS = ["Xóm Đình", "Xóm Giữa", "Xóm Bến", "Xóm Chùa", "Xóm Đồng", "Xóm Trại"]
HEADER = ["Mã hộ", "Họ và tên", "Số CCCD", "Năm sinh", "Số điện thoại", "Địa chỉ", "Đại diện hộ"]


def _scratch_units() -> tuple[Unit, Unit, Unit]:
    tag = uuid.uuid4().hex[:6].upper()
    p_code, c_code, h_code = f"B{tag}", f"B{tag}C", f"B{tag}C-01"
    common = {"is_official": False, "search_name": unit_search_name("Tỉnh Đo Hiệu Năng", "Đo Hiệu Năng")}
    p = Unit.objects.create(code=p_code, name="Tỉnh Đo Hiệu Năng", short_name="Đo Hiệu Năng", division_type="tỉnh",
                            level=Level.PROVINCE, path=child_path(None, p_code), depth=1, province_code=p_code, **common)
    c = Unit.objects.create(code=c_code, name="Xã Đo Hiệu Năng", short_name="Đo Hiệu Năng", division_type="xã",
                            level=Level.COMMUNE, parent=p, path=child_path(p, c_code), depth=2, province_code=p_code,
                            **common)
    h = Unit.objects.create(code=h_code, name="Thôn Đo Hiệu Năng", short_name="Đo Hiệu Năng", division_type="thôn",
                            level=Level.HAMLET, parent=c, path=child_path(c, h_code), depth=3, province_code=p_code,
                            **common)
    return p, c, h


def _cccd_prefix(rng: random.Random) -> str:
    """A 5-digit prefix ("09" + 3 digits: no real province code 09x is that high) unused in the database."""
    for _ in range(100):
        prefix = f"09{rng.randrange(1000):03d}"
        if not Resident.objects.filter(identity_number__startswith=prefix).exists():
            return prefix
    raise RuntimeError("No free CCCD prefix for the benchmark.")


def register_csv(rows: int, *, cccd_prefix: str = "09900", seed: int = 10_2022) -> bytes:
    """A household register of `rows` residents as UTF-8 CSV (the format of services/households.py)."""
    rng = random.Random(seed)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(HEADER)
    n = household = 0
    while n < rows:
        household += 1
        surname = rng.choice(SURNAMES)
        address = f"{rng.choice(HAMLET_PARTS)}, số {rng.randrange(1, 300)}"
        for member in range(min(rng.randint(1, 7), rows - n)):
            n += 1
            name = f"{surname if member != 1 else rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            year = rng.randint(1935, 2005) if member < 2 else rng.randint(1990, 2024)
            cccd = "" if rng.random() < 0.1 else f"{cccd_prefix}{n:07d}"
            phone = f"09{rng.randrange(10**8):08d}" if member < 2 and rng.random() < 0.7 else ""
            writer.writerow([f"H{household:05d}", name, cccd, year, phone, address, "x" if member == 0 else ""])
    return buf.getvalue().encode("utf-8")


def _cleanup(province: Unit) -> None:
    with transaction.atomic():
        hamlets = Unit.objects.filter(path__startswith=province.path, level=Level.HAMLET)
        Household.objects.filter(hamlet__in=hamlets).update(representative=None)
        Resident.objects.filter(household__hamlet__in=hamlets).delete()
        Household.objects.filter(hamlet__in=hamlets).delete()
        HouseholdImport.objects.filter(hamlet__in=hamlets).delete()
        AuditEvent.objects.filter(unit_path__startswith=province.path).delete()
        for level in (Level.HAMLET, Level.COMMUNE, Level.PROVINCE):
            Unit.objects.filter(path__startswith=province.path, level=level).delete()


def bench_household_import(rows: int = 50_000, *, keep: bool = False) -> dict:
    """Import `rows` residents into a fresh scratch hamlet, then re-import the same file.

    Returns {"rows", "seconds_first", "seconds_rerun", "households", "residents", "rejected"}.
    With keep=False (the default) the scratch units and their register are deleted afterwards.
    """
    rng = random.Random()
    province, _commune, hamlet = _scratch_units()
    try:
        data = register_csv(rows, cccd_prefix=_cccd_prefix(rng))
        started = time.perf_counter()
        first = households_import_as_system(hamlet=hamlet, file_bytes=data, filename="bench.csv")
        seconds_first = time.perf_counter() - started
        started = time.perf_counter()
        rerun = households_import_as_system(hamlet=hamlet, file_bytes=data, filename="bench.csv")
        seconds_rerun = time.perf_counter() - started
        if rerun.residents_created or rerun.residents_updated or rerun.households_created:
            raise RuntimeError("The re-run of the same file changed the register: the import is not idempotent.")
    finally:
        if not keep:
            _cleanup(province)
    return {
        "rows": rows,
        "seconds_first": round(seconds_first, 2),
        "seconds_rerun": round(seconds_rerun, 2),
        "households": first.households_created,
        "residents": first.residents_created,
        "rejected": len(first.rejected),
    }

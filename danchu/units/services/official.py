"""Import of the official administrative-unit lists from the maintained `vietnamadminunits` package.

What the package ships (MIT, version pinned in pyproject.toml):
- `admin_units`: the 34 provinces and 3,321 communes/wards/special zones since 1 July 2025
  (Resolution 202/2025/QH15 and the 34 Standing Committee resolutions);
- `admin_units_legacy`: the 63 provinces, 696 districts and 10,035 communes before it;
- `converter_2025.json`: the old → new mapping for provinces and for every old commune
  (undivided ones to one successor; divided ones to several, one marked the default).

Legacy units are imported with codes prefixed "L" (they reuse numbers of the new list),
`valid_to` = 30 June 2025 and successor links; a former district's successors are the new
communes its communes went to. Re-running the import changes nothing.
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from tqdm import tqdm

from danchu.core.audit import audit

from ..models import LEGACY_PREFIX, LEGACY_VALID_TO, REFORM_DATE, Level, Unit, UnitSuccession
from .common import unit_search_name

PACKAGE = "vietnamadminunits"


def _data_dir() -> Path:
    # Locate the data files without importing the package (its parser pulls geopy/shapely).
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("Thiếu gói vietnamadminunits: chạy lại bước cài đặt (pip install -e .).")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def package_version() -> str:
    from importlib.metadata import version

    return version(PACKAGE)


@dataclass
class UnitRow:
    code: str
    name: str
    short_name: str
    division_type: str
    level: str
    parent_code: str | None
    valid_from: object
    valid_to: object
    aliases: tuple[str, ...] = ()


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    successions_created: int = 0
    successions_updated: int = 0
    counts: Counter = field(default_factory=Counter)
    legacy_communes: int = 0
    legacy_communes_mapped: int = 0
    legacy_districts: int = 0
    legacy_districts_mapped: int = 0
    legacy_provinces: int = 0
    legacy_provinces_mapped: int = 0
    source: str = ""


def _aliases(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    try:
        values = json.loads(raw)
    except ValueError:
        return ()
    return tuple(v for v in values if isinstance(v, str))


def _province_type(name: str) -> str:
    return "thành phố" if name.lower().startswith("thành phố") else "tỉnh"


def read_official_rows() -> tuple[list[UnitRow], list[tuple[str, str, bool]]]:
    """The desired units and (predecessor code, successor code, is_primary) links."""
    data = _data_dir()
    conn = sqlite3.connect(data / "dataset.db")
    conn.row_factory = sqlite3.Row
    try:
        current = conn.execute("SELECT * FROM admin_units ORDER BY provinceCode, wardCode").fetchall()
        legacy = conn.execute("SELECT * FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode").fetchall()
    finally:
        conn.close()
    converter = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))

    rows: list[UnitRow] = []
    seen: set[str] = set()

    def add(row: UnitRow) -> None:
        if row.code not in seen:
            seen.add(row.code)
            rows.append(row)

    new_province_by_key: dict[str, str] = {}
    new_ward_by_key: dict[tuple[str, str], str] = {}
    for r in current:
        add(UnitRow(r["provinceCode"], r["province"], r["provinceShort"], _province_type(r["province"]),
                    Level.PROVINCE, None, REFORM_DATE, None, _aliases(r["provinceAlias"])))
        add(UnitRow(r["wardCode"], r["ward"], r["wardShort"], r["wardType"].lower(), Level.COMMUNE,
                    r["provinceCode"], REFORM_DATE, None, _aliases(r["wardAlias"])))
        new_province_by_key[r["provinceKey"]] = r["provinceCode"]
        new_ward_by_key[(r["provinceKey"], r["wardKey"])] = r["wardCode"]

    old_province_by_key: dict[str, str] = {}
    old_ward_by_key: dict[str, str] = {}
    old_district_by_key: dict[str, str] = {}
    for r in legacy:
        p_code = LEGACY_PREFIX + r["provinceCode"]
        d_code = LEGACY_PREFIX + r["districtCode"]
        add(UnitRow(p_code, r["province"], r["provinceShort"], _province_type(r["province"]), Level.PROVINCE,
                    None, None, LEGACY_VALID_TO, _aliases(r["provinceAlias"])))
        add(UnitRow(d_code, r["district"], r["districtShort"], (r["districtType"] or "huyện").lower(), Level.DISTRICT,
                    p_code, None, LEGACY_VALID_TO, _aliases(r["districtAlias"])))
        old_province_by_key[r["provinceKey"]] = p_code
        district_key = f"{r['provinceKey']}_{r['districtKey']}_"
        old_district_by_key[district_key] = d_code
        if r["wardCode"]:
            w_code = LEGACY_PREFIX + r["wardCode"]
            add(UnitRow(w_code, r["ward"], r["wardShort"], (r["wardType"] or "xã").lower(), Level.COMMUNE,
                        d_code, None, LEGACY_VALID_TO, _aliases(r["wardAlias"])))
            old_ward_by_key[f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"] = w_code
        else:
            # Island districts with no communes became special zones directly.
            old_ward_by_key[district_key] = d_code

    links: dict[tuple[str, str], bool] = {}
    for new_p_key, old_keys in converter["DICT_PROVINCE"].items():
        for old_key in old_keys:
            if old_key in old_province_by_key and new_p_key in new_province_by_key:
                links[(old_province_by_key[old_key], new_province_by_key[new_p_key])] = True
    for new_p_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_w_key, old_keys in wards.items():
            succ = new_ward_by_key.get((new_p_key, new_w_key))
            for old_key in old_keys:
                pred = old_ward_by_key.get(old_key)
                if succ and pred:
                    links[(pred, succ)] = True
    for new_p_key, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in olds.items():
            pred = old_ward_by_key.get(old_key)
            for t in targets:
                succ = new_ward_by_key.get((new_p_key, t["newWardKey"]))
                if succ and pred:
                    links[(pred, succ)] = links.get((pred, succ), False) or bool(t["isDefaultNewWard"])

    # A former district's successors: the new communes its communes went to; the primary
    # one is where most of its communes' records go by default.
    parent_of = {r.code: r.parent_code for r in rows}
    district_codes = set(old_district_by_key.values())
    by_district: dict[str, Counter] = defaultdict(Counter)
    for (pred, succ), primary in links.items():
        d = parent_of.get(pred)
        if pred.startswith(LEGACY_PREFIX) and d and d in district_codes and primary:
            by_district[d][succ] += 1
    for d_code, counter in by_district.items():
        top = counter.most_common(1)[0][0]
        for succ in counter:
            links[(d_code, succ)] = succ == top
    return rows, [(p, s, prim) for (p, s), prim in sorted(links.items())]


_FIELDS = ("name", "short_name", "division_type", "level", "parent_id", "path", "depth", "province_code",
           "valid_from", "valid_to", "search_name", "is_official")


@transaction.atomic
def official_units_import(*, progress: bool = False) -> ImportReport:
    """Create or update the official units and their succession links. Idempotent.

    A system job (`danchu units import`, the demo seed): the state's list of units, not a person's
    call — it takes no actor and needs no grant; its audit row has no user."""
    report = ImportReport(source=f"{PACKAGE} {package_version()}")
    rows, links = read_official_rows()
    existing = {u.code: u for u in Unit.objects.filter(code__in=[r.code for r in rows])}
    by_code: dict[str, Unit] = {}
    to_update: list[Unit] = []

    # Rows are ordered parents first (provinces, then districts, then communes) per level pass.
    order = {Level.PROVINCE: 0, Level.DISTRICT: 1, Level.COMMUNE: 2}
    rows.sort(key=lambda r: (order[r.level], r.code))
    bar = tqdm(total=len(rows) + len(links), desc="Đơn vị hành chính", unit="dòng", disable=not progress)
    for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
        batch_new: list[Unit] = []
        for r in (x for x in rows if x.level == level):
            parent = by_code.get(r.parent_code) if r.parent_code else None
            values = {
                "name": r.name,
                "short_name": r.short_name,
                "division_type": r.division_type,
                "level": r.level,
                "parent_id": parent.pk if parent else None,
                "path": (parent.path if parent else "/") + r.code + "/",
                "depth": (parent.depth + 1) if parent else 1,
                "province_code": parent.province_code if parent and parent.level != Level.PROVINCE else (
                    parent.code if parent else r.code),
                "valid_from": r.valid_from,
                "valid_to": r.valid_to,
                "search_name": unit_search_name(r.name, r.short_name, r.aliases),
                "is_official": True,
            }
            unit = existing.get(r.code)
            if unit is None:
                unit = Unit(code=r.code, **values)
                batch_new.append(unit)
            elif any(getattr(unit, f) != v for f, v in values.items()):
                for f, v in values.items():
                    setattr(unit, f, v)
                to_update.append(unit)
            else:
                report.unchanged += 1
            by_code[r.code] = unit
            report.counts[(level, r.valid_to is None)] += 1
            bar.update(1)
        Unit.objects.bulk_create(batch_new, batch_size=2000)
        report.created += len(batch_new)
        if batch_new and batch_new[0].pk is None:  # backends that do not return ids on bulk insert
            ids = dict(Unit.objects.filter(code__in=[u.code for u in batch_new]).values_list("code", "pk"))
            for u in batch_new:
                u.pk = u.id = ids[u.code]
    if to_update:
        Unit.objects.bulk_update(to_update, _FIELDS, batch_size=2000)
    report.updated = len(to_update)

    existing_links = {(s.predecessor_id, s.successor_id): s for s in UnitSuccession.objects.filter(
        predecessor__code__startswith=LEGACY_PREFIX)}
    new_links, changed_links = [], []
    for pred_code, succ_code, primary in links:
        key = (by_code[pred_code].pk, by_code[succ_code].pk)
        link = existing_links.get(key)
        if link is None:
            new_links.append(UnitSuccession(predecessor_id=key[0], successor_id=key[1], is_primary=primary,
                                            effective_on=REFORM_DATE))
        elif link.is_primary != primary:
            link.is_primary = primary
            changed_links.append(link)
        bar.update(1)
    bar.close()
    UnitSuccession.objects.bulk_create(new_links, batch_size=5000)
    UnitSuccession.objects.bulk_update(changed_links, ["is_primary"], batch_size=5000)
    report.successions_created, report.successions_updated = len(new_links), len(changed_links)

    mapped = {p for p, _s, _ in links}
    legacy = [r for r in rows if r.valid_to is not None]
    report.legacy_communes = sum(1 for r in legacy if r.level == Level.COMMUNE)
    report.legacy_communes_mapped = sum(1 for r in legacy if r.level == Level.COMMUNE and r.code in mapped)
    report.legacy_districts = sum(1 for r in legacy if r.level == Level.DISTRICT)
    report.legacy_districts_mapped = sum(1 for r in legacy if r.level == Level.DISTRICT and r.code in mapped)
    report.legacy_provinces = sum(1 for r in legacy if r.level == Level.PROVINCE)
    report.legacy_provinces_mapped = sum(1 for r in legacy if r.level == Level.PROVINCE and r.code in mapped)
    if report.created or report.updated or new_links or changed_links:
        audit(actor=None, action="units.official_import", object_type="units.unit", object_id="*",
              created=report.created,
              updated=report.updated, successions=len(new_links) + len(changed_links), source=report.source)
    return report

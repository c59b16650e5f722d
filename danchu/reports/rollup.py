"""Roll-up: any indicator for any unit's subtree and any period, directly or from the roll-up table.

Scope of a unit: the unit, everything under it, and the former units (before the 2025 reform:
districts, merged communes, merged provinces) whose records today's units inherited. A former unit
is attributed to its primary successor (`units.UnitSuccession.is_primary`, the official mapping's
default for a split commune), following chains; a former unit with no succession link of its own
(an abolished district) goes where its own parent went (the old province's successor). Records keep
the unit they were made under; the mapping is applied when counting, so the roll-up table never
has to be rebuilt when the mapping is corrected.

Two sources, the same figures:
- direct: every indicator's counter (core.indicators) over the scope's unit ids;
- roll-up table (`RollupDay`): the counters' rows for every unit and day, refreshed for a day range
  by `refresh()` (task `reports.tasks.rollup_refresh`, command `danchu rollup`); dashboards read it
  when settings.DANCHU_REPORTS_ROLLUP is on (production, national size). A test proves the two agree.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from danchu.core.errors import DomainError
from danchu.core.indicators import Indicator, indicator, indicators
from danchu.units.models import Unit, UnitSuccession

from .errors import Code
from .models import RollupDay, RollupMonth, RollupRefresh, RollupUnitMap
from .periods import Period

_LEGACY_CACHE: dict = {}
REBUILD_DAYS = 180


def legacy_map() -> dict[int, int]:
    """Former unit id → the current unit id that inherits its records (cached per process until the
    units or their succession links change)."""
    today = timezone.localdate()
    former_qs = Unit.objects.filter(valid_to__lt=today)
    # One round trip for the freshness check (it runs on every dashboard).
    units, links = (connection.ops.quote_name(m._meta.db_table) for m in (Unit, UnitSuccession))
    with connection.cursor() as cur:
        cur.execute(f"SELECT COUNT(id), MAX(updated_at), MAX(id), (SELECT COUNT(id) FROM {links}), "  # noqa: S608
                    f"(SELECT MAX(id) FROM {links}) FROM {units} WHERE valid_to < %s", [today])
        row = cur.fetchone()
    stamp = {"n": row[0], "m": str(row[1]), "s": row[2], "ln": row[3], "lm": row[4]}
    key = (today, stamp["n"], stamp["m"], stamp["s"], stamp["ln"], stamp["lm"])
    if _LEGACY_CACHE.get("key") == key:
        return _LEGACY_CACHE["map"]
    former = dict(former_qs.values_list("id", "parent_id"))
    first: dict[int, int] = {}
    for pred, succ in (UnitSuccession.objects.order_by("predecessor_id", "-is_primary", "successor_id")
                       .values_list("predecessor_id", "successor_id")):
        first.setdefault(pred, succ)
    resolved: dict[int, int | None] = {}

    def resolve(uid: int, depth: int = 0) -> int | None:
        if uid not in former:
            return uid
        if uid in resolved:
            return resolved[uid]
        if depth > 20:  # a cycle in the data: leave the unit unattributed rather than loop
            return None
        nxt = first.get(uid)
        target = resolve(nxt, depth + 1) if nxt is not None else (
            resolve(former[uid], depth + 1) if former[uid] is not None else None)
        resolved[uid] = target
        return target

    mapping = {uid: t for uid in former if (t := resolve(uid)) is not None}
    by_target: dict[int, list[int]] = {}
    for old, cur in mapping.items():
        by_target.setdefault(cur, []).append(old)
    digest = hashlib.sha256(",".join(f"{k}:{v}" for k, v in sorted(mapping.items())).encode()).hexdigest()
    # Former units with no successor at all count where they were filed (rare: a cycle in the data).
    unmapped = list(former_qs.exclude(id__in=list(mapping)).values_list("id", "path")) if len(mapping) < len(former) else []
    _LEGACY_CACHE.update(key=key, map=mapping, by_target=by_target, hash=digest, unmapped=unmapped)
    return mapping


def mapping_hash() -> str:
    """Fingerprint of the current reform mapping: the month table is valid only for the mapping it was built with."""
    legacy_map()
    return _LEGACY_CACHE["hash"]


def legacy_by_target() -> dict[int, list[int]]:
    legacy_map()
    return _LEGACY_CACHE["by_target"]


@dataclass
class Scope:
    """The unit ids counted for a unit (None: the whole country) and, for ranking, the child each belongs to."""

    unit: Unit | None
    ids: list[int] | None
    child_of: dict[int, int] = field(default_factory=dict)
    children: list[Unit] = field(default_factory=list)
    # The keys of the month table in the scope: `ids` without the former units that the reform mapping
    # moves to a current unit (their month rows are already keyed by that unit). None: the whole country.
    month_ids: list[int] | None = None
    mapping: str = ""  # the reform mapping's fingerprint the scope was resolved with


def scope_for(unit: Unit | None, *, with_children: bool = True) -> Scope:
    if unit is None:
        provinces = list(Unit.objects.filter(level="province", parent__isnull=True, valid_to__isnull=True)
                         .order_by("search_name"))
        child_of = {}
        if with_children:
            by_code = {p.code: p.pk for p in provinces}
            for uid, pcode in Unit.objects.values_list("id", "province_code"):
                if pcode in by_code:
                    child_of[uid] = by_code[pcode]
            for legacy, cur in legacy_map().items():
                if cur in child_of:
                    child_of[legacy] = child_of[cur]
        return Scope(None, None, child_of, provinces, None, mapping_hash())
    legacy_map()
    by_target, digest = _LEGACY_CACHE["by_target"], _LEGACY_CACHE["hash"]
    today = timezone.localdate()
    # A former unit counts where its successor is (so a former unit filed under this path but succeeded by
    # a unit elsewhere counts there, once); a former unit with no successor at all counts where it was filed.
    rows = list(Unit.objects.filter(path__under=unit.path).exclude(valid_to__lt=today).values_list("id", "path"))
    rows += [(uid, path) for uid, path in _LEGACY_CACHE["unmapped"] if path.startswith(unit.path)]
    own = {uid for uid, _ in rows}
    legacy = {old: cur for cur in own for old in by_target.get(cur, ())}
    children = list(Unit.objects.filter(parent=unit).exclude(valid_to__lt=today).order_by("search_name", "code"))
    child_of: dict[int, int] = {}
    if with_children and children:
        by_code = {c.code: c.pk for c in children}
        depth = len([p for p in unit.path.split("/") if p])
        for uid, path in rows:
            parts = [p for p in path.split("/") if p]
            if len(parts) > depth and parts[depth] in by_code:
                child_of[uid] = by_code[parts[depth]]
        for cur, olds in by_target.items():
            if cur in child_of:
                for old in olds:  # the successor's child, as in the month table
                    child_of[old] = child_of[cur]
    return Scope(unit, sorted(own | set(legacy)), child_of, children, sorted(own), digest)


def known(codes: Iterable[str] | None) -> list[Indicator]:
    if codes is None:
        return indicators()
    out = []
    for code in codes:
        ind = indicator(code)
        if ind is None:
            raise DomainError(Code.INDICATOR_UNKNOWN, f"Không có chỉ tiêu mã “{code[:80]}”.",
                              message_en="Unknown indicator.", field="indicator")
        out.append(ind)
    return out


def _with_parts(inds: list[Indicator]) -> tuple[list[Indicator], list[Indicator]]:
    """Counted indicators needed (ratios pull in their parts) and the ratios."""
    counted = {i.code: i for i in inds if i.counter is not None}
    ratios = [i for i in inds if i.ratio_of is not None]
    for r in ratios:
        for part in r.ratio_of:
            p = indicator(part)
            if p is not None and p.counter is not None:
                counted.setdefault(p.code, p)
    return list(counted.values()), ratios


def ratio(num: int | None, den: int | None) -> float | None:
    return round(100.0 * num / den, 1) if den else None


@dataclass
class Figures:
    """Sums for one scope and period: totals, per child unit, per month — ratios computed from sums."""

    period: Period
    total: dict[str, int] = field(default_factory=dict)
    by_child: dict[int, dict[str, int]] = field(default_factory=dict)
    by_month: dict[str, dict[tuple[int, int], int]] = field(default_factory=dict)
    ratios: dict[str, tuple[str, str]] = field(default_factory=dict)
    source: str = "direct"

    def value(self, code: str, sums: dict[str, int] | None = None):
        sums = self.total if sums is None else sums
        if code in self.ratios:
            num, den = self.ratios[code]
            return ratio(sums.get(num, 0), sums.get(den, 0))
        return sums.get(code, 0)

    def child_value(self, child_id: int, code: str):
        return self.value(code, self.by_child.get(child_id, {}))

    def month_value(self, code: str, ym: tuple[int, int]):
        if code in self.ratios:
            num, den = self.ratios[code]
            return ratio(self.by_month.get(num, {}).get(ym, 0), self.by_month.get(den, {}).get(ym, 0))
        return self.by_month.get(code, {}).get(ym, 0)


def use_rollup() -> bool:
    return bool(getattr(settings, "DANCHU_REPORTS_ROLLUP", False))


def compute(*, scope: Scope, period: Period, codes: Iterable[str] | None = None, source: str | None = None,
            children: bool = True, months: bool = True) -> Figures:
    return compute_many(scope=scope, periods=[period], codes=codes, source=source, children=children, months=months)[0]


def compute_many(*, scope: Scope, periods: list[Period], codes: Iterable[str] | None = None, source: str | None = None,
                 children: bool = True, months: bool = True) -> list[Figures]:
    """Figures for several periods of one scope (the dashboard's: this one, the previous one, the same
    one last year). Counted directly ("direct"), each indicator is asked once over the span of all the
    periods and its rows are shared out by day; from the roll-up tables ("rollup"), whole months come from
    the month table and the days of a partly covered month from the day table; "rollup_day" reads the
    day table only (and is what "rollup" falls back to while the month table is stale)."""
    inds = known(codes)
    counted, ratios = _with_parts(inds)
    source = source or ("rollup" if use_rollup() else "direct")
    figs = [Figures(period=p, ratios={r.code: r.ratio_of for r in ratios}, source=source) for p in periods]
    if source == "rollup" and not months_ready(scope.mapping or None):
        source = "rollup_day"  # the month table was built with another reform mapping: the day table is right
        for f in figs:
            f.source = source
    if source == "rollup":
        _from_months(figs, scope, periods, [c.code for c in counted], children, months)
        return figs
    if source == "rollup_day":
        _from_table_many(figs, scope, periods, [c.code for c in counted], children, months)
        return figs
    child_of = scope.child_of
    lo, hi = min(p.start for p in periods), max(p.end for p in periods)
    for ind in counted:
        rows = ind.counter(start=lo, end=hi, unit_ids=scope.ids)
        for i, (f, p) in enumerate(zip(figs, periods, strict=True)):
            total = 0
            per_child: dict[int, int] = defaultdict(int)
            per_month: dict[tuple[int, int], int] = defaultdict(int)
            want_children = children and i == 0
            for uid, day, n in rows:
                if day < p.start or day > p.end:
                    continue
                total += n
                if want_children and uid in child_of:
                    per_child[child_of[uid]] += n
                if months:
                    per_month[(day.year, day.month)] += n
            f.total[ind.code] = total
            for cid, n in per_child.items():
                f.by_child.setdefault(cid, {})[ind.code] = n
            f.by_month[ind.code] = dict(per_month)
    return figs


def _from_table_many(figs: list[Figures], scope: Scope, periods: list[Period], codes: list[str], children: bool,
                     months: bool) -> None:
    """Two queries whatever the number of periods: sums per indicator and day over the span of all the
    periods (totals and months of each period come from it), and sums per unit for the first period
    (the ranking of the sub-units)."""
    lo, hi = min(p.start for p in periods), max(p.end for p in periods)
    want_children = children and bool(scope.child_of)
    if connection.vendor == "postgresql":
        daily, by_unit = _table_pg(scope, lo, hi, periods[0], codes, want_children)
    else:
        qs = RollupDay.objects.filter(day__gte=lo, day__lte=hi, indicator__in=codes)
        if scope.ids is not None:
            qs = qs.filter(unit_id__in=scope.ids)
        daily = list(qs.values_list("indicator", "day").annotate(n=Sum("value")).order_by())
        by_unit = (list(qs.filter(day__gte=periods[0].start, day__lte=periods[0].end)
                        .values_list("unit_id", "indicator").annotate(n=Sum("value")).order_by()) if want_children else [])
    for f, p in zip(figs, periods, strict=True):
        f.total = dict.fromkeys(codes, 0)
        for code, day, n in daily:
            if p.start <= day <= p.end:
                f.total[code] += n
                if months:
                    m = f.by_month.setdefault(code, {})
                    m[(day.year, day.month)] = m.get((day.year, day.month), 0) + n
    first = figs[0]
    for uid, code, n in by_unit:
        cid = scope.child_of.get(uid)
        if cid is not None:
            sums = first.by_child.setdefault(cid, {})
            sums[code] = sums.get(code, 0) + n


def _table_pg(scope: Scope, lo: dt.date, hi: dt.date, main: Period, codes: list[str], children: bool):
    """PostgreSQL: the unit ids as one array parameter (`= ANY(%s)`), not thousands of placeholders."""
    table = connection.ops.quote_name(RollupDay._meta.db_table)
    unit_filter, extra = "", []
    if scope.ids is not None:
        unit_filter, extra = " AND unit_id = ANY(%s)", [list(scope.ids)]
    with connection.cursor() as cur:
        cur.execute(f"SELECT indicator, day, SUM(value) FROM {table} WHERE day >= %s AND day <= %s "  # noqa: S608
                    f"AND indicator = ANY(%s){unit_filter} GROUP BY indicator, day", [lo, hi, list(codes), *extra])
        daily = [(c, d, int(n)) for c, d, n in cur.fetchall()]
        by_unit = []
        if children:
            cur.execute(f"SELECT unit_id, indicator, SUM(value) FROM {table} WHERE day >= %s AND day <= %s "  # noqa: S608
                        f"AND indicator = ANY(%s){unit_filter} GROUP BY unit_id, indicator",
                        [main.start, main.end, list(codes), *extra])
            by_unit = [(u, c, int(n)) for u, c, n in cur.fetchall()]
    return daily, by_unit


def _month_start(d: dt.date) -> dt.date:
    return d.replace(day=1)


def _month_end(d: dt.date) -> dt.date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def split_months(p: Period) -> tuple[tuple[dt.date, dt.date] | None, list[tuple[dt.date, dt.date]]]:
    """A period as whole months (first day of the first, first day of the last; None if none) and the
    day ranges at its edges that cover only part of a month (custom periods)."""
    first = p.start if p.start.day == 1 else _month_end(p.start) + dt.timedelta(days=1)
    last_end = p.end if p.end == _month_end(p.end) else _month_start(p.end) - dt.timedelta(days=1)
    if first > last_end:
        return None, [(p.start, p.end)]
    edges = []
    if p.start < first:
        edges.append((p.start, first - dt.timedelta(days=1)))
    if p.end > last_end:
        edges.append((last_end + dt.timedelta(days=1), p.end))
    return (first, _month_start(last_end)), edges


def _in(column: str, values) -> tuple[str, list]:
    """`column IN values`: one array parameter on PostgreSQL (not hundreds of placeholders)."""
    values = list(values)
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [values]
    if not values:
        return "1 = 0", []
    return f"{column} IN ({', '.join(['%s'] * len(values))})", values


def _sums(table, date_col: str, lo: dt.date, hi: dt.date, codes: list[str], ids, group: str) -> list[tuple]:
    """SUM(value) of a roll-up table over [lo, hi] grouped by `group` ("date" or "unit")."""
    where, params = [f"{date_col} >= %s", f"{date_col} <= %s"], [lo, hi]
    if set(codes) != {i.code for i in indicators() if i.counter is not None}:
        # (every counted indicator: no filter, a per-row test saved; rows of a code no longer registered
        # are dropped below)
        w, p = _in("indicator", codes)
        where.append(w)
        params += p
    if ids is not None:
        w, p = _in("unit_id", ids)
        where.append(w)
        params += p
    cols = f"indicator, {date_col}" if group == "date" else "unit_id, indicator"
    name = connection.ops.quote_name(table._meta.db_table)
    with connection.cursor() as cur:
        cur.execute(f"SELECT {cols}, SUM(value) FROM {name} WHERE {' AND '.join(where)} GROUP BY {cols}", params)  # noqa: S608
        rows = cur.fetchall()
    out, wanted = [], set(codes)
    for a, b, n in rows:
        if (a if group == "date" else b) not in wanted:
            continue
        if group == "date" and isinstance(b, str):  # SQLite returns dates as text
            b = dt.date.fromisoformat(b)
        out.append((a, b, int(n)))
    return out


def _from_months(figs: list[Figures], scope: Scope, periods: list[Period], codes: list[str], children: bool,
                 months: bool) -> None:
    """The month table for whole months (one grouped query over the span of every period, keyed by the
    current units of the scope) plus the day table for the edges of periods that cut through a month;
    the ranking of the sub-units: one grouped query per table for the first period."""
    splits = [split_months(p) for p in periods]
    whole = [w for w, _ in splits if w is not None]
    monthly = (_sums(RollupMonth, "month", min(w[0] for w in whole), max(w[1] for w in whole), codes,
                     scope.month_ids, "date") if whole else [])
    want_children = children and bool(scope.child_of)
    for f, (w, edges) in zip(figs, splits, strict=True):
        f.total = dict.fromkeys(codes, 0)
        rows = [r for r in monthly if w is not None and w[0] <= r[1] <= w[1]]
        for lo, hi in edges:
            rows += _sums(RollupDay, "day", lo, hi, codes, scope.ids, "date")
        for code, day, n in rows:
            f.total[code] += n
            if months:
                m = f.by_month.setdefault(code, {})
                m[(day.year, day.month)] = m.get((day.year, day.month), 0) + n
    if not want_children:
        return
    w, edges = splits[0]
    by_unit = _sums(RollupMonth, "month", w[0], w[1], codes, scope.month_ids, "unit") if w is not None else []
    for lo, hi in edges:
        by_unit += _sums(RollupDay, "day", lo, hi, codes, scope.ids, "unit")
    first = figs[0]
    for uid, code, n in by_unit:
        cid = scope.child_of.get(uid)
        if cid is not None:
            sums = first.by_child.setdefault(cid, {})
            sums[code] = sums.get(code, 0) + n


def months_ready(digest: str | None = None) -> bool:
    """The month table was last refreshed with today's reform mapping (`digest`, if the caller has it)."""
    last = RollupRefresh.objects.values_list("mapping", flat=True).first()
    return bool(last) and last == (digest or mapping_hash())


def breakdown(*, scope: Scope, period: Period, code: str) -> list[tuple[int, dt.date, int]]:
    """The rows behind one figure (unit as recorded, day, n), for the drill-down page. Always direct."""
    ind = known([code])[0]
    if ind.counter is None:
        rows = []
        for part in ind.ratio_of:
            rows += breakdown(scope=scope, period=period, code=part)
        return rows
    return sorted(ind.counter(start=period.start, end=period.end, unit_ids=scope.ids), key=lambda r: (r[1], r[0]))


def refresh(*, start: dt.date, end: dt.date, codes: Iterable[str] | None = None) -> RollupRefresh:
    """Recompute the roll-up rows of [start, end] for every counted indicator (idempotent), day rows and
    month rows in one transaction.

    The month table is kept incrementally: the old day rows of [start, end] are subtracted from their
    month rows and the new ones added (an upsert), so one day's refresh touches one day's rows. When the
    reform mapping changed since the last refresh (a corrected succession link, a unit that just became
    former), or when the range is long (REBUILD_DAYS), the month table is rebuilt from the whole day table
    instead.

    State-like figures (cases overdue) change after their day: the nightly run refreshes recent
    days as well as yesterday (see docs/deploy.md)."""
    started = time.perf_counter()
    inds = [i for i in known(codes) if i.counter is not None]
    digest = mapping_hash()
    total = 0
    with transaction.atomic():
        last = RollupRefresh.objects.select_for_update().values_list("mapping", flat=True).first()
        # A long range (the first refresh, a yearly catch-up) rebuilds the month table from the day table:
        # one pass over the day table is cheaper than subtracting and adding back most of it.
        rebuild = last != digest or (end - start).days >= REBUILD_DAYS
        day_codes = [i.code for i in inds]
        if not rebuild:
            _month_delta(start, end, day_codes, -1)
        for ind in inds:
            RollupDay.objects.filter(indicator=ind.code, day__gte=start, day__lte=end).delete()
            rows = [(ind.code, uid, day, n) for uid, day, n in ind.counter(start=start, end=end, unit_ids=None) if n]
            _insert_days(rows)
            total += len(rows)
        if rebuild:
            rebuild_months()
        else:
            _month_delta(start, end, day_codes, +1)
            RollupMonth.objects.filter(value=0, month__gte=_month_start(start), month__lte=end).delete()
        return RollupRefresh.objects.create(start=start, end=end, rows=total, mapping=digest, months_rebuilt=rebuild,
                                            seconds=round(time.perf_counter() - started, 3))


def _insert_days(rows: list[tuple[str, int, dt.date, int]]) -> None:
    if not rows:
        return
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(RollupDay._meta.db_table)
        with connection.cursor() as cur, cur.connection.cursor().copy(
                f"COPY {table} (indicator, unit_id, day, value) FROM STDIN") as copy:
            for r in rows:
                copy.write_row(r)
        return
    RollupDay.objects.bulk_create([RollupDay(indicator=c, unit_id=u, day=d, value=n) for c, u, d, n in rows],
                                  batch_size=5000)


def _month_expr(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('month', {column}) AS date)"
    return f"date({column}, 'start of month')"


def _month_sql(where: str, sign: str) -> str:
    month, unit_map = _month_expr("d.day"), connection.ops.quote_name(RollupUnitMap._meta.db_table)
    day, month_t = (connection.ops.quote_name(m._meta.db_table) for m in (RollupDay, RollupMonth))
    return (f"INSERT INTO {month_t} (indicator, unit_id, month, value) "  # noqa: S608 - fixed table names
            f"SELECT d.indicator, COALESCE(m.target_id, d.unit_id), {month}, {sign}SUM(d.value) "
            f"FROM {day} d LEFT JOIN {unit_map} m ON m.unit_id = d.unit_id WHERE {where} "
            f"GROUP BY d.indicator, COALESCE(m.target_id, d.unit_id), {month} "
            f"ON CONFLICT (indicator, month, unit_id) DO UPDATE SET value = {month_t}.value + excluded.value")


def _month_delta(start: dt.date, end: dt.date, codes: list[str], sign: int) -> None:
    """Add (+1) or subtract (-1) the day rows of [start, end] to/from their month rows."""
    w, p = _in("d.indicator", codes)
    with connection.cursor() as cur:
        cur.execute(_month_sql(f"d.day >= %s AND d.day <= %s AND {w}", "" if sign > 0 else "-"), [start, end, *p])


def rebuild_months() -> None:
    """The month table from the whole day table with today's reform mapping (also writes the mapping table)."""
    mapping = legacy_map()
    RollupUnitMap.objects.all().delete()
    RollupUnitMap.objects.bulk_create([RollupUnitMap(unit_id=k, target_id=v) for k, v in mapping.items()],
                                      batch_size=5000)
    RollupMonth.objects.all().delete()
    with connection.cursor() as cur:
        cur.execute(_month_sql("1 = 1", ""))
    RollupMonth.objects.filter(value=0).delete()


def last_refresh() -> RollupRefresh | None:
    return RollupRefresh.objects.first()

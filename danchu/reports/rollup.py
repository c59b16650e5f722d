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

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone

from danchu.core.errors import DomainError
from danchu.core.indicators import Indicator, indicator, indicators
from danchu.units.models import Unit, UnitSuccession

from .errors import Code
from .models import RollupDay, RollupRefresh
from .periods import Period

_LEGACY_CACHE: dict = {}


def legacy_map() -> dict[int, int]:
    """Former unit id → the current unit id that inherits its records (cached per process until the
    units or their succession links change)."""
    today = timezone.localdate()
    former_qs = Unit.objects.filter(valid_to__lt=today)
    stamp = former_qs.aggregate(n=Count("id"), m=Max("updated_at"), s=Max("id"))
    links = UnitSuccession.objects.aggregate(n=Count("id"), m=Max("id"))
    key = (today, stamp["n"], stamp["m"], stamp["s"], links["n"], links["m"])
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
    _LEGACY_CACHE.update(key=key, map=mapping, by_target=by_target)
    return mapping


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
        return Scope(None, None, child_of, provinces)
    rows = list(Unit.objects.filter(path__under=unit.path).values_list("id", "path"))
    ids = {uid for uid, _ in rows}
    by_target = legacy_by_target()
    legacy = {old: cur for cur in ids for old in by_target.get(cur, ()) if old not in ids}
    today = timezone.localdate()
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
                for old in olds:
                    child_of.setdefault(old, child_of[cur])
    return Scope(unit, sorted(ids | set(legacy)), child_of, children)


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
    one last year). Counted directly, each indicator is asked once over the span of all the periods
    and its rows are shared out by day; from the roll-up table, each period is a grouped query."""
    inds = known(codes)
    counted, ratios = _with_parts(inds)
    source = source or ("rollup" if use_rollup() else "direct")
    figs = [Figures(period=p, ratios={r.code: r.ratio_of for r in ratios}, source=source) for p in periods]
    if source == "rollup":
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
    """Recompute the roll-up rows of [start, end] for every counted indicator (idempotent).

    State-like figures (cases overdue) change after their day: the nightly run refreshes recent
    days as well as yesterday (see docs/deploy.md)."""
    started = time.perf_counter()
    inds = [i for i in known(codes) if i.counter is not None]
    total = 0
    with transaction.atomic():
        for ind in inds:
            RollupDay.objects.filter(indicator=ind.code, day__gte=start, day__lte=end).delete()
            rows = [RollupDay(indicator=ind.code, unit_id=uid, day=day, value=n)
                    for uid, day, n in ind.counter(start=start, end=end, unit_ids=None) if n]
            RollupDay.objects.bulk_create(rows, batch_size=5000)
            total += len(rows)
        return RollupRefresh.objects.create(start=start, end=end, rows=total,
                                            seconds=round(time.perf_counter() - started, 3))


def last_refresh() -> RollupRefresh | None:
    return RollupRefresh.objects.first()

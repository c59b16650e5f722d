"""Reads behind the dashboards, the drill-down and the reports. Every read of a person declares its
rule (core.access.guard): Action.REPORT_VIEW on the unit — a province's Steering Committee member
sees the province and everything in it, a commune's sees the commune; outside that scope the answer
is NotFound (404, as for a unit that does not exist, never the figures), inside it without the right
PermissionDenied (403). The whole country (`unit` None) is a target no unit's grant reaches: only
the platform's operators read it, which core.access decides. The system (the command line, the
export worker, the bench) is not a person: `build_dashboard` takes no user."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse

from danchu.core.access import Target, guard
from danchu.core.errors import NotFound
from danchu.core.indicators import Indicator
from danchu.core.pillars import PILLARS
from danchu.core.roles import Action
from danchu.units.models import Unit

from .models import ReportDraft, ReportExport
from .periods import Period
from .rollup import Figures, Scope, breakdown, compute_many, known, scope_for

LAG_SHARE = 0.5  # a sub-unit is marked lagging below half of the sub-units' median (counts) …
LAG_POINTS = 10.0  # … or more than 10 points under the unit's own rate (ratios)
PILLAR_ORDER = {p.key: i for i, p in enumerate(PILLARS)} | {"workplace": len(PILLARS)}
PILLAR_TITLE = {p.key: str(p.title) for p in PILLARS} | {"workplace": "Dân chủ trong cơ quan, đơn vị, doanh nghiệp"}


@dataclass(frozen=True)
class _Country:
    """The whole country as a place a rule applies: above every province (its path is the root of
    every unit's path), so no grant on a unit reaches it."""

    path: str = "/"
    name: str = "Toàn quốc"


COUNTRY = Target(unit=_Country())


def report_scope(args: dict):
    """The target of a report's rule (`on=`): its unit, or the whole country for `unit` None."""
    unit = args.get("unit")
    return COUNTRY if unit is None else unit


@dataclass
class Row:
    ind: Indicator
    value: object
    previous: object
    last_year: object
    drill: str = ""

    @property
    def change(self):
        if self.value is None or self.previous is None:
            return None
        return round(self.value - self.previous, 1)


@dataclass
class ChildRow:
    unit: Unit
    values: dict
    lagging: set = field(default_factory=set)
    cells: list = field(default_factory=list)
    link: str = ""


@dataclass
class Dashboard:
    unit: Unit | None
    period: Period
    rows: list[Row]
    pillars: list[tuple[str, list[Row]]]
    children: list[ChildRow]
    child_codes: list[str]
    figures: Figures
    previous: Figures
    last_year: Figures
    trend: dict  # code -> [(label, value now, value last year)]
    child_names: list = field(default_factory=list)

    @property
    def pillar_rows(self):
        return [(key, PILLAR_TITLE.get(key, key), rows) for key, rows in self.pillars]


def drill_url(ind: Indicator, unit: Unit | None, period: Period) -> str:
    code = unit.code if unit is not None else "VN"
    return reverse("reports:drill", args=[code, ind.code]) + f"?ky={period.key}"


def _lagging(children: list[ChildRow], codes: list[str], figures: Figures) -> None:
    import statistics

    for code in codes:
        vals = [c.values.get(code) for c in children if c.values.get(code) is not None]
        if len(vals) < 2:
            continue
        if code in figures.ratios:
            own = figures.value(code)
            if own is None:
                continue
            for c in children:
                v = c.values.get(code)
                if v is not None and v < own - LAG_POINTS:
                    c.lagging.add(code)
        else:
            median = statistics.median(vals)
            for c in children:
                if median > 0 and (c.values.get(code) or 0) < LAG_SHARE * median:
                    c.lagging.add(code)


def ranking_codes(inds: list[Indicator], limit: int = 8) -> list[str]:
    """The columns of the sub-units table: per pillar its first count and its first rate."""
    out: list[str] = []
    for pillar in sorted({i.pillar for i in inds}, key=lambda p: PILLAR_ORDER.get(p, 99)):
        of_pillar = [i for i in inds if i.pillar == pillar]
        for pick in (next((i for i in of_pillar if i.counter), None), next((i for i in of_pillar if i.ratio_of), None)):
            if pick is not None:
                out.append(pick.code)
    return out[:limit]


# Law 10/2022 Art. 88 (the Steering Committees follow the implementation at their level): the
# figures of a unit's subtree, for those who may see its reports.
@guard(Action.REPORT_VIEW, on=report_scope)
def dashboard(*, user, unit: Unit | None, period: Period, codes: list[str] | None = None,
              source: str | None = None) -> Dashboard:
    """The dashboard of a unit (None: the whole country) for the period."""
    return build_dashboard(unit=unit, period=period, codes=codes, source=source)


def build_dashboard(*, unit: Unit | None, period: Period, codes: list[str] | None = None,
                    source: str | None = None) -> Dashboard:
    """The same figures without a caller: for the system only (the `danchu report` command line,
    the export worker rendering what was requested under `export_request`'s rule, the bench).
    A person's read is `dashboard`, declared."""
    inds = known(codes)
    scope = scope_for(unit)
    figs, prev, ly = compute_many(scope=scope, periods=[period, period.previous(), period.last_year()],
                                  codes=[i.code for i in inds], source=source)
    # One reverse() for every drill-down link of the page (the same URL as drill_url()).
    drill_tpl = reverse("reports:drill", args=["UNIT0CODE", "IND0CODE"]) + f"?ky={period.key}"
    own = drill_tpl.replace("UNIT0CODE", unit.code if unit is not None else "VN")
    rows = [Row(i, figs.value(i.code), prev.value(i.code), ly.value(i.code), own.replace("IND0CODE", i.code)) for i in inds]
    pillars: dict[str, list[Row]] = {}
    for r in rows:
        pillars.setdefault(r.ind.pillar, []).append(r)
    pillar_list = sorted(pillars.items(), key=lambda kv: PILLAR_ORDER.get(kv[0], 99))
    child_codes = ranking_codes(inds)
    children = [ChildRow(c, {code: figs.child_value(c.pk, code) for code in child_codes}) for c in scope.children]
    _lagging(children, child_codes, figs)
    # The same for the whole table: a province has a hundred communes and eight columns.
    dash_tpl = reverse("reports:dashboard", args=["UNIT0CODE"]) + f"?ky={period.key}"
    for c in children:
        c.link = dash_tpl.replace("UNIT0CODE", c.unit.code)
        base = drill_tpl.replace("UNIT0CODE", c.unit.code)
        c.cells = [(code, c.values.get(code), base.replace("IND0CODE", code)) for code in child_codes]
    first = child_codes[0] if child_codes else None
    children.sort(key=lambda c: (len(c.lagging), -((c.values.get(first) or 0) if first else 0), c.unit.name))
    months = period.months()
    trend = {}
    for i in inds:
        trend[i.code] = [
            (f"{m:02d}/{y}", figs.month_value(i.code, (y, m)), ly.month_value(i.code, (y - 1, m))) for y, m in months]
    names = {i.code: i.name for i in inds}
    return Dashboard(unit, period, rows, pillar_list, children, child_codes, figs, prev, ly, trend,
                     [names[c] for c in child_codes])


@dataclass
class DrillRow:
    unit: Unit | None
    unit_id: int
    day: dt.date
    n: int
    link: str


@guard(Action.REPORT_VIEW, on=report_scope)
def drill(*, user, unit: Unit | None, code: str, period: Period, limit: int = 2000) -> tuple[Indicator, list[DrillRow], int]:
    """The records behind one figure: per unit (as recorded, former units included) and day, each
    linking to that unit's own list of records where the area app has one. Same rule as the
    dashboard; only units of the scope appear."""
    ind = known([code])[0]
    scope: Scope = scope_for(unit, with_children=False)
    rows = breakdown(scope=scope, period=period, code=code)
    total = sum(n for _, _, n in rows)
    units = {u.pk: u for u in Unit.objects.filter(pk__in={uid for uid, _, _ in rows[:limit]})}
    parts = [ind] if ind.counter is not None else known(ind.ratio_of)
    url_name = next((p.drill_url_name for p in parts if p.drill_url_name), "")
    out = []
    for uid, day, n in rows[:limit]:
        u = units.get(uid)
        link = ""
        if url_name and u is not None:
            try:
                link = reverse(url_name, args=[u.code])
            except NoReverseMatch:
                link = ""
        out.append(DrillRow(u, uid, day, n, link))
    return ind, out, total


@guard(Action.REPORT_VIEW, on="unit")
def drafts_of(*, user, unit: Unit) -> list[ReportDraft]:
    """The unit's report drafts (not issued yet, or issued), for those who see its reports."""
    return list(ReportDraft.objects.filter(unit=unit)[:50])


def _draft(pk) -> ReportDraft:
    try:
        d = ReportDraft.objects.select_related("unit").filter(pk=pk).first()
    except (ValueError, TypeError):
        d = None
    if d is None:
        raise NotFound()
    return d


def _export(pk) -> ReportExport:
    """An export without its file (a poll of the progress bar must not read megabytes)."""
    try:
        e = ReportExport.objects.select_related("unit").defer("content").filter(pk=pk).first()
    except (ValueError, TypeError):
        e = None
    if e is None:
        raise NotFound()
    return e


@guard(Action.REPORT_VIEW, on=lambda a: _draft(a.get("pk")))
def draft_get(*, user, pk: int) -> ReportDraft:
    """A report draft of a unit whose reports the user sees."""
    return _draft(pk)


@guard(Action.REPORT_VIEW, on=lambda a: _export(a.get("pk")))
def export_get(*, user, pk: int) -> ReportExport:
    """An export (its status and progress) of a unit whose reports the user sees."""
    return _export(pk)


@guard(Action.REPORT_VIEW, on=lambda a: _export(a.get("pk")))
def export_content(*, user, pk: int) -> tuple[ReportExport, bytes]:
    """An export and its file, under the same rule."""
    e = _export(pk)
    data = ReportExport.objects.filter(pk=pk).values_list("content", flat=True).first()
    return e, bytes(data) if data is not None else b""

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
from django.utils.translation import gettext_noop

from danchu.core.access import Target, guard
from danchu.core.errors import NotFound
from danchu.core.indicators import Indicator
from danchu.core.pillars import PILLARS
from danchu.core.roles import Action
from danchu.units.models import Unit

from .models import ReportDraft, ReportExport
from .periods import Period
from .rollup import Figures, Scope, breakdown, compute_many, known, ratio, scope_for

LAG_SHARE = 0.5  # a sub-unit is marked lagging below half of the sub-units' median (counts) …
LAG_POINTS = 10.0  # … or more than 10 points under the unit's own rate (ratios)
PILLAR_ORDER = {p.key: i for i, p in enumerate(PILLARS)} | {"workplace": len(PILLARS)}
# Vietnamese, as the documents the Committee signs write them; pages translate them (core.labels).
PILLAR_TITLE = {p.key: str(p.title) for p in PILLARS} | {
    "workplace": gettext_noop("Dân chủ trong cơ quan, đơn vị, doanh nghiệp")}


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

    @property
    def quiet(self) -> bool:
        """Nothing to read in this period, the previous one or last year's (0 or no rate in each)."""
        return all(v in (0, None) for v in (self.value, self.previous, self.last_year))


@dataclass
class ChildRow:
    unit: Unit
    values: dict
    lagging: set = field(default_factory=set)
    cells: list = field(default_factory=list)
    link: str = ""
    active: bool = True  # any record at all counted in the period, whatever the indicator


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
        """Per pillar: its key, its title (Vietnamese: the page translates it), the rows with
        something to read, and the rows at zero in all three periods (listed in one line)."""
        return [(key, PILLAR_TITLE.get(key, key), [r for r in rows if not r.quiet], [r for r in rows if r.quiet])
                for key, rows in self.pillars]

    @property
    def active_children(self) -> list[ChildRow]:
        return [c for c in self.children if c.active]

    @property
    def idle_children(self) -> list[ChildRow]:
        """The sub-units with no record at all in the period, by name."""
        return sorted((c for c in self.children if not c.active), key=lambda c: (c.unit.search_name, c.unit.code))


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
    children = [ChildRow(c, {code: figs.child_value(c.pk, code) for code in child_codes},
                         active=any(figs.by_child.get(c.pk, {}).values())) for c in scope.children]
    _lagging(children, child_codes, figs)
    # The same for the whole table: a province has a hundred communes and eight columns.
    dash_tpl = reverse("reports:dashboard", args=["UNIT0CODE"]) + f"?ky={period.key}"
    for c in children:
        c.link = dash_tpl.replace("UNIT0CODE", c.unit.code)
        base = drill_tpl.replace("UNIT0CODE", c.unit.code)
        c.cells = [(code, c.values.get(code), base.replace("IND0CODE", code)) for code in child_codes]
    first = child_codes[0] if child_codes else None
    # Units with activity first (ranked), then those with nothing recorded in the period.
    children.sort(key=lambda c: (not c.active, len(c.lagging), -((c.values.get(first) or 0) if first else 0),
                                 c.unit.name))
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
    """One unit's share of the figure (as recorded, former units included), linking to the unit's own
    list of records where the area app has one."""

    unit: Unit | None
    unit_id: int
    n: int
    link: str
    of: int | None = None   # a ratio: the denominator's count (n is the numerator's)
    rate: float | None = None


@dataclass
class DrillRecord:
    day: dt.date
    title: str
    url: str


@dataclass
class DrillGroup:
    unit: Unit | None
    unit_id: int
    records: list[DrillRecord]


@dataclass
class DrillPart:
    """The records behind one counted figure (a ratio has two parts: its numerator and denominator)."""

    ind: Indicator
    total: int
    groups: list[DrillGroup]
    shown: int                  # records on this page
    first: int                  # 1-based number of the first record on the page (0 when none)
    page: int
    has_next: bool
    link: str = ""              # the part's own drill-down (for a ratio's parts)


@dataclass
class Drill:
    ind: Indicator
    total: object               # the figure: a sum, or a ratio's percentage
    summary: list[DrillRow]     # per unit, largest first, bounded
    summary_more: int           # units left out of the summary
    parts: list[DrillPart]


DRILL_PAGE = 50          # records per page
DRILL_MAX_PAGE = 40      # 2,000 records at most through the pages; the units' own lists hold the rest
DRILL_SUMMARY = 30       # units in the per-unit summary


def _unit_link(url_name: str, u: Unit | None) -> str:
    if not url_name or u is None:
        return ""
    try:
        return reverse(url_name, args=[u.code])
    except NoReverseMatch:
        return ""


@guard(Action.REPORT_VIEW, on=report_scope)
def drill(*, user, unit: Unit | None, code: str, period: Period, page: int = 1) -> Drill:
    """The records behind one figure, as the area app lists them (core.indicators `records`): the
    case, the disclosure, the meeting…, grouped by the unit they were recorded under (former units
    included, under their own names), a page at a time; a ratio lists the records of its numerator
    and its denominator. Above them, each unit's share of the figure. Same rule as the dashboard;
    only units of the scope appear."""
    ind = known([code])[0]
    scope: Scope = scope_for(unit, with_children=False)
    page = max(1, min(int(page or 1), DRILL_MAX_PAGE))
    parts_of = [ind] if ind.counter is not None else known(ind.ratio_of)
    part_rows = {p.code: breakdown(scope=scope, period=period, code=p.code) for p in parts_of}
    sums = {c: sum(n for _, _, n in rows) for c, rows in part_rows.items()}
    total = sums[ind.code] if ind.counter is not None else ratio(sums[ind.ratio_of[0]], sums[ind.ratio_of[1]])
    def per_unit_of(code):
        out: dict[int, int] = {}
        for uid, _, n in part_rows[code]:
            out[uid] = out.get(uid, 0) + n
        return out

    if ind.counter is not None:
        per_unit, num = per_unit_of(ind.code), None
    else:  # a ratio: each unit's denominator, its numerator beside it
        per_unit, num = per_unit_of(ind.ratio_of[1]), per_unit_of(ind.ratio_of[0])
        for uid in num:
            per_unit.setdefault(uid, 0)
    top = sorted(per_unit.items(), key=lambda kv: (-kv[1], kv[0]))[:DRILL_SUMMARY]
    fetched = {}
    offset = (page - 1) * DRILL_PAGE if ind.counter is not None else 0
    for p in parts_of:
        fetched[p.code] = (p.records(start=period.start, end=period.end, unit_ids=scope.ids,
                                     limit=offset + DRILL_PAGE + 1) if p.records is not None else [])
    ids = {uid for uid, _ in top} | {r[0] for recs in fetched.values() for r in recs[offset:offset + DRILL_PAGE]}
    units = {u.pk: u for u in Unit.objects.filter(pk__in=ids)}
    url_name = next((p.drill_url_name for p in parts_of if p.drill_url_name), "")
    if num is None:
        summary = [DrillRow(units.get(uid), uid, n, _unit_link(url_name, units.get(uid))) for uid, n in top]
    else:
        summary = [DrillRow(units.get(uid), uid, num.get(uid, 0), _unit_link(url_name, units.get(uid)), n,
                            ratio(num.get(uid, 0), n)) for uid, n in top]
    parts = []
    for p in parts_of:
        recs = fetched[p.code]
        shown = recs[offset:offset + DRILL_PAGE]
        groups: dict[int, DrillGroup] = {}
        for uid, day, title, url in shown:
            groups.setdefault(uid, DrillGroup(units.get(uid), uid, [])).records.append(DrillRecord(day, title, url))
        ordered = sorted(groups.values(), key=lambda g: (g.unit.name if g.unit else "", g.unit_id))
        link = "" if p is ind else drill_url(p, unit, period)
        parts.append(DrillPart(p, sums[p.code], ordered, len(shown), offset + 1 if shown else 0, page,
                               len(recs) > offset + DRILL_PAGE and page < DRILL_MAX_PAGE and p is ind, link))
    return Drill(ind, total, summary, max(0, len(per_unit) - len(top)), parts)


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

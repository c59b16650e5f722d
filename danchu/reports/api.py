"""Reports API: figures of a unit for a period (the dashboard's numbers), the indicator registry.
Same declared selector as the pages (Action.REPORT_VIEW on the unit): a unit outside the caller's
scope answers 404 "not_found", as a unit that does not exist; inside it without the right, 403."""

from ninja import Router, Schema

from danchu.core.indicators import indicators as all_indicators
from danchu.units.api import scoped_unit
from danchu.units.schemas import PRIVATE_ERRORS, ErrorOut

from .periods import parse_period
from .selectors import dashboard

router = Router(tags=["reports"])


class ReportIndicatorOut(Schema):
    code: str
    name: str
    definition: str
    measure: str
    pillar: str
    ratio_of: list[str] | None = None
    article: str


class FigureOut(Schema):
    code: str
    name: str
    measure: str
    value: int | float | None
    previous: int | float | None
    last_year: int | float | None


class ReportOut(Schema):
    unit: str
    period: str
    label: str
    start: str
    end: str
    figures: list[FigureOut]


@router.get("/indicators", response={200: list[ReportIndicatorOut]}, auth=None, summary="Danh mục chỉ tiêu")
def indicator_list(request):
    return [{"code": i.code, "name": i.name, "definition": i.definition, "measure": i.measure, "pillar": i.pillar,
             "ratio_of": list(i.ratio_of) if i.ratio_of else None, "article": i.article} for i in all_indicators()]


@router.get("/reports/figures", response={200: ReportOut, 400: ErrorOut, **PRIVATE_ERRORS},
            summary="Số liệu chỉ tiêu của đơn vị trong kỳ")
def figures(request, unit: str, period: str, indicators: str = ""):
    """`indicators`: codes separated by commas (empty: every indicator). 404 for a unit outside the
    caller's scope, before the period is read."""
    u = scoped_unit(code=unit)
    dashboard.authorize(user=request.auth, unit=u)
    p = parse_period(period)
    codes = [c.strip() for c in indicators.split(",") if c.strip()] or None
    board = dashboard(user=request.auth, unit=u, period=p, codes=codes)
    return {"unit": u.code, "period": p.key, "label": p.label, "start": p.start.isoformat(), "end": p.end.isoformat(),
            "figures": [{"code": r.ind.code, "name": r.ind.name, "measure": r.ind.measure, "value": r.value,
                         "previous": r.previous, "last_year": r.last_year} for r in board.rows]}

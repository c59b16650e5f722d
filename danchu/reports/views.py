"""Steering Committee pages: the dashboard of a unit (figures vs the previous period and the same
period last year, the trend chart, the sub-units ranked with laggards marked, every number linking
to the records behind it), the drill-down, report drafts and exports with a progress bar (htmx poll).

Every page goes through the declared rule of what it reads or writes (Action.REPORT_VIEW on the
unit, selectors/services), checked before anything else: outside the member's scope the page
answers 404, as for a unit that does not exist (never the figures), inside it without the right
403 (core.middleware.AccessErrorMiddleware). Bad periods and unknown indicators answer 400 with
the message, never a 500."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danchu.core.errors import DomainError, PermissionDenied
from danchu.core.labels import label
from danchu.core.roles import Action
from danchu.units.selectors import unit_get, units_for_officer

from . import services
from .charts import trend_png
from .documents import CONTENT_TYPES
from .forms import DraftForm
from .models import DraftStatus, ExportStatus
from .periods import parse_period
from .rollup import last_refresh
from .selectors import dashboard, draft_get, drafts_of, drill, export_content, export_get

CHILDREN_ON_DASHBOARD = 10  # sub-units with activity shown on the dashboard itself
CHILDREN_PAGE = 50  # sub-units per page of the full list


def _unit(code: str):
    """The unit of the URL; "VN" is the whole country (None). An unknown code is a 404."""
    if code == "VN":
        return None
    return unit_get(code=code)


def _error(request, exc: DomainError, status: int | None = None):
    return render(request, "reports/error.html", {"message": exc.message}, status=status or exc.status)


def _page(request) -> int:
    """The page number of a paginated list (`?trang=`); anything else is the first page."""
    value = request.GET.get("trang", "")
    return int(value) if value.isdigit() and 0 < len(value) < 6 else 1


def _period(request):
    return parse_period(request.GET.get("ky") or str(timezone.localdate().year))


@login_required
@require_GET
def index(request):
    units = list(units_for_officer(user=request.user, action=Action.REPORT_VIEW).order_by("depth", "name")[:1])
    if not units:
        return _error(request, PermissionDenied("Tài khoản của bạn chưa được phân công xem báo cáo của đơn vị nào."))
    return redirect("reports:dashboard", code=units[0].code)


@login_required
@require_GET
def dashboard_view(request, code: str):
    unit = _unit(code)
    dashboard.authorize(user=request.user, unit=unit)  # 404 / 403 before reading the period
    try:
        period = _period(request)
        board = dashboard(user=request.user, unit=unit, period=period)
    except DomainError as exc:
        return _error(request, exc)
    drafts = drafts_of(user=request.user, unit=unit) if unit is not None else []
    active = board.active_children
    return render(request, "reports/dashboard.html", {
        "unit": unit, "code": code, "board": board, "period": period, "refreshed": last_refresh(),
        "chart_code": request.GET.get("bieu-do") or next((r.ind.code for r in board.rows if r.ind.counter), ""),
        "drafts": drafts, "year": period.start.year, "lag_word": _("chậm"),
        # A province has a hundred communes: the first ones here, all of them a page at a time.
        "shown_children": active[:CHILDREN_ON_DASHBOARD], "more_children": len(active) > CHILDREN_ON_DASHBOARD,
        "active_count": len(active),
    })


@login_required
@require_GET
def children_view(request, code: str):
    """Every sub-unit with activity in the period, ranked as on the dashboard, a page at a time; those
    without any record in one line."""
    unit = _unit(code)
    dashboard.authorize(user=request.user, unit=unit)
    try:
        period = _period(request)
        board = dashboard(user=request.user, unit=unit, period=period)
    except DomainError as exc:
        return _error(request, exc)
    page = Paginator(board.active_children, CHILDREN_PAGE).get_page(_page(request))
    return render(request, "reports/children.html", {
        "unit": unit, "code": code, "board": board, "period": period, "page": page, "lag_word": _("chậm"),
        "first_rank": page.start_index() or 1,
    })


@login_required
@require_GET
def chart(request, code: str, indicator: str):
    unit = _unit(code)
    dashboard.authorize(user=request.user, unit=unit)
    try:
        period = _period(request)
        board = dashboard(user=request.user, unit=unit, period=period, codes=[indicator])
    except DomainError as exc:
        return _error(request, exc)
    series = board.trend[indicator]
    png = trend_png(title=label(board.rows[0].ind.name), labels=[s[0] for s in series], now=[s[1] for s in series],
                    last_year=[s[2] for s in series], now_label=period.display, ly_label=_("Cùng kỳ năm trước"))
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@require_GET
def drill_view(request, code: str, indicator: str):
    unit = _unit(code)
    drill.authorize(user=request.user, unit=unit)
    try:
        period = _period(request)
        result = drill(user=request.user, unit=unit, code=indicator, period=period, page=_page(request))
    except DomainError as exc:
        return _error(request, exc)
    return render(request, "reports/drill.html", {"unit": unit, "code": code, "ind": result.ind, "drill": result,
                                                  "total": result.total, "period": period})


@login_required
@require_GET
def download(request, code: str, fmt: str):
    """The report generated at once (small units, a quarter); large ones go through an export."""
    unit = _unit(code)
    services.render_report.authorize(user=request.user, unit=unit)
    try:
        period = _period(request)
        data = services.render_report(user=request.user, unit=unit, period=period, fmt=fmt)
    except DomainError as exc:
        return _error(request, exc)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="bao-cao-{code}-{period.key.replace("..", "_")}.{fmt}"'
    return response


@login_required
@require_POST
def draft_new(request, code: str):
    unit = _unit(code)
    if unit is None:
        raise Http404()
    services.draft_create.authorize(user=request.user, unit=unit)
    try:
        d = services.draft_create(user=request.user, unit=unit, period=request.POST.get("ky", ""))
    except DomainError as exc:
        return _error(request, exc)
    return redirect("reports:draft", pk=d.pk)


@login_required
@require_http_methods(["GET", "POST"])
def draft_view(request, pk: int):
    d = draft_get(user=request.user, pk=pk)  # 404 / 403 outside the rule
    # The page holds the forms to edit and to issue the draft.
    services.draft_update.authorize(user=request.user, draft=d)
    services.draft_issue.authorize(user=request.user, draft=d)
    form = DraftForm(request.POST or None, initial={k: getattr(d, k) for k in services.EDITABLE})
    if request.method == "POST":
        try:
            if request.POST.get("issue"):
                services.draft_issue(user=request.user, draft=d)
                messages.success(request, "Đã ban hành và cấp số báo cáo.")
                return redirect("reports:draft", pk=d.pk)
            if form.is_valid():
                services.draft_update(user=request.user, draft=d, **form.cleaned_data)
                messages.success(request, "Đã lưu dự thảo.")
                return redirect("reports:draft", pk=d.pk)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    from .documents import number_symbol

    return render(request, "reports/draft.html", {"d": d, "form": form, "issued": d.status == DraftStatus.ISSUED,
                                                  "number": number_symbol(d), "period": parse_period(d.period)})


@login_required
@require_POST
def export_new(request, code: str):
    unit = _unit(code)
    if unit is None:
        raise Http404()
    services.export_request.authorize(user=request.user, unit=unit)
    draft = None
    if request.POST.get("draft"):
        draft = draft_get(user=request.user, pk=request.POST["draft"])  # a draft outside the rule: 404 / 403
    try:
        e = services.export_request(user=request.user, unit=unit, period=request.POST.get("ky", ""),
                                    fmt=request.POST.get("fmt", ""), draft=draft)
    except DomainError as exc:
        return _error(request, exc)
    return redirect("reports:export", pk=e.pk)


@login_required
@require_GET
def export_view(request, pk: int):
    e = export_get(user=request.user, pk=pk)  # 404 / 403 outside the rule
    template = "reports/_export_status.html" if request.htmx else "reports/export.html"
    return render(request, template, {"e": e, "running": e.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)})


@login_required
@require_GET
def export_download(request, pk: int):
    e, data = export_content(user=request.user, pk=pk)  # 404 / 403 outside the rule
    if e.status != ExportStatus.DONE or not data:
        return _error(request, DomainError("export_not_ready", "Tệp báo cáo chưa tạo xong hoặc đã lỗi; không có tệp để tải."),
                      status=409)
    response = HttpResponse(data, content_type=CONTENT_TYPES[e.fmt])
    response["Content-Disposition"] = f'attachment; filename="{e.filename}"'
    return response

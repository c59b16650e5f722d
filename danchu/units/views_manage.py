"""Officials' pages for hamlets, households and organizations of a commune (or hamlet).

Every page starts from the unit code in the URL and goes through the declared rule of what it
shows: a private read through its declared selector, a page holding a write's form through the
service's `authorize` before rendering (GET and POST), outside the `try` that turns a DomainError
into a form error. Outside one's scope the answer is 404, as if the page did not exist (never
another commune's data); inside it without the right, 403 (core.middleware.AccessErrorMiddleware).
"""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from danchu.core.errors import DomainError
from danchu.core.permissions import can
from danchu.core.roles import Action

from .forms import (
    HamletCloseForm,
    HamletForm,
    HamletImportForm,
    HouseholdForm,
    HouseholdImportForm,
    OrganizationEditForm,
    OrganizationForm,
    ResidentForm,
)
from .models import Level, Unit
from .selectors import (
    household_get,
    household_import_get,
    household_imports_recent,
    household_list,
    organization_list,
    unit_children,
    unit_get,
)
from .services import hamlets as hamlet_services
from .services import households as household_services
from .services import organizations as organization_services

PAGE_SIZE = 50
REJECTIONS_SHOWN = 500


# --- access ---------------------------------------------------------------------------------
def _unit(code: str, levels: tuple[str, ...] | None = None) -> Unit:
    """The unit of the URL (public: unknown code → 404); the page then applies its declared rule."""
    unit = unit_get(code=code)
    if levels is not None and unit.level not in levels:
        raise Http404("Trang này không dùng cho cấp đơn vị này.")
    return unit


def _nav(user, unit: Unit) -> list[tuple[str, str]]:
    """The management pages of this unit the user may open (tabs on every page: what to show)."""
    commune = unit.parent if unit.level == Level.HAMLET else unit
    links = []
    if commune.level == Level.COMMUNE and can(user, Action.HAMLET_MANAGE, unit=commune):
        links.append(("Thôn, tổ dân phố", reverse("units:hamlets", args=[commune.code])))
    if can(user, Action.HOUSEHOLD_VIEW, unit=unit):
        links.append(("Hộ gia đình", reverse("units:households", args=[unit.code])))
    if can(user, Action.HOUSEHOLD_MANAGE, unit=unit):
        links.append(("Nhập sổ hộ", reverse("units:household_import", args=[unit.code])))
    if can(user, Action.ORGANIZATION_MANAGE, unit=unit):
        links.append(("Cơ quan, đơn vị", reverse("units:organizations", args=[unit.code])))
    return links


def _context(request, unit: Unit, **extra) -> dict:
    return {"unit": unit, "nav": _nav(request.user, unit), **extra}


def _form_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _hamlets_of(unit: Unit) -> list[Unit]:
    """The current hamlets a household can be entered in from this page."""
    if unit.level == Level.HAMLET:
        return [] if unit.is_former else [unit]
    return list(unit_children(unit=unit))


def _csv_safe(value) -> str:
    """Values re-exported to CSV must not run as formulas when opened in Excel."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_response(filename: str, rows: list[list]) -> HttpResponse:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerows([[_csv_safe(c) for c in r] for r in rows])
    response = HttpResponse(buf.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- hamlets --------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def hamlets(request, code: str):
    commune = _unit(code, levels=(Level.COMMUNE,))
    # The page holds the forms to add and to import hamlets: the same rule (HAMLET_MANAGE, the commune).
    hamlet_services.hamlet_create.authorize(actor=request.user, commune=commune)
    hamlet_services.hamlets_import.authorize(actor=request.user, commune=commune)
    action = request.POST.get("action")
    form = HamletForm(request.POST if action == "create" else None)
    import_form = HamletImportForm(request.POST, request.FILES) if action == "import" else HamletImportForm()
    report = None
    status = 200
    if request.method == "POST":
        status = 400
        try:
            if action == "create" and form.is_valid():
                hamlet = hamlet_services.hamlet_create(actor=request.user, commune=commune, **form.cleaned_data)
                messages.success(request, f"Đã thêm “{hamlet.name}” (mã {hamlet.code}).")
                return redirect("units:hamlets", code=commune.code)
            if action == "import" and import_form.is_valid():
                upload = import_form.cleaned_data["file"]
                report = hamlet_services.hamlets_import(actor=request.user, commune=commune,
                                                        file_bytes=upload.read(), filename=upload.name)
                status = 200
        except DomainError as exc:
            _form_error(form if action == "create" else import_form, exc)
    rows = unit_children(unit=commune, include_former=True).annotate(households_count=Count("households"))
    return render(request, "units/manage/hamlets.html",
                  _context(request, commune, hamlets=rows, form=form, import_form=import_form, report=report),
                  status=status)


@login_required
@require_http_methods(["GET", "POST"])
def hamlet_edit(request, code: str, hamlet_code: str):
    commune = _unit(code, levels=(Level.COMMUNE,))
    hamlet_services.hamlet_create.authorize(actor=request.user, commune=commune)  # the commune's page
    hamlet = unit_get(code=hamlet_code)
    if hamlet.parent_id != commune.pk or hamlet.level != Level.HAMLET:
        raise Http404("Không tìm thấy.")
    # The page holds the forms to rename and to close the hamlet.
    hamlet_services.hamlet_rename.authorize(actor=request.user, hamlet=hamlet)
    hamlet_services.hamlet_close.authorize(actor=request.user, hamlet=hamlet)
    successors = [h for h in unit_children(unit=commune) if h.pk != hamlet.pk]
    action = request.POST.get("action")
    rename_form = HamletForm(request.POST if action == "rename" else None,
                             initial={"name": hamlet.name, "division_type": hamlet.division_type})
    close_form = HamletCloseForm(request.POST if action == "close" else None, successors=successors)
    status = 200
    if request.method == "POST":
        status = 400
        try:
            if action == "rename" and rename_form.is_valid():
                hamlet_services.hamlet_rename(actor=request.user, hamlet=hamlet, name=rename_form.cleaned_data["name"],
                                              division_type=rename_form.cleaned_data["division_type"])
                messages.success(request, "Đã lưu tên mới.")
                return redirect("units:hamlets", code=commune.code)
            if action == "close" and close_form.is_valid():
                successor = next((h for h in successors if h.code == close_form.cleaned_data["successor"]), None)
                hamlet_services.hamlet_close(actor=request.user, hamlet=hamlet, on=close_form.cleaned_data["on"],
                                             successor=successor)
                messages.success(request, f"Đã ghi nhận “{hamlet.name}” sáp nhập, giải thể.")
                return redirect("units:hamlets", code=commune.code)
        except DomainError as exc:
            _form_error(rename_form if action == "rename" else close_form, exc)
    return render(request, "units/manage/hamlet_edit.html",
                  _context(request, commune, hamlet=hamlet, rename_form=rename_form, close_form=close_form),
                  status=status)


# --- households -----------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def households(request, code: str):
    unit = _unit(code, levels=(Level.COMMUNE, Level.HAMLET))
    q = request.GET.get("q", "").strip()[:100]
    households_qs = household_list(user=request.user, unit=unit, q=q)  # 404 / 403 outside the rule
    if request.method == "POST":
        household_services.household_create.authorize(actor=request.user, hamlet=unit)
    can_manage = household_services.household_create.permits(actor=request.user, hamlet=unit)
    hamlet_choices = _hamlets_of(unit) if can_manage else []
    form = HouseholdForm(request.POST or None, hamlets=hamlet_choices)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            hamlet = next(h for h in hamlet_choices if h.code == form.cleaned_data["hamlet"])
            try:
                household = household_services.household_create(
                    actor=request.user, hamlet=hamlet, code=form.cleaned_data["code"],
                    address=form.cleaned_data["address"])
            except DomainError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, f"Đã thêm hộ {household.code}. Nhập các thành viên của hộ.")
                return redirect("units:household_detail", code=unit.code, pk=household.pk)
        status = 400
    page = Paginator(households_qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "units/manage/households.html",
                  _context(request, unit, page=page, q=q, form=form, can_manage=can_manage and bool(hamlet_choices)),
                  status=status)


@login_required
@require_http_methods(["GET", "POST"])
def household_detail(request, code: str, pk: int):
    unit = _unit(code, levels=(Level.COMMUNE, Level.HAMLET))
    household_list.authorize(user=request.user, unit=unit)  # the unit's households
    household = household_get(user=request.user, pk=pk)
    if not household.hamlet.path.startswith(unit.path):
        raise Http404("Không tìm thấy hộ gia đình.")
    action = request.POST.get("action")
    if request.method == "POST":
        service = (household_services.household_set_representative if action == "representative"
                   else household_services.resident_add)
        service.authorize(actor=request.user, household=household)
    can_manage = household_services.resident_add.permits(actor=request.user, household=household)
    form = ResidentForm(request.POST if action == "add" else None)
    status = 200
    if request.method == "POST":
        status = 400
        try:
            if action == "representative":
                resident = next((r for r in household.residents.all() if str(r.pk) == request.POST.get("resident")),
                                None)
                if resident is None:
                    raise Http404("Không tìm thấy.")
                household_services.household_set_representative(actor=request.user, household=household,
                                                                 resident=resident)
                messages.success(request, f"{resident.full_name} là người đại diện hộ.")
                return redirect("units:household_detail", code=unit.code, pk=household.pk)
            if action == "add" and form.is_valid():
                resident = household_services.resident_add(actor=request.user, household=household,
                                                           **form.cleaned_data)
                messages.success(request, f"Đã thêm {resident.full_name}.")
                return redirect("units:household_detail", code=unit.code, pk=household.pk)
        except DomainError as exc:
            if action == "add":
                _form_error(form, exc)
            else:
                messages.error(request, exc.message)
    return render(request, "units/manage/household_detail.html",
                  _context(request, unit, household=household, form=form, can_manage=can_manage), status=status)


@login_required
@require_http_methods(["GET", "POST"])
def household_import(request, code: str):
    unit = _unit(code, levels=(Level.COMMUNE, Level.HAMLET))
    household_services.households_import.authorize(actor=request.user, hamlet=unit)  # the page is the upload form
    hamlet_choices = _hamlets_of(unit)
    form = HouseholdImportForm(request.POST or None, request.FILES or None, hamlets=hamlet_choices)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            hamlet = next(h for h in hamlet_choices if h.code == form.cleaned_data["hamlet"])
            upload = form.cleaned_data["file"]
            try:
                imp = household_services.households_import(actor=request.user, hamlet=hamlet,
                                                           file_bytes=upload.read(), filename=upload.name)
            except DomainError as exc:
                _form_error(form, exc)
            else:
                return redirect("units:household_import_result", code=unit.code, pk=imp.pk)
        status = 400
    recent = household_imports_recent(user=request.user, unit=unit)
    return render(request, "units/manage/household_import.html",
                  _context(request, unit, form=form, recent=recent, hamlets=hamlet_choices,
                           columns=household_services.LABELS, required=household_services.REQUIRED),
                  status=status)


def _import_or_404(request, code: str, pk: int):
    unit = _unit(code, levels=(Level.COMMUNE, Level.HAMLET))
    return unit, household_import_get(user=request.user, unit=unit, import_id=pk)


@login_required
@require_GET
def household_import_result(request, code: str, pk: int):
    unit, imp = _import_or_404(request, code, pk)
    return render(request, "units/manage/household_import_result.html", _context(
        request, unit, imp=imp, rejected=imp.rejected[:REJECTIONS_SHOWN],
        rejected_rows=household_services.rejected_row_count(imp), more=max(0, len(imp.rejected) - REJECTIONS_SHOWN)))


@login_required
@require_GET
def household_import_rejections(request, code: str, pk: int):
    _unit, imp = _import_or_404(request, code, pk)
    rows = [["Dòng", "Cột", "Giá trị", "Lý do"]]
    rows += [[e.get("row", ""), e.get("column", ""), e.get("value", ""), e.get("reason", "")] for e in imp.rejected]
    return _csv_response(f"dong-bi-tu-choi-{imp.pk}.csv", rows)


@login_required
@require_GET
def household_template(request, code: str, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404("Không tìm thấy.")
    unit = _unit(code, levels=(Level.COMMUNE, Level.HAMLET))
    household_services.households_import.authorize(actor=request.user, hamlet=unit)  # part of the upload form
    header = [household_services.LABELS[k] for k in household_services.COLUMNS]
    if fmt == "csv":
        return _csv_response("mau-so-ho-gia-dinh.csv", [header, *household_services.TEMPLATE_ROWS])
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "So ho"
    ws.append(header)
    for row in household_services.TEMPLATE_ROWS:
        ws.append(row)
    for col in ("A", "C", "E"):  # code, CCCD and phone as text, so Excel keeps their leading zeros
        for cell in ws[col]:
            cell.number_format = "@"
        ws.column_dimensions[col].width = 16
    ws.column_dimensions["B"].width = 24
    buf = io.BytesIO()
    wb.save(buf)
    response = HttpResponse(buf.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="mau-so-ho-gia-dinh.xlsx"'
    return response


# --- organizations --------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def organizations(request, code: str):
    unit = _unit(code)
    organization_services.organization_create.authorize(actor=request.user, unit=unit)  # the page holds the form
    form = OrganizationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                org = organization_services.organization_create(actor=request.user, unit=unit, **form.cleaned_data)
            except DomainError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, f"Đã thêm “{org.name}”.")
                return redirect("units:organizations", code=unit.code)
        status = 400
    page = Paginator(organization_list(unit=unit).order_by("unit__path", "name"), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "units/manage/organizations.html", _context(request, unit, page=page, form=form),
                  status=status)


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request, code: str, pk: int):
    unit = _unit(code)
    organization_services.organization_create.authorize(actor=request.user, unit=unit)  # the unit's register
    org = organization_list(unit=unit).filter(pk=pk).first()
    if org is None:
        raise Http404("Không tìm thấy.")
    organization_services.organization_update.authorize(actor=request.user, organization=org)
    form = OrganizationEditForm(request.POST or None, initial={
        "kind": org.kind, "name": org.name, "tax_code": org.tax_code, "is_active": org.is_active})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                organization_services.organization_update(actor=request.user, organization=org, **form.cleaned_data)
            except DomainError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, "Đã lưu.")
                return redirect("units:organizations", code=unit.code)
        status = 400
    return render(request, "units/manage/organization_edit.html", _context(request, unit, org=org, form=form),
                  status=status)

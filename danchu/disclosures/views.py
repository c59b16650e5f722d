"""Pages of disclosures: public lists, detail with versions, search, catalogue, attachments;
officers' pages to draft, publish, correct and withdraw. All reads through selectors, all writes
through services; a DomainError becomes a message or a form error. Every officer's page reads
through a declared selector and calls the service's `authorize` before showing a form, outside the
`try` that turns a DomainError into a form error: outside one's scope a page answers 404, as if it
did not exist, and inside it without the right 403 (core.middleware.AccessErrorMiddleware).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danchu.core import ratelimit
from danchu.core.clients import client_address
from danchu.core.errors import DomainError, NotFound, PermissionDenied
from danchu.core.permissions import can
from danchu.core.roles import Action
from danchu.units.models import Level, Unit
from danchu.units.selectors import unit_get

from . import services
from .forms import CorrectionForm, DisclosureForm, QuestionForm, WithdrawForm, initial_from_version
from .models import Scope, Status
from .selectors import (
    SEARCH_CANDIDATES,
    Filters,
    attachment_get,
    category_get,
    category_list,
    current_version,
    disclosure_get,
    disclosure_get_for_edit,
    disclosure_list_for_editor,
    disclosure_list_for_organization,
    disclosure_list_public,
    disclosure_search,
    due_items,
    may_edit,
    organization_categories,
    organization_for,
    question_list,
    question_list_for_disclosure,
    version_get,
    version_list,
)

PAGE_SIZE = 20


def _unit(code: str) -> Unit:
    try:
        return unit_get(code=code)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _filters(request) -> Filters:
    year = request.GET.get("year", "")
    status = request.GET.get("status") or None
    return Filters(
        category=request.GET.get("category") or None,
        status=status if status in Status.values else None,
        year=int(year) if year.isdigit() and 1990 <= int(year) <= 2200 else None,
        q=request.GET.get("q", "").strip()[:200],
    )


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# --- public ----------------------------------------------------------------------------------------


@require_GET
def disclosure_list(request, code: str):
    unit = _unit(code)
    f = _filters(request)
    page = Paginator(disclosure_list_public(unit=unit, filters=f), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "disclosures/list.html", {
        "unit": unit, "page": page, "f": f, "categories": category_list(scope=Scope.COMMUNE), "statuses": Status.choices,
        "query": _query_without_page(request), "can_publish": can(request.user, Action.DISCLOSURE_PUBLISH, unit=unit),
    })


@require_GET
def search(request):
    f = _filters(request)
    unit = None
    if request.GET.get("unit"):
        unit = _unit(request.GET["unit"])
    page = None
    if f.q:
        page = Paginator(disclosure_search(q=f.q, unit=unit, filters=f), PAGE_SIZE).get_page(request.GET.get("page"))
    # The search ranks among the newest SEARCH_CANDIDATES matches (selectors._search): when that
    # many were found there are more, and the page says so rather than print a false total.
    more = page is not None and page.paginator.count >= SEARCH_CANDIDATES
    return render(request, "disclosures/search.html", {"page": page, "f": f, "unit": unit, "more": more,
                                                        "limit": SEARCH_CANDIDATES, "query": _query_without_page(request)})


@require_GET
def catalogue(request):
    return render(request, "disclosures/catalogue.html", {
        "groups": [(label, list(category_list(scope=value))) for value, label in Scope.choices],
    })


def _detail_or_404(request, code: str, pk: int):
    # NotFound (outside the rule's scope, or no such disclosure) → 404; PermissionDenied (a draft
    # or an organization's disclosure, inside the reader's scope without the right) → 403.
    return disclosure_get(user=request.user, pk=pk, unit_code=code)


def _detail_page(request, disclosure, question_form=None, status: int = 200):
    editor = may_edit(request.user, disclosure)
    versions = version_list(disclosure=disclosure, include_drafts=editor)
    current = next((v for v in versions if v.number == disclosure.current_version), None)
    return render(request, "disclosures/detail.html", {
        "d": disclosure, "unit": disclosure.unit, "version": current, "versions": versions, "editor": editor,
        "question_form": question_form or QuestionForm(),
        "questions": question_list_for_disclosure(user=request.user, disclosure=disclosure),
    }, status=status)


@require_GET
def detail(request, code: str, pk: int):
    return _detail_page(request, _detail_or_404(request, code, pk))


@require_GET
def version_detail(request, code: str, pk: int, number: int):
    disclosure = _detail_or_404(request, code, pk)
    try:
        version = version_get(disclosure=disclosure, number=number, include_drafts=may_edit(request.user, disclosure))
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(request, "disclosures/detail.html", {
        "d": disclosure, "unit": disclosure.unit, "version": version, "versions": version_list(disclosure=disclosure),
        "old": version.number != disclosure.current_version,
    })


@require_POST
def ask(request, code: str, pk: int):
    """A question about a public disclosure, with or without an account (Law Art. 14). Without one,
    each client and each unit may send only so many in a window (core.ratelimit), as for cases."""
    disclosure = _detail_or_404(request, code, pk)
    form = QuestionForm(request.POST)
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        try:
            ratelimit.anonymous_submission(user=request.user, client=client_address(request),
                                           scope="disclosure_questions", unit_code=disclosure.unit.code)
            question = services.question_ask(user=request.user, disclosure=disclosure, text=d["text"],
                                             phone=d["phone"], email=d["email"])
        except (NotFound, PermissionDenied):
            raise
        except DomainError as exc:
            _form_error(form, exc)
            status = 429 if exc.code == "throttled" else 400
        else:
            if question.case_code:
                messages.success(request, _("Đã gửi câu hỏi, được tiếp nhận như phản ánh. Mã tra cứu: %(code)s.")
                                 % {"code": question.case_code})
            else:
                messages.success(request, _("Đã gửi câu hỏi. Cán bộ xã sẽ trả lời bạn."))
            return redirect("disclosures:detail", code, pk)
    return _detail_page(request, disclosure, form, status=status)


@require_GET
def attachment(request, pk: int):
    att = attachment_get(user=request.user, pk=pk)
    response = FileResponse(att.file.open("rb"), content_type=att.content_type, as_attachment=att.kind != "image",
                            filename=att.name)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- officers ----------------------------------------------------------------------------------------


@login_required
@require_GET
def manage(request, code: str):
    unit = _unit(code)
    f = _filters(request)
    editor_list = disclosure_list_for_editor(user=request.user, unit=unit, filters=f)  # 404 / 403 outside the rule
    page = Paginator(editor_list, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "disclosures/manage.html", {
        "unit": unit, "page": page, "f": f, "statuses": Status.choices, "due": due_items(user=request.user, unit=unit),
        "questions": question_list(user=request.user, unit=unit)[:50], "query": _query_without_page(request),
    })


@login_required
@require_GET
def organization_list(request, org_id: int):
    """An agency's or enterprise's disclosures, for the people working there (Arts. 46-48, 64-66);
    with drafts and the publishing buttons for its head."""
    org = organization_for(user=request.user, org_id=org_id)
    f = _filters(request)
    editor = disclosure_list_for_organization.permits(user=request.user, organization=org, drafts=True)
    page = Paginator(disclosure_list_for_organization(user=request.user, organization=org, drafts=editor, filters=f),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "disclosures/organization.html", {
        "org": org, "unit": org.unit, "page": page, "f": f, "statuses": Status.choices,
        "editor": editor, "query": _query_without_page(request),
    })


@login_required
@require_http_methods(["GET", "POST"])
def organization_new(request, org_id: int):
    org = organization_for(user=request.user, org_id=org_id)
    # Arts. 64-66 (46-48): the head of the enterprise (agency) discloses — not the commune.
    services.disclosure_create_draft.authorize(user=request.user, unit=org.unit, organization=org)
    form = DisclosureForm(request.POST or None, request.FILES or None,
                          categories=list(organization_categories(org)), organization=org,
                          initial={"channels": ["notice_workplace", "staff_conference"], "category": request.GET.get("category")})
    if request.method == "POST" and form.is_valid():
        try:
            category = category_get(code=form.cleaned_data["category"])
            d = services.disclosure_create_draft(user=request.user, unit=org.unit, organization=org, category=category,
                                                 content=form.content(), files=form.uploads())
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Đã lưu bản nháp. Kiểm tra lại rồi bấm “Công khai”."))
            return redirect("disclosures:edit", pk=d.pk)
    return render(request, "disclosures/form.html", {"unit": org.unit, "org": org, "form": form,
                                                      "title": _("Soạn thông tin công khai") + f" — {org.name}"})


def _form_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@login_required
@require_http_methods(["GET", "POST"])
def new(request, code: str):
    unit = _unit(code)
    services.disclosure_create_draft.authorize(user=request.user, unit=unit)
    scope = Scope.COMMUNE if unit.level == Level.COMMUNE else None
    categories = list(category_list(scope=scope)) if scope else []
    form = DisclosureForm(request.POST or None, request.FILES or None, categories=categories,
                          initial={"channels": ["notice_commune", "notice_hamlet", "website"],
                                   "category": request.GET.get("category")})
    if request.method == "POST" and form.is_valid():
        try:
            category = category_get(code=form.cleaned_data["category"])
            d = services.disclosure_create_draft(user=request.user, unit=unit, category=category, content=form.content(),
                                                 files=form.uploads())
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Đã lưu bản nháp. Kiểm tra lại rồi bấm “Công khai”.")
            return redirect("disclosures:edit", pk=d.pk)
    return render(request, "disclosures/form.html", {"unit": unit, "form": form, "title": "Soạn thông tin công khai"})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    """A draft: edit and publish. A published one: links to correct and withdraw."""
    d = disclosure_get_for_edit(user=request.user, pk=pk)
    version = current_version(d)
    form = None
    if d.status == Status.DRAFT:
        services.disclosure_update_draft.authorize(user=request.user, disclosure=d)
        form = DisclosureForm(request.POST or None, request.FILES or None, with_category=False,
                              initial=initial_from_version(version), organization=d.organization_id)
        if request.method == "POST" and form.is_valid():
            try:
                services.disclosure_update_draft(user=request.user, disclosure=d, content=form.content(),
                                                 files=form.uploads(),
                                                 remove_attachments=[int(x) for x in request.POST.getlist("remove") if x.isdigit()])
            except DomainError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, "Đã lưu bản nháp.")
                return redirect("disclosures:edit", pk=d.pk)
    elif d.status == Status.PUBLISHED:
        services.disclosure_withdraw.authorize(user=request.user, disclosure=d)  # the page holds the withdraw form
    return render(request, "disclosures/edit.html", {
        "d": d, "unit": d.unit, "version": version, "form": form, "withdraw_form": WithdrawForm(),
    })


@login_required
@require_POST
def publish(request, pk: int):
    d = disclosure_get_for_edit(user=request.user, pk=pk)
    services.disclosure_publish.authorize(user=request.user, disclosure=d)
    try:
        result = services.disclosure_publish(user=request.user, disclosure=d)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("disclosures:edit", pk=d.pk)
    messages.success(request, "Đã công khai và ghi vào nhật ký minh bạch.")
    for warning in result.warnings:
        messages.warning(request, warning)
    return redirect("disclosures:detail", code=d.unit.code, pk=d.pk)


@login_required
@require_http_methods(["GET", "POST"])
def correct(request, pk: int):
    d = disclosure_get_for_edit(user=request.user, pk=pk)
    services.disclosure_correct.authorize(user=request.user, disclosure=d)
    old = current_version(d)
    atts = list(old.attachments.all())
    initial = {**initial_from_version(old), "keep": [str(a.pk) for a in atts]}
    form = CorrectionForm(request.POST or None, request.FILES or None, attachments=atts, initial=initial,
                          organization=d.organization_id)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.disclosure_correct(
                user=request.user, disclosure=d, content=form.content(), note=form.cleaned_data["note"],
                files=form.uploads(), keep_attachments=[int(x) for x in form.cleaned_data["keep"]],
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"Đã đính chính: phiên bản {result.disclosure.current_version} đang công khai, "
                                      "phiên bản trước vẫn xem được.")
            for warning in result.warnings:
                messages.warning(request, warning)
            return redirect("disclosures:detail", code=d.unit.code, pk=d.pk)
    return render(request, "disclosures/form.html", {"unit": d.unit, "form": form, "d": d,
                                                     "title": f"Đính chính: {d.title}"})


@login_required
@require_POST
def withdraw(request, pk: int):
    d = disclosure_get_for_edit(user=request.user, pk=pk)
    services.disclosure_withdraw.authorize(user=request.user, disclosure=d)
    form = WithdrawForm(request.POST)
    form.is_valid()
    try:
        services.disclosure_withdraw(user=request.user, disclosure=d, reason=form.cleaned_data.get("reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("disclosures:edit", pk=d.pk)
    messages.success(request, "Đã thu hồi. Thông tin vẫn hiển thị kèm lý do thu hồi.")
    return redirect("disclosures:detail", code=d.unit.code, pk=d.pk)

"""Case pages: a citizen files (no account needed for feedback/recommendations) and follows a
case by tracking code; officers work their queues and take each step. Reads through selectors,
writes through services, each with its declared rule (core.access): outside one's scope a page
answers 404, inside it without the right 403 (core's AccessErrorMiddleware), and a page with a form
for a write asks the service's `authorize` before showing it. Any other DomainError becomes a form
error or a message. No page shows an identity except the identity panel, to whom the service allows."""

from __future__ import annotations

import datetime as dt
import io
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danchu.core import ratelimit
from danchu.core.clients import client_address
from danchu.core.errors import DomainError, NotFound, PermissionDenied
from danchu.units.models import Level, Unit
from danchu.units.selectors import unit_get

from . import deadlines, services
from .errors import Code
from .forms import (
    KIND_HELP,
    AcceptForm,
    CaseForm,
    ExtendForm,
    ExternalTransferForm,
    MergeForm,
    OfficerCaseForm,
    RefuseForm,
    ResolveForm,
    ResumeForm,
    SuspendForm,
    TrackForm,
    TransferForm,
    kind_choices,
    uploads,
)
from .models import Category, Kind, Status
from .selectors import (
    QUEUES,
    QueueFilters,
    all_events,
    attachments_for_officer,
    case_attachment_get,
    case_get_for_officer,
    case_indicators,
    case_queue,
    case_track,
    cases_filed_by,
    cases_for_officer,
    complaint_decision_effect,
    identity_reads,
    public_attachments,
    public_events,
    queue_counts,
    throttle_lookup,
    tracked_attachment,
)

PAGE_SIZE = 30


def _unit(code: str) -> Unit:
    try:
        unit = unit_get(code=code)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return unit


def _form_error(form, exc: DomainError) -> None:
    """The service's refusal on the form, in the reader's language where the service gave an English one."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message_en if get_language() == "en" and exc.message_en else exc.message)


# --- citizens --------------------------------------------------------------------------------------


def _chosen_kind(request) -> str:
    """The kind the person chose: the form's `kind` when it is sent, else the page's `?loai=`."""
    if request.method == "POST" and "kind" in request.POST:
        return request.POST.get("kind", "")
    return request.GET.get("loai", "")


def _kind_step(request, unit: Unit, *, officer: bool = False):
    """Step one: choose the kind (a GET form, `?loai=<kind>`). A kind that is not one of the four, or
    a form sent without one, is shown the choice again with the error at the top; nothing is read."""
    chosen = _chosen_kind(request)
    sent = request.method == "POST" or "loai" in request.GET
    errors = []
    if sent:
        errors = [{"id": "loai-" + Kind.FEEDBACK, "label": gettext("Loại"),
                   "message": gettext("Vui lòng chọn một trong bốn loại: phản ánh, kiến nghị, khiếu nại, tố cáo.")}]
    return render(request, "cases/new.html", {"unit": unit, "officer": officer, "kinds": kind_choices(),
                                              "chosen": chosen, "errors": errors}, status=400 if errors else 200)


def _form_context(form, unit: Unit, request, **extra) -> dict:
    # A browser never sends a chosen file again: when the form comes back, the file field says so.
    files_dropped = bool(form.errors) and bool(request.FILES.getlist("files"))
    if files_dropped:
        form.fields["files"].widget.attrs["aria-describedby"] = " ".join(
            ["id_files_again", *(["id_files_error"] if form["files"].errors else [])])
    return {"form": form, "unit": unit, "kind": form.kind, "kind_label": dict(Kind.choices)[form.kind],
            "kind_help": KIND_HELP[form.kind], "errors": form.error_items() if form.errors else [],
            "files_dropped": files_dropped, **extra}


@require_http_methods(["GET", "POST"])
def new(request, code: str):
    unit = _unit(code)
    if unit.level != Level.COMMUNE:
        raise Http404()
    kind = _chosen_kind(request)
    if kind not in Kind.values:
        return _kind_step(request, unit)
    form = CaseForm(request.POST or None, request.FILES or None, kind=kind,
                    initial={"idempotency_key": secrets.token_urlsafe(24)})
    if request.method == "POST" and form.is_valid():
        try:
            ratelimit.anonymous_submission(user=request.user, client=client_address(request), scope="cases",
                                           unit_code=unit.code)
            case, _ = services.case_submit(user=request.user, unit=unit, identity=form.identity(),
                                           client=client_address(request), **form.case_kwargs())
        except DomainError as exc:
            if exc.code == Code.IDEMPOTENCY_CONFLICT:
                # The same form sent again with other content (e.g. back, edit, send): nothing was
                # written; a fresh key lets the person send it as a new case if they mean to.
                form.data = form.data.copy()
                form.data["idempotency_key"] = secrets.token_urlsafe(24)
                form.add_error(None, gettext("Nội dung khác với lần gửi trước của biểu mẫu này nên chưa được ghi "
                                             "nhận. Kiểm tra lại rồi bấm “Gửi” để gửi thành hồ sơ mới."))
                return render(request, "cases/new.html", _form_context(form, unit, request), status=409)
            _form_error(form, exc)
            if exc.code == "throttled":
                return render(request, "cases/new.html", _form_context(form, unit, request), status=429)
        else:
            return render(request, "cases/sent.html", {"case": case, "unit": unit,
                                                       "code": services.format_code(case.tracking_code)})
    return render(request, "cases/new.html", _form_context(form, unit, request), status=400 if form.errors else 200)


def _deadline_rows(case) -> list[dict]:
    """The case's legal deadlines in the reader's language (deadlines.shown)."""
    return [deadlines.shown(rule) for rule in case.deadline_rules] if case is not None else []


@require_GET
def track(request):
    form = TrackForm(request.GET or None)
    case = events = None
    error = ""
    if request.GET and form.is_valid():
        try:
            throttle_lookup(client=client_address(request))
            case = case_track(code=form.cleaned_data["code"])
            events = public_events(case=case)
        except DomainError as exc:
            error = exc.message
            status = 429 if exc.code == "throttled" else 404
            return render(request, "cases/track.html", {"form": form, "error": error}, status=status)
    return render(request, "cases/track.html", {"form": form, "case": case, "events": events,
                                                "deadlines": _deadline_rows(case),
                                                "effect": complaint_decision_effect(case=case) if case else None,
                                                "attachments": public_attachments(case=case) if case else [],
                                                "raw_code": case.tracking_code if case else "",
                                                "code": services.format_code(case.tracking_code) if case else ""})


def _file_response(opened):
    """A document, decrypted by the service or selector that allowed it (files.OpenedFile)."""
    response = FileResponse(io.BytesIO(opened.content), content_type=opened.content_type,
                            as_attachment=opened.kind != "image", filename=opened.name)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def track_attachment(request, pk: int):
    """A document of a case, for whoever holds its tracking code (the filer): lookups are throttled
    like the tracking page."""
    try:
        throttle_lookup(client=client_address(request))
        opened = tracked_attachment(code=request.GET.get("code", ""), pk=pk)
    except DomainError as exc:
        raise Http404(exc.message) from exc
    return _file_response(opened)


@login_required
@require_GET
def mine(request):
    """The cases the signed-in person filed themselves, each followed by its tracking code."""
    rows = [(c, services.format_code(c.tracking_code)) for c in cases_filed_by(user=request.user)]
    response = render(request, "cases/mine.html", {"rows": rows})
    response["Cache-Control"] = "private, no-store"
    return response


# --- officers ----------------------------------------------------------------------------------------


@login_required
@require_GET
def queue(request, code: str):
    unit = _unit(code)
    f = QueueFilters(queue=request.GET.get("queue") if request.GET.get("queue") in QUEUES else "open",
                     kind=request.GET.get("kind") or None, category=request.GET.get("category") or None,
                     q=request.GET.get("q", "").strip()[:200])
    qs = case_queue(user=request.user, unit=unit, filters=f)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "cases/queue.html", {
        "unit": unit, "page": page, "f": f, "counts": queue_counts(user=request.user, unit=unit),
        "queues": [("open", gettext_lazy("Đang xử lý")), ("new", gettext_lazy("Mới tiếp nhận")),
                   ("due_soon", gettext_lazy("Sắp đến hạn")), ("overdue", gettext_lazy("Quá hạn")),
                   ("closed", gettext_lazy("Đã kết thúc")), ("all", gettext_lazy("Tất cả"))],
        "kinds": Kind.choices, "categories": Category.choices, "query": params.urlencode(),
        "today": timezone.localdate(), "transfer_form": TransferForm(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def officer_new(request, code: str):
    """The officer's intake of a case received in person or by letter: refused (404 outside the
    commune, 403 inside it without the right) before the form is shown or read."""
    unit = _unit(code)
    services.case_receive.authorize(user=request.user, unit=unit)
    kind = _chosen_kind(request)
    if kind not in Kind.values:
        return _kind_step(request, unit, officer=True)
    form = OfficerCaseForm(request.POST or None, request.FILES or None, kind=kind,
                           initial={"idempotency_key": secrets.token_urlsafe(24)})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case, _ = services.case_receive(user=request.user, unit=unit, identity=form.identity(), channel=d["channel"],
                                            received_on=d["received_on"], from_board=d.get("from_board", False),
                                            **form.case_kwargs())
        except (NotFound, PermissionDenied):
            raise
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"Đã tiếp nhận. Mã tra cứu: {services.format_code(case.tracking_code)}")
            return redirect("cases:detail", case.pk)
    return render(request, "cases/new.html", _form_context(form, unit, request, officer=True),
                  status=400 if form.errors else 200)


@login_required
@require_POST
def bulk_transfer(request, code: str):
    unit = _unit(code)
    services.case_bulk_transfer.authorize(actor=request.user, unit=unit)
    form = TransferForm(request.POST)
    form.is_valid()
    ids = [int(x) for x in request.POST.getlist("case") if x.isdigit()]
    cases = cases_for_officer(user=request.user, unit=unit, ids=ids)
    try:
        done = services.case_bulk_transfer(actor=request.user, unit=unit, cases=cases,
                                           target_code=form.cleaned_data.get("target", ""),
                                           reason=form.cleaned_data.get("reason", ""))
    except (NotFound, PermissionDenied):
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Đã chuyển {len(done)} hồ sơ.")
    return redirect(reverse("cases:queue", args=[unit.code]))


def _refused(request, exc: PermissionDenied):
    """403 with the reason: the finer rule of a denunciation (only the assigned officer) says why."""
    return render(request, "core/error.html", {"title": "Không có quyền", "message": exc.message}, status=403)


STEP_FORMS = {"accept": AcceptForm, "transfer": TransferForm, "transfer_external": ExternalTransferForm,
              "refuse": RefuseForm, "extend": ExtendForm, "suspend": SuspendForm, "resume": ResumeForm,
              "merge": MergeForm, "resolve": ResolveForm}


def _steps_for(case) -> list[str]:
    """The steps that make sense in the case's state (the services refuse the others anyway)."""
    if case.status == Status.RECEIVED:
        return ["accept", "transfer", "transfer_external", "refuse", "merge", "resolve"]
    if case.status != Status.ACCEPTED:
        return []
    if case.suspended_on is not None:
        return ["resume"]
    steps = ["resolve", "merge", "transfer_external"]
    if case.kind == Kind.DENUNCIATION or (case.kind == Kind.COMPLAINT and deadlines.complaints_amendment_applies(case)):
        steps.insert(1, "suspend")
    if case.kind == Kind.DENUNCIATION:
        steps.insert(1, "extend")
    return steps


@login_required
@require_GET
def detail(request, pk: int):
    case = case_get_for_officer(user=request.user, pk=pk)
    return render(request, "cases/detail.html", {
        "case": case, "code": services.format_code(case.tracking_code),
        "events": all_events(user=request.user, case=case), "deadlines": _deadline_rows(case),
        "attachments": attachments_for_officer(user=request.user, case=case),
        "effect": complaint_decision_effect(case=case),
        "forms": {name: STEP_FORMS[name]() for name in _steps_for(case)},
        "reads": identity_reads(user=request.user, case=case)[:20],
        "may_read_identity": not case.protects_filer or case.assigned_to_id == request.user.pk,
        "open": case.status in (Status.RECEIVED, Status.ACCEPTED),
    })


STEP_SERVICES = {"accept": services.case_accept, "transfer": services.case_transfer,
                 "transfer_external": services.case_transfer_external, "suspend": services.case_suspend,
                 "resume": services.case_resume, "refuse": services.case_refuse, "extend": services.case_extend,
                 "merge": services.case_merge, "resolve": services.case_resolve,
                 "identity": services.case_identity_read}


@login_required
@require_POST
def step(request, pk: int, step: str):
    case = case_get_for_officer(user=request.user, pk=pk)
    if step not in STEP_SERVICES:
        raise Http404()
    STEP_SERVICES[step].authorize(actor=request.user, case=case)
    if step == "identity":
        try:
            identity = services.case_identity_read(actor=request.user, case=case)
        except PermissionDenied as exc:  # a denunciation: not the assigned officer
            return _refused(request, exc)
        response = render(request, "cases/identity.html", {"case": case, "identity": identity,
                                                          "code": services.format_code(case.tracking_code)})
        response["Cache-Control"] = "no-store"
        return response
    form = STEP_FORMS[step](request.POST, request.FILES)
    form.is_valid()
    d = form.cleaned_data
    try:
        if step == "accept":
            services.case_accept(actor=request.user, case=case, **d)
        elif step == "transfer":
            services.case_transfer(actor=request.user, case=case, target_code=d.get("target", ""), reason=d.get("reason", ""))
        elif step == "transfer_external":
            services.case_transfer_external(actor=request.user, case=case, body=d.get("body", ""), reason=d.get("reason", ""))
        elif step == "suspend":
            services.case_suspend(actor=request.user, case=case, reason=d.get("reason", ""))
        elif step == "resume":
            services.case_resume(actor=request.user, case=case, note=d.get("note", ""))
        elif step == "refuse":
            services.case_refuse(actor=request.user, case=case, ground=d.get("ground", ""))
        elif step == "extend":
            services.case_extend(actor=request.user, case=case, reason=d.get("reason", ""))
        elif step == "merge":
            try:
                into = case_track(code=d.get("into", ""))
            except NotFound:
                raise DomainError("merge_target_invalid", "Không tìm thấy hồ sơ gộp vào.",
                                  message_en="Merge target not found.") from None
            services.case_merge(actor=request.user, case=case, into=into)
        elif step == "resolve":
            services.case_resolve(actor=request.user, case=case, answer=d.get("answer", ""), files=uploads(d.get("files")),
                                  decision_ref=d.get("decision_ref", ""))
    except PermissionDenied as exc:  # a denunciation is concluded by the assigned officer only
        return _refused(request, exc)
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã ghi nhận.")
        if step == "transfer":
            return redirect("cases:queue", case.unit.code)
    return redirect("cases:detail", case.pk)


@login_required
@require_GET
def attachment(request, pk: int):
    att = case_attachment_get(pk=pk)
    services.case_attachment_open.authorize(actor=request.user, attachment=att)
    try:
        opened = services.case_attachment_open(actor=request.user, attachment=att)
    except PermissionDenied as exc:  # a denunciation's documents: not the assigned officer
        return _refused(request, exc)
    return _file_response(opened)


@login_required
@require_GET
def indicators(request, code: str):
    unit = _unit(code)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    except (ValueError, OverflowError):
        raise Http404() from None
    rows = case_indicators(user=request.user, unit=unit, start=start, end=end)
    return render(request, "cases/indicators.html", {"unit": unit, "rows": rows, "year": year})

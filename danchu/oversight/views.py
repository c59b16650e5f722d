"""Oversight pages. Officials (/quan-ly/...) see and write what their grant on the unit (on the
organization, for its board) allows; the public page of a unit (/u/<code>/giam-sat/) shows what the law
makes public. Reads go through declared selectors, writes through declared services, and every write
is authorized (`service.authorize`) before its form is read: outside the caller's scope a page answers
404, inside it without the right 403 (core.middleware.AccessErrorMiddleware) — never a form, never a
message. Which forms a page shows comes from the same rules (`service.permits`). A form that fails (bad
input, or a DomainError about it) comes back on its page with what was typed, its errors beside the
fields and a summary at the top linking to them; only a success redirects (POST-redirect-GET). Every
form of a page has its own field ids (`auto_id`), so no id repeats on a page."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danchu.core.errors import DomainError, NotFound, PermissionDenied
from danchu.units.models import Level, Unit
from danchu.units.selectors import unit_children, unit_get

from . import forms as f
from . import selectors as sel
from . import services
from .models import (
    Board,
    BoardKind,
    BoardMember,
    Inspection,
    InvestmentProject,
    Recommendation,
    SocialCriticism,
    Supervision,
)


def _unit(code: str) -> Unit:
    try:
        return unit_get(code=code)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _hamlets(unit: Unit) -> list[Unit]:
    return list(unit_children(unit=unit).filter(level=Level.HAMLET)) if unit.level == Level.COMMUNE else []


def _initial() -> dict:
    today = timezone.localdate()
    return dict.fromkeys(("term_start", "established_on", "elected_on", "adopted_on", "starts_on", "ends_on", "held_on", "sent_on", "answered_on", "on", "closed_on", "ended_on", "draft_received_on"), today)


# --- unit pages ------------------------------------------------------------------------------------


# Every form of a page has its own id and its own ids for its fields (`auto_id`), so that no id repeats
# on a page that holds several forms with the same field names (starts_on, ends_on…).
UNIT_FORMS = {  # /quan-ly/<code>/giam-sat/tao/<what>/: (form id, context name)
    "ban": ("new-board", "board_form"), "cong-trinh": ("new-project", "project_form"),
    "giam-sat-mttq": ("new-front-supervision", "front_form"), "phan-bien": ("new-criticism", "criticism_form"),
}


def _ids(form_id: str) -> str:
    return f"{form_id}-%s"


def _page(request, template: str, context: dict, bound: dict | None, status: int, links: bool = True):
    """Render a page with its blank forms, or with the one that failed (`bound`: context name → form
    holding what was typed and its errors), whose errors the summary at the top lists."""
    failed = next(iter((bound or {}).values()), None)
    context.update(bound or {})
    context["failed_form"], context["failed_links"] = failed, links
    return render(request, template, context, status=status)


@login_required
@require_GET
def manage(request, code: str):
    return _manage_page(request, _unit(code))


def _manage_page(request, unit: Unit, bound: dict | None = None, status: int = 200):
    data = sel.overview(user=request.user, unit=unit)  # 404 outside the caller's scope, 403 without the right
    u = request.user
    today = timezone.localdate()
    init = _initial()
    commune = unit.level == Level.COMMUNE
    ids = {what: _ids(form_id) for what, (form_id, _name) in UNIT_FORMS.items()}
    return _page(request, "oversight/manage.html", {
        "unit": unit, **data, "today": today,
        "may_board": commune and services.board_create.permits(actor=u, kind=BoardKind.INSPECTION, unit=unit),
        "may_project": commune and services.project_create.permits(actor=u, unit=unit),
        "may_front": services.criticism_create.permits(actor=u, unit=unit),
        "board_form": f.BoardForm(initial=init, auto_id=ids["ban"]),
        "project_form": f.ProjectForm(initial=init, hamlets=_hamlets(unit), auto_id=ids["cong-trinh"]),
        "front_form": f.FrontSupervisionForm(initial=init, auto_id=ids["giam-sat-mttq"]),
        "criticism_form": f.CriticismCreateForm(initial=init, auto_id=ids["phan-bien"]),
    }, bound, status)


@login_required
@require_GET
def recommendations(request, code: str):
    unit = _unit(code)
    overdue = request.GET.get("overdue") == "1"
    start, end = (_parse_date(request.GET.get(k)) for k in ("from", "to"))
    rows = sel.recommendations_for(user=request.user, unit=unit, overdue_only=overdue,
                                   open_only=request.GET.get("open") == "1", start=start, end=end)
    return render(request, "oversight/recommendations.html", {"unit": unit, "rows": rows[:500], "overdue": overdue,
                                                               "today": timezone.localdate()})


def _parse_date(value):
    """?from=/&to= of the indicator drill-down; a malformed date is ignored, never an error page."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _attempt(form, fn) -> tuple[bool, object]:
    """Run a write whose rule was authorized already. A DomainError about the input becomes an error
    of the form (on its field when the form has it), to be shown with what was typed; a refusal
    (404/403) is never turned into a message."""
    try:
        return True, fn()
    except (NotFound, PermissionDenied):
        raise
    except DomainError as exc:
        if exc.status == 404:
            raise Http404() from exc
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return False, None


OK = "Đã ghi nhận."


@login_required
@require_POST
def unit_create(request, code: str, what: str):
    """Create on a unit: a commune People's Inspection Board, an investment project, a Front supervision,
    a social criticism."""
    unit = _unit(code)
    u = request.user
    authorize = {
        "ban": lambda: services.board_create.authorize(actor=u, kind=BoardKind.INSPECTION, unit=unit),
        "cong-trinh": lambda: services.project_create.authorize(actor=u, unit=unit),
        "giam-sat-mttq": lambda: services.supervision_create.authorize(actor=u, kind="front", unit=unit),
        "phan-bien": lambda: services.criticism_create.authorize(actor=u, unit=unit),
    }.get(what)
    if authorize is None:
        raise Http404()
    authorize()  # 404 outside the caller's scope, 403 without the right: before the form is read
    form_id, name = UNIT_FORMS[what]
    ids = _ids(form_id)
    if what == "ban":
        form = f.BoardForm(request.POST, auto_id=ids)

        def write():
            d = form.cleaned_data
            return services.board_create(
                actor=u, kind=BoardKind.INSPECTION, unit=unit, term_start=d["term_start"], term_end=d["term_end"],
                established_on=d["established_on"], decision_ref=d["decision_ref"])
        page = "oversight:board"
    elif what == "cong-trinh":
        form = f.ProjectForm(request.POST, hamlets=_hamlets(unit), auto_id=ids)

        def write():
            d = form.cleaned_data
            hamlets = [h for h in _hamlets(unit) if str(h.pk) in d["hamlets"]]
            return services.project_create(
                actor=u, unit=unit, name=d["name"], kind=d["kind"], investor=d["investor"], contractor=d["contractor"],
                budget_vnd=d["budget_vnd"], location=d["location"], starts_on=d["starts_on"], ends_on=d["ends_on"],
                hamlets=hamlets, funding=form.funding(), description=d["description"])
        page = "oversight:project"
    elif what == "giam-sat-mttq":
        form = f.FrontSupervisionForm(request.POST, auto_id=ids)

        def write():
            return services.supervision_create(actor=u, kind="front", unit=unit, **form.cleaned_data)
        page = "oversight:supervision"
    else:
        form = f.CriticismCreateForm(request.POST, auto_id=ids)

        def write():
            return services.criticism_create(actor=u, unit=unit, **form.cleaned_data)
        page = "oversight:criticism"
    if form.is_valid():
        ok, created = _attempt(form, write)
        if ok:
            messages.success(request, OK)
            return redirect(page, created.pk)
    # POST-redirect-GET on success only: a refused form comes back with what was typed and its errors.
    return _manage_page(request, unit, {name: form}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def organization(request, org_id: int):
    """An organization's People's Inspection Board: its boards, inspections and recommendations; the
    trade union sets up the board (Art. 60). Only the organization's own people reach it."""
    org = sel.organization_for(user=request.user, pk=org_id)
    data = sel.organization_overview(user=request.user, organization=org)
    if request.method == "POST":
        services.board_create.authorize(actor=request.user, kind=BoardKind.INSPECTION, unit=org.unit, organization=org)
    form = f.BoardForm(request.POST or None, initial=_initial(), auto_id=_ids("new-board"))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            ok, board = _attempt(form, lambda: services.board_create(
                actor=request.user, kind=BoardKind.INSPECTION, unit=org.unit, organization=org,
                term_start=d["term_start"], term_end=d["term_end"], established_on=d["established_on"],
                decision_ref=d["decision_ref"]))
            if ok:
                messages.success(request, OK)
                return redirect("oversight:board", board.pk)
    return _page(request, "oversight/organization.html", {
        "org": org, **data, "today": timezone.localdate(), "board_form": form,
        "may_board": services.board_create.permits(actor=request.user, kind=BoardKind.INSPECTION, unit=org.unit,
                                                   organization=org),
    }, {"board_form": form} if request.method == "POST" else None, status)


# --- record pages ----------------------------------------------------------------------------------

GETTERS = {
    "ban": sel.board_get, "kiem-tra": sel.inspection_get, "giam-sat": sel.supervision_get,
    "cong-trinh": sel.project_get, "phan-bien": sel.criticism_get, "kien-nghi": sel.recommendation_get,
}


def _get(request, what: str, pk: int):
    getter = GETTERS.get(what)
    if getter is None:
        raise Http404()
    return getter(user=request.user, pk=pk)  # 404 outside the caller's scope, 403 without the right


# The forms of each record page: (page, step) → (form id, context name). The step's URL is
# /quan-ly/giam-sat/<page>/<pk>/<step>/ (STEPS below); its form's fields have ids "<form id>-<field>".
STEP_FORMS = {
    ("ban", "thanh-vien"): ("add-member", "member_form"), ("ban", "thoi"): ("end-member", "end_form"),
    ("ban", "ke-hoach"): ("add-plan", "plan_form"), ("ban", "kiem-tra"): ("new-inspection", "inspection_form"),
    ("ban", "giam-sat"): ("new-visit", "visit_form"),
    ("cong-trinh", "ban"): ("new-board", "board_form"),
    ("kiem-tra", "ket-qua"): ("findings-form", "findings_form"), ("kiem-tra", "kien-nghi"): ("rec-form", "rec_form"),
    ("kiem-tra", "tai-lieu"): ("doc-form", "doc_form"),
    ("giam-sat", "ket-qua"): ("findings-form", "findings_form"), ("giam-sat", "kien-nghi"): ("rec-form", "rec_form"),
    ("giam-sat", "tai-lieu"): ("doc-form", "doc_form"),
    ("phan-bien", "y-kien"): ("opinion-form", "opinion_form"), ("phan-bien", "van-ban"): ("document-form", "document_form"),
    ("phan-bien", "tra-loi"): ("answer-form", "answer_form"), ("phan-bien", "tai-lieu"): ("doc-form", "doc_form"),
    ("kien-nghi", "tra-loi"): ("answer-form", "answer_form"), ("kien-nghi", "theo-doi"): ("follow-form", "follow_form"),
    ("kien-nghi", "ket-thuc"): ("close-form", "close_form"), ("kien-nghi", "tai-lieu"): ("doc-form", "doc_form"),
}


def _step_ids(what: str, step: str) -> str:
    return _ids(STEP_FORMS[(what, step)][0])


@login_required
@require_GET
def board(request, pk: int):
    return _board_page(request, _get(request, "ban", pk))


def _board_page(request, b: Board, bound: dict | None = None, status: int = 200):
    u, init = request.user, _initial()
    members = sel.board_active_members(b)
    hamlets = list(b.project.hamlets.all()) if b.project_id else _hamlets(b.unit)
    ids = partial(_step_ids, "ban")
    return _page(request, "oversight/board.html", {
        "board": b, "members": b.members.select_related("hamlet").order_by("ended_on", "position", "full_name"),
        "problems": services.composition_problems(b), "plans": b.plans.all(),
        "inspections": b.inspections.all(), "visits": b.supervisions.all(),
        "may_manage": services.member_add.permits(actor=u, board=b),
        "may_record": services.plan_add.permits(actor=u, board=b),
        "member_form": f.MemberForm(initial=init, hamlets=hamlets, auto_id=ids("thanh-vien")),
        "end_form": f.MemberEndForm(initial=init, auto_id=ids("thoi")),
        "plan_form": f.PlanForm(initial={**init, "year": timezone.localdate().year}, auto_id=ids("ke-hoach")),
        "inspection_form": f.InspectionForm(initial=init, members=members, auto_id=ids("kiem-tra")),
        "visit_form": f.VisitForm(initial=init, members=members, auto_id=ids("giam-sat")),
    }, bound, status, links="end_form" not in (bound or {}))  # the member rows' own forms carry no field ids


@login_required
@require_GET
def inspection(request, pk: int):
    return _inspection_page(request, _get(request, "kiem-tra", pk))


def _inspection_page(request, ins: Inspection, bound: dict | None = None, status: int = 200):
    u, init = request.user, _initial()
    ids = partial(_step_ids, "kiem-tra")
    return _page(request, "oversight/inspection.html", {
        "ins": ins, "team": ins.team.all(), "warnings": sel.inspection_warnings(ins),
        "recs": ins.recommendations.all(), "documents": ins.documents.all(),
        "may_record": services.inspection_record_findings.permits(actor=u, inspection=ins),
        "findings_form": f.FindingsForm(initial={**init, "findings": ins.findings, "held_on": ins.held_on or init["held_on"]},
                                        auto_id=ids("ket-qua")),
        "rec_form": f.RecommendationForm(initial={**init, "addressee": services.commune_pc_name(ins.unit),
                                                  "due_on": services.answer_deadline(init["sent_on"])},
                                         auto_id=ids("kien-nghi")),
        "doc_form": f.DocumentForm(auto_id=ids("tai-lieu")),
    }, bound, status)


@login_required
@require_GET
def supervision(request, pk: int):
    return _supervision_page(request, _get(request, "giam-sat", pk))


def _supervision_page(request, sup: Supervision, bound: dict | None = None, status: int = 200):
    u, init = request.user, _initial()
    ids = partial(_step_ids, "giam-sat")
    return _page(request, "oversight/supervision.html", {
        "sup": sup, "team": sup.team.all(), "warnings": sel.supervision_warnings(sup),
        "recs": sup.recommendations.all(), "documents": sup.documents.all(),
        "may_record": services.supervision_record_findings.permits(actor=u, supervision=sup),
        "findings_form": f.SupervisionFindingsForm(initial={**init, "findings": sup.findings}, auto_id=ids("ket-qua")),
        "rec_form": f.RecommendationForm(initial={**init, "addressee": sup.supervised_body,
                                                  "due_on": services.answer_deadline(init["sent_on"])},
                                         auto_id=ids("kien-nghi")),
        "doc_form": f.DocumentForm(auto_id=ids("tai-lieu")),
    }, bound, status)


@login_required
@require_GET
def project(request, pk: int):
    return _project_page(request, _get(request, "cong-trinh", pk))


def _project_page(request, p: InvestmentProject, bound: dict | None = None, status: int = 200):
    u = request.user
    b = getattr(p, "board", None) if hasattr(p, "board") else None
    return _page(request, "oversight/project.html", {
        "project": p, "funding": p.funding.all(), "board": b, "visits": p.visits.all(),
        "contributions": sel.contributions_for(p.unit),
        "may_board": b is None and services.board_create.permits(actor=u, kind=BoardKind.INVESTMENT, unit=p.unit,
                                                                 project=p),
        "board_form": f.BoardForm(initial={"term_start": p.starts_on, "established_on": timezone.localdate(),
                                           "term_end": p.ends_on}, auto_id=_step_ids("cong-trinh", "ban")),
    }, bound, status)


@login_required
@require_GET
def criticism(request, pk: int):
    return _criticism_page(request, _get(request, "phan-bien", pk))


def _criticism_page(request, c: SocialCriticism, bound: dict | None = None, status: int = 200):
    u, init = request.user, _initial()
    ids = partial(_step_ids, "phan-bien")
    return _page(request, "oversight/criticism.html", {
        "c": c, "opinions": c.opinions.all(), "documents": c.documents.all(),
        "may_front": services.criticism_add_opinion.permits(actor=u, criticism=c),
        "may_answer": services.criticism_record_answer.permits(actor=u, criticism=c),
        "opinion_form": f.OpinionForm(auto_id=ids("y-kien")),
        "document_form": f.CriticismDocumentForm(initial=init, auto_id=ids("van-ban")),
        "answer_form": f.CriticismAnswerForm(initial=init, auto_id=ids("tra-loi")),
        "doc_form": f.DocumentForm(auto_id=ids("tai-lieu")),
    }, bound, status)


@login_required
@require_GET
def recommendation(request, pk: int):
    return _recommendation_page(request, _get(request, "kien-nghi", pk))


def _recommendation_page(request, rec: Recommendation, bound: dict | None = None, status: int = 200):
    u, init = request.user, _initial()
    ids = partial(_step_ids, "kien-nghi")
    return _page(request, "oversight/recommendation.html", {
        "rec": rec, "events": rec.events.select_related("actor"), "documents": rec.documents.all(),
        "today": timezone.localdate(), "overdue": rec.is_overdue(timezone.localdate()),
        "may_answer": services.recommendation_answer.permits(actor=u, recommendation=rec),
        "may_follow": services.recommendation_follow_up.permits(actor=u, recommendation=rec),
        "answer_form": f.AnswerForm(initial=init, auto_id=ids("tra-loi")),
        "follow_form": f.FollowUpForm(initial=init, auto_id=ids("theo-doi")),
        "close_form": f.CloseForm(initial=init, auto_id=ids("ket-thuc")), "doc_form": f.DocumentForm(auto_id=ids("tai-lieu")),
    }, bound, status)


PAGE_RENDER = {"ban": _board_page, "kiem-tra": _inspection_page, "giam-sat": _supervision_page,
               "cong-trinh": _project_page, "phan-bien": _criticism_page, "kien-nghi": _recommendation_page}


PAGES = {"ban": "oversight:board", "kiem-tra": "oversight:inspection", "giam-sat": "oversight:supervision",
         "cong-trinh": "oversight:project", "phan-bien": "oversight:criticism", "kien-nghi": "oversight:recommendation"}


def _member_ids(form) -> list[int]:
    return [int(x) for x in form.cleaned_data.get("team", []) if str(x).isdigit()]


@login_required
@require_POST
def act(request, what: str, pk: int, step: str):
    """One step on a record: POST /quan-ly/giam-sat/<what>/<pk>/<step>/."""
    obj = _get(request, what, pk)
    u = request.user
    back = reverse(PAGES[what], args=[obj.pk])
    handler = STEPS.get((what, step))
    if handler is None:
        raise Http404()
    form_class, fn, authorize = handler
    authorize(u, obj)  # 404 / 403 before the form is read: a refused caller never gets a message or a write
    kwargs = {}
    if form_class in (f.InspectionForm, f.VisitForm):
        kwargs["members"] = list(obj.members.all())
    if form_class is f.MemberForm:
        kwargs["hamlets"] = list(obj.project.hamlets.all()) if obj.project_id else _hamlets(obj.unit)
    kwargs["auto_id"] = _step_ids(what, step)
    form = form_class(request.POST, request.FILES, **kwargs) if form_class is f.DocumentForm else form_class(request.POST, **kwargs)
    if form.is_valid():
        ok, result = _attempt(form, lambda: fn(u, obj, form))
        if ok:
            messages.success(request, OK)
            if isinstance(result, Board | Inspection | Supervision | Recommendation | SocialCriticism | InvestmentProject):
                kind = {Board: "ban", Inspection: "kiem-tra", Supervision: "giam-sat", Recommendation: "kien-nghi",
                        SocialCriticism: "phan-bien", InvestmentProject: "cong-trinh"}[type(result)]
                if kind != what:
                    return redirect(PAGES[kind], result.pk)
            return redirect(back)
    # POST-redirect-GET on success only: a refused form comes back with what was typed and its errors.
    return PAGE_RENDER[what](request, obj, {STEP_FORMS[(what, step)][1]: form}, status=400)


def _doc(u, owner, form):
    upload = form.cleaned_data["file"]
    return services.document_add(actor=u, owner=owner, title=form.cleaned_data["title"], name=upload.name,
                                 content=upload.read())


def _member_add(u, board, form):
    d = form.cleaned_data
    hamlets = list(board.project.hamlets.all()) if board.project_id else _hamlets(board.unit)
    hamlet = next((h for h in hamlets if str(h.pk) == d["hamlet"]), None)
    return services.member_add(actor=u, board=board, full_name=d["full_name"], seat=d["seat"], hamlet=hamlet,
                               position=d["position"], elected_on=d["elected_on"],
                               no_conflict_declared=d["no_conflict_declared"])


def _member_end(u, board, form):
    d = form.cleaned_data
    return services.member_end(actor=u, member=sel.member_get(user=u, pk=d["member"]), ended_on=d["ended_on"],
                               reason=d["reason"])


def _inspection_create(u, board, form):
    d = form.cleaned_data
    return services.inspection_create(
        actor=u, board=board, subject=d["subject"], inspected_body=d["inspected_body"], period_from=d["period_from"],
        period_to=d["period_to"], starts_on=d["starts_on"], ends_on=d["ends_on"], notified_on=d["notified_on"],
        team=sel.members_by_ids(board=board, ids=_member_ids(form)))


def _visit_create(u, board, form):
    d = form.cleaned_data
    return services.supervision_create(
        actor=u, kind="investment", board=board, subject=d["subject"], supervised_body=d["supervised_body"],
        starts_on=d["starts_on"], ends_on=d["ends_on"], team=sel.members_by_ids(board=board, ids=_member_ids(form)))


def _project_board(u, project, form):
    d = form.cleaned_data
    return services.board_create(actor=u, kind=BoardKind.INVESTMENT, unit=project.unit, project=project,
                                 term_start=d["term_start"], term_end=d["term_end"], established_on=d["established_on"],
                                 decision_ref=d["decision_ref"])


def _doc_auth(u, owner):
    services.document_add.authorize(actor=u, owner=owner)


STEPS = {
    # (page, step): (form, what it does, the rule it needs — checked before the form is read)
    ("ban", "thanh-vien"): (f.MemberForm, _member_add, lambda u, b: services.member_add.authorize(actor=u, board=b)),
    # The member to end is chosen in the form: its rule is the board's (BOARD_MANAGE on the board).
    ("ban", "thoi"): (f.MemberEndForm, _member_end,
                      lambda u, b: services.member_end.authorize(actor=u, member=BoardMember(board=b))),
    ("ban", "ke-hoach"): (f.PlanForm, lambda u, b, form: services.plan_add(actor=u, board=b, **form.cleaned_data),
                          lambda u, b: services.plan_add.authorize(actor=u, board=b)),
    ("ban", "kiem-tra"): (f.InspectionForm, _inspection_create,
                          lambda u, b: services.inspection_create.authorize(actor=u, board=b)),
    ("ban", "giam-sat"): (f.VisitForm, _visit_create,
                          lambda u, b: services.supervision_create.authorize(actor=u, kind="investment", board=b)),
    ("cong-trinh", "ban"): (f.BoardForm, _project_board, lambda u, p: services.board_create.authorize(
        actor=u, kind=BoardKind.INVESTMENT, unit=p.unit, project=p)),
    ("kiem-tra", "ket-qua"): (f.FindingsForm, lambda u, o, form: services.inspection_record_findings(
        actor=u, inspection=o, **form.cleaned_data),
        lambda u, o: services.inspection_record_findings.authorize(actor=u, inspection=o)),
    ("kiem-tra", "kien-nghi"): (f.RecommendationForm, lambda u, o, form: services.recommendation_make(
        actor=u, source=o, **form.cleaned_data), lambda u, o: services.recommendation_make.authorize(actor=u, source=o)),
    ("kiem-tra", "tai-lieu"): (f.DocumentForm, _doc, _doc_auth),
    ("giam-sat", "ket-qua"): (f.SupervisionFindingsForm, lambda u, o, form: services.supervision_record_findings(
        actor=u, supervision=o, **form.cleaned_data),
        lambda u, o: services.supervision_record_findings.authorize(actor=u, supervision=o)),
    ("giam-sat", "kien-nghi"): (f.RecommendationForm, lambda u, o, form: services.recommendation_make(
        actor=u, source=o, **form.cleaned_data), lambda u, o: services.recommendation_make.authorize(actor=u, source=o)),
    ("giam-sat", "tai-lieu"): (f.DocumentForm, _doc, _doc_auth),
    ("phan-bien", "y-kien"): (f.OpinionForm, lambda u, o, form: services.criticism_add_opinion(
        actor=u, criticism=o, **form.cleaned_data),
        lambda u, o: services.criticism_add_opinion.authorize(actor=u, criticism=o)),
    ("phan-bien", "van-ban"): (f.CriticismDocumentForm, lambda u, o, form: services.criticism_send_document(
        actor=u, criticism=o, **form.cleaned_data),
        lambda u, o: services.criticism_send_document.authorize(actor=u, criticism=o)),
    ("phan-bien", "tra-loi"): (f.CriticismAnswerForm, lambda u, o, form: services.criticism_record_answer(
        actor=u, criticism=o, **form.cleaned_data),
        lambda u, o: services.criticism_record_answer.authorize(actor=u, criticism=o)),
    ("phan-bien", "tai-lieu"): (f.DocumentForm, _doc, _doc_auth),
    ("kien-nghi", "tra-loi"): (f.AnswerForm, lambda u, o, form: services.recommendation_answer(
        actor=u, recommendation=o, **form.cleaned_data),
        lambda u, o: services.recommendation_answer.authorize(actor=u, recommendation=o)),
    ("kien-nghi", "theo-doi"): (f.FollowUpForm, lambda u, o, form: services.recommendation_follow_up(
        actor=u, recommendation=o, **form.cleaned_data),
        lambda u, o: services.recommendation_follow_up.authorize(actor=u, recommendation=o)),
    ("kien-nghi", "ket-thuc"): (f.CloseForm, lambda u, o, form: services.recommendation_close(
        actor=u, recommendation=o, **form.cleaned_data),
        lambda u, o: services.recommendation_close.authorize(actor=u, recommendation=o)),
    ("kien-nghi", "tai-lieu"): (f.DocumentForm, _doc, _doc_auth),
}


@login_required
@require_GET
def document(request, pk: int):
    """Download a document: for whoever may see the record it belongs to."""
    from django.http import FileResponse

    doc = sel.document_get(user=request.user, pk=pk)
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.name, content_type=doc.content_type)


# --- public ----------------------------------------------------------------------------------------


@require_GET
def public(request, code: str):
    unit = _unit(code)
    return render(request, "oversight/public.html", {"unit": unit, **sel.public_overview(unit=unit)})

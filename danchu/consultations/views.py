"""Pages of consultations: the public list of drafts open for comment and published reports; the
consultation page (read the draft by section, comment, agree / disagree / pass on a phone, see the
answer to one's opinion, the opinion map, the revised draft, the report); the officials' pages
(prepare the draft — paste or DOCX, correct the split —, publish, enter opinions from meetings and
paper, moderate, answer every opinion, publish the report). Reads through selectors, writes through
services; outside one's scope a page answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danchu.core.errors import DomainError, NotFound
from danchu.core.permissions import can
from danchu.core.roles import Action
from danchu.units.models import Level
from danchu.units.selectors import unit_get

from . import services
from .forms import ConsultationForm, RecordForm
from .models import AnswerKind, OpinionStatus, Source, Status
from .selectors import (
    consultation_for_manage,
    consultation_get,
    consultations_for_official,
    consultations_of_organization,
    consultations_public,
    hidden_opinions,
    may_manage,
    may_take_part,
    my_opinions,
    my_votes,
    next_statement,
    opinion_get,
    opinion_map,
    opinion_map_png,
    opinions_page,
    organization_for,
    period_state,
    report_of,
    revised_changes,
    section_of,
    sections,
    sections_lazy,
    unanswered,
)
from .splitter import KIND_LABELS, KINDS


def _404(fn, *args, **kw):
    try:
        return fn(*args, **kw)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


# --- public -----------------------------------------------------------------------------------------


@require_GET
def public(request, code: str):
    unit = _404(unit_get, code=code)
    rows = list(consultations_public(unit=unit)[:100])
    now = timezone.now()
    for c in rows:
        c.state = period_state(c, now)
    return render(request, "consultations/public.html", {"unit": unit, "rows": rows})


@require_GET
def detail(request, pk: int):
    c = _404(consultation_get, user=request.user, pk=pk)
    section = _404(section_of, c, _int(request.GET.get("phan")))
    whole = request.GET.get("phan") == "0"
    page = _int(request.GET.get("trang"), 1)
    order = request.GET.get("xep", "new")
    rows, more = opinions_page(c, section=section, whole_only=whole, page=page, order=order, query=request.GET.get("q", ""))
    user = request.user
    votes = my_votes(user=user, opinion_ids=[o.pk for o in rows])
    for o in rows:
        o.my_vote = votes.get(o.pk)
        o.mine = o.author_id is not None and o.author_id == getattr(user, "pk", None)
    state = period_state(c)
    can_take_part = state == "open" and may_take_part(user, c)
    nxt = next_statement(user=user, c=c) if can_take_part else None
    return render(request, "consultations/detail.html", {
        "c": c, "state": state, "sections": sections_lazy(c), "section": section, "whole": whole, "rows": rows, "more": more,
        "page": page, "order": order, "q": request.GET.get("q", ""), "can_take_part": can_take_part, "next": nxt,
        "mine": my_opinions(user=user, c=c), "map": opinion_map(c), "report": report_of(c) if c.status == Status.FINAL else None,
        "official": may_manage(user, c, Action.CONSULTATION_VIEW), "here": request.get_full_path(),
    })


def _back(request, c, section_id=None):
    url = reverse("consultations:detail", args=[c.pk])
    if section_id:
        url += f"?phan={section_id}"
    return redirect(url)


@login_required
@require_POST
def comment(request, pk: int):
    c = _404(consultation_get, user=request.user, pk=pk)
    section_id = _int(request.POST.get("section"))
    try:
        services.opinion_create(actor=request.user, consultation=c, text=request.POST.get("text", ""),
                                section_id=section_id, quote=request.POST.get("quote", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã gửi ý kiến. Cơ quan lấy ý kiến sẽ tiếp thu hoặc giải trình ý kiến của bạn.")
    return _back(request, c, section_id)


@login_required
@require_POST
def vote(request, opk: int):
    o = _404(opinion_get, user=request.user, pk=opk)
    try:
        services.vote_cast(actor=request.user, opinion=o, choice=request.POST.get("choice", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    nxt = request.POST.get("next", "")
    if nxt.startswith("/gop-y/") and "//" not in nxt:
        return redirect(nxt)
    return _back(request, o.consultation)


@require_GET
def revised(request, pk: int):
    c = _404(consultation_get, user=request.user, pk=pk)
    return render(request, "consultations/revised.html", {"c": c, "changes": revised_changes(c)})


@require_GET
def map_png(request, pk: int):
    c = _404(consultation_get, user=request.user, pk=pk)
    data = opinion_map_png(c)
    if not data:
        raise Http404()
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_GET
def report(request, pk: int, fmt: str):
    from .report import report_response

    c = _404(consultation_get, user=request.user, pk=pk)
    r = report_of(c)
    if r is None:
        raise Http404()
    return report_response(r, fmt)


# --- officials --------------------------------------------------------------------------------------


@login_required
@require_GET
def manage(request, code: str):
    unit = _404(unit_get, code=code)
    if not can(request.user, Action.CONSULTATION_VIEW, unit=unit):
        raise Http404()
    return render(request, "consultations/manage.html", {
        "unit": unit, "org": None, "rows": consultations_for_official(user=request.user, unit=unit),
        "can_create": can(request.user, Action.CONSULTATION_MANAGE, unit=unit) and unit.level == Level.COMMUNE,
        "new_url": reverse("consultations:new", args=[unit.code]),
    })


@login_required
@require_GET
def manage_org(request, org: int):
    o = _404(organization_for, user=request.user, pk=org)
    return render(request, "consultations/manage.html", {
        "unit": o.unit, "org": o, "rows": consultations_of_organization(user=request.user, organization=o),
        "can_create": can(request.user, Action.CONSULTATION_MANAGE, organization=o),
        "new_url": reverse("consultations:new_org", args=[o.pk]),
    })


def _new(request, *, unit, organization=None):
    form = ConsultationForm(request.POST or None, organization=organization is not None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            c = services.consultation_create(
                actor=request.user, unit=unit, organization=organization,
                data=services.ConsultationInput(kind=d["kind"], title=d["title"], summary=d["summary"], forms=d["forms_used"],
                                                closes_at=d["closes_at"], period_basis=d["period_basis"],
                                                draft_text=d["draft_text"]))
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Đã tạo cuộc lấy ý kiến. Kiểm tra cách chia dự thảo rồi công bố.")
            return redirect("consultations:official", pk=c.pk)
    return render(request, "consultations/new.html", {"unit": unit, "org": organization, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def new(request, code: str):
    unit = _404(unit_get, code=code)
    if not can(request.user, Action.CONSULTATION_MANAGE, unit=unit) or unit.level != Level.COMMUNE:
        raise Http404()
    return _new(request, unit=unit)


@login_required
@require_http_methods(["GET", "POST"])
def new_org(request, org: int):
    o = _404(organization_for, user=request.user, pk=org)
    if not can(request.user, Action.CONSULTATION_MANAGE, organization=o):
        raise Http404()
    return _new(request, unit=o.unit, organization=o)


@login_required
@require_GET
def official(request, pk: int):
    c = _404(consultation_for_manage, user=request.user, pk=pk)
    return render(request, "consultations/official.html", {
        "c": c, "state": period_state(c), "sections": sections(c), "unanswered": unanswered(c),
        "hidden": hidden_opinions(c), "map": opinion_map(c), "record_form": RecordForm(),
        "sources": [(k, v) for k, v in Source.choices if k != Source.ONLINE], "report": report_of(c),
        "can_manage": may_manage(request.user, c), "can_publish": may_manage(request.user, c, Action.CONSULTATION_PUBLISH),
        "recent": opinions_page(c, order="new")[0][:20],
    })


@login_required
@require_http_methods(["GET", "POST"])
def sections_edit(request, pk: int):
    """The official corrects the automatic split: kind, number, heading, text; merge into the previous."""
    c = _404(consultation_for_manage, user=request.user, pk=pk, action=Action.CONSULTATION_MANAGE)
    if request.method == "POST":
        items: list[services.SectionInput] = []
        n = _int(request.POST.get("count"), 0) or 0
        for i in range(n):
            if request.POST.get(f"s{i}-delete"):
                continue
            s = services.SectionInput(kind=request.POST.get(f"s{i}-kind", ""), number=request.POST.get(f"s{i}-number", ""),
                                      heading=request.POST.get(f"s{i}-heading", ""), text=request.POST.get(f"s{i}-text", ""))
            if request.POST.get(f"s{i}-merge") and items:
                prev = items[-1]
                label = " ".join(x for x in (s.number and f"{s.number}.", s.heading) if x)
                prev.text = "\n".join(x for x in (prev.text, label, s.text) if x.strip())
                continue
            items.append(s)
        try:
            services.sections_replace(actor=request.user, consultation=c, sections=items)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Đã lưu cách chia dự thảo ({len(items)} phần).")
            return redirect("consultations:official", pk=c.pk)
    return render(request, "consultations/sections.html", {
        "c": c, "sections": sections(c), "kinds": [(k, KIND_LABELS[k]) for k in KINDS]})


def _act(request, fn, ok: str, **kw) -> bool:
    try:
        fn(actor=request.user, **kw)
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, ok)
    return True


@login_required
@require_POST
def action(request, pk: int, what: str):
    c = _404(consultation_for_manage, user=request.user, pk=pk)
    if what == "draft":
        upload = request.FILES.get("file")
        _act(request, services.draft_set, "Đã nhận dự thảo và chia thành các phần.", consultation=c,
             text=request.POST.get("text", ""), docx_name=upload.name if upload else "",
             docx_content=upload.read() if upload else None)
    elif what == "publish":
        _act(request, services.consultation_publish, "Đã công bố dự thảo để lấy ý kiến.", consultation=c)
    elif what == "record":
        form = RecordForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            _act(request, services.opinion_record, "Đã nhập ý kiến.", consultation=c, text=d["text"], source=d["source"],
                 source_note=d["source_note"], author_name=d["author_name"], section_id=d["section"],
                 received_on=d["received_on"])
        else:
            messages.error(request, "Ý kiến chưa hợp lệ: " + "; ".join(
                f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items() if k in form.fields))
    elif what == "map":
        _act(request, services.opinion_map_request, "Đã yêu cầu cập nhật bản đồ ý kiến.", consultation=c)
    elif what == "finalise":
        if _act(request, services.consultation_finalise, "Đã công bố báo cáo tổng hợp, tiếp thu, giải trình.",
                consultation=c, decision_note=request.POST.get("decision_note", "")):
            return redirect("consultations:detail", pk=c.pk)
    else:
        raise Http404()
    return redirect("consultations:official", pk=c.pk)


@login_required
@require_http_methods(["GET", "POST"])
def opinion_manage(request, opk: int):
    """Answer one opinion (tiếp thu with the changed text / giải trình with the reason), or hide it."""
    o = _404(opinion_get, user=request.user, pk=opk)
    c = o.consultation
    if not may_manage(request.user, c, Action.CONSULTATION_VIEW):
        raise Http404()
    if request.method == "POST":
        step = request.POST.get("step")
        if step == "answer":
            ok = _act(request, services.opinion_answer, "Đã lưu câu trả lời.", opinion=o,
                      kind=request.POST.get("kind", ""), text=request.POST.get("text", ""),
                      changed_text=request.POST.get("changed_text", ""), section_id=_int(request.POST.get("section")))
        elif step == "hide":
            ok = _act(request, services.opinion_hide, "Đã ẩn ý kiến; ý kiến vẫn hiển thị là “đã ẩn” kèm lý do.",
                      opinion=o, reason=request.POST.get("reason", ""))
        elif step == "unhide":
            ok = _act(request, services.opinion_unhide, "Đã hiển thị lại ý kiến.", opinion=o)
        else:
            raise Http404()
        if ok:
            nxt = unanswered(c, limit=1)
            if step == "answer" and nxt:
                return redirect("consultations:opinion", opk=nxt[0].pk)
            return redirect("consultations:official", pk=c.pk)
        return redirect("consultations:opinion", opk=o.pk)
    return render(request, "consultations/opinion.html", {
        "o": o, "c": c, "sections": sections(c), "can_manage": may_manage(request.user, c),
        "answer_kinds": AnswerKind.choices, "hidden": o.status == OpinionStatus.HIDDEN,
        "current_text": (o.answer_changed_text or (o.section.revised_text if o.section and o.section.revised_text is not None
                                                   else o.section.text if o.section else "")),
    })

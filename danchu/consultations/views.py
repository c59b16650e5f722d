"""Pages of consultations: the public list of drafts open for comment and published reports; the
consultation page (read the draft by section, comment, agree / disagree / pass on a phone, see the
answer to one's opinion, the opinion map, the revised draft, the report); the officials' pages
(prepare the draft — paste or DOCX, correct the split —, publish, enter opinions from meetings and
paper, moderate, answer every opinion, publish the report). Reads through selectors, writes through
services. Access is the declared rule of the service or selector (core.access): outside one's scope a
page answers 404, inside it without the right 403 (core NotFound / PermissionDenied escape to
AccessErrorMiddleware, never into a form error); a page showing a write's form calls the service's
`authorize` before rendering it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danchu.core.access import allowed
from danchu.core.errors import DomainError, NotFound, PermissionDenied
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


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


# --- public -----------------------------------------------------------------------------------------


@require_GET
def public(request, code: str):
    unit = unit_get(code=code)
    rows = list(consultations_public(unit=unit)[:100])
    now = timezone.now()
    for c in rows:
        c.state = period_state(c, now)
    return render(request, "consultations/public.html", {"unit": unit, "rows": rows})


@require_GET
def detail(request, pk: int):
    c = consultation_get(user=request.user, pk=pk)
    section = section_of(c, _int(request.GET.get("phan")))
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
        "official": allowed(user, Action.CONSULTATION_VIEW, c), "here": request.get_full_path(),
    })


def _back(request, c, section_id=None):
    url = reverse("consultations:detail", args=[c.pk])
    if section_id:
        url += f"?phan={section_id}"
    return redirect(url)


@login_required
@require_POST
def comment(request, pk: int):
    c = consultation_get(user=request.user, pk=pk)
    section_id = _int(request.POST.get("section"))
    try:
        services.opinion_create(actor=request.user, consultation=c, text=request.POST.get("text", ""),
                                section_id=section_id, quote=request.POST.get("quote", ""))
    except (NotFound, PermissionDenied):
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã gửi ý kiến. Cơ quan lấy ý kiến sẽ tiếp thu hoặc giải trình ý kiến của bạn.")
    return _back(request, c, section_id)


@login_required
@require_POST
def vote(request, opk: int):
    o = opinion_get(user=request.user, pk=opk)
    try:
        services.vote_cast(actor=request.user, opinion=o, choice=request.POST.get("choice", ""))
    except (NotFound, PermissionDenied):
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    nxt = request.POST.get("next", "")
    if nxt.startswith("/gop-y/") and "//" not in nxt:
        return redirect(nxt)
    return _back(request, o.consultation)


@require_GET
def revised(request, pk: int):
    c = consultation_get(user=request.user, pk=pk)
    return render(request, "consultations/revised.html", {"c": c, "changes": revised_changes(c)})


@require_GET
def map_png(request, pk: int):
    c = consultation_get(user=request.user, pk=pk)
    data = opinion_map_png(c)
    if not data:
        raise Http404()
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_GET
def report(request, pk: int, fmt: str):
    from .report import report_response

    c = consultation_get(user=request.user, pk=pk)
    r = report_of(c)
    if r is None:
        raise Http404()
    return report_response(r, fmt)


# --- officials --------------------------------------------------------------------------------------


@login_required
@require_GET
def manage(request, code: str):
    unit = unit_get(code=code)
    return render(request, "consultations/manage.html", {
        "unit": unit, "org": None, "rows": consultations_for_official(user=request.user, unit=unit),
        "can_create": unit.level == Level.COMMUNE and services.consultation_create.permits(actor=request.user, unit=unit),
        "new_url": reverse("consultations:new", args=[unit.code]),
    })


@login_required
@require_GET
def manage_org(request, org: int):
    o = organization_for(user=request.user, pk=org)
    return render(request, "consultations/manage.html", {
        "unit": o.unit, "org": o, "rows": consultations_of_organization(user=request.user, organization=o),
        "can_create": services.consultation_create.permits(actor=request.user, organization=o),
        "new_url": reverse("consultations:new_org", args=[o.pk]),
    })


def _new(request, *, unit, organization=None):
    services.consultation_create.authorize(actor=request.user, unit=unit, organization=organization)
    form = ConsultationForm(request.POST or None, organization=organization is not None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            c = services.consultation_create(
                actor=request.user, unit=unit, organization=organization,
                data=services.ConsultationInput(kind=d["kind"], title=d["title"], summary=d["summary"], forms=d["forms_used"],
                                                closes_at=d["closes_at"], period_basis=d["period_basis"],
                                                draft_text=d["draft_text"]))
        except (NotFound, PermissionDenied):
            raise
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Đã tạo cuộc lấy ý kiến. Kiểm tra cách chia dự thảo rồi công bố.")
            return redirect("consultations:official", pk=c.pk)
    return render(request, "consultations/new.html", {"unit": unit, "org": organization, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def new(request, code: str):
    unit = unit_get(code=code)
    if unit.level != Level.COMMUNE:
        raise Http404()  # residents are consulted by the commune (Arts. 25, 28)
    return _new(request, unit=unit)


@login_required
@require_http_methods(["GET", "POST"])
def new_org(request, org: int):
    o = organization_for(user=request.user, pk=org)
    return _new(request, unit=o.unit, organization=o)


@login_required
@require_GET
def official(request, pk: int):
    user = request.user
    c = consultation_for_manage(user=user, pk=pk)
    return render(request, "consultations/official.html", {
        "c": c, "state": period_state(c), "sections": sections(c), "unanswered": unanswered(user=user, consultation=c),
        "hidden": hidden_opinions(user=user, consultation=c), "map": opinion_map(c), "record_form": RecordForm(),
        "sources": [(k, v) for k, v in Source.choices if k != Source.ONLINE], "report": report_of(c),
        "can_manage": services.opinion_record.permits(actor=user, consultation=c),
        "can_publish": services.consultation_finalise.permits(actor=user, consultation=c),
        "recent": opinions_page(c, order="new")[0][:20],
    })


@login_required
@require_http_methods(["GET", "POST"])
def sections_edit(request, pk: int):
    """The official corrects the automatic split: kind, number, heading, text; merge into the previous."""
    c = consultation_for_manage(user=request.user, pk=pk)
    services.sections_replace.authorize(actor=request.user, consultation=c)
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
        except (NotFound, PermissionDenied):
            raise
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Đã lưu cách chia dự thảo ({len(items)} phần).")
            return redirect("consultations:official", pk=c.pk)
    return render(request, "consultations/sections.html", {
        "c": c, "sections": sections(c), "kinds": [(k, KIND_LABELS[k]) for k in KINDS]})


def _act(request, fn, ok: str, **kw) -> bool:
    """Run a guarded service; a refusal by its rule is checked first and escapes (404 / 403)."""
    fn.authorize(actor=request.user, **kw)
    try:
        fn(actor=request.user, **kw)
    except (NotFound, PermissionDenied):
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, ok)
    return True


_ACTIONS = {"draft": services.draft_set, "publish": services.consultation_publish, "record": services.opinion_record,
            "map": services.opinion_map_request, "finalise": services.consultation_finalise}


@login_required
@require_POST
def action(request, pk: int, what: str):
    c = consultation_for_manage(user=request.user, pk=pk)
    service = _ACTIONS.get(what)
    if service is None:
        raise Http404()
    service.authorize(actor=request.user, consultation=c)  # before reading the form: a refusal is 404 / 403
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
    elif what == "finalise" and _act(request, services.consultation_finalise,
                                     "Đã công bố báo cáo tổng hợp, tiếp thu, giải trình.",
                                     consultation=c, decision_note=request.POST.get("decision_note", "")):
        return redirect("consultations:detail", pk=c.pk)
    return redirect("consultations:official", pk=c.pk)


@login_required
@require_http_methods(["GET", "POST"])
def opinion_manage(request, opk: int):
    """Answer one opinion (tiếp thu with the changed text / giải trình with the reason), or hide it."""
    o = opinion_get(user=request.user, pk=opk)
    c = consultation_for_manage(user=request.user, pk=o.consultation_id)  # the officials' page: 404 / 403
    o.consultation = c
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
            nxt = unanswered(user=request.user, consultation=c, limit=1)
            if step == "answer" and nxt:
                return redirect("consultations:opinion", opk=nxt[0].pk)
            return redirect("consultations:official", pk=c.pk)
        return redirect("consultations:opinion", opk=o.pk)
    return render(request, "consultations/opinion.html", {
        "o": o, "c": c, "sections": sections(c), "can_manage": services.opinion_answer.permits(actor=request.user, opinion=o),
        "answer_kinds": AnswerKind.choices, "hidden": o.status == OpinionStatus.HIDDEN,
        "current_text": (o.answer_changed_text or (o.section.revised_text if o.section and o.section.revised_text is not None
                                                   else o.section.text if o.section else "")),
    })

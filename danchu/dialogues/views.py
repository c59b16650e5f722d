"""Dialogue and reception pages. Public: a unit's dialogues (schedule and results), the question
form, commitments and their follow-up, the reception calendar. Officials: schedule, record
questions, answers and commitments, follow commitments up; the reception calendar with the
month's warnings, each day's outcome and visits (a case in one step). Reads through selectors,
writes through services; a DomainError becomes a form error or a message. The access rules are the
services' and selectors' declarations (core.access): a management page calls them (or the service's
`authorize`) before showing anything, and lets their refusal through — outside one's scope 404,
inside it without the right 403 (core.middleware.AccessErrorMiddleware)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danchu.core import inputs
from danchu.core.clients import client_address
from danchu.core.errors import DomainError, NotFound, PermissionDenied
from danchu.core.permissions import can
from danchu.core.roles import Action
from danchu.units.models import Unit
from danchu.units.selectors import unit_get

from . import services
from .forms import (
    AnswerForm,
    AskForm,
    CancelForm,
    CommitmentForm,
    CompleteForm,
    DialogueForm,
    HeldForm,
    OutcomeForm,
    PaperQuestionForm,
    ProgressForm,
    ReceptionDayForm,
    VisitForm,
)
from .frequencies import FREQUENCIES, month_bounds
from .models import DialogueStatus, ReceptionStatus
from .selectors import (
    annual_dialogue_gap,
    commitment_get_for_manager,
    commitments_of,
    commitments_public,
    dialogue_get_for_manager,
    dialogue_get_public,
    dialogues_for_manager,
    dialogues_for_org_manager,
    dialogues_public,
    organization_get,
    question_get_for_manager,
    questions_of,
    reception_day_get_for_manager,
    reception_month,
    reception_month_public,
    visits_of,
)


def _unit(code: str) -> Unit:
    try:
        return unit_get(code=code)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _form_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _month(request) -> tuple[int, int]:
    today = timezone.localdate()
    raw = request.GET.get("thang", "")
    try:
        year, month = (int(x) for x in raw.split("-")) if raw else (today.year, today.month)
        dt.date(year, month, 1)
    except (ValueError, OverflowError):
        raise Http404() from None
    return inputs.year(year), month  # bounded: the page links the month after (core.inputs)


def _shift(year: int, month: int, delta: int) -> str:
    m = year * 12 + (month - 1) + delta
    return f"{m // 12:04d}-{m % 12 + 1:02d}"


# --- public ------------------------------------------------------------------------------------------


@require_GET
def public(request, code: str):
    unit = _unit(code)
    qs = dialogues_public(unit=unit, subtree=unit.level == "province")
    return render(request, "dialogues/public.html", {
        "unit": unit, "upcoming": qs.filter(status=DialogueStatus.SCHEDULED).order_by("held_on", "id"),
        "held": qs.filter(status=DialogueStatus.HELD)[:100],
        "may_manage": can(request.user, Action.DIALOGUE_MANAGE, unit=unit),
    })


def _public_dialogue(code: str, pk: int):
    unit = _unit(code)
    try:
        return unit, dialogue_get_public(pk=pk, unit=unit)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _public_context(request, unit, dialogue, form=None) -> dict:
    today = timezone.localdate()
    return {"unit": unit, "d": dialogue, "questions": questions_of(dialogue=dialogue),
            "commitments": commitments_of(dialogue=dialogue), "today": today,
            "form": form or AskForm(), "open": dialogue.is_open_for_questions}


@require_GET
def public_detail(request, code: str, pk: int):
    unit, d = _public_dialogue(code, pk)
    return render(request, "dialogues/public_detail.html", _public_context(request, unit, d))


@require_POST
def ask(request, code: str, pk: int):
    unit, d = _public_dialogue(code, pk)
    form = AskForm(request.POST)
    form.is_valid()
    c = form.cleaned_data
    try:
        if not request.user.is_authenticated:
            services.throttle_questions(client=client_address(request), unit_code=unit.code)
        services.question_register(user=request.user, dialogue=d, text=c.get("text", ""),
                                   asker_name=c.get("asker_name", ""), asker_phone=c.get("asker_phone", ""),
                                   show_name=c.get("show_name", False))
    except DomainError as exc:
        _form_error(form, exc)
        return render(request, "dialogues/public_detail.html", _public_context(request, unit, d, form),
                      status=429 if exc.code == "throttled" else 400)
    messages.success(request, "Đã đăng ký câu hỏi. Câu trả lời sẽ được công khai trên trang này sau buổi đối thoại.")
    return redirect("dialogues:public_detail", unit.code, d.pk)


@require_GET
def commitments(request, code: str):
    unit = _unit(code)
    state = request.GET.get("loc", "all")
    if state not in ("all", "open", "overdue", "done"):
        state = "all"
    return render(request, "dialogues/commitments.html", {
        "unit": unit, "state": state, "rows": commitments_public(unit=unit, state=state)[:300],
        "today": timezone.localdate(),
        "states": [("all", "Tất cả"), ("open", "Đang thực hiện"), ("overdue", "Quá hạn"), ("done", "Đã hoàn thành")],
    })


@require_GET
def reception(request, code: str):
    unit = _unit(code)
    year, month = _month(request)
    plan = reception_month_public(unit=unit, year=year, month=month)
    return render(request, "dialogues/reception_public.html", {
        "unit": unit, "plan": plan, "prev": _shift(year, month, -1), "next": _shift(year, month, 1),
        "rules": [f for f in FREQUENCIES if f.level == unit.level],
        "held": sum(1 for r in plan.days if r.status == ReceptionStatus.HELD and r.kind == "regular"),
    })


# --- officials: dialogues ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def manage(request, code: str):
    unit = _unit(code)
    services.dialogue_schedule.authorize(actor=request.user, unit=unit)
    qs = dialogues_for_manager(user=request.user, unit=unit)
    form = DialogueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            d = services.dialogue_schedule(actor=request.user, unit=unit, leader_role=c["leader_role"],
                                           leader_name=c["leader_name"], topic=c["topic"], held_on=c["held_on"],
                                           start_time=c["start_time"], place=c["place"], audience=c["audience"],
                                           description=c["description"])
        except (NotFound, PermissionDenied):
            raise
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Đã lên lịch đối thoại.")
            return redirect("dialogues:detail", d.pk)
    warning = annual_dialogue_gap(unit=unit, year=timezone.localdate().year)
    return render(request, "dialogues/manage.html", {"unit": unit, "rows": qs[:200], "form": form, "warning": warning},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def manage_org(request, org_id: int):
    """An agency's or enterprise's dialogues with its staff and workers, for its head (Law Arts. 56, 73)."""
    org = organization_get(pk=org_id)
    services.dialogue_schedule.authorize(actor=request.user, unit=org.unit, organization=org)
    qs = dialogues_for_org_manager(user=request.user, organization=org)
    form = DialogueForm(request.POST or None, initial={"leader_role": "org_head"})
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            d = services.dialogue_schedule(actor=request.user, unit=org.unit, organization=org,
                                           leader_role=c["leader_role"], leader_name=c["leader_name"], topic=c["topic"],
                                           held_on=c["held_on"], start_time=c["start_time"], place=c["place"],
                                           audience=c["audience"], description=c["description"])
        except (NotFound, PermissionDenied):
            raise
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Đã lên lịch đối thoại.")
            return redirect("dialogues:detail", d.pk)
    return render(request, "dialogues/manage.html", {"unit": org.unit, "org": org, "rows": qs[:200], "form": form},
                  status=400 if form.errors else 200)


def _managed(request, pk: int):
    return dialogue_get_for_manager(user=request.user, pk=pk)


@login_required
@require_GET
def detail(request, pk: int):
    d = _managed(request, pk)
    return render(request, "dialogues/detail.html", {
        "d": d, "unit": d.unit, "questions": questions_of(dialogue=d), "commitments": commitments_of(dialogue=d),
        "today": timezone.localdate(), "paper_form": PaperQuestionForm(), "held_form": HeldForm(),
        "commitment_form": CommitmentForm(), "cancel_form": CancelForm(),
    })


STEPS = {"question": PaperQuestionForm, "held": HeldForm, "answer": AnswerForm, "commitment": CommitmentForm,
         "progress": ProgressForm, "complete": CompleteForm, "cancel": CancelForm}


@login_required
@require_POST
def step(request, pk: int, step: str):
    d = _managed(request, pk)
    form_class = STEPS.get(step)
    if form_class is None:
        raise Http404()
    form = form_class(request.POST)
    form.is_valid()
    c = form.cleaned_data
    try:
        if step == "question":
            services.question_record(actor=request.user, dialogue=d, text=c.get("text", ""),
                                     source=c.get("source") or "paper", source_note=c.get("source_note", ""),
                                     asker_name=c.get("asker_name", ""), received_on=c.get("received_on"))
        elif step == "held":
            services.dialogue_mark_held(actor=request.user, dialogue=d, attendees=c.get("attendees"),
                                        summary=c.get("summary", ""))
        elif step == "answer":
            q = question_get_for_manager(user=request.user, pk=c.get("question") or 0)
            if q.dialogue_id != d.pk:
                raise NotFound()
            services.question_answer(actor=request.user, question=q, answer=c.get("answer", ""),
                                     answered_by=c.get("answered_by", ""))
        elif step == "commitment":
            q = None
            if c.get("question"):
                q = next((x for x in questions_of(dialogue=d) if x.pk == c["question"]), None)
                if q is None:
                    raise DomainError("question_of_other_dialogue", "Không có câu hỏi số này trong cuộc đối thoại.",
                                      message_en="No such question in this dialogue.", field="question")
            services.commitment_add(actor=request.user, dialogue=d, text=c.get("text", ""), owner=c.get("owner", ""),
                                    due_on=c.get("due_on"), question=q)
        elif step in ("progress", "complete"):
            cm = commitment_get_for_manager(user=request.user, pk=c.get("commitment") or 0)
            if cm.dialogue_id != d.pk:
                raise NotFound()
            if step == "progress":
                services.commitment_progress(actor=request.user, commitment=cm, note=c.get("note", ""))
            else:
                services.commitment_complete(actor=request.user, commitment=cm, result=c.get("result", ""),
                                             done_on=c.get("done_on"))
        elif step == "cancel":
            services.dialogue_cancel(actor=request.user, dialogue=d, reason=c.get("reason", ""))
    except (NotFound, PermissionDenied):
        raise  # the declared rule's answer (404 / 403), never a message
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã ghi nhận.")
    return redirect("dialogues:detail", d.pk)


# --- officials: reception ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def reception_manage(request, code: str):
    unit = _unit(code)
    year, month = _month(request)
    services.reception_day_schedule.authorize(actor=request.user, unit=unit)
    plan = reception_month(user=request.user, unit=unit, year=year, month=month)
    form = ReceptionDayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            r = services.reception_day_schedule(actor=request.user, unit=unit, leader_role=c["leader_role"],
                                                leader_name=c["leader_name"], day=c["day"], place=c["place"],
                                                kind=c["kind"], online=c["online"], reason=c["reason"])
        except (NotFound, PermissionDenied):
            raise
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Đã thêm ngày tiếp công dân.")
            return redirect(f"{request.path}?thang={r.day:%Y-%m}")
    first, _ = month_bounds(year, month)
    return render(request, "dialogues/reception_manage.html", {
        "unit": unit, "plan": plan, "form": form, "first": first, "prev": _shift(year, month, -1),
        "next": _shift(year, month, 1), "rules": [f for f in FREQUENCIES if f.level == unit.level],
    }, status=400 if form.errors else 200)


def _managed_day(request, pk: int):
    return reception_day_get_for_manager(user=request.user, pk=pk)


@login_required
@require_GET
def reception_day(request, pk: int):
    r = _managed_day(request, pk)
    return render(request, "dialogues/reception_day.html", {
        "r": r, "unit": r.unit, "visits": visits_of(user=request.user, reception_day=r),
        "outcome_form": OutcomeForm(), "visit_form": VisitForm(), "today": timezone.localdate(),
    })


@login_required
@require_POST
def reception_step(request, pk: int, step: str):
    r = _managed_day(request, pk)
    if step == "outcome":
        form = OutcomeForm(request.POST)
        form.is_valid()
        try:
            services.reception_day_record(actor=request.user, reception_day=r, outcome=form.cleaned_data.get("outcome", ""),
                                          note=form.cleaned_data.get("note", ""))
        except (NotFound, PermissionDenied):
            raise
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Đã ghi nhận.")
        return redirect("dialogues:reception_day", r.pk)
    if step != "visit":
        raise Http404()
    form = VisitForm(request.POST)
    if form.is_valid():
        c = form.cleaned_data
        try:
            v = services.visit_record(actor=request.user, reception_day=r, kind=c["kind"], summary=c["summary"],
                                      visitor_name=c["visitor_name"], visitor_address=c["visitor_address"],
                                      visitor_phone=c["visitor_phone"], visitor_id_number=c["visitor_id_number"],
                                      group_size=c["group_size"] or 1, guidance=c["guidance"],
                                      case_title=c["case_title"], decision_complained=c["decision_complained"],
                                      accused=c["accused"], violation=c["violation"])
        except (NotFound, PermissionDenied):
            raise
        except DomainError as exc:
            _form_error(form, exc)
        else:
            note = f" Đã tạo hồ sơ, mã tra cứu: {v.case_code}." if v.case_code else ""
            messages.success(request, "Đã ghi lượt tiếp." + note)
            return redirect("dialogues:reception_day", r.pk)
    return render(request, "dialogues/reception_day.html", {
        "r": r, "unit": r.unit, "visits": visits_of(user=request.user, reception_day=r),
        "outcome_form": OutcomeForm(), "visit_form": form, "today": timezone.localdate(),
    }, status=400)

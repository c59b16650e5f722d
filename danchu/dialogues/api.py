"""Dialogues and citizen reception API. Same services and permissions as the pages.

Public (no sign-in): a unit's dialogues with their questions, answers and commitments; its
commitments (overdue included); its reception calendar. Private to the unit's officials: scheduling,
paper questions, results, answers, commitments and their follow-up; reception days, outcomes, the
month's warnings and the visits (a complaint, denunciation, feedback or recommendation becomes a
case). Another unit's records answer 404 "not_found", inside one's scope without the right 403."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from ninja import Router, Status

from danchu.core import inputs
from danchu.core.errors import NotFound
from danchu.units.schemas import PRIVATE_ERRORS, ErrorOut
from danchu.units.selectors import unit_get

from . import services
from .models import Commitment, Dialogue, DialogueQuestion, ReceptionDay, ReceptionVisit
from .schemas import (
    AskIn,
    CancelIn,
    CommitmentIn,
    CommitmentOut,
    CompleteIn,
    DialogueAnswerIn,
    DialogueDetailOut,
    DialogueIn,
    DialogueOut,
    DialogueQuestionOut,
    HeldIn,
    MonthOut,
    OutcomeIn,
    PaperQuestionIn,
    ProgressIn,
    ReceptionDayIn,
    ReceptionDayOut,
    VisitIn,
    VisitOut,
)
from .selectors import (
    commitment_get_for_manager,
    commitments_of,
    commitments_public,
    dialogue_get_for_manager,
    dialogue_get_public,
    dialogues_public,
    is_overdue,
    organization_get,
    question_get_for_manager,
    questions_of,
    reception_day_get_for_manager,
    reception_days_public,
    reception_month,
    visits_of,
)

router = Router(tags=["dialogues"])
WRITE = {200: DialogueOut, 201: DialogueOut, 400: ErrorOut, **PRIVATE_ERRORS}


def _d(d: Dialogue) -> dict:
    return {"id": d.pk, "unit": d.unit.code, "organization": d.organization_id, "leader_role": d.leader_role,
            "leader_name": d.leader_name, "topic": d.topic, "description": d.description, "held_on": d.held_on,
            "start_time": d.start_time, "place": d.place, "audience": d.audience, "status": d.status,
            "attendees": d.attendees, "summary": d.summary,
            "url": reverse("dialogues:public_detail", args=[d.unit.code, d.pk])}


def _q(q: DialogueQuestion) -> dict:
    return {"id": q.pk, "text": q.text, "source": q.source, "asker": q.public_asker, "received_on": q.received_on,
            "answer": q.answer, "answered_by": q.answered_by, "answered_on": q.answered_on}


def _c(c: Commitment, today: dt.date | None = None) -> dict:
    return {"id": c.pk, "dialogue": c.dialogue_id, "question": c.question_id, "text": c.text, "owner": c.owner,
            "made_on": c.made_on, "due_on": c.due_on, "status": c.status, "progress": c.progress, "result": c.result,
            "done_on": c.done_on, "overdue": is_overdue(c, today), "kept_on_time": c.kept_on_time}


def _detail(d: Dialogue) -> dict:
    today = timezone.localdate()
    return {**_d(d), "questions": [_q(q) for q in questions_of(dialogue=d)],
            "commitments": [_c(c, today) for c in commitments_of(dialogue=d)]}


def _r(r: ReceptionDay) -> dict:
    return {"id": r.pk, "unit": r.unit.code, "leader_role": r.leader_role, "leader_name": r.leader_name, "day": r.day,
            "place": r.place, "kind": r.kind, "online": r.online, "status": r.status, "note": r.note}


def _v(v: ReceptionVisit) -> dict:
    return {"id": v.pk, "reception_day": v.reception_day_id, "kind": v.kind, "visitor_name": v.visitor_name,
            "group_size": v.group_size, "summary": v.summary, "guidance": v.guidance, "case_code": v.case_code}


# --- dialogues ---------------------------------------------------------------------------------------


@router.get("/dialogues", response={200: list[DialogueOut], 404: ErrorOut}, auth=None,
            summary="Lịch và kết quả đối thoại của một đơn vị")
def dialogue_list(request, unit: str, status: str | None = None):
    return [_d(d) for d in dialogues_public(unit=unit_get(code=unit), status=status)[:200]]


@router.post("/dialogues", response=WRITE, summary="Lên lịch đối thoại")
def dialogue_create(request, payload: DialogueIn):
    org = organization_get(pk=payload.organization) if payload.organization else None
    unit = org.unit if org else unit_get(code=payload.unit)
    data = payload.dict()
    for k in ("unit", "organization"):
        data.pop(k)
    return Status(201, _d(services.dialogue_schedule(actor=request.auth, unit=unit, organization=org, **data)))


@router.get("/dialogues/{dialogue_id}", response={200: DialogueDetailOut, 404: ErrorOut}, auth=None,
            summary="Một cuộc đối thoại: câu hỏi, trả lời, cam kết")
def dialogue_detail(request, dialogue_id: int):
    return _detail(dialogue_get_public(pk=dialogue_id))


@router.post("/dialogues/{dialogue_id}/questions", response={201: DialogueQuestionOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Đăng ký câu hỏi (người dân, đã đăng nhập)")
def question_ask(request, dialogue_id: int, payload: AskIn):
    d = dialogue_get_public(pk=dialogue_id)
    return Status(201, _q(services.question_register(user=request.auth, dialogue=d, text=payload.text,
                                                     show_name=payload.show_name)))


@router.post("/dialogues/{dialogue_id}/recorded-questions", response={201: DialogueQuestionOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Cán bộ nhập câu hỏi thu qua phiếu, hòm thư hoặc nêu tại buổi đối thoại")
def question_record(request, dialogue_id: int, payload: PaperQuestionIn):
    d = dialogue_get_for_manager(user=request.auth, pk=dialogue_id)
    return Status(201, _q(services.question_record(actor=request.auth, dialogue=d, **payload.dict())))


@router.post("/dialogues/{dialogue_id}/held", response=WRITE, summary="Ghi nhận đã tổ chức đối thoại")
def dialogue_held(request, dialogue_id: int, payload: HeldIn):
    d = dialogue_get_for_manager(user=request.auth, pk=dialogue_id)
    return _d(services.dialogue_mark_held(actor=request.auth, dialogue=d, **payload.dict()))


@router.post("/dialogues/{dialogue_id}/cancel", response=WRITE, summary="Hủy cuộc đối thoại")
def dialogue_cancel(request, dialogue_id: int, payload: CancelIn):
    d = dialogue_get_for_manager(user=request.auth, pk=dialogue_id)
    return _d(services.dialogue_cancel(actor=request.auth, dialogue=d, reason=payload.reason))


@router.post("/dialogue-questions/{question_id}/answer", response={200: DialogueQuestionOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Ghi câu trả lời tại đối thoại")
def question_answer(request, question_id: int, payload: DialogueAnswerIn):
    q = question_get_for_manager(user=request.auth, pk=question_id)
    return _q(services.question_answer(actor=request.auth, question=q, **payload.dict()))


@router.post("/dialogues/{dialogue_id}/commitments", response={201: CommitmentOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Ghi cam kết (người chịu trách nhiệm, hạn)")
def commitment_create(request, dialogue_id: int, payload: CommitmentIn):
    d = dialogue_get_for_manager(user=request.auth, pk=dialogue_id)
    q = None
    if payload.question is not None:
        q = next((x for x in questions_of(dialogue=d) if x.pk == payload.question), None)
        if q is None:
            raise NotFound("Không có câu hỏi này trong cuộc đối thoại.", message_en="No such question in this dialogue.")
    c = services.commitment_add(actor=request.auth, dialogue=d, text=payload.text, owner=payload.owner,
                                due_on=payload.due_on, question=q)
    return Status(201, _c(c))


@router.get("/commitments", response={200: list[CommitmentOut], 404: ErrorOut}, auth=None,
            summary="Cam kết sau đối thoại của một đơn vị (state: all, open, overdue, done)")
def commitment_list(request, unit: str, state: str = "all"):
    today = timezone.localdate()
    return [_c(c, today) for c in commitments_public(unit=unit_get(code=unit), state=state, today=today)[:500]]


@router.post("/commitments/{commitment_id}/progress", response={200: CommitmentOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Cập nhật tiến độ cam kết")
def commitment_progress(request, commitment_id: int, payload: ProgressIn):
    c = commitment_get_for_manager(user=request.auth, pk=commitment_id)
    return _c(services.commitment_progress(actor=request.auth, commitment=c, note=payload.note))


@router.post("/commitments/{commitment_id}/complete", response={200: CommitmentOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Ghi cam kết đã hoàn thành")
def commitment_complete(request, commitment_id: int, payload: CompleteIn):
    c = commitment_get_for_manager(user=request.auth, pk=commitment_id)
    return _c(services.commitment_complete(actor=request.auth, commitment=c, **payload.dict()))


# --- reception ---------------------------------------------------------------------------------------


@router.get("/reception/days", response={200: list[ReceptionDayOut], 404: ErrorOut}, auth=None,
            summary="Lịch tiếp công dân của một đơn vị")
def reception_day_list(request, unit: str, start: dt.date, end: dt.date):
    start, end = inputs.date_range(start, end)
    if (end - start).days > 400:
        end = start + dt.timedelta(days=400)
    return [_r(r) for r in reception_days_public(unit=unit_get(code=unit), start=start, end=end).select_related("unit")]


@router.post("/reception/days", response={201: ReceptionDayOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Thêm ngày tiếp công dân")
def reception_day_create(request, payload: ReceptionDayIn):
    data = payload.dict()
    unit = unit_get(code=data.pop("unit"))
    return Status(201, _r(services.reception_day_schedule(actor=request.auth, unit=unit, **data)))


@router.get("/reception/month", response={200: MonthOut, **PRIVATE_ERRORS},
            summary="Lịch tiếp một tháng và cảnh báo thiếu ngày tiếp theo quy định")
def reception_month_api(request, unit: str, year: int, month: int):
    if not (1 <= month <= 12 and 1900 <= year <= 2200):
        raise NotFound()
    plan = reception_month(user=request.auth, unit=unit_get(code=unit), year=year, month=month)
    return {"unit": plan.unit.code, "year": year, "month": month, "required": plan.required,
            "days": [_r(r) for r in plan.days],
            "warnings": [{"leader_role": s.leader_role, "start": s.start, "end": s.end, "required": s.required,
                          "scheduled": s.scheduled, "missing": s.missing, "article": s.article, "message": s.message}
                         for s in plan.shortfalls]}


@router.post("/reception/days/{day_id}/outcome", response={200: ReceptionDayOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Ghi kết quả ngày tiếp (held, deputy, cancelled)")
def reception_day_outcome(request, day_id: int, payload: OutcomeIn):
    r = reception_day_get_for_manager(user=request.auth, pk=day_id)
    return _r(services.reception_day_record(actor=request.auth, reception_day=r, outcome=payload.outcome,
                                            note=payload.note))


@router.get("/reception/days/{day_id}/visits", response={200: list[VisitOut], **PRIVATE_ERRORS},
            summary="Các lượt tiếp của một ngày")
def visit_list(request, day_id: int):
    r = reception_day_get_for_manager(user=request.auth, pk=day_id)
    return [_v(v) for v in visits_of(user=request.auth, reception_day=r)]


@router.post("/reception/days/{day_id}/visits", response={201: VisitOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Ghi lượt tiếp (khiếu nại, tố cáo, phản ánh, kiến nghị thành hồ sơ)")
def visit_create(request, day_id: int, payload: VisitIn):
    r = reception_day_get_for_manager(user=request.auth, pk=day_id)
    return Status(201, _v(services.visit_record(actor=request.auth, reception_day=r, **payload.dict())))

"""Consultations API: drafts open for comment, their sections, opinions (with answers), votes, answers,
moderation, the report; the same services and declared rules as the pages. Published consultations of
residents are public; outside one's scope (another commune's consultation for an official act, an
organization's staff consultation for anyone without a grant on the organization, a unit one does
not reach for a creation) the answer is 404 "not_found", inside it without the right 403."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from ninja import Router, Schema, Status

from danchu.core.errors import DomainError, NotFound
from danchu.units.schemas import PRIVATE_ERRORS, ErrorOut
from danchu.units.selectors import unit_get

from . import services
from .errors import Code
from .models import Consultation, Opinion
from .selectors import (
    consultation_for_manage,
    consultation_get,
    consultations_public,
    opinion_get,
    opinion_map,
    opinions_page,
    organization_for,
    period_state,
    report_of,
    section_of,
    sections,
)

router = Router(tags=["consultations"])


class ConsultationIn(Schema):
    unit: str | None = None
    organization: int | None = None
    kind: str
    title: str
    summary: str = ""
    forms: list[str] = []
    opens_at: dt.datetime | None = None
    closes_at: dt.datetime
    period_basis: str = ""
    draft_text: str = ""


class ConsultationOut(Schema):
    id: int
    unit: str
    organization: int | None
    kind: str
    title: str
    summary: str
    status: str
    state: str
    opens_at: dt.datetime | None
    closes_at: dt.datetime
    answer_due: dt.date | None
    participants: int
    opinions: int
    votes: int
    answered: int
    url: str


class SectionOut(Schema):
    id: int
    position: int
    kind: str
    number: str
    heading: str
    ref: str
    depth: int
    text: str
    revised_text: str | None
    opinions: int


class SectionIn(Schema):
    kind: str
    number: str = ""
    heading: str = ""
    text: str = ""


class OpinionIn(Schema):
    text: str
    section: int | None = None
    quote: str = ""


class RecordIn(OpinionIn):
    source: str
    source_note: str
    author_name: str = ""
    received_on: dt.date | None = None


class AnswerOut(Schema):
    kind: str
    text: str
    section: int | None
    changed_text: str
    answered_at: dt.datetime | None


class OpinionOut(Schema):
    id: int
    section: int | None
    section_ref: str
    text: str | None
    quote: str | None
    source: str
    hidden: bool
    hidden_reason: str
    agree: int
    disagree: int
    passes: int
    created_at: dt.datetime
    answer: AnswerOut | None


class ConsultationVoteIn(Schema):
    choice: str


class ConsultationVoteOut(Schema):
    opinion: int
    choice: str
    agree: int
    disagree: int
    passes: int


class ConsultationAnswerIn(Schema):
    kind: str
    text: str = ""
    changed_text: str = ""
    section: int | None = None


class HideIn(Schema):
    reason: str


class FinaliseIn(Schema):
    decision_note: str = ""


class ConsultationReportOut(Schema):
    symbol: str
    published_at: dt.datetime
    content: dict
    docx: str
    pdf: str
    docx_sha256: str
    pdf_sha256: str
    log_entries: str


def _c(c: Consultation) -> dict:
    return {"id": c.pk, "unit": c.unit.code, "organization": c.organization_id, "kind": c.kind, "title": c.title,
            "summary": c.summary, "status": c.status, "state": period_state(c), "opens_at": c.opens_at,
            "closes_at": c.closes_at, "answer_due": c.answer_due, "participants": c.participants_count,
            "opinions": c.opinions_count, "votes": c.votes_count, "answered": c.answered_count,
            "url": reverse("consultations:detail", args=[c.pk])}


def _o(o: Opinion) -> dict:
    hidden = o.is_hidden
    return {"id": o.pk, "section": o.section_id, "section_ref": o.section.ref if o.section_id else "",
            "text": None if hidden else o.text, "quote": None if hidden else o.quote, "source": o.source,
            "hidden": hidden, "hidden_reason": o.hidden_reason if hidden else "", "agree": o.agree,
            "disagree": o.disagree, "passes": o.passes, "created_at": o.created_at,
            "answer": {"kind": o.answer_kind, "text": o.answer_text, "section": o.answer_section_id,
                       "changed_text": o.answer_changed_text, "answered_at": o.answered_at} if o.answer_kind else None}


def _s(s) -> dict:
    return {"id": s.pk, "position": s.position, "kind": s.kind, "number": s.number, "heading": s.heading, "ref": s.ref,
            "depth": s.depth, "text": s.text, "revised_text": s.revised_text, "opinions": s.opinions_count}


@router.get("/consultations", response={200: list[ConsultationOut], 404: ErrorOut}, auth=None,
            summary="Các dự thảo lấy ý kiến Nhân dân của một đơn vị (kể cả cấp dưới)")
def list_consultations(request, unit: str):
    return [_c(c) for c in consultations_public(unit=unit_get(code=unit))[:200]]


@router.post("/consultations", response={201: ConsultationOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Mở lấy ý kiến một dự thảo (đang chuẩn bị)")
def create_consultation(request, payload: ConsultationIn):
    if not payload.unit and not payload.organization:
        raise DomainError(Code.SCOPE_INVALID, "Chọn xã hoặc cơ quan, đơn vị lấy ý kiến.", message_en="Choose a unit.",
                          field="unit")
    org = organization_for(user=request.auth, pk=payload.organization) if payload.organization else None
    unit = unit_get(code=payload.unit) if payload.unit and org is None else None
    c = services.consultation_create(actor=request.auth, unit=unit, organization=org, data=services.ConsultationInput(
        kind=payload.kind, title=payload.title, summary=payload.summary, forms=payload.forms, opens_at=payload.opens_at,
        closes_at=payload.closes_at, period_basis=payload.period_basis, draft_text=payload.draft_text))
    return Status(201, _c(c))


@router.get("/consultations/{cid}", response={200: ConsultationOut, 404: ErrorOut}, auth=None, summary="Một dự thảo")
def get_consultation(request, cid: int):
    return _c(consultation_get(user=request.user, pk=cid))


@router.post("/consultations/{cid}/publish", response={200: ConsultationOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Công bố dự thảo để lấy ý kiến (tối thiểu 20 ngày, Điều 28)")
def publish(request, cid: int):
    c = consultation_for_manage(user=request.auth, pk=cid)
    return _c(services.consultation_publish(actor=request.auth, consultation=c))


@router.get("/consultations/{cid}/sections", response={200: list[SectionOut], 404: ErrorOut}, auth=None,
            summary="Các phần của dự thảo (và nội dung sau tiếp thu)")
def list_sections(request, cid: int):
    return [_s(s) for s in sections(consultation_get(user=request.user, pk=cid))]


@router.put("/consultations/{cid}/sections", response={200: list[SectionOut], 400: ErrorOut, **PRIVATE_ERRORS},
            summary="Sửa cách chia dự thảo (trước khi công bố)")
def replace_sections(request, cid: int, payload: list[SectionIn]):
    c = consultation_for_manage(user=request.auth, pk=cid)
    services.sections_replace(actor=request.auth, consultation=c, sections=[
        services.SectionInput(kind=s.kind, number=s.number, heading=s.heading, text=s.text) for s in payload])
    return [_s(s) for s in sections(c)]


@router.get("/consultations/{cid}/opinions", response={200: list[OpinionOut], 404: ErrorOut}, auth=None,
            summary="Các ý kiến (20 mỗi trang; ý kiến bị ẩn hiện là đã ẩn kèm lý do)")
def list_opinions(request, cid: int, section: int | None = None, page: int = 1, order: str = "new"):
    c = consultation_get(user=request.user, pk=cid)
    rows, _ = opinions_page(c, section=section_of(c, section), page=page, order=order)
    return [_o(o) for o in rows]


@router.post("/consultations/{cid}/opinions", response={201: OpinionOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Gửi ý kiến về toàn bộ dự thảo hoặc một phần")
def create_opinion(request, cid: int, payload: OpinionIn):
    c = consultation_get(user=request.auth, pk=cid)
    o = services.opinion_create(actor=request.auth, consultation=c, text=payload.text, section_id=payload.section,
                                quote=payload.quote)
    return Status(201, _o(o))


@router.post("/consultations/{cid}/opinions/recorded", response={201: OpinionOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Cán bộ nhập ý kiến thu tại cuộc họp, phiếu giấy, hòm thư (ghi nguồn)")
def record_opinion(request, cid: int, payload: RecordIn):
    c = consultation_for_manage(user=request.auth, pk=cid)
    o = services.opinion_record(actor=request.auth, consultation=c, text=payload.text, section_id=payload.section,
                                quote=payload.quote, source=payload.source, source_note=payload.source_note,
                                author_name=payload.author_name, received_on=payload.received_on)
    return Status(201, _o(o))


@router.post("/opinions/{oid}/vote", response={200: ConsultationVoteOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Đồng ý / không đồng ý / bỏ qua một ý kiến (thay đổi được)")
def vote(request, oid: int, payload: ConsultationVoteIn):
    o = opinion_get(user=request.auth, pk=oid)
    services.vote_cast(actor=request.auth, opinion=o, choice=payload.choice)
    o.refresh_from_db()
    return {"opinion": o.pk, "choice": payload.choice, "agree": o.agree, "disagree": o.disagree, "passes": o.passes}


@router.post("/opinions/{oid}/answer", response={200: OpinionOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Tiếp thu (kèm nội dung sửa) hoặc giải trình (kèm lý do) một ý kiến")
def answer(request, oid: int, payload: ConsultationAnswerIn):
    o = opinion_get(user=request.auth, pk=oid)
    return _o(services.opinion_answer(actor=request.auth, opinion=o, kind=payload.kind, text=payload.text,
                                      changed_text=payload.changed_text, section_id=payload.section))


@router.post("/opinions/{oid}/hide", response={200: OpinionOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Ẩn một ý kiến vi phạm (bắt buộc nêu lý do; không xóa)")
def hide(request, oid: int, payload: HideIn):
    o = opinion_get(user=request.auth, pk=oid)
    return _o(services.opinion_hide(actor=request.auth, opinion=o, reason=payload.reason))


def _report(c: Consultation) -> dict:
    r = report_of(c)
    if r is None:
        raise NotFound("Chưa có báo cáo.", message_en="No report yet.")
    return {"symbol": r.symbol, "published_at": r.published_at, "content": r.content,
            "docx": reverse("consultations:report", args=[c.pk, "docx"]),
            "pdf": reverse("consultations:report", args=[c.pk, "pdf"]), "docx_sha256": r.docx_sha256,
            "pdf_sha256": r.pdf_sha256, "log_entries": reverse("log:object", args=["consultation", c.pk])}


@router.post("/consultations/{cid}/finalise", response={200: ConsultationReportOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Công bố báo cáo tổng hợp, tiếp thu, giải trình (mọi ý kiến phải được trả lời)")
def finalise(request, cid: int, payload: FinaliseIn):
    c = consultation_for_manage(user=request.auth, pk=cid)
    services.consultation_finalise(actor=request.auth, consultation=c, decision_note=payload.decision_note)
    return _report(c)


@router.get("/consultations/{cid}/report", response={200: ConsultationReportOut, 404: ErrorOut}, auth=None,
            summary="Báo cáo tổng hợp, tiếp thu, giải trình đã công bố")
def get_report(request, cid: int):
    return _report(consultation_get(user=request.user, pk=cid))


@router.get("/consultations/{cid}/map", response={200: dict, 404: ErrorOut}, auth=None,
            summary="Bản đồ ý kiến đã tính (nhóm người tham gia, ý kiến đặc trưng, đồng thuận, chủ đề)")
def get_map(request, cid: int):
    m = opinion_map(consultation_get(user=request.user, pk=cid))
    if m is None:
        raise NotFound("Chưa tính bản đồ ý kiến.", message_en="No opinion map yet.")
    return {"computed_at": m.computed_at.isoformat(), "votes_seen": m.votes_seen, **m.data,
            "png": reverse("consultations:map_png", args=[cid])}

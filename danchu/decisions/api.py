"""Decisions API: matters, my votes, results, minutes download; the officials' actions.

Same services and declared rules as the pages (core.access). Matters whose voting has opened are public
(what the community decides and its result): acting on one without the right answers 403
"permission_denied". Drafts are private to the unit's officials: outside the unit a draft, like a unit
one may not create matters in, answers 404 "not_found"."""

from django.urls import reverse
from ninja import Router, Status

from danchu.core.errors import NotFound
from danchu.units.schemas import PRIVATE_ERRORS, ErrorOut
from danchu.units.selectors import unit_get

from . import services
from .minutes import minutes_response
from .models import Matter
from .models import Status as MStatus
from .schemas import (
    MatterIn,
    MatterOut,
    MeetingNoticeIn,
    MeetingProcedureOut,
    MeetingRescheduleIn,
    MeetingSecretaryIn,
    MeetingWitnessesIn,
    MyVoteOut,
    RecognitionIn,
    ResultOut,
    VoteIn,
    VoteOut,
)
from .selectors import matter_get_public, matters_public, minutes_symbol, my_votes, units_by_code

router = Router(tags=["decisions"])


def _out(m: Matter) -> dict:
    return {
        "id": m.pk, "unit": m.unit.code, "hamlets": sorted(h.code for h in m.hamlets.all()), "kind": m.kind,
        "title": m.title, "description": m.description, "options_kind": m.options_kind, "options": m.options,
        "form": m.form, "secret": m.secret, "channel_rule": m.channel_rule, "status": m.status,
        "opened_at": m.opened_at, "closes_at": m.closes_at, "closed_at": m.closed_at, "result": m.result,
        "url": reverse("decisions:detail", args=[m.pk]),
    }


def _public(request, matter_id: int, user=None) -> Matter:
    """The matter once voting has opened, for anyone; a draft through `matter_get`'s rule (404 outside
    its unit). The service then applies its own declared rule."""
    return matter_get_public(user=user if user is not None else request.user, pk=matter_id)


@router.get("/decisions/matters", response={200: list[MatterOut], 404: ErrorOut}, auth=None,
            summary="Các việc nhân dân bàn và quyết định của một đơn vị (kể cả cấp dưới)")
def list_matters(request, unit: str):
    u = unit_get(code=unit)
    return [_out(m) for m in matters_public(unit=u).prefetch_related("hamlets")[:200]]


@router.post("/decisions/matters", response={201: MatterOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Đưa việc ra cộng đồng bàn và quyết định (bản nháp)")
def create_matter(request, payload: MatterIn):
    unit = unit_get(code=payload.unit)
    m = services.matter_create(actor=request.auth, unit=unit, hamlets=units_by_code(payload.hamlets),
                               data=services.MatterInput(
                                   kind=payload.kind, title=payload.title, description=payload.description,
                                   options_kind=payload.options_kind, option_labels=payload.options, form=payload.form,
                                   secret=payload.secret, channel_rule=payload.channel_rule,
                                   meeting_at=payload.meeting_at, meeting_place=payload.meeting_place,
                                   closes_at=payload.closes_at))
    return Status(201, _out(m))


@router.get("/decisions/matters/{matter_id}", response={200: MatterOut, 404: ErrorOut}, auth=None, summary="Một việc")
def get_matter(request, matter_id: int):
    return _out(_public(request, matter_id))


@router.post("/decisions/matters/{matter_id}/open", response={200: MatterOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Mở biểu quyết (chốt danh sách hộ)")
def open_matter(request, matter_id: int):
    m = _public(request, matter_id, user=request.auth)
    return _out(services.matter_open(actor=request.auth, matter=m))


@router.post("/decisions/matters/{matter_id}/close", response={200: ResultOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Kết thúc biểu quyết, kiểm phiếu")
def close_matter(request, matter_id: int):
    m = _public(request, matter_id, user=request.auth)
    return _result(services.matter_close(actor=request.auth, matter=m))


def _meeting(m: Matter) -> dict:
    return {"id": m.pk, "notice_sent_on": m.notice_sent_on, "meeting_at": m.meeting_at,
            "secretary_name": m.secretary_name, "secretary_agreed": m.secretary_agreed,
            "secretary_present": m.secretary_present,
            "witnesses": [w for w in (m.witness_1_name, m.witness_2_name) if w]}


@router.post("/decisions/matters/{matter_id}/meeting/notice",
             response={200: MeetingProcedureOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Ghi nhận ngày gửi thông báo họp và tài liệu đến các hộ (Điều 3 khoản 3 Nghị định 59/2023)")
def meeting_notice(request, matter_id: int, payload: MeetingNoticeIn):
    m = _public(request, matter_id, user=request.auth)
    return _meeting(services.meeting_notice_record(actor=request.auth, matter=m, sent_on=payload.sent_on))


@router.post("/decisions/matters/{matter_id}/meeting/reschedule",
             response={200: MeetingProcedureOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Dời cuộc họp chưa diễn ra sang thời gian mới (Điều 3 khoản 3 Nghị định 59/2023)")
def meeting_reschedule(request, matter_id: int, payload: MeetingRescheduleIn):
    m = _public(request, matter_id, user=request.auth)
    return _meeting(services.meeting_reschedule(actor=request.auth, matter=m, meeting_at=payload.meeting_at))


@router.post("/decisions/matters/{matter_id}/meeting/secretary",
             response={200: MeetingProcedureOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Ghi nhận thư ký cuộc họp do trên 50% số hộ có mặt đồng ý (Điều 3 khoản 4 Nghị định 59/2023)")
def meeting_secretary(request, matter_id: int, payload: MeetingSecretaryIn):
    m = _public(request, matter_id, user=request.auth)
    return _meeting(services.meeting_secretary_record(actor=request.auth, matter=m, name=payload.name,
                                                      agreed=payload.agreed))


@router.post("/decisions/matters/{matter_id}/meeting/witnesses",
             response={200: MeetingProcedureOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Ghi nhận hai đại diện hộ gia đình dự họp ký biên bản (Điều 3 khoản 5 Nghị định 59/2023)")
def meeting_witnesses(request, matter_id: int, payload: MeetingWitnessesIn):
    m = _public(request, matter_id, user=request.auth)
    return _meeting(services.meeting_witnesses_record(actor=request.auth, matter=m, first=payload.first,
                                                      second=payload.second))


@router.get("/decisions/matters/{matter_id}/meeting", response={200: MeetingProcedureOut, 404: ErrorOut}, auth=None,
            summary="Trình tự cuộc họp: thông báo, thư ký, người ký biên bản")
def meeting_get(request, matter_id: int):
    return _meeting(_public(request, matter_id))


@router.post("/decisions/matters/{matter_id}/vote", response={200: VoteOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Biểu quyết trực tuyến thay mặt hộ (thay đổi được đến khi kết thúc)")
def vote(request, matter_id: int, payload: VoteIn):
    m = _public(request, matter_id, user=request.auth)
    v = services.vote_online(actor=request.auth, matter=m, choice=payload.choice, opinion=payload.opinion)
    v.refresh_from_db()
    return {"matter": m.pk, "channel": v.channel, "choice": v.choice, "opinion": v.opinion, "counted": v.counted}


@router.get("/decisions/my-votes", response={200: list[MyVoteOut], **PRIVATE_ERRORS},
            summary="Các việc hộ của tôi được biểu quyết và biểu quyết của hộ")
def list_my_votes(request):
    return my_votes(user=request.auth)


def _result(m: Matter) -> dict:
    return {
        "id": m.pk, "status": m.status, "result": m.result, "adopted_option": m.adopted_option, "counts": m.counts,
        "vote_set_sha256": m.vote_set_sha256, "report_due": m.report_due, "recognition": m.recognition,
        "recognition_number": m.recognition_number, "recognition_date": m.recognition_date,
        "recognition_note": m.recognition_note,
        "minutes_number": minutes_symbol(m) if m.minutes_number else None,
        "minutes_docx": reverse("api-1.0.0:decisions_minutes", args=[m.pk, "docx"]),
        "minutes_pdf": reverse("api-1.0.0:decisions_minutes", args=[m.pk, "pdf"]),
        "log_entries": reverse("log:object", args=["decision", m.pk]),
    }


@router.post("/decisions/matters/{matter_id}/recognition", response={200: ResultOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Công nhận hoặc từ chối công nhận kết quả (Quyết định của Chủ tịch UBND xã, Điều 21)")
def recognize(request, matter_id: int, payload: RecognitionIn):
    m = _public(request, matter_id, user=request.auth)
    return _result(services.matter_recognize(actor=request.auth, matter=m, accept=payload.accept, reason=payload.reason,
                                             decision_number=payload.decision_number,
                                             decision_date=payload.decision_date))


@router.get("/decisions/matters/{matter_id}/result", response={200: ResultOut, 404: ErrorOut}, auth=None,
            summary="Kết quả biểu quyết (sau khi kết thúc)")
def result(request, matter_id: int):
    m = _public(request, matter_id)
    if m.status != MStatus.CLOSED:
        raise NotFound("Việc này chưa có kết quả.", message_en="No result yet.")
    return _result(m)


@router.get("/decisions/matters/{matter_id}/minutes.{fmt}", response={200: None, 404: ErrorOut}, auth=None,
            url_name="decisions_minutes", summary="Tải biên bản (docx hoặc pdf)")
def minutes(request, matter_id: int, fmt: str):
    m = _public(request, matter_id)
    if m.status != MStatus.CLOSED or fmt not in ("docx", "pdf"):
        raise NotFound()
    return minutes_response(m, fmt)

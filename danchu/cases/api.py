"""Cases API: file a case (no account needed), follow it by tracking code, and the officers' queue,
figures and steps. Same services, selectors and declared rules (core.access) as the pages: a case or
a unit outside the caller's scope answers 404, inside it without the right 403 (also a denunciation's
identity asked by an officer who is not assigned to it). No response carries an identity except
POST /cases/{id}/identity."""

import datetime as dt

from ninja import Router, Status

from danchu.core import inputs, ratelimit
from danchu.core.clients import client_address
from danchu.units.schemas import PRIVATE_ERRORS, ErrorOut
from danchu.units.selectors import unit_get

from . import services
from .models import Case
from .schemas import (
    AcceptIn,
    CaseDetailOut,
    CaseIn,
    CaseOut,
    ExternalTransferIn,
    IdentityOut,
    IndicatorOut,
    RefuseIn,
    ResolveIn,
    ResumeIn,
    SuspendIn,
    TrackOut,
    TransferIn,
)
from .selectors import (
    QueueFilters,
    case_get_for_officer,
    case_indicators,
    case_queue,
    case_track,
    complaint_decision_effect,
    public_events,
    throttle_lookup,
)

router = Router(tags=["cases"])


def _out(case: Case) -> dict:
    return {
        "id": case.pk, "tracking_code": case.tracking_code, "kind": case.kind, "category": case.category,
        "channel": case.channel, "status": case.status, "title": case.title, "unit": case.unit.code,
        "received_on": case.received_on, "accepted_on": case.accepted_on, "resolved_on": case.resolved_on,
        "next_due": case.next_due, "overdue": case.overdue, "anonymous_denunciation": case.anonymous_denunciation,
    }


def _detail(case: Case) -> dict:
    return {**_out(case), "body": case.body, "decision_complained": case.decision_complained, "accused": case.accused,
            "violation": case.violation, "assigned_to": case.assigned_to_id, "answer": case.answer,
            "deadlines": case.deadline_rules, "suspended_on": case.suspended_on, "suspended_days": case.suspended_days,
            "filed_late": case.filed_late, "transferred_to": case.transferred_to,
            "decision_effect": complaint_decision_effect(case=case)}


def _track(case: Case) -> dict:
    return {
        "tracking_code": case.tracking_code, "kind": case.kind, "status": case.status, "title": case.title,
        "unit": case.unit.code, "received_on": case.received_on, "transferred_to": case.transferred_to,
        "transfer_reason": case.transfer_reason, "refusal_ground": case.refusal_ground, "answer": case.answer,
        "decision_ref": case.decision_ref, "next_due": case.next_due, "deadlines": case.deadline_rules,
        "decision_effect": complaint_decision_effect(case=case),
        "events": [{"at": e.at, "action": e.action, "note": e.note} for e in public_events(case=case)],
    }


@router.post("/cases", response={200: TrackOut, 201: TrackOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut,
                                 422: ErrorOut, 429: ErrorOut},
             auth=None, summary="Gửi phản ánh, kiến nghị, khiếu nại, tố cáo")
def case_create(request, payload: CaseIn):
    """Files a case. An `Idempotency-Key` header (or `idempotency_key`) makes a retry return the first
    case (200) instead of creating a second one (201). The key is the sender's own (the signed-in
    account, else the client): another sender's same key files their own case; the same key with
    another content is refused with 409 `idempotency_conflict`. A denunciation without the
    denouncer's name and address is refused (400 `identity_required`, Law on Denunciations Art. 23)."""
    unit = unit_get(code=payload.unit)
    data = payload.dict()
    key = request.headers.get("Idempotency-Key") or data.pop("idempotency_key")
    data.pop("idempotency_key", None)
    identity = services.Identity(**{k: data.pop(k) for k in services.IDENTITY_FIELDS})
    data.pop("unit")
    ratelimit.anonymous_submission(user=request.user, client=client_address(request), scope="cases",
                                   unit_code=unit.code)
    case, created = services.case_submit(user=request.user, unit=unit, channel="api", identity=identity,
                                         idempotency_key=key, client=client_address(request), **data)
    return Status(201 if created else 200, _track(case_track(code=case.tracking_code)))


@router.get("/cases/track/{code}", response={200: TrackOut, 404: ErrorOut, 400: ErrorOut}, auth=None,
            summary="Tra cứu hồ sơ bằng mã")
def case_track_api(request, code: str):
    """Rate-limited per client; an unknown code and a wrong code look the same."""
    throttle_lookup(client=client_address(request))
    return _track(case_track(code=code))


@router.get("/cases", response={200: list[CaseOut], **PRIVATE_ERRORS}, summary="Hàng đợi hồ sơ của đơn vị")
def case_list(request, unit: str, queue: str = "open", kind: str | None = None, q: str = "", limit: int = 50,
              offset: int = 0):
    qs = case_queue(user=request.auth, unit=unit_get(code=unit), filters=QueueFilters(queue=queue, kind=kind, q=q))
    limit, offset = max(1, min(limit, 200)), inputs.offset(offset)
    return [_out(c) for c in qs.select_related("unit")[offset:offset + limit]]


@router.get("/cases/indicators", response={200: list[IndicatorOut], **PRIVATE_ERRORS}, summary="Chỉ số giải quyết")
def case_indicators_api(request, unit: str, start: dt.date, end: dt.date):
    return case_indicators(user=request.auth, unit=unit_get(code=unit), start=start, end=end)


@router.get("/cases/{case_id}", response={200: CaseDetailOut, **PRIVATE_ERRORS}, summary="Chi tiết hồ sơ (cán bộ)")
def case_detail(request, case_id: int):
    return _detail(case_get_for_officer(user=request.auth, pk=case_id))


@router.post("/cases/{case_id}/accept", response={200: CaseDetailOut, 400: ErrorOut, **PRIVATE_ERRORS}, summary="Thụ lý")
def case_accept(request, case_id: int, payload: AcceptIn):
    case = case_get_for_officer(user=request.auth, pk=case_id)
    return _detail(services.case_accept(actor=request.auth, case=case, **payload.dict()))


@router.post("/cases/{case_id}/transfer", response={200: CaseDetailOut, 400: ErrorOut, **PRIVATE_ERRORS}, summary="Chuyển")
def case_transfer(request, case_id: int, payload: TransferIn):
    case = case_get_for_officer(user=request.auth, pk=case_id)
    return _detail(services.case_transfer(actor=request.auth, case=case, target_code=payload.target, reason=payload.reason))


@router.post("/cases/{case_id}/transfer-external", response={200: CaseDetailOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Chuyển cơ quan có thẩm quyền ngoài hệ thống")
def case_transfer_external(request, case_id: int, payload: ExternalTransferIn):
    case = case_get_for_officer(user=request.auth, pk=case_id)
    return _detail(services.case_transfer_external(actor=request.auth, case=case, body=payload.body, reason=payload.reason))


@router.post("/cases/{case_id}/suspend", response={200: CaseDetailOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Tạm đình chỉ giải quyết")
def case_suspend(request, case_id: int, payload: SuspendIn):
    case = case_get_for_officer(user=request.auth, pk=case_id)
    return _detail(services.case_suspend(actor=request.auth, case=case, reason=payload.reason))


@router.post("/cases/{case_id}/resume", response={200: CaseDetailOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Tiếp tục giải quyết")
def case_resume(request, case_id: int, payload: ResumeIn):
    case = case_get_for_officer(user=request.auth, pk=case_id)
    return _detail(services.case_resume(actor=request.auth, case=case, note=payload.note))


@router.post("/cases/{case_id}/refuse", response={200: CaseDetailOut, 400: ErrorOut, **PRIVATE_ERRORS}, summary="Không thụ lý")
def case_refuse(request, case_id: int, payload: RefuseIn):
    case = case_get_for_officer(user=request.auth, pk=case_id)
    return _detail(services.case_refuse(actor=request.auth, case=case, ground=payload.ground))


@router.post("/cases/{case_id}/resolve", response={200: CaseDetailOut, 400: ErrorOut, **PRIVATE_ERRORS}, summary="Trả lời, kết luận")
def case_resolve(request, case_id: int, payload: ResolveIn):
    case = case_get_for_officer(user=request.auth, pk=case_id)
    return _detail(services.case_resolve(actor=request.auth, case=case, answer=payload.answer, decision_ref=payload.decision_ref))


@router.post("/cases/{case_id}/identity", response={200: IdentityOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Xem danh tính người gửi (ghi nhật ký)")
def case_identity(request, case_id: int):
    """For a denunciation only the assigned officer; every read is logged."""
    case = case_get_for_officer(user=request.auth, pk=case_id)
    return services.case_identity_read(actor=request.auth, case=case, purpose="api")

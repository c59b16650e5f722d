"""Oversight API: boards and members, plans, inspections, investment projects and supervision, Front
supervision, social criticism, recommendations and their follow-up, documents. The same declared
selectors and services as the pages (core.access): a record, a unit or an organization outside the
caller's scope answers 404 — for a list, a creation, a step alike — and inside the scope without the
right 403; an organization's board and its records are reached only by grants on the organization.
The public summary of a unit needs no account."""

from __future__ import annotations

from django.utils import timezone
from ninja import File, Form, Router, Status, UploadedFile

from danchu.units.schemas import PRIVATE_ERRORS, ErrorOut
from danchu.units.selectors import unit_get

from . import selectors as sel
from . import services
from .models import Board, Inspection, InvestmentProject, Recommendation, SocialCriticism, Supervision
from .schemas import (
    BoardIn,
    BoardOut,
    CloseIn,
    CriticismAnswerIn,
    CriticismDocumentIn,
    CriticismIn,
    CriticismOpinionIn,
    CriticismOpinionOut,
    CriticismOut,
    DocumentOut,
    FindingsIn,
    FollowUpIn,
    InspectionIn,
    InspectionOut,
    MemberEndIn,
    MemberIn,
    MemberOut,
    PlanIn,
    PlanOut,
    ProjectIn,
    ProjectOut,
    RecommendationAnswerIn,
    RecommendationDetailOut,
    RecommendationIn,
    RecommendationOut,
    SupervisionIn,
    SupervisionOut,
)

router = Router(tags=["oversight"])
WRITE = {400: ErrorOut, **PRIVATE_ERRORS}
LIMIT = 200


def _member(m) -> dict:
    return {"id": m.pk, "full_name": m.full_name, "seat": m.seat, "hamlet": m.hamlet.code if m.hamlet_id else None,
            "position": m.position, "elected_on": m.elected_on, "term_from": m.term_from, "term_to": m.term_to,
            "by_election": m.by_election, "ended_on": m.ended_on, "end_reason": m.end_reason}


def _board(b: Board) -> dict:
    return {"id": b.pk, "kind": b.kind, "unit": b.unit.code, "organization_id": b.organization_id,
            "project_id": b.project_id, "term_start": b.term_start, "term_end": b.term_end,
            "established_on": b.established_on, "decision_ref": b.decision_ref,
            "members": [_member(m) for m in b.members.select_related("hamlet")],
            "composition_problems": services.composition_problems(b)}


def _rec(r: Recommendation) -> dict:
    return {"id": r.pk, "source_kind": r.source_kind, "inspection_id": r.inspection_id, "supervision_id": r.supervision_id,
            "unit": r.unit.code, "content": r.content, "addressee_kind": r.addressee_kind, "addressee": r.addressee,
            "sent_on": r.sent_on, "due_on": r.due_on, "state": r.state, "overdue": r.is_overdue(timezone.localdate()),
            "overdue_on": r.overdue_on, "answer": r.answer, "answer_position": r.answer_position,
            "answered_on": r.answered_on, "outcome": r.outcome, "outcome_note": r.outcome_note, "closed_on": r.closed_on}


def _inspection(i: Inspection) -> dict:
    return {"id": i.pk, "board_id": i.board_id, "unit": i.unit.code, "subject": i.subject,
            "inspected_body": i.inspected_body, "period_from": i.period_from, "period_to": i.period_to,
            "starts_on": i.starts_on, "ends_on": i.ends_on, "notified_on": i.notified_on,
            "team": [m.pk for m in i.team.all()], "findings": i.findings, "held_on": i.held_on,
            "warnings": sel.inspection_warnings(i), "recommendations": [_rec(r) for r in i.recommendations.all()]}


def _project(p: InvestmentProject, *, contributions: bool = False) -> dict:
    data = {"id": p.pk, "unit": p.unit.code, "name": p.name, "kind": p.kind, "investor": p.investor,
            "contractor": p.contractor, "budget_vnd": p.budget_vnd, "location": p.location, "starts_on": p.starts_on,
            "ends_on": p.ends_on, "hamlets": [h.code for h in p.hamlets.all()],
            "funding": [{"source": f.source, "amount_vnd": f.amount_vnd, "note": f.note} for f in p.funding.all()],
            "board_id": p.board.pk if hasattr(p, "board") else None}
    if contributions:
        data["contributions"] = sel.contributions_for(p.unit)
    return data


def _supervision(s: Supervision) -> dict:
    return {"id": s.pk, "kind": s.kind, "unit": s.unit.code, "board_id": s.board_id, "project_id": s.project_id,
            "conducted_by": s.conducted_by, "subject": s.subject, "supervised_body": s.supervised_body, "plan": s.plan,
            "plan_sent_on": s.plan_sent_on, "team_text": s.team_text, "starts_on": s.starts_on, "ends_on": s.ends_on,
            "findings": s.findings, "finding_quality": s.finding_quality, "finding_progress": s.finding_progress,
            "finding_spending": s.finding_spending, "finding_environment": s.finding_environment,
            "report_on": s.report_on, "held_on": s.held_on, "warnings": sel.supervision_warnings(s),
            "recommendations": [_rec(r) for r in s.recommendations.all()]}


def _criticism(c: SocialCriticism) -> dict:
    return {"id": c.pk, "unit": c.unit.code, "conducted_by": c.conducted_by, "form": c.form, "draft_title": c.draft_title,
            "drafting_body": c.drafting_body, "draft_received_on": c.draft_received_on, "held_on": c.held_on,
            "place": c.place, "participants": c.participants,
            "opinions": [{"id": o.pk, "speaker": o.speaker, "text": o.text} for o in c.opinions.all()],
            "document": c.document, "document_sent_on": c.document_sent_on, "answer": c.answer,
            "answer_position": c.answer_position, "answer_explanation": c.answer_explanation, "answered_on": c.answered_on}


# --- boards ----------------------------------------------------------------------------------------------


@router.get("/oversight/boards", response={200: list[BoardOut], **PRIVATE_ERRORS}, summary="Các ban của đơn vị")
def board_list(request, unit: str):
    return [_board(b) for b in sel.boards_for(user=request.auth, unit=unit_get(code=unit))[:LIMIT]]


@router.post("/oversight/boards", response={201: BoardOut, **WRITE}, summary="Thành lập Ban TTND / Ban GSĐTCĐ")
def board_create(request, payload: BoardIn):
    unit = unit_get(code=payload.unit)
    org = sel.organization_for(user=request.auth, pk=payload.organization_id) if payload.organization_id else None
    project = sel.project_get(user=request.auth, pk=payload.project_id) if payload.project_id else None
    b = services.board_create(actor=request.auth, kind=payload.kind, unit=unit, organization=org, project=project,
                              term_start=payload.term_start, term_end=payload.term_end,
                              established_on=payload.established_on, decision_ref=payload.decision_ref)
    return Status(201, _board(b))


@router.get("/oversight/boards/{board_id}", response={200: BoardOut, **PRIVATE_ERRORS}, summary="Ban và thành viên")
def board_detail(request, board_id: int):
    return _board(sel.board_get(user=request.auth, pk=board_id))


@router.post("/oversight/boards/{board_id}/members", response={201: MemberOut, **WRITE}, summary="Ghi thành viên được bầu")
def member_add(request, board_id: int, payload: MemberIn):
    board = sel.board_get(user=request.auth, pk=board_id)
    hamlet = None
    if payload.hamlet:
        hamlet = unit_get(code=payload.hamlet)
    m = services.member_add(actor=request.auth, board=board, full_name=payload.full_name, seat=payload.seat,
                            hamlet=hamlet, position=payload.position, elected_on=payload.elected_on,
                            no_conflict_declared=payload.no_conflict_declared)
    return Status(201, _member(m))


@router.post("/oversight/members/{member_id}/end", response={200: MemberOut, **WRITE}, summary="Thôi làm thành viên")
def member_end(request, member_id: int, payload: MemberEndIn):
    m = sel.member_get(user=request.auth, pk=member_id)
    return _member(services.member_end(actor=request.auth, member=m, ended_on=payload.ended_on, reason=payload.reason))


@router.post("/oversight/boards/{board_id}/plans", response={201: PlanOut, **WRITE}, summary="Kế hoạch của Ban")
def plan_add(request, board_id: int, payload: PlanIn):
    board = sel.board_get(user=request.auth, pk=board_id)
    p = services.plan_add(actor=request.auth, board=board, **payload.dict())
    return Status(201, {"id": p.pk, "board_id": board.pk, "year": p.year, "period": p.period, "content": p.content,
                        "adopted_on": p.adopted_on})


# --- inspections -----------------------------------------------------------------------------------------


@router.get("/oversight/inspections", response={200: list[InspectionOut], **PRIVATE_ERRORS}, summary="Cuộc kiểm tra")
def inspection_list(request, unit: str):
    qs = sel.inspections_for(user=request.auth, unit=unit_get(code=unit)).prefetch_related("team", "recommendations")
    return [_inspection(i) for i in qs[:LIMIT]]


@router.post("/oversight/inspections", response={201: InspectionOut, **WRITE}, summary="Ghi cuộc kiểm tra")
def inspection_create(request, payload: InspectionIn):
    board = sel.board_get(user=request.auth, pk=payload.board_id)
    plan = sel.plan_get(board=board, pk=payload.plan_id) if payload.plan_id else None
    i = services.inspection_create(
        actor=request.auth, board=board, subject=payload.subject, inspected_body=payload.inspected_body,
        period_from=payload.period_from, period_to=payload.period_to, starts_on=payload.starts_on,
        ends_on=payload.ends_on, notified_on=payload.notified_on, plan=plan,
        team=sel.members_by_ids(board=board, ids=payload.team))
    return Status(201, _inspection(i))


@router.get("/oversight/inspections/{inspection_id}", response={200: InspectionOut, **PRIVATE_ERRORS},
            summary="Chi tiết cuộc kiểm tra")
def inspection_detail(request, inspection_id: int):
    return _inspection(sel.inspection_get(user=request.auth, pk=inspection_id))


@router.post("/oversight/inspections/{inspection_id}/findings", response={200: InspectionOut, **WRITE},
             summary="Ghi kết quả kiểm tra")
def inspection_findings(request, inspection_id: int, payload: FindingsIn):
    i = sel.inspection_get(user=request.auth, pk=inspection_id)
    return _inspection(services.inspection_record_findings(actor=request.auth, inspection=i, findings=payload.findings,
                                                           held_on=payload.held_on))


# --- investment projects and supervisions ---------------------------------------------------------------


@router.get("/oversight/projects", response={200: list[ProjectOut], **PRIVATE_ERRORS}, summary="Công trình, dự án")
def project_list(request, unit: str):
    return [_project(p) for p in sel.projects_for(user=request.auth, unit=unit_get(code=unit))[:LIMIT]]


@router.post("/oversight/projects", response={201: ProjectOut, **WRITE}, summary="Ghi công trình, dự án")
def project_create(request, payload: ProjectIn):
    unit = unit_get(code=payload.unit)
    hamlets = [unit_get(code=c) for c in payload.hamlets]
    p = services.project_create(
        actor=request.auth, unit=unit, name=payload.name, kind=payload.kind, investor=payload.investor,
        contractor=payload.contractor, budget_vnd=payload.budget_vnd, location=payload.location,
        starts_on=payload.starts_on, ends_on=payload.ends_on, description=payload.description, hamlets=hamlets,
        funding=[(f.source, f.amount_vnd, f.note) for f in payload.funding])
    return Status(201, _project(p))


@router.get("/oversight/projects/{project_id}", response={200: ProjectOut, **PRIVATE_ERRORS},
            summary="Chi tiết công trình (kèm đóng góp của nhân dân đã biểu quyết)")
def project_detail(request, project_id: int):
    return _project(sel.project_get(user=request.auth, pk=project_id), contributions=True)


@router.get("/oversight/supervisions", response={200: list[SupervisionOut], **PRIVATE_ERRORS}, summary="Cuộc giám sát")
def supervision_list(request, unit: str, kind: str | None = None):
    qs = sel.supervisions_for(user=request.auth, unit=unit_get(code=unit), kind=kind).prefetch_related("recommendations")
    return [_supervision(s) for s in qs[:LIMIT]]


@router.post("/oversight/supervisions", response={201: SupervisionOut, **WRITE}, summary="Ghi cuộc giám sát")
def supervision_create(request, payload: SupervisionIn):
    board = sel.board_get(user=request.auth, pk=payload.board_id) if payload.board_id else None
    unit = unit_get(code=payload.unit) if payload.unit else None
    team = sel.members_by_ids(board=board, ids=payload.team) if board is not None else []
    s = services.supervision_create(
        actor=request.auth, kind=payload.kind, unit=unit, board=board, team=team, conducted_by=payload.conducted_by,
        subject=payload.subject, supervised_body=payload.supervised_body, plan=payload.plan,
        plan_sent_on=payload.plan_sent_on, team_text=payload.team_text, starts_on=payload.starts_on,
        ends_on=payload.ends_on)
    return Status(201, _supervision(s))


@router.get("/oversight/supervisions/{supervision_id}", response={200: SupervisionOut, **PRIVATE_ERRORS},
            summary="Chi tiết cuộc giám sát")
def supervision_detail(request, supervision_id: int):
    return _supervision(sel.supervision_get(user=request.auth, pk=supervision_id))


@router.post("/oversight/supervisions/{supervision_id}/findings", response={200: SupervisionOut, **WRITE},
             summary="Ghi kết quả giám sát")
def supervision_findings(request, supervision_id: int, payload: FindingsIn):
    s = sel.supervision_get(user=request.auth, pk=supervision_id)
    return _supervision(services.supervision_record_findings(actor=request.auth, supervision=s, **payload.dict()))


# --- social criticism ----------------------------------------------------------------------------------


@router.get("/oversight/criticisms", response={200: list[CriticismOut], **PRIVATE_ERRORS}, summary="Phản biện xã hội")
def criticism_list(request, unit: str):
    return [_criticism(c) for c in sel.criticisms_for(user=request.auth, unit=unit_get(code=unit))[:LIMIT]]


@router.post("/oversight/criticisms", response={201: CriticismOut, **WRITE}, summary="Ghi hoạt động phản biện xã hội")
def criticism_create(request, payload: CriticismIn):
    data = payload.dict()
    unit = unit_get(code=data.pop("unit"))
    return Status(201, _criticism(services.criticism_create(actor=request.auth, unit=unit, **data)))


@router.get("/oversight/criticisms/{criticism_id}", response={200: CriticismOut, **PRIVATE_ERRORS},
            summary="Chi tiết phản biện xã hội")
def criticism_detail(request, criticism_id: int):
    return _criticism(sel.criticism_get(user=request.auth, pk=criticism_id))


@router.post("/oversight/criticisms/{criticism_id}/opinions", response={201: CriticismOpinionOut, **WRITE}, summary="Ghi ý kiến")
def criticism_opinion(request, criticism_id: int, payload: CriticismOpinionIn):
    c = sel.criticism_get(user=request.auth, pk=criticism_id)
    o = services.criticism_add_opinion(actor=request.auth, criticism=c, speaker=payload.speaker, text=payload.text)
    return Status(201, {"id": o.pk, "speaker": o.speaker, "text": o.text})


@router.post("/oversight/criticisms/{criticism_id}/document", response={200: CriticismOut, **WRITE},
             summary="Gửi văn bản phản biện xã hội")
def criticism_document(request, criticism_id: int, payload: CriticismDocumentIn):
    c = sel.criticism_get(user=request.auth, pk=criticism_id)
    return _criticism(services.criticism_send_document(actor=request.auth, criticism=c, **payload.dict()))


@router.post("/oversight/criticisms/{criticism_id}/answer", response={200: CriticismOut, **WRITE},
             summary="Ghi văn bản trả lời của cơ quan soạn thảo")
def criticism_answer(request, criticism_id: int, payload: CriticismAnswerIn):
    c = sel.criticism_get(user=request.auth, pk=criticism_id)
    return _criticism(services.criticism_record_answer(actor=request.auth, criticism=c, **payload.dict()))


# --- recommendations -----------------------------------------------------------------------------------


@router.get("/oversight/recommendations", response={200: list[RecommendationOut], **PRIVATE_ERRORS},
            summary="Kiến nghị (lọc: đang theo dõi, quá hạn)")
def recommendation_list(request, unit: str, open: bool = False, overdue: bool = False):  # noqa: A002
    qs = sel.recommendations_for(user=request.auth, unit=unit_get(code=unit), open_only=open, overdue_only=overdue)
    return [_rec(r) for r in qs.select_related("unit")[:LIMIT]]


@router.post("/oversight/recommendations", response={201: RecommendationOut, **WRITE}, summary="Gửi kiến nghị")
def recommendation_create(request, payload: RecommendationIn):
    if payload.source == "inspection":
        source = sel.inspection_get(user=request.auth, pk=payload.source_id)
    elif payload.source == "supervision":
        source = sel.supervision_get(user=request.auth, pk=payload.source_id)
    else:
        from danchu.core.errors import DomainError

        raise DomainError("invalid", "Kiến nghị phải gắn với một cuộc kiểm tra hoặc giám sát.",
                          message_en="A recommendation follows an inspection or a supervision.", field="source")
    r = services.recommendation_make(actor=request.auth, source=source, content=payload.content,
                                     addressee_kind=payload.addressee_kind, addressee=payload.addressee,
                                     sent_on=payload.sent_on, due_on=payload.due_on)
    return Status(201, _rec(r))


def _rec_detail(r: Recommendation) -> dict:
    return {**_rec(r), "events": [{"on": e.on, "action": e.action, "note": e.note} for e in r.events.all()]}


@router.get("/oversight/recommendations/{rec_id}", response={200: RecommendationDetailOut, **PRIVATE_ERRORS},
            summary="Chi tiết kiến nghị và các bước theo dõi")
def recommendation_detail(request, rec_id: int):
    return _rec_detail(sel.recommendation_get(user=request.auth, pk=rec_id))


@router.post("/oversight/recommendations/{rec_id}/answer", response={200: RecommendationDetailOut, **WRITE},
             summary="Trả lời kiến nghị (cơ quan nhận)")
def recommendation_answer(request, rec_id: int, payload: RecommendationAnswerIn):
    r = sel.recommendation_get(user=request.auth, pk=rec_id)
    return _rec_detail(services.recommendation_answer(actor=request.auth, recommendation=r, **payload.dict()))


@router.post("/oversight/recommendations/{rec_id}/follow-up", response={200: RecommendationDetailOut, **WRITE},
             summary="Theo dõi, đôn đốc")
def recommendation_follow_up(request, rec_id: int, payload: FollowUpIn):
    r = sel.recommendation_get(user=request.auth, pk=rec_id)
    return _rec_detail(services.recommendation_follow_up(actor=request.auth, recommendation=r, **payload.dict()))


@router.post("/oversight/recommendations/{rec_id}/close", response={200: RecommendationDetailOut, **WRITE},
             summary="Kết thúc theo dõi kiến nghị")
def recommendation_close(request, rec_id: int, payload: CloseIn):
    r = sel.recommendation_get(user=request.auth, pk=rec_id)
    return _rec_detail(services.recommendation_close(actor=request.auth, recommendation=r, **payload.dict()))


# --- documents -----------------------------------------------------------------------------------------

def _document(request, obj, title: str, file: UploadedFile):
    d = services.document_add(actor=request.auth, owner=obj, title=title, name=file.name, content=file.read())
    return Status(201, {"id": d.pk, "title": d.title, "name": d.name, "kind": d.kind, "size": d.size, "sha256": d.sha256})


@router.post("/oversight/inspections/{inspection_id}/documents", response={201: DocumentOut, **WRITE},
             summary="Đính kèm tài liệu vào cuộc kiểm tra (PDF, DOCX, XLSX, ảnh)")
def inspection_document_add(request, inspection_id: int, file: File[UploadedFile], title: Form[str] = ""):
    return _document(request, sel.inspection_get(user=request.auth, pk=inspection_id), title, file)


@router.post("/oversight/supervisions/{supervision_id}/documents", response={201: DocumentOut, **WRITE},
             summary="Đính kèm tài liệu vào cuộc giám sát (PDF, DOCX, XLSX, ảnh)")
def supervision_document_add(request, supervision_id: int, file: File[UploadedFile], title: Form[str] = ""):
    return _document(request, sel.supervision_get(user=request.auth, pk=supervision_id), title, file)


@router.post("/oversight/criticisms/{criticism_id}/documents", response={201: DocumentOut, **WRITE},
             summary="Đính kèm tài liệu vào hoạt động phản biện xã hội (PDF, DOCX, XLSX, ảnh)")
def criticism_document_add(request, criticism_id: int, file: File[UploadedFile], title: Form[str] = ""):
    return _document(request, sel.criticism_get(user=request.auth, pk=criticism_id), title, file)


@router.post("/oversight/recommendations/{rec_id}/documents", response={201: DocumentOut, **WRITE},
             summary="Đính kèm văn bản vào kiến nghị (PDF, DOCX, XLSX, ảnh)")
def recommendation_document_add(request, rec_id: int, file: File[UploadedFile], title: Form[str] = ""):
    return _document(request, sel.recommendation_get(user=request.auth, pk=rec_id), title, file)


# --- public --------------------------------------------------------------------------------------------


@router.get("/oversight/public/{unit}", response={200: dict, 404: ErrorOut}, auth=None,
            summary="Công khai: Ban TTND, kết quả kiểm tra, giám sát, phản biện xã hội của đơn vị")
def public_summary(request, unit: str):
    data = sel.public_overview(unit=unit_get(code=unit))
    return {
        "boards": [{"term_start": b.term_start, "term_end": b.term_end,
                    "members": [{"full_name": m.full_name, "position": m.position,
                                 "hamlet": m.hamlet.name if m.hamlet_id else None} for m in b.active]}
                   for b in data["boards"]],
        "inspections": [{"subject": i.subject, "inspected_body": i.inspected_body, "held_on": i.held_on,
                         "findings": i.findings, "recommendations": [_public_rec(r) for r in i.recommendations.all()]}
                        for i in data["inspections"]],
        "projects": [{"name": p.name, "investor": p.investor, "contractor": p.contractor, "budget_vnd": p.budget_vnd,
                      "location": p.location, "starts_on": p.starts_on, "ends_on": p.ends_on,
                      "funding": [{"source": f.source, "amount_vnd": f.amount_vnd} for f in p.funding.all()],
                      "supervisions": [{"subject": v.subject, "held_on": v.held_on, "findings": v.findings,
                                        "quality": v.finding_quality, "progress": v.finding_progress,
                                        "spending": v.finding_spending, "environment": v.finding_environment,
                                        "recommendations": [_public_rec(r) for r in v.recommendations.all()]}
                                       for v in p.held_visits]} for p in data["projects"]],
        "front_supervisions": [{"conducted_by": s.conducted_by, "subject": s.subject, "supervised_body": s.supervised_body,
                                "held_on": s.held_on, "findings": s.findings,
                                "recommendations": [_public_rec(r) for r in s.recommendations.all()]}
                               for s in data["front_supervisions"]],
        "social_criticisms": [{"conducted_by": c.conducted_by, "form": c.form, "draft_title": c.draft_title,
                               "drafting_body": c.drafting_body, "held_on": c.held_on,
                               "document": c.document if c.document_sent_on else "", "answer": c.answer,
                               "answer_position": c.answer_position, "answer_explanation": c.answer_explanation}
                              for c in data["criticisms"]],
    }


def _public_rec(r: Recommendation) -> dict:
    return {"content": r.content, "addressee": r.addressee, "sent_on": r.sent_on.isoformat(), "due_on": r.due_on.isoformat(),
            "state": r.state, "answer": r.answer, "answer_position": r.answer_position, "outcome": r.outcome,
            "outcome_note": r.outcome_note}

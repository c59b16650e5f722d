"""Disclosures API: the catalogue, public lists and detail, and the officers' actions.

Same services and declared rules as the pages. Reading is public (published and withdrawn
disclosures); drafts are visible only to those who may publish for the unit (`status=draft`).
A disclosure, a unit's drafts or a creation outside the caller's scope answers 404 "not_found", as
if it did not exist; inside the scope without the right, 403 "permission_denied".
"""

from django.urls import reverse
from ninja import File, Router, Status, UploadedFile
from ninja.pagination import paginate

from danchu.accounts.services import api_token_user
from danchu.core import inputs
from danchu.core.errors import NotFound
from danchu.units.api import Pagination
from danchu.units.schemas import PRIVATE_ERRORS, ErrorOut
from danchu.units.selectors import organization_list, unit_get

from . import services
from .models import Disclosure
from .models import Status as DStatus
from .schemas import (
    ActionOut,
    AttachmentOut,
    CategoryOut,
    ContentIn,
    CorrectIn,
    DisclosureDetailOut,
    DisclosureIn,
    DisclosureOut,
    DraftPatchIn,
    QuestionIn,
    QuestionOut,
    WithdrawIn,
)
from .selectors import (
    Filters,
    category_get,
    category_list,
    current_version,
    disclosure_get,
    disclosure_get_for_edit,
    disclosure_list_for_editor,
    disclosure_list_for_editor_in_scope,
    disclosure_list_public,
    disclosure_search,
    may_edit,
    version_list,
)

router = Router(tags=["disclosures"])


def _caller(request):
    """Public reads take no credentials, but a bearer token or session, when given, is honoured
    (so an officer sees drafts)."""
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        user = api_token_user(key=header[7:].strip())
        if user is not None:
            return user
    return request.user


def _content(payload: ContentIn) -> services.Content:
    return services.Content(
        title=payload.title, body=payload.body, channels=payload.channels, decision_ref=payload.decision_ref,
        decision_date=payload.decision_date, effective_from=payload.effective_from, effective_to=payload.effective_to,
        period_start=payload.period_start, period_end=payload.period_end,
        people=[p.dict() for p in payload.people] if payload.people is not None else None,
    )


def _out(d: Disclosure) -> dict:
    return {
        "id": d.pk, "unit": d.unit.code, "organization_id": d.organization_id, "category": d.category.code,
        "status": d.status, "title": d.title, "current_version": d.current_version, "decision_date": d.decision_date,
        "published_at": d.published_at, "published_on": d.published_on, "due_on": d.due_on, "on_time": d.on_time,
        "posted_until": d.posted_until, "withdrawn_at": d.withdrawn_at, "withdrawn_reason": d.withdrawn_reason,
        "url": reverse("disclosures:detail", args=[d.unit.code, d.pk]),
    }


def _detail(d: Disclosure, user) -> dict:
    versions = version_list(disclosure=d, include_drafts=may_edit(user, d))
    return {
        **_out(d),
        "versions": [
            {
                "number": v.number, "title": v.title, "body": v.body, "channels": v.channels, "decision_ref": v.decision_ref,
                "decision_date": v.decision_date, "effective_from": v.effective_from, "effective_to": v.effective_to,
                "period_start": v.period_start, "period_end": v.period_end, "correction_note": v.correction_note,
                "published_at": v.published_at, "superseded_at": v.superseded_at,
                "attachments": [_attachment(a) for a in v.attachments.all()],
                "people": [{"full_name": p.full_name, "hamlet": p.hamlet, "benefit": p.benefit, "amount": p.amount}
                           for p in v.people.all()],
            }
            for v in versions
        ],
        "log_entries": reverse("log:object", args=["disclosure", d.pk]),
    }


def _attachment(a) -> dict:
    return {"id": a.pk, "name": a.name, "kind": a.kind, "content_type": a.content_type, "size": a.size, "sha256": a.sha256,
            "url": reverse("disclosures:attachment", args=[a.pk])}


@router.get("/disclosure-categories", response=list[CategoryOut], auth=None, summary="Danh mục nội dung phải công khai")
def categories(request, scope: str | None = None):
    """The statutory catalogue (Law 10/2022 Arts. 11, 13, 46, 64) with channels, durations and timing."""
    return list(category_list(scope=scope))


@router.get("/disclosures", response={200: list[DisclosureOut], 404: ErrorOut, 422: ErrorOut}, auth=None,
            summary="Danh sách, tìm kiếm thông tin công khai")
@paginate(Pagination)
def disclosure_list(request, unit: str | None = None, category: str | None = None, status: str | None = None,
                    year: int | None = None, q: str = ""):
    """Public: published and withdrawn disclosures of a unit (or, without `unit`, a search across all).
    `q` ignores diacritics and case ("ke hoach su dung dat" = "Kế hoạch sử dụng đất").
    `status=draft` lists the drafts the caller may publish (officers)."""
    f = Filters(category=category, status=status, year=inputs.year(year), q=q[:200])
    the_unit = unit_get(code=unit) if unit else None
    if status == DStatus.DRAFT:
        if the_unit is None:
            return disclosure_list_for_editor_in_scope(user=_caller(request), filters=f)
        return disclosure_list_for_editor(user=_caller(request), unit=the_unit, filters=f)  # 404 outside the scope
    if the_unit is None:
        qs = disclosure_search(q=q, filters=f)
        return qs if q.strip() else qs.order_by("-published_at", "-id")
    return disclosure_list_public(unit=the_unit, filters=f)


@router.post("/disclosures", response={201: DisclosureDetailOut, 400: ErrorOut, **PRIVATE_ERRORS}, summary="Soạn bản nháp")
def disclosure_create(request, payload: DisclosureIn):
    """A draft in a commune (or in one of its organizations, with `organization_id`). Needs the right to
    publish there (an organization's: its head, Arts. 46-48, 64-66) — 404 outside the caller's scope.
    Attach files with POST /disclosures/{id}/attachments, then publish."""
    unit = unit_get(code=payload.unit)
    organization = None
    if payload.organization_id is not None:
        organization = organization_list(unit=unit).filter(pk=payload.organization_id, unit=unit).first()
        if organization is None:
            raise NotFound("Không có cơ quan, doanh nghiệp này trong đơn vị.", message_en="No such organization in this unit.")
    services.disclosure_create_draft.authorize(user=request.auth, unit=unit, organization=organization)
    d = services.disclosure_create_draft(user=request.auth, unit=unit, organization=organization,
                                         category=category_get(code=payload.category), content=_content(payload))
    return Status(201, _detail(disclosure_get_for_edit(user=request.auth, pk=d.pk), request.auth))


@router.get("/disclosures/{disclosure_id}", response={200: DisclosureDetailOut, 404: ErrorOut}, auth=None,
            summary="Chi tiết thông tin công khai")
def disclosure_detail(request, disclosure_id: int):
    """A disclosure with every published version (drafts too, for its officers), attachments with SHA-256,
    and the link to its transparency-log entries."""
    user = _caller(request)
    return _detail(disclosure_get(user=user, pk=disclosure_id), user)


_TEXT_FIELDS = ("title", "body", "decision_ref")


@router.patch("/disclosures/{disclosure_id}", response={200: DisclosureDetailOut, 400: ErrorOut, **PRIVATE_ERRORS},
              summary="Sửa bản nháp")
def disclosure_update_draft(request, disclosure_id: int, payload: DraftPatchIn):
    """Change a draft: only the fields given change (`null` clears a date); `remove_attachments` drops
    files of the draft. A published disclosure is not edited but corrected (400 "not_draft")."""
    d = disclosure_get_for_edit(user=request.auth, pk=disclosure_id)
    version = current_version(d)
    content = services.Content(
        title=version.title, body=version.body, channels=list(version.channels), decision_ref=version.decision_ref,
        decision_date=version.decision_date, effective_from=version.effective_from, effective_to=version.effective_to,
        period_start=version.period_start, period_end=version.period_end,
        people=[{"full_name": p.full_name, "hamlet": p.hamlet, "benefit": p.benefit, "amount": p.amount}
                for p in version.people.all()] or None,
    )
    changes = payload.dict(exclude_unset=True)
    changes.pop("remove_attachments", None)
    for name, value in changes.items():
        if name in _TEXT_FIELDS and value is None:
            value = ""
        elif name == "channels" and value is None:
            value = []
        setattr(content, name, value)
    services.disclosure_update_draft(user=request.auth, disclosure=d, content=content,
                                     remove_attachments=payload.remove_attachments or None)
    return _detail(disclosure_get_for_edit(user=request.auth, pk=d.pk), request.auth)


@router.post("/disclosures/{disclosure_id}/attachments", response={201: AttachmentOut, 413: ErrorOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Đính kèm tệp vào bản nháp")
def attachment_add(request, disclosure_id: int, file: File[UploadedFile]):
    """Multipart upload of one file (PDF, DOCX, XLSX, image), checked by its content; drafts only."""
    d = disclosure_get_for_edit(user=request.auth, pk=disclosure_id)
    att = services.disclosure_add_attachment(user=request.auth, disclosure=d,
                                             upload=services.Upload(name=file.name or "", content=file.read()))
    return Status(201, _attachment(att))


@router.post("/disclosures/{disclosure_id}/publish", response={200: ActionOut, 400: ErrorOut, **PRIVATE_ERRORS}, summary="Công khai")
def disclosure_publish(request, disclosure_id: int):
    """Publish a draft: checks the mandatory channels (Art. 13), computes the deadline (Art. 12(3)) and the
    minimum posting period, and appends the disclosure to the transparency log."""
    d = disclosure_get_for_edit(user=request.auth, pk=disclosure_id)
    result = services.disclosure_publish(user=request.auth, disclosure=d)
    return {"disclosure": _detail(disclosure_get_for_edit(user=request.auth, pk=d.pk), request.auth), "warnings": result.warnings}


@router.post("/disclosures/{disclosure_id}/correct", response={200: ActionOut, 400: ErrorOut, **PRIVATE_ERRORS}, summary="Đính chính")
def disclosure_correct(request, disclosure_id: int, payload: CorrectIn):
    """A new published version; the previous one stays visible as superseded."""
    d = disclosure_get_for_edit(user=request.auth, pk=disclosure_id)
    result = services.disclosure_correct(user=request.auth, disclosure=d, content=_content(payload), note=payload.note,
                                         keep_attachments=payload.keep_attachments)
    return {"disclosure": _detail(disclosure_get_for_edit(user=request.auth, pk=d.pk), request.auth), "warnings": result.warnings}


@router.post("/disclosures/{disclosure_id}/withdraw", response={200: DisclosureDetailOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Thu hồi")
def disclosure_withdraw(request, disclosure_id: int, payload: WithdrawIn):
    """Withdraw with a reason; nothing is deleted. Twice → 400 "already_withdrawn"."""
    d = disclosure_get_for_edit(user=request.auth, pk=disclosure_id)
    services.disclosure_withdraw(user=request.auth, disclosure=d, reason=payload.reason)
    return _detail(disclosure_get_for_edit(user=request.auth, pk=d.pk), request.auth)


@router.post("/disclosures/{disclosure_id}/questions", response={201: QuestionOut, 400: ErrorOut, **PRIVATE_ERRORS},
             summary="Hỏi về thông tin công khai")
def question_create(request, disclosure_id: int, payload: QuestionIn):
    d = disclosure_get(user=request.auth, pk=disclosure_id)
    q = services.question_ask(user=request.auth, disclosure=d, text=payload.text)
    return Status(201, {"id": q.pk, "disclosure_id": d.pk, "text": q.text, "status": q.status, "case_code": q.case_code,
                        "asked_at": q.asked_at})

"""Every write about cases: submit, receive, accept, extend, transfer, merge, refuse, resolve, read
an identity, and the daily deadline sweep.

Who may call each service is declared on it (core.access): a person files a case without any
grant (`case_submit`, `@open_to`); every officer step is `Action.CASE_HANDLE` on the case's unit
(`@guard`): outside the caller's scope 404, inside it without the right 403. The finer rule of the
Law on Denunciations (Arts. 9(1), 47, 56) — the denouncer's identity and own documents are for the
officer assigned to resolve the denunciation only, and only that officer concludes it — is an
explicit check in the body (`_require_assigned`). Each service validates, writes in one
transaction with an audit row and a `CaseEvent`, and recomputes the stored deadlines
(deadlines.py). Notifications go out after the commit. A DomainError leaves nothing written.

The identity (name, address, phone, e-mail, ID number) is encrypted before it is stored and is
never put in an event, an audit row, a log line or an error message. A denouncer's account is part
of that identity: a denunciation filed while signed in keeps no link to the account in the clear —
its "received" step and audit row have no actor, its documents no uploader, and the account is
found only through the encrypted identity (for the assigned resolver) and a keyed hash (for the
citizen's own list, `crypto.filer_ref`). Documents are stored encrypted (files.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from danchu.core import inputs
from danchu.core.access import guard, open_to
from danchu.core.attachments import CheckedFile, Upload, check_upload
from danchu.core.audit import audit
from danchu.core.errors import DomainError, NotFound, PermissionDenied, from_validation_error
from danchu.core.roles import Action
from danchu.core.text import fold
from danchu.core.transparency import log_record
from danchu.units.models import Level, Unit

from . import crypto, deadlines
from . import files as documents
from .errors import Code, IdempotencyConflict
from .models import (
    AttachmentStage,
    Case,
    CaseAttachment,
    CaseEvent,
    CaseIdentity,
    Channel,
    IdentityAccess,
    Kind,
    Status,
    format_tracking_code,
)
from .notify import notify
from .selectors import case_log_payload

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
CODE_LENGTH = 10  # 50 bits: not enumerable
IDENTITY_FIELDS = ("full_name", "address", "phone", "email", "id_number")
OFFICER_CHANNELS = (Channel.RECEPTION, Channel.LETTER)
LOG_TYPE = "case"


@dataclass
class Identity:
    full_name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    id_number: str = ""

    def as_dict(self) -> dict:
        return {k: (getattr(self, k) or "").strip() for k in IDENTITY_FIELDS}

    @property
    def empty(self) -> bool:
        return not any(self.as_dict().values())


def new_tracking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str:
    text = (text or "").upper().replace("O", "0").replace("I", "1").replace("L", "1")
    return "".join(ch for ch in text if ch in CODE_ALPHABET)[:CODE_LENGTH]


def format_code(code: str) -> str:
    return format_tracking_code(code)


def _today() -> dt.date:
    return timezone.localdate()


def _err(code: Code, message: str, message_en: str, field: str | None = None) -> DomainError:
    return DomainError(code, message, message_en=message_en, field=field)


def _save(case: Case) -> None:
    for name, value in deadlines.compute(case).items():
        setattr(case, name, value)
    case.search_text = fold(" ".join([case.tracking_code, case.title, case.body, case.location, case.accused,
                                       case.decision_complained]))
    try:
        case.full_clean(exclude=["unit", "assigned_to", "submitted_by", "merged_into"])
    except ValidationError as exc:
        raise from_validation_error(exc, Code.INVALID) from None
    case.save()


def _event(case: Case, actor, action: str, note: str = "", *, public: bool = True) -> None:
    CaseEvent.objects.create(case=case, actor=actor if getattr(actor, "is_authenticated", False) else None,
                             action=action, note=note, public=public)
    audit(actor=actor, action=f"case.{action}", obj=case, unit_path=case.unit_path, status=case.status)
    _log_public(case, action)


def _log_public(case: Case, action: str) -> None:
    """Every step ends with an event: when the case's content is public (selectors.PUBLIC_CASES) and
    the step changed it, the new content goes to the transparency log (nothing about the filer)."""
    payload = case_log_payload(case)
    if payload is not None:
        kind = "case.concluded" if case.kind == Kind.DENUNCIATION else f"case.{action}"
        log_record(kind=kind, object_type=LOG_TYPE, object_id=case.pk, payload=payload)


def _contact_of(case: Case) -> dict:
    """Decrypt only the contact channels for a notification; recorded as a system read."""
    row = CaseIdentity.objects.filter(case=case).first()
    if row is None:
        return {}
    data = crypto.decrypt(nonce=row.nonce, ciphertext=row.ciphertext, aad=case.tracking_code)
    IdentityAccess.objects.create(case=case, user=None, purpose="notify")
    return {"email": data.get("email", ""), "phone": data.get("phone", "")}


def _notify_later(case: Case, subject: str, text: str) -> None:
    contact = _contact_of(case)
    if contact:
        transaction.on_commit(lambda: notify(contact=contact, subject=subject, text=text))


# --- intake ------------------------------------------------------------------------------------------


MAX_BODY = 30_000  # characters: about twelve typed pages; longer documents come as attachments
MAX_FILES = 5  # per step: enough for a petition and its evidence, small enough for a phone upload


def _check_files(files: list[Upload] | None) -> list[CheckedFile]:
    """Every file checked before anything is written (core.attachments: type by content, size)."""
    files = files or []
    if len(files) > MAX_FILES:
        raise _err(Code.TOO_MANY_FILES, f"Mỗi lần gửi tối đa {MAX_FILES} tệp.", f"At most {MAX_FILES} files.", "files")
    return [check_upload(name=f.name, content=f.content) for f in files]


def _store_files(case: Case, checked: list[CheckedFile], stage: str, uploaded_by) -> None:
    """Each document encrypted under a random name (files.store); a denouncer's own documents also
    with their name encrypted (Law on Denunciations Art. 56)."""
    seal_name = case.protects_filer and stage == AttachmentStage.INTAKE
    for f in checked:
        att = CaseAttachment(case=case, stage=stage, name=f.name, kind=f.kind, content_type=f.content_type, size=f.size,
                             sha256=f.sha256,
                             uploaded_by=uploaded_by if getattr(uploaded_by, "is_authenticated", False) else None)
        documents.store(att, content=f.content, seal_name=seal_name)


def _check_intake(*, kind: str, unit: Unit, title: str, body: str, identity: Identity, decision_complained: str,
                  accused: str, violation: str, event_date: dt.date | None, received_on: dt.date, today: dt.date) -> None:
    if kind not in Kind.values:
        raise _err(Code.KIND, "Loại hồ sơ không hợp lệ.", "Unknown kind.", "kind")
    if unit.level != Level.COMMUNE or not unit.is_current:
        raise _err(Code.UNIT_INVALID, "Hồ sơ phải gửi đến một xã, phường, đặc khu đang hoạt động.",
                   "Cases go to a current commune.", "unit")
    if not title.strip() or not body.strip():
        raise _err(Code.CONTENT_REQUIRED, "Vui lòng nhập tiêu đề và nội dung.", "Title and content are required.",
                   "title" if not title.strip() else "body")
    if len(body) > MAX_BODY:
        limit = f"{MAX_BODY:,}".replace(",", ".")
        raise _err(Code.CONTENT_TOO_LONG, f"Nội dung quá dài (tối đa {limit} ký tự); tài liệu dài xin gửi dưới dạng "
                   "tệp đính kèm.", f"The content is too long (at most {MAX_BODY:,} characters); attach long documents "
                   "as files.", "body")
    # The same checks as every form that takes them (core.inputs); stored normalised ("0912345678").
    identity.phone = inputs.phone(identity.phone)
    identity.id_number = inputs.identity_number(identity.id_number)
    if event_date is not None and event_date > today:
        raise _err(Code.DATE_FUTURE, "Ngày xảy ra không được sau ngày hôm nay.", "The date is in the future.", "event_date")
    if received_on > today:
        raise _err(Code.DATE_FUTURE, "Ngày tiếp nhận không được sau ngày hôm nay.", "The date is in the future.",
                   "received_on")
    if kind == Kind.COMPLAINT:
        # Law on Complaints Art. 8(2): the complaint states the complainant's name and address
        # and the decision or act complained about.
        if not identity.full_name.strip() or not identity.address.strip():
            raise _err(Code.IDENTITY_REQUIRED, "Khiếu nại phải ghi rõ họ tên, địa chỉ của người khiếu nại "
                       "(Luật Khiếu nại, Điều 8).", "A complaint needs the complainant's name and address.", "full_name")
        if not decision_complained.strip():
            raise _err(Code.SUBJECT_REQUIRED, "Vui lòng ghi quyết định hành chính, hành vi hành chính bị khiếu nại.",
                       "State the decision or act complained about.", "decision_complained")
    if kind == Kind.DENUNCIATION:
        _check_denouncer(identity)
    if kind == Kind.DENUNCIATION and not (accused.strip() and violation.strip()):
        # Law on Denunciations Art. 23(1): the person denounced and the violation.
        raise _err(Code.SUBJECT_REQUIRED, "Tố cáo phải nêu người, cơ quan bị tố cáo và hành vi vi phạm "
                   "(Luật Tố cáo, Điều 23).", "Name the person denounced and the violation.",
                   "accused" if not accused.strip() else "violation")


def _check_denouncer(identity: Identity) -> None:
    """Law on Denunciations Art. 23(1): a denunciation gives the denouncer's name and address. Without
    them it is not a denunciation (Art. 25: it may only be received as information), so it is refused
    here with what is missing — never silently filed as feedback, where what the person typed would
    be readable by every officer of the unit."""
    missing = [(field, vi, en) for field, vi, en in (("full_name", "họ và tên", "name"), ("address", "địa chỉ", "address"))
               if not getattr(identity, field).strip()]
    if missing:
        raise _err(
            Code.IDENTITY_REQUIRED,
            f"Tố cáo phải ghi rõ họ tên và địa chỉ của người tố cáo (Luật Tố cáo, Điều 23). Còn thiếu: "
            f"{', '.join(vi for _, vi, _ in missing)}. Danh tính người tố cáo được mã hóa và giữ bí mật, chỉ người "
            f"được giao giải quyết được xem (Luật Tố cáo, Điều 47). Nếu không muốn ghi danh tính, hãy gửi dưới dạng "
            f"phản ánh: thông tin không rõ người gửi không được giải quyết như tố cáo (Luật Tố cáo, Điều 25).",
            f"A denunciation must give the denouncer's name and address (Law on Denunciations Art. 23). Missing: "
            f"{', '.join(en for _, _, en in missing)}. To stay anonymous, send feedback instead (Art. 25).",
            missing[0][0])


CITIZEN_CHANNELS = (Channel.WEB, Channel.API, Channel.OPEN311)


def _filer_scope(user, client: str) -> str:
    """Who sends: the account when signed in, else the client (its address, as the door saw it)."""
    if getattr(user, "is_authenticated", False):
        return f"account:{user.pk}"
    return f"client:{(client or '').strip()}"


def _payload_digest(**fields) -> str:
    """A keyed hash of everything the filer sent (files by their SHA-256): a retry sends the same; the
    identity is in it, so the hash is keyed — an unkeyed hash of a phone number is guessed offline."""
    uploads = fields.pop("files") or []
    data = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}
    data["files"] = [hashlib.sha256(f.content).hexdigest() for f in uploads]
    return crypto.digest("payload\n" + json.dumps(data, sort_keys=True, ensure_ascii=False, default=str))


def _replay(existing: Case, payload: str) -> tuple[Case, bool]:
    """The same key from the same filer again: the same content is a retry (the first case, not a new
    one); another content is refused and the first case is not shown."""
    if existing.idempotency_payload != payload:
        raise IdempotencyConflict()
    return existing, False


def _file(
    *, user, unit: Unit, kind: str, title: str, body: str, channel: str, received_on: dt.date | None,
    by_filer: bool, client: str = "", identity: Identity | None = None, idempotency_key: str | None = None,
    category: str = "other", decision_complained: str = "", second_time: bool = False, accused: str = "",
    violation: str = "", first_decision_on: dt.date | None = None, event_date: dt.date | None = None,
    from_board: bool = False, location: str = "", lat: float | None = None, lon: float | None = None,
    is_public: bool = False, files: list[Upload] | None = None,
) -> tuple[Case, bool]:
    """The intake itself, once the door has been chosen and checked: `by_filer` when the person files
    it themselves (`user` is then the filer, or None), else `user` is the receiving officer.

    An idempotency key is scoped to its filer and to what they sent: the same key, filer and content
    return the first case; the same key and filer with another content is refused
    (`idempotency_conflict`, HTTP 409); another filer's same key makes their own case. The database
    keeps (scope, key) unique, so concurrent retries make one case."""
    identity = identity or Identity()
    lat, lon = inputs.coordinates(lat, lon)  # finite, in range, both or neither (core.inputs)
    key = (idempotency_key or "").strip()[:80] or None
    scope = payload = ""
    if key is not None:
        scope = crypto.digest(f"idempotency\n{_filer_scope(user, client)}\n{key}")
        payload = _payload_digest(
            unit=unit.code, kind=kind, title=title, body=body, channel=channel, received_on=received_on,
            identity=identity.as_dict(), category=category, decision_complained=decision_complained,
            second_time=second_time, accused=accused, violation=violation, first_decision_on=first_decision_on,
            event_date=event_date, from_board=from_board, location=location, lat=lat, lon=lon, is_public=is_public,
            files=files)
        existing = Case.objects.filter(idempotency_scope=scope, idempotency_key=key).first()
        if existing is not None:
            return _replay(existing, payload)
    today = _today()
    received_on = received_on or today
    _check_intake(kind=kind, unit=unit, title=title, body=body, identity=identity,
                  decision_complained=decision_complained, accused=accused, violation=violation,
                  event_date=event_date, received_on=received_on, today=today)
    checked = _check_files(files)
    signed_in = by_filer and getattr(user, "is_authenticated", False)
    # Law on Denunciations Arts. 9(1), 47, 56: the denouncer's account is identity like their name.
    hide_filer = kind == Kind.DENUNCIATION and by_filer
    case = Case(
        tracking_code=new_tracking_code(), kind=kind, category=category, channel=channel, unit=unit,
        unit_path=unit.path, province_code=unit.province_code, title=title.strip()[:200], body=body.strip(),
        decision_complained=decision_complained.strip(), second_time=bool(second_time) and kind == Kind.COMPLAINT,
        first_decision_on=first_decision_on if second_time and kind == Kind.COMPLAINT else None,
        accused=accused.strip(), violation=violation.strip(),
        from_board=from_board, event_date=event_date, received_on=received_on, location=location.strip()[:300],
        lat=lat, lon=lon, is_public=is_public and kind in (Kind.FEEDBACK, Kind.RECOMMENDATION),
        idempotency_key=key, idempotency_scope=scope, idempotency_payload=payload,
        submitted_by=user if signed_in and not hide_filer else None,
        filer_ref=crypto.filer_ref(user.pk) if signed_in and hide_filer else "",
    )
    secret = identity.as_dict() if not identity.empty else {}
    if signed_in and hide_filer:
        secret["account"] = {"username": user.get_username(), "full_name": getattr(user, "full_name", "") or "",
                             "phone": getattr(user, "phone", "") or "", "email": getattr(user, "email", "") or ""}
    actor = None if hide_filer else user  # the filer's own step: no actor to show
    try:
        with transaction.atomic():
            _save(case)
            if secret:
                nonce, ciphertext, kid = crypto.encrypt(secret, aad=case.tracking_code)
                CaseIdentity.objects.create(case=case, nonce=nonce, ciphertext=ciphertext, key_id=kid)
            _store_files(case, checked, AttachmentStage.INTAKE, actor)
            _event(case, actor, "received")
    except IntegrityError:
        if key is None:
            raise
        # A concurrent retry won the race (the unique (scope, key) constraint).
        existing = Case.objects.filter(idempotency_scope=scope, idempotency_key=key).first()
        if existing is None:
            raise
        return _replay(existing, payload)
    return case, True


@open_to("anyone, with or without an account, may send feedback or a recommendation (Citizen Reception Law "
         "2013 Arts. 2, 7; Law 10/2022 Art. 34), file a complaint (Law on Complaints 2011 Arts. 2, 8) or a "
         "denunciation (Law on Denunciations 2018 Arts. 9, 23; anonymous: Art. 25) with the competent commune")
def case_submit(
    *, user, unit: Unit, channel: str = Channel.WEB, received_on: dt.date | None = None, client: str = "",
    **fields,
) -> tuple[Case, bool]:
    """A person files a case (web, API, Open311). Returns (case, created). The same idempotency key,
    from the same filer (the account, else `client`: the request's client address, from the page or
    API) with the same content, returns the first case; with another content it is refused.
    Receiving in person or by letter is an officer's step: `case_receive`.
    `fields` are `_file`'s (kind, title, body, identity, idempotency_key, …)."""
    if channel not in CITIZEN_CHANNELS:
        raise _err(Code.INVALID, "Hồ sơ tiếp nhận trực tiếp hoặc qua đơn thư do cán bộ tiếp nhận ghi vào hệ thống.",
                   "Cases received in person or by letter are recorded by the receiving officer.", "channel")
    if received_on is not None and received_on != _today():
        raise _err(Code.INVALID, "Chỉ cán bộ tiếp nhận mới ghi ngày tiếp nhận khác hôm nay.",
                   "Only officers record a past date of receipt.", "received_on")
    return _file(user=user, unit=unit, channel=channel, received_on=None, by_filer=True, client=client, **fields)


@guard(Action.CASE_HANDLE, on="unit")
def case_receive(
    *, user, unit: Unit, channel: str = Channel.RECEPTION, received_on: dt.date | None = None, **fields,
) -> tuple[Case, bool]:
    """The commune's officer records a case received in person at the reception place or by letter
    (Citizen Reception Law Arts. 15, 25-28; Decree 20/2008 Art. 9), with the day it was received
    and whether it is a board's recommendation. Returns (case, created)."""
    if channel not in OFFICER_CHANNELS:
        raise _err(Code.INVALID, "Hình thức tiếp nhận phải là trực tiếp hoặc qua đơn thư.",
                   "The channel is in person or by letter.", "channel")
    return _file(user=user, unit=unit, channel=channel, received_on=received_on, by_filer=False, **fields)


# --- officer steps -------------------------------------------------------------------------------------


def _lock(case: Case) -> Case:
    """The case's row, locked for the step. Who may act was decided by the declaration, on the unit
    the caller was shown; if the case moved to another unit meanwhile, the step stops."""
    locked = Case.objects.select_for_update().select_related("unit").get(pk=case.pk)
    if locked.unit_id != case.unit_id:
        raise _err(Code.STATE, "Hồ sơ vừa được chuyển đến đơn vị khác.", "The case has just been moved to another unit.")
    return locked


def _require_assigned(case: Case, actor, message: str, message_en: str, *, protected: bool | None = None) -> None:
    """Law on Denunciations Arts. 9(1), 47, 56: the denouncer is protected — only the officer
    assigned to resolve the denunciation reads who filed it, opens what they sent and concludes.
    `protected` defaults to the filer being a denouncer (`Case.protects_filer`)."""
    if protected is None:
        protected = case.protects_filer
    if protected and case.assigned_to_id != getattr(actor, "pk", None):
        raise PermissionDenied(message, message_en=message_en)


def _require_open(case: Case) -> None:
    if not case.is_open:
        raise _err(Code.STATE, f"Hồ sơ đang ở trạng thái “{case.get_status_display()}”, không thể thực hiện.",
                   "The case is not open.")


@guard(Action.CASE_HANDLE, on="case")
@transaction.atomic
def case_accept(*, actor, case: Case, complex_case: bool = False, especially_complex: bool = False,
                remote_area: bool = False, multi_site: bool = False) -> Case:
    """Accept (thụ lý): the resolution clock starts; the accepting officer is assigned."""
    case = _lock(case)
    if case.status != Status.RECEIVED:
        _require_open(case)
        raise _err(Code.STATE, "Hồ sơ đã được thụ lý.", "Already accepted.")
    case.status, case.accepted_on, case.assigned_to = Status.ACCEPTED, _today(), actor
    case.complex_case = complex_case or especially_complex
    case.especially_complex, case.remote_area, case.multi_site = especially_complex, remote_area, multi_site
    _save(case)
    _event(case, actor, "accepted", f"Thời hạn giải quyết: {case.resolve_due:%d/%m/%Y}" if case.resolve_due else "")
    _notify_later(case, f"Hồ sơ {format_code(case.tracking_code)} đã được thụ lý", case.title)
    return case


@guard(Action.CASE_HANDLE, on="case")
@transaction.atomic
def case_extend(*, actor, case: Case, reason: str) -> Case:
    """Extend a denunciation's resolution (Law on Denunciations Art. 30): once if complex, twice if
    especially complex, 30 days each, by written decision notified to the denouncer."""
    case = _lock(case)
    if case.status != Status.ACCEPTED or case.kind != Kind.DENUNCIATION:
        raise _err(Code.STATE, "Chỉ gia hạn được tố cáo đã thụ lý.", "Only accepted denunciations are extended.")
    if not reason.strip():
        raise _err(Code.REASON_REQUIRED, "Vui lòng ghi lý do gia hạn.", "A reason is required.", "reason")
    allowed = deadlines.extensions_allowed(complex_case=case.complex_case, especially_complex=case.especially_complex)
    if case.extensions >= allowed:
        raise _err(Code.EXTENSIONS, f"Vụ việc này được gia hạn tối đa {allowed} lần (Luật Tố cáo, Điều 30).",
                   "No extension left.")
    case.extensions += 1
    _save(case)
    _event(case, actor, "extended", f"{reason.strip()} — hạn mới {case.resolve_due:%d/%m/%Y}")
    _notify_later(case, f"Gia hạn giải quyết hồ sơ {format_code(case.tracking_code)}", reason.strip())
    return case


@guard(Action.CASE_HANDLE, on="case")
@transaction.atomic
def case_suspend(*, actor, case: Case, reason: str) -> Case:
    """Suspend the resolution of an accepted complaint or denunciation (Law on Complaints Art. 11a,
    added by Law 136/2025 and so only for a complaint it governs, deadlines.complaints_amendment_applies;
    Law on Denunciations Art. 34): the clock stops; the decision, with its
    reason, is sent to the person (within 03 working days, Decree 155/2026 Art. 28b) — here at once."""
    case = _lock(case)
    if case.status != Status.ACCEPTED or case.kind not in (Kind.COMPLAINT, Kind.DENUNCIATION):
        raise _err(Code.STATE, "Chỉ tạm đình chỉ được khiếu nại, tố cáo đã thụ lý.",
                   "Only accepted complaints and denunciations are suspended.")
    if case.kind == Kind.COMPLAINT and not deadlines.complaints_amendment_applies(case):
        raise _err(Code.NOT_IN_FORCE, "Khiếu nại tiếp nhận trước ngày 01/07/2026 không áp dụng tạm đình chỉ giải quyết "
                   "(Luật Khiếu nại, Điều 11a, được bổ sung bởi Luật 136/2025/QH15, có hiệu lực từ ngày 01/07/2026).",
                   "Suspension (Law on Complaints Art. 11a, added by Law 136/2025/QH15 in force from 1 July 2026) does "
                   "not apply to a complaint received before 1 July 2026.")
    if case.suspended_on is not None:
        raise _err(Code.SUSPENDED, f"Hồ sơ đã tạm đình chỉ từ ngày {case.suspended_on:%d/%m/%Y}.", "Already suspended.")
    if not reason.strip():
        raise _err(Code.REASON_REQUIRED, "Vui lòng ghi lý do tạm đình chỉ.", "A reason is required.", "reason")
    case.suspended_on, case.overdue = _today(), False
    _save(case)
    _event(case, actor, "suspended", f"{reason.strip()[:500]} — thời gian tạm đình chỉ không tính vào thời hạn giải quyết")
    _notify_later(case, f"Tạm đình chỉ giải quyết hồ sơ {format_code(case.tracking_code)}", reason.strip()[:400])
    return case


@guard(Action.CASE_HANDLE, on="case")
@transaction.atomic
def case_resume(*, actor, case: Case, note: str = "") -> Case:
    """Continue after a suspension: the clock runs again from the decision to continue and the
    days it stood still are added to the period. Counted as the days from the suspension to the
    continuation (the day of suspension itself was a day the clock ran, Civil Code Art. 147), so
    the person never loses a day of the period."""
    case = _lock(case)
    if case.suspended_on is None:
        raise _err(Code.STATE, "Hồ sơ không ở trạng thái tạm đình chỉ.", "The case is not suspended.")
    today = _today()
    stood_still = max(0, (today - case.suspended_on).days)
    case.suspended_days += stood_still
    case.suspended_on = None
    _save(case)
    text = f"Tiếp tục giải quyết; không tính {stood_still} ngày tạm đình chỉ" + (
        f", hạn mới {case.resolve_due:%d/%m/%Y}" if case.resolve_due else "") + (f". {note.strip()[:300]}" if note.strip() else "")
    _event(case, actor, "resumed", text)
    _notify_later(case, f"Tiếp tục giải quyết hồ sơ {format_code(case.tracking_code)}", text)
    return case


@guard(Action.CASE_HANDLE, on="case")
@transaction.atomic
def case_transfer_external(*, actor, case: Case, body: str, reason: str) -> Case:
    """Forward to a competent body outside the platform — a court, the police, a provincial
    department, a ministry (Decree 20/2008 Art. 9(1)(d); Law on Denunciations Art. 24(2); Citizen
    Reception Law Art. 28): the case closes here and the person sees where it went and why."""
    case = _lock(case)
    _require_open(case)
    body, reason = (body or "").strip(), (reason or "").strip()
    if not reason:
        raise _err(Code.REASON_REQUIRED, "Vui lòng ghi lý do chuyển.", "A reason is required.", "reason")
    if len(body) < 3:
        raise _err(Code.TRANSFER_TARGET, "Vui lòng ghi tên cơ quan có thẩm quyền nhận hồ sơ.",
                   "Name the competent body.", "body")
    today = _today()
    on_time = today <= deadlines.forward_due(case.received_on)
    case.status, case.transferred_to, case.transfer_reason = Status.TRANSFERRED, body[:300], reason[:500]
    case.resolved_on, case.on_time, case.overdue, case.suspended_on = today, on_time, False, None
    _save(case)
    note = f"Chuyển đến {case.transferred_to}: {case.transfer_reason}"
    _event(case, actor, "transferred", note + ("" if on_time else " (quá thời hạn chuyển 05 ngày làm việc)"))
    _notify_later(case, f"Hồ sơ {format_code(case.tracking_code)} đã được chuyển", note)
    return case


def _transfer_one(*, actor, case: Case, target: Unit, reason: str) -> Case:
    case = _lock(case)
    _require_open(case)
    if case.unit_id == target.pk:
        raise _err(Code.TRANSFER_TARGET, f"Hồ sơ {format_code(case.tracking_code)} đang ở chính đơn vị này.",
                   "The case is already there.", "target")
    today = _today()
    on_time = today <= deadlines.forward_due(case.received_on)
    note = f"Chuyển đến {target.name}: {reason.strip()}"
    case.transferred_to, case.transfer_reason = target.name, reason.strip()[:500]
    case.unit, case.unit_path, case.province_code = target, target.path, target.province_code
    case.status, case.accepted_on, case.assigned_to, case.overdue = Status.RECEIVED, None, None, False
    _save(case)
    _event(case, actor, "transferred", note + ("" if on_time else " (quá thời hạn chuyển 05 ngày làm việc)"))
    _notify_later(case, f"Hồ sơ {format_code(case.tracking_code)} đã được chuyển", note)
    return case


def _check_target(target_code: str, reason: str, current: Unit | None = None) -> Unit:
    if not reason.strip():
        raise _err(Code.REASON_REQUIRED, "Vui lòng ghi lý do chuyển.", "A reason is required.", "reason")
    target = Unit.objects.filter(code=(target_code or "").strip()).first()
    if target is None or target.level != Level.COMMUNE or not target.is_current:
        raise _err(Code.TRANSFER_TARGET, "Không có cơ quan, đơn vị nhận với mã này.",
                   "No such receiving body.", "target")
    if current is not None and target.pk == current.pk:
        raise _err(Code.TRANSFER_TARGET, "Hồ sơ đang ở chính đơn vị này.", "The case is already there.", "target")
    return target


@guard(Action.CASE_HANDLE, on="case")
@transaction.atomic
def case_transfer(*, actor, case: Case, target_code: str, reason: str) -> Case:
    """Forward to the competent body (Decree 20/2008 Art. 9(1)(d); Law on Denunciations Art. 24(2)):
    within 5 working days; the citizen sees where and why."""
    target = _check_target(target_code, reason, case.unit)
    return _transfer_one(actor=actor, case=case, target=target, reason=reason)


@guard(Action.CASE_HANDLE, on="unit")
@transaction.atomic
def case_bulk_transfer(*, actor, unit: Unit, cases: list[Case], target_code: str, reason: str) -> list[Case]:
    """Forward several cases of a unit's queue at once. All or nothing: one case that may not be
    moved stops the whole batch; a case that is not in this unit's queue is not found."""
    target = _check_target(target_code, reason)
    if not cases:
        raise _err(Code.INVALID, "Chưa chọn hồ sơ nào.", "No case selected.", "cases")
    ids = {c.pk for c in cases}
    if Case.objects.filter(pk__in=ids, unit_path__under=unit.path).count() != len(ids):
        raise NotFound("Không tìm thấy hồ sơ.", message_en="Case not found.")
    done = []
    for case in cases:
        done.append(_transfer_one(actor=actor, case=case, target=target, reason=reason))
    return done


@guard(Action.CASE_HANDLE, on="case")
@transaction.atomic
def case_merge(*, actor, case: Case, into: Case) -> Case:
    """Merge a duplicate into another open case of the same unit."""
    case = _lock(case)
    into = _lock(into)
    _require_open(case)
    if into.pk == case.pk or into.unit_id != case.unit_id or not into.is_open or into.kind != case.kind:
        raise _err(Code.MERGE_TARGET, "Chỉ gộp được vào một hồ sơ khác cùng loại, cùng đơn vị, đang xử lý.",
                   "Merge only into another open case of the same kind and unit.", "into")
    case.status, case.merged_into = Status.MERGED, into
    _save(case)
    _event(case, actor, "merged", f"Gộp vào hồ sơ {format_code(into.tracking_code)}")
    _event(into, actor, "merged_in", f"Gộp hồ sơ trùng {format_code(case.tracking_code)}", public=False)
    return case


@guard(Action.CASE_HANDLE, on="case")
@transaction.atomic
def case_refuse(*, actor, case: Case, ground: str) -> Case:
    """Refuse (không thụ lý) with the legal ground, told to the person (Law on Complaints Art. 27;
    Law on Denunciations Art. 24, 29)."""
    case = _lock(case)
    if case.status != Status.RECEIVED:
        raise _err(Code.STATE, "Chỉ từ chối thụ lý được hồ sơ mới tiếp nhận.", "Only new cases can be refused.")
    if not ground.strip():
        raise _err(Code.GROUND_REQUIRED, "Vui lòng ghi căn cứ pháp lý của việc không thụ lý.",
                   "The legal ground is required.", "ground")
    case.status, case.refusal_ground, case.resolved_on = Status.REFUSED, ground.strip()[:500], _today()
    case.on_time = case.accept_due is None or case.resolved_on <= case.accept_due
    _save(case)
    _event(case, actor, "refused", case.refusal_ground)
    _notify_later(case, f"Hồ sơ {format_code(case.tracking_code)} không được thụ lý", case.refusal_ground)
    return case


@guard(Action.CASE_HANDLE, on="case")
@transaction.atomic
def case_resolve(*, actor, case: Case, answer: str, decision_ref: str = "", files: list[Upload] | None = None) -> Case:
    """Answer / decide / conclude. Feedback may be answered without formal acceptance; complaints
    and denunciations must have been accepted. A denunciation's conclusion is made public (Law on
    Denunciations Art. 40) through the transparency log, without anything about the denouncer."""
    case = _lock(case)
    _require_open(case)
    if not answer.strip():
        raise _err(Code.ANSWER_REQUIRED, "Vui lòng nhập nội dung trả lời, quyết định hoặc kết luận.",
                   "An answer is required.", "answer")
    if case.kind in (Kind.COMPLAINT, Kind.DENUNCIATION) and case.status != Status.ACCEPTED:
        raise _err(Code.STATE, "Phải thụ lý trước khi ra quyết định, kết luận.", "Accept the case first.")
    if case.suspended_on is not None:
        raise _err(Code.SUSPENDED, "Việc giải quyết đang tạm đình chỉ: ghi “Tiếp tục giải quyết” trước.",
                   "The resolution is suspended: resume it first.")
    _require_assigned(case, actor, "Chỉ người được giao giải quyết tố cáo mới ra kết luận.",
                      "Only the assigned officer concludes a denunciation.", protected=case.kind == Kind.DENUNCIATION)
    checked = _check_files(files)
    today = _today()
    due = case.resolve_due or case.accept_due
    case.status, case.answer, case.decision_ref, case.resolved_on = Status.RESOLVED, answer.strip(), decision_ref.strip(), today
    case.on_time, case.overdue = (due is None or today <= due), False
    if case.assigned_to_id is None:
        case.assigned_to = actor
    _save(case)
    _store_files(case, checked, AttachmentStage.RESOLUTION, actor)
    _event(case, actor, "resolved", case.decision_ref)  # a denunciation's conclusion is logged there
    _notify_later(case, f"Kết quả giải quyết hồ sơ {format_code(case.tracking_code)}", case.answer[:400])
    return case


# --- identity -------------------------------------------------------------------------------------------


@guard(Action.CASE_HANDLE, on="case")
@transaction.atomic
def case_identity_read(*, actor, case: Case, purpose: str = "resolve") -> dict:
    """The filer's identity, for the unit's case officers; for a denunciation only the officer
    assigned to resolve it (Law on Denunciations Arts. 9(1), 47, 56), with the account it was filed
    from (`account`) when the denouncer was signed in. Each read is written to the access log first."""
    case = _lock(case)
    _require_assigned(case, actor, "Chỉ người được giao giải quyết tố cáo mới được xem danh tính người tố cáo "
                      "(Luật Tố cáo, Điều 9, 47, 56).", "Only the assigned officer may read a denouncer's identity.")
    row = CaseIdentity.objects.filter(case=case).first()
    if row is None:
        return {}
    IdentityAccess.objects.create(case=case, user=actor, purpose=purpose[:40])
    return crypto.decrypt(nonce=row.nonce, ciphertext=row.ciphertext, aad=case.tracking_code)


@guard(Action.CASE_HANDLE, on=lambda args: getattr(args.get("attachment"), "case", None))
@transaction.atomic
def case_attachment_open(*, actor, attachment: CaseAttachment) -> documents.OpenedFile:
    """An officer opens a document of a case of their unit: its content and name, decrypted. A
    denunciation's own documents are opened only by the officer assigned to resolve it, and each
    opening is logged like a read of the identity (Law on Denunciations Arts. 9(1), 56)."""
    if attachment.stage == AttachmentStage.INTAKE:
        case = _lock(attachment.case)
        _require_assigned(case, actor, "Chỉ người được giao giải quyết tố cáo mới được mở tài liệu người tố cáo gửi "
                          "(Luật Tố cáo, Điều 9, 56).", "Only the assigned officer may open the denouncer's documents.")
        if case.protects_filer:
            IdentityAccess.objects.create(case=case, user=actor, purpose=f"attachment:{attachment.pk}"[:40])
    return documents.read(attachment)


# --- daily sweep -----------------------------------------------------------------------------------------


def cases_sweep(*, today: dt.date | None = None, remind_days: int = 2) -> dict:
    """Flag overdue cases and remind assigned officers of deadlines within `remind_days` days. Both go by
    `next_due`, the earliest deadline binding the case's current state (deadlines.next_due): a case is
    flagged on the day after it. Idempotent: a case is reminded once per day and flagged once."""
    today = today or _today()
    with transaction.atomic():
        flagged = Case.objects.filter(status__in=[Status.RECEIVED, Status.ACCEPTED], overdue=False,
                                      next_due__lt=today).update(overdue=True)
    soon = list(Case.objects.filter(status__in=[Status.RECEIVED, Status.ACCEPTED], next_due__gte=today,
                                    next_due__lte=today + dt.timedelta(days=remind_days))
                .exclude(reminded_on=today).select_related("assigned_to"))
    reminded = 0
    for case in soon:
        with transaction.atomic():
            if Case.objects.filter(pk=case.pk).exclude(reminded_on=today).update(reminded_on=today) == 0:
                continue
            officer = case.assigned_to
            if officer is not None and getattr(officer, "email", ""):
                subject = f"Sắp đến hạn: hồ sơ {format_code(case.tracking_code)} ({case.next_due:%d/%m/%Y})"
                transaction.on_commit(lambda o=officer, s=subject, c=case: notify(
                    contact={"email": o.email}, subject=s, text=c.title))
            reminded += 1
    return {"overdue_flagged": flagged, "reminded": reminded}

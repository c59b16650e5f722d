"""Every write about disclosures: draft, publish, correct, withdraw, ask a question.

Each service declares its rule (core.access.guard: the action, on the disclosure's organization if
it has one, else its unit — 404 outside the caller's scope, 403 inside it without the right),
validates, writes in one transaction and, for publish / correct / withdraw, appends the
disclosure's canonical record to the transparency log in that same transaction — so a change that
does not commit leaves no entry, and an entry always describes a change that did.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from danchu.core import inputs
from danchu.core.access import guard, open_to
from danchu.core.attachments import CheckedFile, Upload, check_upload
from danchu.core.audit import audit
from danchu.core.calendar import add_days_ending_on_working_day, add_working_days
from danchu.core.errors import DomainError, NotFound, from_validation_error
from danchu.core.registry import announce
from danchu.core.roles import Action
from danchu.core.text import search_words
from danchu.core.transparency import log_append
from danchu.units.models import Level, Organization, OrganizationKind, Unit

from .catalogue import channels_for
from .errors import Code
from .models import (
    Attachment,
    Channel,
    DeadlineUnit,
    Disclosure,
    DisclosureCategory,
    DisclosureQuestion,
    DisclosureVersion,
    PersonRow,
    QuestionStatus,
    Scope,
    Status,
)
from .selectors import disclosure_list_for_organization, disclosure_log_payload

LOG_TYPE = "disclosure"
_WEB = Channel.WEBSITE.value


@dataclass
class Content:
    """What an officer types for one version."""

    title: str = ""
    body: str = ""
    channels: list[str] = field(default_factory=list)
    decision_ref: str = ""
    decision_date: dt.date | None = None
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    people: list[dict] | None = None  # [{full_name, hamlet, benefit, amount}] for list categories


# --- checks ----------------------------------------------------------------------------------------


def _check_category(category: DisclosureCategory, *, unit: Unit, organization: Organization | None) -> None:
    if not unit.is_current:
        raise DomainError(Code.UNIT_FORMER, "Đơn vị này đã thôi tồn tại từ ngày sắp xếp; hãy công khai tại đơn vị kế thừa.",
                          message_en="This unit no longer exists; publish at its successor.")
    if organization is not None and organization.unit_id != unit.pk:
        raise DomainError(Code.ORGANIZATION_UNIT, "Cơ quan, doanh nghiệp không thuộc đơn vị này.",
                          message_en="The organization does not belong to this unit.", field="organization")
    ok = (
        (category.scope == Scope.COMMUNE and organization is None and unit.level == Level.COMMUNE)
        or (category.scope == Scope.AGENCY and organization is not None
            and organization.kind in (OrganizationKind.AGENCY, OrganizationKind.PUBLIC_SERVICE_UNIT))
        or (category.scope == Scope.ENTERPRISE and organization is not None and organization.kind == OrganizationKind.ENTERPRISE)
    )
    if not category.is_active or not ok:
        raise DomainError(
            Code.CATEGORY_SCOPE,
            f"Danh mục “{category.name}” ({category.clause_label}) không áp dụng cho "
            f"{organization.name if organization else unit.name}.",
            message_en="This category does not apply to this unit or organization.", field="category",
        )


_CCCD = re.compile(r"(?<!\d)\d{9}(\d{3})?(?!\d)")  # 9-digit CMND or 12-digit CCCD
_PHONE = re.compile(r"(?<!\d)(\+?84|0)\d{9,10}(?!\d)")
PERSON_FIELDS = {"full_name", "hamlet", "benefit", "amount"}


def _clean_people(category: DisclosureCategory, people: list[dict] | None) -> list[dict]:
    """Law Art. 11 items 7–9 require the list of beneficiaries / citizens and the results: name,
    village, the support or result, the amount. Nothing more about a person is published
    (identity numbers, birth dates, phone numbers, street addresses are refused)."""
    if not people:
        return []
    if not category.has_person_list:
        raise DomainError(Code.PEOPLE_NOT_ALLOWED, "Danh mục này không công khai danh sách người.",
                          message_en="This category does not publish a list of people.", field="people")
    rows = []
    for i, row in enumerate(people, 1):
        extra = set(row) - PERSON_FIELDS
        if extra:
            raise DomainError(Code.PERSON_DATA, f"Dòng {i}: chỉ được công khai họ tên, thôn, chế độ/kết quả và số tiền "
                              f"(không công khai: {', '.join(sorted(extra))}).",
                              message_en=f"Row {i}: only name, village, benefit and amount may be published.", field="people")
        name = str(row.get("full_name") or "").strip()
        if not name:
            raise DomainError(Code.INVALID, f"Dòng {i}: thiếu họ và tên.", message_en=f"Row {i}: name missing.", field="people")
        texts = [name, str(row.get("hamlet") or ""), str(row.get("benefit") or "")]
        if any(_CCCD.search(t) or _PHONE.search(t) for t in texts):
            raise DomainError(Code.PERSON_DATA, f"Dòng {i}: có số giấy tờ tùy thân hoặc số điện thoại; "
                              "không được công khai các thông tin này.",
                              message_en=f"Row {i}: identity or phone numbers may not be published.", field="people")
        amount = row.get("amount")
        if amount in ("", None):
            amount = None
        else:
            try:
                amount = int(str(amount).replace(".", "").replace(",", "").strip())
            except ValueError:
                raise DomainError(Code.INVALID, f"Dòng {i}: số tiền không hợp lệ.", message_en=f"Row {i}: invalid amount.",
                                  field="people") from None
            if amount < 0:
                raise DomainError(Code.INVALID, f"Dòng {i}: số tiền không được âm.", message_en="Negative amount.", field="people")
        rows.append({"full_name": name[:120], "hamlet": str(row.get("hamlet") or "").strip()[:120],
                     "benefit": str(row.get("benefit") or "").strip()[:200], "amount": amount})
    return rows


def _clean_channels(category: DisclosureCategory, channels: list[str], *, publishing: bool,
                    organization_id: int | None) -> list[str]:
    chosen = list(dict.fromkeys(c for c in channels if c))
    # The disclosing body's own forms of publicity (Art. 12(1) for a commune; Arts. 47(1), 65(1) for
    # an agency or enterprise), whatever the category row says.
    body = channels_for(organization=organization_id)
    bad = [c for c in chosen if c not in body or c not in category.allowed_channels]
    if bad:
        raise DomainError(Code.CHANNEL_NOT_ALLOWED, "Hình thức công khai không phù hợp với nội dung hoặc với nơi công khai: "
                          + "; ".join(Channel(c).label if c in Channel.values else c for c in bad) + ".",
                          message_en="Channel not allowed for this content or this disclosing body.", field="channels")
    # Law Art. 13(1): where the commune has a website, everything is published there — publishing
    # on this platform is that web publication.
    if category.scope == Scope.COMMUNE and _WEB not in chosen:
        chosen.append(_WEB)
    if publishing:
        missing = [c for c in category.required_channels if c not in chosen]
        if missing:
            labels = "; ".join(Channel(c).label for c in missing)
            raise DomainError(Code.CHANNEL_REQUIRED, f"Theo {category.clause_label} và Điều 13, nội dung này phải được: {labels}.",
                              message_en="Required channels missing (Law Art. 13).", field="channels")
        if category.required_any_channels and not set(category.required_any_channels) & set(chosen):
            labels = " hoặc ".join(Channel(c).label for c in category.required_any_channels)
            raise DomainError(Code.CHANNEL_REQUIRED, f"Cần công khai qua: {labels} (Điều 48, 66).",
                              message_en="One of the required channels is missing (Arts. 48, 66).", field="channels")
    return sorted(chosen)


def _check_content(content: Content) -> None:
    if not (content.title or "").strip():
        raise DomainError(Code.TITLE_REQUIRED, "Tiêu đề không được để trống.", message_en="Title is required.", field="title")


def _check_uploads(uploads: list[Upload] | None, existing: int = 0) -> list[CheckedFile]:
    from django.conf import settings

    checked = [check_upload(name=u.name, content=u.content) for u in uploads or []]
    if existing + len(checked) > settings.DANCHU_ATTACHMENTS_PER_DISCLOSURE:
        raise DomainError(Code.ATTACHMENT_COUNT, f"Tối đa {settings.DANCHU_ATTACHMENTS_PER_DISCLOSURE} tệp đính kèm.",
                          message_en="Too many attachments.", field="files")
    return checked


# --- writing helpers ---------------------------------------------------------------------------------


def _search_fields(version: DisclosureVersion, attachment_names: list[str]) -> tuple[str, str]:
    # core.text.search_words: the whole words a search matches (selectors._search).
    title = search_words(version.title)
    text = search_words(" ".join(t for t in [version.title, version.body, version.decision_ref, *attachment_names] if t),
                        distinct=True)
    return title[:300], text


def _save_version(version: DisclosureVersion, content: Content, category: DisclosureCategory, *, publishing: bool,
                  people: list[dict]) -> None:
    version.title = content.title.strip()[:300]
    version.body = (content.body or "").strip()
    version.channels = _clean_channels(category, content.channels, publishing=publishing,
                                       organization_id=version.disclosure.organization_id)
    version.decision_ref = (content.decision_ref or "").strip()[:100]
    version.decision_date = content.decision_date
    version.effective_from = content.effective_from
    version.effective_to = content.effective_to
    version.period_start = content.period_start
    version.period_end = content.period_end
    try:
        version.full_clean(exclude=["disclosure"])
    except ValidationError as exc:
        raise from_validation_error(exc, code=Code.INVALID) from exc
    version.save()
    if content.people is not None:
        PersonRow.objects.filter(version=version).delete()
        PersonRow.objects.bulk_create([PersonRow(version=version, position=i, **row) for i, row in enumerate(people)])


def _store_files(version: DisclosureVersion, files: list[CheckedFile], start: int = 0) -> None:
    for i, f in enumerate(files, start):
        att = Attachment(version=version, position=i, name=f.name, kind=f.kind, content_type=f.content_type, size=f.size,
                         sha256=f.sha256)
        att.file.save(f.name, ContentFile(f.content), save=False)
        att.save()


def _copy_to_disclosure(disclosure: Disclosure, version: DisclosureVersion) -> None:
    names = list(version.attachments.values_list("name", flat=True))
    disclosure.title = version.title
    disclosure.search_title, disclosure.search_text = _search_fields(version, names)
    disclosure.decision_date = version.decision_date
    disclosure.period_start = version.period_start
    disclosure.period_end = version.period_end


def due_date(category: DisclosureCategory, decision_date: dt.date | None) -> dt.date | None:
    """The latest day to publish: Art. 12(3) and 47(2): 05 working days after the decision; Art.
    65(2): 15 days (calendar; a period ending on a day off ends on the next working day, Civil Code
    Art. 148). The decision day itself is not counted (Civil Code Art. 147)."""
    if decision_date is None or category.deadline_value is None:
        return None
    if category.deadline_unit == DeadlineUnit.WORKING_DAYS:
        return add_working_days(decision_date, category.deadline_value)
    return add_days_ending_on_working_day(decision_date, category.deadline_value)


def posted_until(category: DisclosureCategory, posted_on: dt.date) -> dt.date | None:
    """Last day of the minimum posting period: N consecutive days counted from the day after
    posting (Civil Code Art. 147) — Art. 13(2): 30 days; Arts. 48, 66: 20 days. None when the
    item is posted permanently (Art. 13(2): items 4 and 13) or has no minimum."""
    if category.permanent or not category.min_posting_days:
        return None
    return posted_on + dt.timedelta(days=category.min_posting_days)


def _log(disclosure: Disclosure, kind: str) -> None:
    fresh = Disclosure.objects.select_related("unit", "category").get(pk=disclosure.pk)
    log_append(kind=kind, object_type=LOG_TYPE, object_id=disclosure.pk, payload=disclosure_log_payload(fresh))


# --- use cases -----------------------------------------------------------------------------------------


# Law Art. 14: the commune People's Committee discloses; Arts. 46-48, 64-66: the head of an agency or
# enterprise discloses internally — an organization's disclosures only by grants on it.
@guard(Action.DISCLOSURE_PUBLISH, on=("organization", "unit"))
@transaction.atomic
def disclosure_create_draft(*, user, unit: Unit, category: DisclosureCategory, content: Content,
                            organization: Organization | None = None, files: list[Upload] | None = None) -> Disclosure:
    _check_category(category, unit=unit, organization=organization)
    _check_content(content)
    people = _clean_people(category, content.people)
    checked = _check_uploads(files)
    disclosure = Disclosure.objects.create(
        unit=unit, organization=organization, category=category, status=Status.DRAFT, unit_path=unit.path,
        province_code=unit.province_code, title=content.title.strip()[:300], created_by=user,
    )
    version = DisclosureVersion(disclosure=disclosure, number=1, created_by=user)
    _save_version(version, content, category, publishing=False, people=people)
    _store_files(version, checked)
    _copy_to_disclosure(disclosure, version)
    disclosure.save()
    audit(actor=user, action="disclosure.draft", obj=disclosure, unit_path=unit.path, category=category.code)
    return disclosure


def _lock(disclosure: Disclosure) -> Disclosure:
    # Lock only the disclosure's row (PostgreSQL refuses FOR UPDATE on the nullable organization join).
    return Disclosure.objects.select_for_update(of=("self",)).select_related("unit", "category", "organization").get(
        pk=disclosure.pk
    )


@guard(Action.DISCLOSURE_PUBLISH, on="disclosure")
@transaction.atomic
def disclosure_update_draft(*, user, disclosure: Disclosure, content: Content, files: list[Upload] | None = None,
                            remove_attachments: list[int] | None = None) -> Disclosure:
    disclosure = _lock(disclosure)
    if disclosure.status != Status.DRAFT:
        raise DomainError(Code.NOT_DRAFT, "Chỉ sửa được bản nháp; thông tin đã công khai thì đính chính (tạo phiên bản mới).",
                          message_en="Only drafts can be edited; correct a published disclosure instead.")
    _check_content(content)
    people = _clean_people(disclosure.category, content.people)
    version = disclosure.versions.get(number=disclosure.current_version)
    if remove_attachments:
        version.attachments.filter(pk__in=remove_attachments).delete()  # a draft's file was never public
    checked = _check_uploads(files, existing=version.attachments.count())
    _save_version(version, content, disclosure.category, publishing=False, people=people)
    _store_files(version, checked, start=version.attachments.count())
    _copy_to_disclosure(disclosure, version)
    disclosure.save()
    audit(actor=user, action="disclosure.update_draft", obj=disclosure, unit_path=disclosure.unit_path)
    return disclosure


@guard(Action.DISCLOSURE_PUBLISH, on="disclosure")
@transaction.atomic
def disclosure_add_attachment(*, user, disclosure: Disclosure, upload: Upload) -> Attachment:
    disclosure = _lock(disclosure)
    if disclosure.status != Status.DRAFT:
        raise DomainError(Code.NOT_DRAFT, "Chỉ thêm tệp vào bản nháp; thông tin đã công khai thì đính chính.",
                          message_en="Attachments can be added to drafts only.")
    version = disclosure.versions.get(number=disclosure.current_version)
    existing = version.attachments.count()
    checked = _check_uploads([upload], existing=existing)
    _store_files(version, checked, start=existing)
    _copy_to_disclosure(disclosure, version)
    disclosure.save()
    audit(actor=user, action="disclosure.attach", obj=disclosure, unit_path=disclosure.unit_path, sha256=checked[0].sha256)
    return version.attachments.order_by("-position", "-pk").first()


@dataclass
class Result:
    disclosure: Disclosure
    warnings: list[str]


def _warnings(disclosure: Disclosure, version: DisclosureVersion) -> list[str]:
    category = disclosure.category
    warnings = []
    missing = [c for c in category.recommended_channels if c not in version.channels]
    if missing:
        warnings.append(
            f"Theo Điều 13 khoản 3, nội dung này còn phải phát trên hệ thống loa truyền thanh ít nhất "
            f"{category.loudspeaker_days or 3} ngày liên tục (nơi có hệ thống loa)."
        )
    if disclosure.on_time is False:
        warnings.append(f"Công khai muộn: hạn chót là {disclosure.due_on:%d/%m/%Y} ({category.deadline_basis}).")
    return warnings


@guard(Action.DISCLOSURE_PUBLISH, on="disclosure")
@transaction.atomic
def disclosure_publish(*, user, disclosure: Disclosure, today: dt.date | None = None) -> Result:
    disclosure = _lock(disclosure)
    if disclosure.status != Status.DRAFT:
        raise DomainError(Code.NOT_DRAFT, "Thông tin này đã được công khai.", message_en="Already published.")
    _check_category(disclosure.category, unit=disclosure.unit, organization=disclosure.organization)
    version = disclosure.versions.get(number=disclosure.current_version)
    # Publishing enforces the mandatory channels (Art. 13), which a draft may still lack.
    version.channels = _clean_channels(disclosure.category, version.channels, publishing=True,
                                       organization_id=disclosure.organization_id)
    now = timezone.now()
    today = today or timezone.localdate()
    version.published_at = now
    version.save(update_fields=["channels", "published_at"])
    disclosure.status = Status.PUBLISHED
    disclosure.published_at = now
    disclosure.published_on = today
    disclosure.due_on = due_date(disclosure.category, version.decision_date)
    disclosure.on_time = None if disclosure.due_on is None else today <= disclosure.due_on
    disclosure.posted_until = posted_until(disclosure.category, today)
    disclosure.save()
    audit(actor=user, action="disclosure.publish", obj=disclosure, unit_path=disclosure.unit_path)
    _log(disclosure, "disclosure.publish")
    return Result(disclosure, _warnings(disclosure, version))


@guard(Action.DISCLOSURE_PUBLISH, on="disclosure")
@transaction.atomic
def disclosure_correct(*, user, disclosure: Disclosure, content: Content, note: str, files: list[Upload] | None = None,
                       keep_attachments: list[int] | None = None, today: dt.date | None = None) -> Result:
    """A correction is a new published version; the previous one stays visible as superseded.

    Law Art. 14: changed information must be disclosed again — the new version is posted for
    the full minimum period from the day of the correction. Attachments of the previous version
    are kept unless left out of `keep_attachments` (None keeps all)."""
    disclosure = _lock(disclosure)
    if disclosure.status != Status.PUBLISHED:
        code, msg = ((Code.ALREADY_WITHDRAWN, "Thông tin đã bị thu hồi, không đính chính được.")
                     if disclosure.status == Status.WITHDRAWN else (Code.NOT_PUBLISHED, "Chưa công khai: hãy sửa bản nháp."))
        raise DomainError(code, msg, message_en="Only a published disclosure can be corrected.")
    if not (note or "").strip():
        raise DomainError(Code.REASON_REQUIRED, "Cần ghi lý do đính chính.", message_en="A reason for the correction is required.",
                          field="note")
    _check_content(content)
    people = _clean_people(disclosure.category, content.people)
    old = disclosure.versions.get(number=disclosure.current_version)
    kept = [a for a in old.attachments.all() if keep_attachments is None or a.pk in keep_attachments]
    checked = _check_uploads(files, existing=len(kept))
    now = timezone.now()
    today = today or timezone.localdate()
    old.superseded_at = now
    old.save(update_fields=["superseded_at"])
    version = DisclosureVersion(disclosure=disclosure, number=old.number + 1, created_by=user,
                                correction_note=note.strip(), published_at=now)
    if content.people is None:
        content.people = [
            {"full_name": p.full_name, "hamlet": p.hamlet, "benefit": p.benefit, "amount": p.amount} for p in old.people.all()
        ]
        people = content.people
    _save_version(version, content, disclosure.category, publishing=True, people=people)
    for i, a in enumerate(kept):  # the same stored file, referenced again (never deleted)
        Attachment.objects.create(version=version, position=i, file=a.file.name, name=a.name, kind=a.kind,
                                  content_type=a.content_type, size=a.size, sha256=a.sha256)
    _store_files(version, checked, start=len(kept))
    disclosure.current_version = version.number
    _copy_to_disclosure(disclosure, version)
    until = posted_until(disclosure.category, today)
    disclosure.posted_until = max(filter(None, [disclosure.posted_until, until]), default=None)
    disclosure.save()
    audit(actor=user, action="disclosure.correct", obj=disclosure, unit_path=disclosure.unit_path, version=version.number)
    _log(disclosure, "disclosure.correct")
    return Result(disclosure, _warnings(disclosure, version))


@guard(Action.DISCLOSURE_PUBLISH, on="disclosure")
@transaction.atomic
def disclosure_withdraw(*, user, disclosure: Disclosure, reason: str) -> Disclosure:
    """Withdraw with a reason. Nothing is deleted: the page shows it as withdrawn, with the reason."""
    disclosure = _lock(disclosure)
    if disclosure.status == Status.WITHDRAWN:
        raise DomainError(Code.ALREADY_WITHDRAWN, "Thông tin này đã được thu hồi trước đó.", message_en="Already withdrawn.")
    if disclosure.status != Status.PUBLISHED:
        raise DomainError(Code.NOT_PUBLISHED, "Bản nháp chưa công khai nên không cần thu hồi.",
                          message_en="A draft is not public and cannot be withdrawn.")
    if not (reason or "").strip():
        raise DomainError(Code.REASON_REQUIRED, "Cần ghi lý do thu hồi.", message_en="A reason is required.", field="reason")
    disclosure.status = Status.WITHDRAWN
    disclosure.withdrawn_at = timezone.now()
    disclosure.withdrawn_reason = reason.strip()[:2000]
    disclosure.save()
    audit(actor=user, action="disclosure.withdraw", obj=disclosure, unit_path=disclosure.unit_path)
    _log(disclosure, "disclosure.withdraw")
    return disclosure


@open_to("anyone may ask about a public disclosure, with or without an account (Law Art. 14)")
@transaction.atomic
def question_ask(*, user, disclosure: Disclosure, text: str, phone: str = "", email: str = "") -> DisclosureQuestion:
    """A person's question about a public disclosure (Law Art. 14: citizens may ask about disclosed
    information and have it answered; Art. 5: the right to request information). Without an account
    an optional phone or e-mail lets the officers send the answer; the page limits how often one
    client and one unit may receive such questions (core.ratelimit). Stored beside the disclosure and
    announced as the fact "disclosure.question": the cases app files it as a feedback case, in the
    same transaction, and its tracking code is kept on the question (`case_code`). Answering is the
    officers' step on that case, under its own rule."""
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    if disclosure.organization_id is not None:
        # An organization's disclosure is not public: only its people read it (Arts. 46-48, 64-66),
        # and only they may ask about it — outside the organization it does not exist (404).
        if not signed_in:
            raise NotFound("Không tìm thấy thông tin công khai này.", message_en="No such disclosure.")
        disclosure_list_for_organization.authorize(user=user, organization=disclosure.organization)
    if not disclosure.is_public:
        raise DomainError(Code.NOT_PUBLISHED, "Thông tin này chưa được công khai.", message_en="Not published.")
    text = (text or "").strip()
    if not text:
        raise DomainError(Code.QUESTION_EMPTY, "Câu hỏi không được để trống.", message_en="The question is empty.", field="text")
    phone = inputs.phone(phone, field="phone")
    email = inputs.one_line((email or "").strip(), field="email")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise DomainError(Code.EMAIL_INVALID, "Địa chỉ thư điện tử không hợp lệ.", message_en="Invalid e-mail address.",
                              field="email") from None
    with transaction.atomic():
        question = DisclosureQuestion.objects.create(
            disclosure=disclosure, version_number=disclosure.current_version, author=user if signed_in else None,
            text=text[:4000], contact_phone=phone[:15], contact_email=email[:254], unit_path=disclosure.unit_path,
        )
        # A question about a commune's disclosure becomes the commune's feedback case; one about an
        # organization's internal disclosure stays with the organization (its head sees it on the
        # disclosure's page): the commune does not receive an organization's internal records.
        codes = [] if disclosure.organization_id is not None else [c for c in announce(
            "disclosure.question", user=user, unit=disclosure.unit, title=f"Hỏi về thông tin công khai: {disclosure.title}",
            text=question.text, reference=f"/u/{disclosure.unit.code}/cong-khai/{disclosure.pk}/",
            idempotency_key=f"disclosure-question-{question.pk}", phone=question.contact_phone,
            email=question.contact_email,
        ) if c]
        if codes:
            question.case_code, question.status = codes[0], QuestionStatus.CASE
            question.save(update_fields=["case_code", "status"])
        audit(actor=user if signed_in else None, action="disclosure.question", obj=question,
              unit_path=disclosure.unit_path)
    return question

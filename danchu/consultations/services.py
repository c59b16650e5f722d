"""Every write about consultations: prepare a draft (paste or DOCX, split, edit the split), publish it
for comment, comment, vote agree/disagree/pass, enter opinions collected at meetings or on paper,
hide an abusive opinion with a reason, answer every opinion (tiếp thu / giải trình), publish the
synthesis report (logged in the transparency log).

Each service declares its access rule (`core.access.guard`: the action, on the consultation — an
organization's staff consultation is reached only by grants on that organization, Law Arts. 53-55,
71 —, or `open_to` for what a resident or staff member does), validates, writes in one transaction
with an audit row, and raises a DomainError with a stable code and a Vietnamese message on bad input. Counts the pages
show (votes per opinion, opinions per section, participants) are updated here with F() expressions in
the same transaction, so a page never counts rows. Concurrency: a vote takes the row lock of its
existing vote (or inserts under the unique constraint and retries once as an update); the counters
move by deltas, so concurrent votes never lose one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from danchu.core.access import guard, open_to
from danchu.core.audit import audit
from danchu.core.calendar import add_working_days
from danchu.core.errors import DomainError, NotFound, PermissionDenied
from danchu.core.roles import Action
from danchu.core.text import fold
from danchu.core.transparency import log_append
from danchu.units.models import Level, Organization, Unit

from .errors import Code
from .models import (
    ORG_KINDS,
    UNIT_KINDS,
    AnswerKind,
    Consultation,
    Form,
    Kind,
    Opinion,
    OpinionStatus,
    Participant,
    Report,
    Section,
    Source,
    Status,
    Vote,
)
from .selectors import consultation_visible, may_take_part, period_state, report_log_payload
from .splitter import DEPTH, KINDS, split_draft

LOG_TYPE = "consultation"
MIN_DAYS = 20  # Law Art. 28(2): at least 20 days from publication unless a sector law says otherwise
MAX_COMMENT = 5000
MAX_SECTIONS = 2000
MAP_EVERY_VOTES = 500  # enqueue a map refresh every so many votes (and at the end of the period)


def _err(code: Code, vi: str, en: str, field: str | None = None) -> DomainError:
    return DomainError(code, vi, message_en=en, field=field)


def _locked(pk: int) -> Consultation:
    c = (Consultation.objects.select_for_update(no_key=True, of=("self",)).select_related("unit", "organization")
         .filter(pk=pk).first())
    if c is None:
        raise NotFound()
    return c


# --- preparing the draft ----------------------------------------------------------------------------


@dataclass
class ConsultationInput:
    kind: str
    title: str
    closes_at: dt.datetime
    opens_at: dt.datetime | None = None
    summary: str = ""
    forms: list[str] | None = None
    period_basis: str = ""
    answer_due: dt.date | None = None
    draft_text: str = ""


def _check_period(opens_at: dt.datetime | None, closes_at: dt.datetime | None, basis: str, *, for_org: bool) -> None:
    if closes_at is None:
        raise _err(Code.PERIOD_INVALID, "Cần nhập thời hạn kết thúc lấy ý kiến.", "A closing time is required.", "closes_at")
    start = opens_at or timezone.now()
    if closes_at <= start:
        raise _err(Code.PERIOD_INVALID, "Thời hạn kết thúc phải sau thời điểm bắt đầu lấy ý kiến.",
                   "The period must end after it starts.", "closes_at")
    if not for_org and closes_at - start < dt.timedelta(days=MIN_DAYS) and not basis.strip():
        # Law Art. 28(2): at least 20 days from publication unless a sector law sets another period —
        # a shorter period therefore needs that law's reference (the reading that protects residents).
        raise _err(Code.PERIOD_TOO_SHORT,
                   f"Thời gian lấy ý kiến tối thiểu là {MIN_DAYS} ngày kể từ ngày công khai (Điều 28 khoản 2 Luật Thực "
                   "hiện dân chủ ở cơ sở). Nếu luật chuyên ngành quy định thời hạn khác, ghi rõ căn cứ.",
                   f"The consultation must last at least {MIN_DAYS} days (Art. 28(2)) unless a sector law says otherwise.",
                   "closes_at")


def _clean_input(data: ConsultationInput, *, for_org: bool) -> None:
    if data.kind not in (ORG_KINDS if for_org else UNIT_KINDS):
        raise _err(Code.KIND_INVALID,
                   "Nội dung không thuộc các nội dung người lao động tham gia ý kiến (Điều 53, Điều 71)." if for_org
                   else "Nội dung không thuộc các nội dung Nhân dân tham gia ý kiến (Điều 25).",
                   "Not a content listed for consultation.", "kind")
    if not (data.title or "").strip():
        raise _err(Code.TITLE_REQUIRED, "Cần nhập tên dự thảo.", "A title is required.", "title")
    bad = [f for f in (data.forms or []) if f not in Form.values]
    if bad:
        raise _err(Code.SCOPE_INVALID, "Hình thức lấy ý kiến không hợp lệ (Điều 26).", "Unknown form.", "forms")
    _check_period(data.opens_at, data.closes_at, data.period_basis, for_org=for_org)


@guard(Action.CONSULTATION_MANAGE, on=("organization", "unit"))
def consultation_create(*, actor, data: ConsultationInput, unit: Unit | None = None,
                        organization: Organization | None = None) -> Consultation:
    """Law Art. 28(1): the commune People's Committee prepares the consultation (content, form,
    timetable); Arts. 55, 71-72: the head of an agency or enterprise for its staff."""
    if organization is not None:
        unit = organization.unit
    else:
        if unit.level != Level.COMMUNE:
            raise _err(Code.SCOPE_INVALID, "Chính quyền cấp xã lấy ý kiến Nhân dân (Điều 25, 28); chọn một xã.",
                       "Residents are consulted by the commune.", "unit")
    _clean_input(data, for_org=organization is not None)
    text = (data.draft_text or "").strip()
    with transaction.atomic():
        c = Consultation.objects.create(
            unit=unit, organization=organization, kind=data.kind, title=data.title.strip()[:300],
            summary=(data.summary or "").strip(), forms=sorted(set(data.forms or [])), opens_at=data.opens_at,
            closes_at=data.closes_at, period_basis=(data.period_basis or "").strip()[:300], answer_due=data.answer_due,
            created_by=actor, search_text=fold(f"{data.title} {data.summary}"),
        )
        if text:
            _replace_draft(c, text, name="")
        audit(actor=actor, action="consultations.create", obj=c, unit_path=unit.path, kind=c.kind)
    return c


def _replace_draft(c: Consultation, text: str, *, name: str) -> int:
    parts = split_draft(text)
    if not parts:
        raise _err(Code.DRAFT_EMPTY, "Dự thảo không có nội dung.", "The draft is empty.", "draft_text")
    if len(parts) > MAX_SECTIONS:
        raise _err(Code.SECTIONS_INVALID, f"Dự thảo chia thành quá nhiều phần (tối đa {MAX_SECTIONS}).",
                   "Too many sections.", "draft_text")
    Section.objects.filter(consultation=c).delete()
    Section.objects.bulk_create([
        Section(consultation=c, position=i, kind=p.kind, number=p.number[:20], heading=p.heading[:500], ref=p.ref[:120],
                depth=p.depth, text=p.text)
        for i, p in enumerate(parts, 1)
    ])
    c.draft_text, c.draft_name = text, name[:200]
    c.draft_sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    c.save(update_fields=["draft_text", "draft_name", "draft_sha256", "updated_at"])
    return len(parts)


@guard(Action.CONSULTATION_MANAGE, on="consultation")
def draft_set(*, actor, consultation: Consultation, text: str = "", docx_name: str = "",
              docx_content: bytes | None = None) -> int:
    """Paste the draft or upload it as DOCX; it is split into sections (splitter.split_draft)."""
    if docx_content is not None:
        from .docx_text import docx_text

        text = docx_text(name=docx_name or "du-thao.docx", content=docx_content)
    text = (text or "").strip()
    if not text:
        raise _err(Code.DRAFT_EMPTY, "Cần dán nội dung dự thảo hoặc tải tệp DOCX.", "Paste the draft or upload a DOCX.",
                   "draft_text")
    with transaction.atomic():
        c = _locked(consultation.pk)
        if c.status != Status.DRAFT:
            raise _err(Code.NOT_DRAFT, "Dự thảo đã công bố lấy ý kiến, không thay được nội dung.",
                       "The draft is already published.")
        n = _replace_draft(c, text, name=docx_name)
        audit(actor=actor, action="consultations.draft", obj=c, unit_path=c.unit.path, sections=n,
              sha256=c.draft_sha256)
    consultation.refresh_from_db()
    return n


@dataclass
class SectionInput:
    kind: str
    number: str = ""
    heading: str = ""
    text: str = ""
    ref: str = ""


@guard(Action.CONSULTATION_MANAGE, on="consultation")
def sections_replace(*, actor, consultation: Consultation, sections: list[SectionInput]) -> int:
    """The official's correction of the automatic split (merge, split, rename), before publication."""
    if not sections:
        raise _err(Code.SECTIONS_INVALID, "Dự thảo phải có ít nhất một phần.", "At least one section.", "sections")
    if len(sections) > MAX_SECTIONS:
        raise _err(Code.SECTIONS_INVALID, f"Tối đa {MAX_SECTIONS} phần.", "Too many sections.", "sections")
    for i, s in enumerate(sections, 1):
        if s.kind not in KINDS:
            raise _err(Code.SECTIONS_INVALID, f"Phần thứ {i}: loại “{s.kind}” không hợp lệ.", "Unknown section kind.",
                       "sections")
        if not (s.heading.strip() or s.text.strip() or s.number.strip()):
            raise _err(Code.SECTIONS_INVALID, f"Phần thứ {i} không có nội dung.", "A section is empty.", "sections")
    with transaction.atomic():
        c = _locked(consultation.pk)
        if c.status != Status.DRAFT:
            raise _err(Code.NOT_DRAFT, "Dự thảo đã công bố lấy ý kiến, không sửa được cách chia.",
                       "The draft is already published.")
        Section.objects.filter(consultation=c).delete()
        Section.objects.bulk_create([
            Section(consultation=c, position=i, kind=s.kind, number=s.number.strip()[:20], heading=s.heading.strip()[:500],
                    ref=(s.ref.strip() or _default_ref(s))[:120], depth=DEPTH[s.kind], text=s.text.strip())
            for i, s in enumerate(sections, 1)
        ])
        Consultation.objects.filter(pk=c.pk).update(updated_at=timezone.now())  # the pages' cached draft expires
        audit(actor=actor, action="consultations.sections", obj=c, unit_path=c.unit.path, sections=len(sections))
    return len(sections)


def _default_ref(s: SectionInput) -> str:
    from .splitter import KIND_LABELS

    return f"{KIND_LABELS[s.kind]} {s.number}".strip()


@guard(Action.CONSULTATION_MANAGE, on="consultation")
def consultation_publish(*, actor, consultation: Consultation) -> Consultation:
    """Law Art. 28(2): publish the draft; the period runs from publication (at least 20 days)."""
    with transaction.atomic():
        c = _locked(consultation.pk)
        if c.status != Status.DRAFT:
            raise _err(Code.NOT_DRAFT, "Dự thảo đã được công bố.", "Already published.")
        if not Section.objects.filter(consultation=c).exists():
            raise _err(Code.DRAFT_EMPTY, "Chưa có nội dung dự thảo để lấy ý kiến.", "No draft yet.", "draft_text")
        now = timezone.now()
        opens = c.opens_at if c.opens_at and c.opens_at > now else now
        _check_period(opens, c.closes_at, c.period_basis, for_org=c.organization_id is not None)
        c.status, c.opens_at, c.published_at = Status.OPEN, opens, now
        if c.answer_due is None:
            # The law sets no deadline for the answers; the report follows the period. Default: 15
            # working days after the period (configurable), so "answered on time" can be counted.
            c.answer_due = add_working_days(timezone.localdate(c.closes_at),
                                            getattr(settings, "DANCHU_CONSULTATION_ANSWER_DAYS", 15))
        c.save(update_fields=["status", "opens_at", "published_at", "answer_due", "updated_at"])
        audit(actor=actor, action="consultations.publish", obj=c, unit_path=c.unit.path)
    return c


# --- opinions ---------------------------------------------------------------------------------------


def _check_open(c: Consultation, now=None) -> None:
    state = period_state(c, now)
    if state == "draft":
        raise _err(Code.NOT_OPEN, "Dự thảo chưa được công bố để lấy ý kiến.", "Not open for comment.")
    if state == "upcoming":
        raise _err(Code.NOT_STARTED, f"Chưa đến thời gian lấy ý kiến (bắt đầu {timezone.localtime(c.opens_at):%d/%m/%Y %H:%M}).",
                   "The period has not started.")
    if state in ("over", "final"):
        raise _err(Code.PERIOD_OVER,
                   f"Đã hết thời gian lấy ý kiến (kết thúc {timezone.localtime(c.closes_at):%H:%M ngày %d/%m/%Y}).",
                   "The consultation period is over.")


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise _err(Code.COMMENT_EMPTY, "Nội dung ý kiến không được để trống.", "The opinion is empty.", "text")
    if len(text) > MAX_COMMENT:
        raise _err(Code.COMMENT_TOO_LONG, f"Ý kiến dài quá {MAX_COMMENT} ký tự; hãy tách thành nhiều ý kiến.",
                   "The opinion is too long.", "text")
    return text


def _section(c: Consultation, section_id: int | None) -> Section | None:
    if not section_id:
        return None
    s = Section.objects.filter(consultation=c, pk=section_id).first()
    if s is None:
        raise _err(Code.SECTION_INVALID, "Phần dự thảo được chọn không thuộc dự thảo này.", "Unknown section.", "section")
    return s


def _check_quote(section: Section | None, c: Consultation, quote: str) -> str:
    quote = " ".join((quote or "").split())
    if not quote:
        return ""
    haystack = " ".join((section.text + " " + section.heading).split()) if section else " ".join(c.draft_text.split())
    if fold(quote) not in fold(haystack):
        raise _err(Code.QUOTE_NOT_IN_SECTION, "Đoạn trích không có trong phần dự thảo đã chọn.",
                   "The quoted passage is not in the chosen section.", "quote")
    return quote[:2000]


def _participant(c: Consultation, user) -> bool:
    """Register the person once; True when new (participants_count moved)."""
    if Participant.objects.filter(consultation=c, user=user).exists():
        return False
    try:
        with transaction.atomic():
            Participant.objects.create(consultation=c, user=user)
    except IntegrityError:
        return False
    Consultation.objects.filter(pk=c.pk).update(participants_count=F("participants_count") + 1)
    return True


def _check_participant(actor, c: Consultation, *, vi: str, en: str) -> None:
    """Who takes part (Law Art. 25: the commune's residents; Arts. 53, 71: the organization's staff).
    A consultation the person may not see (a draft, another organization's) answers as missing."""
    if not consultation_visible(actor, c):
        raise NotFound()
    if not may_take_part(actor, c):
        raise PermissionDenied(vi, message_en=en)


@open_to("a resident of the commune, or a member of the organization's staff, comments on a published draft "
         "(Law Arts. 25-26, 53, 71); who takes part is checked in the body (_check_participant)")
def opinion_create(*, actor, consultation: Consultation, text: str, section_id: int | None = None,
                   quote: str = "") -> Opinion:
    """A resident's opinion on the whole draft or on one section (Law Arts. 25-26: via the portal)."""
    _check_participant(actor, consultation,
                       vi="Chỉ người dân cư trú trên địa bàn (hoặc người lao động của cơ quan, đơn vị) được góp ý dự thảo này.",
                       en="Only residents (or staff) may comment on this draft.")
    text = _clean_text(text)
    with transaction.atomic():
        c = _locked(consultation.pk)
        _check_open(c)
        section = _section(c, section_id)
        quote = _check_quote(section, c, quote)
        o = Opinion.objects.create(consultation=c, section=section, author=actor, source=Source.ONLINE, quote=quote,
                                   text=text, search_text=fold(text))
        _counted(c, section, +1)
        _participant(c, actor)
        audit(actor=actor, action="consultations.opinion", obj=o, unit_path=c.unit.path)
    return o


def _counted(c: Consultation, section: Section | None, delta: int) -> None:
    Consultation.objects.filter(pk=c.pk).update(opinions_count=F("opinions_count") + delta)
    if section is not None:
        Section.objects.filter(pk=section.pk).update(opinions_count=F("opinions_count") + delta)


@guard(Action.CONSULTATION_MANAGE, on="consultation")
def opinion_record(*, actor, consultation: Consultation, text: str, source: str, source_note: str = "",
                   author_name: str = "", section_id: int | None = None, quote: str = "",
                   received_on: dt.date | None = None) -> Opinion:
    """An officer enters an opinion collected at a meeting, on paper, by the box or the hotline (Art. 26),
    with its source. Accepted while the period runs and, for what was received in time, after it."""
    if source not in Source.values or source == Source.ONLINE:
        raise _err(Code.SOURCE_INVALID, "Chọn nguồn ý kiến: cuộc họp, phiếu giấy, hòm thư, đường dây nóng hoặc qua Mặt trận.",
                   "Choose where the opinion was collected.", "source")
    if not (source_note or "").strip():
        raise _err(Code.SOURCE_INVALID, "Ghi rõ nguồn ý kiến (cuộc họp nào, ngày nào, số phiếu…).",
                   "Describe the source (which meeting, date, ballot number).", "source_note")
    text = _clean_text(text)
    with transaction.atomic():
        c = _locked(consultation.pk)
        now = timezone.now()
        if received_on is not None:
            if received_on > timezone.localdate():
                raise _err(Code.PERIOD_INVALID, "Ngày nhận ý kiến không được ở tương lai.", "Received in the future.",
                           "received_on")
            if c.status == Status.OPEN and received_on <= timezone.localdate(c.closes_at):
                now = min(now, c.closes_at)
        _check_open(c, now)
        section = _section(c, section_id)
        quote = _check_quote(section, c, quote)
        o = Opinion.objects.create(consultation=c, section=section, author=None, author_name=(author_name or "").strip()[:200],
                                   source=source, source_note=source_note.strip()[:300], entered_by=actor, quote=quote,
                                   text=text, search_text=fold(text))
        _counted(c, section, +1)
        audit(actor=actor, action="consultations.opinion_record", obj=o, unit_path=c.unit.path, source=source)
    return o


@guard(Action.CONSULTATION_MANAGE, on="opinion")
def opinion_hide(*, actor, opinion: Opinion, reason: str) -> Opinion:
    """Moderation: an abusive opinion is hidden with a reason; it stays listed as hidden, never deleted."""
    c = opinion.consultation
    reason = (reason or "").strip()
    if not reason:
        raise _err(Code.REASON_REQUIRED, "Cần ghi lý do ẩn ý kiến; ý kiến bị ẩn vẫn hiển thị là “đã ẩn” kèm lý do.",
                   "A reason is required.", "reason")
    with transaction.atomic():
        _locked(c.pk)
        o = Opinion.objects.select_for_update().get(pk=opinion.pk)
        if o.status == OpinionStatus.HIDDEN:
            raise _err(Code.HIDDEN, "Ý kiến này đã bị ẩn.", "Already hidden.")
        if c.status == Status.FINAL:
            raise _err(Code.FINAL, "Báo cáo đã công bố; không thay đổi được ý kiến.", "The report is final.")
        o.status, o.hidden_reason, o.hidden_by, o.hidden_at = OpinionStatus.HIDDEN, reason[:500], actor, timezone.now()
        o.save(update_fields=["status", "hidden_reason", "hidden_by", "hidden_at"])
        _counted(c, o.section, -1)
        Consultation.objects.filter(pk=c.pk).update(
            hidden_count=F("hidden_count") + 1,
            **({"answered_count": F("answered_count") - 1} if o.answer_kind else {}))
        audit(actor=actor, action="consultations.hide", obj=o, unit_path=c.unit.path, reason=reason[:500])
    return o


@guard(Action.CONSULTATION_MANAGE, on="opinion")
def opinion_unhide(*, actor, opinion: Opinion) -> Opinion:
    """Moderation undone: the opinion is shown again (the reason stays in the audit)."""
    c = opinion.consultation
    with transaction.atomic():
        _locked(c.pk)
        o = Opinion.objects.select_for_update().get(pk=opinion.pk)
        if o.status != OpinionStatus.HIDDEN or c.status == Status.FINAL:
            raise _err(Code.HIDDEN, "Ý kiến này không ở trạng thái ẩn.", "Not hidden.")
        o.status = OpinionStatus.VISIBLE
        o.save(update_fields=["status"])  # the reason stays on record (audit) and is shown no more
        _counted(c, o.section, +1)
        Consultation.objects.filter(pk=c.pk).update(
            hidden_count=F("hidden_count") - 1,
            **({"answered_count": F("answered_count") + 1} if o.answer_kind else {}))
        audit(actor=actor, action="consultations.unhide", obj=o, unit_path=c.unit.path)
    return o


# --- votes ------------------------------------------------------------------------------------------

_COUNTER = {1: "agree", 0: "passes", -1: "disagree"}


@open_to("a resident of the commune, or a member of the organization's staff, agrees or disagrees with an "
         "opinion on a published draft (Law Arts. 25-26, 53, 71); who takes part, and never on one's own "
         "opinion, is checked in the body")
def vote_cast(*, actor, opinion: Opinion, choice: str) -> Vote:
    """Agree / disagree / pass on someone else's opinion; one vote per person and opinion, changeable
    while the period runs (the statements-and-votes model of Polis)."""
    if choice not in Vote.VALUES:
        raise _err(Code.VOTE_INVALID, "Chọn Đồng ý, Không đồng ý hoặc Bỏ qua.", "Choose agree, disagree or pass.", "choice")
    value = Vote.VALUES[choice]
    c = opinion.consultation
    _check_participant(actor, c, vi="Chỉ người dân cư trú trên địa bàn (hoặc người lao động của cơ quan, đơn vị) "
                       "được bày tỏ đồng ý, không đồng ý.", en="Only residents (or staff) may vote.")
    if opinion.author_id is not None and opinion.author_id == actor.pk:
        raise _err(Code.OWN_COMMENT, "Không bày tỏ đồng ý, không đồng ý với ý kiến của chính mình.",
                   "You cannot vote on your own opinion.")
    _check_open(c)
    if opinion.status == OpinionStatus.HIDDEN:
        raise _err(Code.HIDDEN, "Ý kiến này đã bị ẩn.", "The opinion is hidden.")
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                v = Vote.objects.select_for_update().filter(opinion_id=opinion.pk, voter=actor).first()
                if v is not None:
                    if v.value == value:
                        return v
                    old = v.value
                    v.value = value
                    v.save(update_fields=["value", "updated_at"])
                    Opinion.objects.filter(pk=opinion.pk).update(**{_COUNTER[old]: F(_COUNTER[old]) - 1,
                                                                    _COUNTER[value]: F(_COUNTER[value]) + 1})
                    audit(actor=actor, action="consultations.vote_change", obj=v, unit_path=c.unit.path, value=value)
                    return v
                v = Vote.objects.create(consultation_id=c.pk, opinion_id=opinion.pk, voter=actor, value=value)
                Opinion.objects.filter(pk=opinion.pk).update(**{_COUNTER[value]: F(_COUNTER[value]) + 1})
                Consultation.objects.filter(pk=c.pk).update(votes_count=F("votes_count") + 1)
                _participant(c, actor)
                votes = Consultation.objects.filter(pk=c.pk).values_list("votes_count", flat=True).first() or 0
                if votes % MAP_EVERY_VOTES == 0:
                    transaction.on_commit(lambda: _enqueue_map(c.pk))
                return v
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _enqueue_map(consultation_id: int) -> None:
    from .tasks import opinion_map_refresh

    opinion_map_refresh.enqueue(consultation_id)


@guard(Action.CONSULTATION_VIEW, on="consultation")
def opinion_map_request(*, actor, consultation: Consultation) -> None:
    """The official asks for a fresh opinion map (computed by the background task)."""
    audit(actor=actor, action="consultations.map_request", obj=consultation, unit_path=consultation.unit.path)
    transaction.on_commit(lambda: _enqueue_map(consultation.pk))


# --- answers ----------------------------------------------------------------------------------------


@guard(Action.CONSULTATION_MANAGE, on="opinion")
def opinion_answer(*, actor, opinion: Opinion, kind: str, text: str = "", changed_text: str = "",
                   section_id: int | None = None) -> Opinion:
    """Law Art. 28(3): every opinion is taken on board (tiếp thu: the changed text of a section) or
    explained (giải trình: the reason). May be revised until the report is published."""
    c = opinion.consultation
    text = (text or "").strip()
    changed_text = (changed_text or "").strip()
    if kind not in AnswerKind.values:
        raise _err(Code.ANSWER_INVALID, "Chọn tiếp thu hoặc giải trình.", "Choose accepted or explained.", "kind")
    if kind == AnswerKind.EXPLAINED and not text:
        raise _err(Code.ANSWER_INVALID, "Giải trình phải nêu lý do không tiếp thu.", "An explanation needs the reason.",
                   "text")
    with transaction.atomic():
        c = _locked(c.pk)
        if c.status == Status.DRAFT:
            raise _err(Code.NOT_OPEN, "Dự thảo chưa công bố.", "Not published.")
        if c.status == Status.FINAL:
            raise _err(Code.FINAL, "Báo cáo đã công bố; không sửa được câu trả lời.", "The report is final.")
        o = Opinion.objects.select_for_update().get(pk=opinion.pk)
        if o.status == OpinionStatus.HIDDEN:
            raise _err(Code.HIDDEN, "Ý kiến đã bị ẩn (có lý do); không cần trả lời.", "The opinion is hidden.")
        target = None
        if kind == AnswerKind.ACCEPTED:
            target = _section(c, section_id or o.section_id)
            if target is None:
                if not text:
                    raise _err(Code.CHANGED_TEXT_REQUIRED,
                               "Ý kiến về toàn bộ dự thảo: chọn phần được sửa và nhập nội dung sau khi sửa, "
                               "hoặc nêu rõ nội dung tiếp thu.",
                               "Choose the section that changes, or say what is taken on board.", "section")
            elif not changed_text:
                raise _err(Code.CHANGED_TEXT_REQUIRED, "Tiếp thu: nhập nội dung phần dự thảo sau khi sửa.",
                           "Give the changed text of the section.", "changed_text")
        was_answered = bool(o.answer_kind)
        o.answer_kind, o.answer_text = kind, text
        o.answer_section = target
        o.answer_changed_text = changed_text if target else ""
        o.answered_by, o.answered_at = actor, timezone.now()
        o.save(update_fields=["answer_kind", "answer_text", "answer_section", "answer_changed_text", "answered_by",
                              "answered_at"])
        if target is not None:
            Section.objects.filter(pk=target.pk).update(revised_text=changed_text)
        if not was_answered:
            Consultation.objects.filter(pk=c.pk).update(answered_count=F("answered_count") + 1)
        audit(actor=actor, action="consultations.answer", obj=o, unit_path=c.unit.path, kind=kind,
              section=target.pk if target else None)
    return o


# --- the report -------------------------------------------------------------------------------------


@guard(Action.CONSULTATION_PUBLISH, on="consultation")
def consultation_finalise(*, actor, consultation: Consultation, decision_note: str = "") -> Report:
    """Law Art. 28(3): after the period, the chair publishes the synthesis with the explanation and
    acceptance of every opinion; (Arts. 55, 72 for agencies and enterprises). Refused, with nothing
    written, while any visible opinion has no answer. The report's hashes go to the transparency log."""
    c0 = consultation
    from .report import report_docx, report_pdf, synthesis_document

    with transaction.atomic():
        c = _locked(c0.pk)
        if c.status == Status.FINAL:
            raise _err(Code.FINAL, "Báo cáo đã được công bố.", "Already final.")
        if c.status == Status.DRAFT:
            raise _err(Code.NOT_OPEN, "Dự thảo chưa được công bố lấy ý kiến.", "Not published.")
        if timezone.now() <= c.closes_at:
            raise _err(Code.PERIOD_NOT_OVER,
                       f"Chưa hết thời gian lấy ý kiến (kết thúc {timezone.localtime(c.closes_at):%H:%M ngày %d/%m/%Y}).",
                       "The consultation period is not over.")
        missing = Opinion.objects.filter(consultation=c, status=OpinionStatus.VISIBLE, answer_kind="").count()
        if missing:
            raise _err(Code.UNANSWERED,
                       f"Còn {missing} ý kiến chưa được tiếp thu hoặc giải trình. Mọi ý kiến phải được trả lời trước khi "
                       "công bố báo cáo (Điều 28 khoản 3).",
                       f"{missing} opinions have no answer yet.")
        now = timezone.now()
        c.decision_note = (decision_note or "").strip()
        c.status, c.finalised_at = Status.FINAL, now
        c.save(update_fields=["decision_note", "status", "finalised_at", "updated_at"])
        issuer = f"o:{c.organization_id}" if c.organization_id else f"u:{c.unit_id}"
        year = timezone.localdate(now).year
        number = (Report.objects.filter(issuer_key=issuer, year=year).aggregate(m=Max("number"))["m"] or 0) + 1
        symbol = f"{number:02d}/BC-{'UBND' if not c.organization_id else 'CQ'}"
        doc = synthesis_document(c, symbol=symbol, on=timezone.localdate(now))
        docx, pdf = report_docx(doc), report_pdf(doc)
        report = Report.objects.create(
            consultation=c, issuer_key=issuer, year=year, number=number, symbol=symbol, content=doc.figures,
            docx=docx, pdf=pdf, docx_sha256=hashlib.sha256(docx).hexdigest(), pdf_sha256=hashlib.sha256(pdf).hexdigest(),
            published_by=actor, published_at=now)
        log_append(kind="consultation.report", object_type=LOG_TYPE, object_id=c.pk, payload=report_log_payload(c, report))
        audit(actor=actor, action="consultations.finalise", obj=c, unit_path=c.unit.path, report=symbol)
    return report


def known_kinds() -> list[str]:
    return list(Kind.values)

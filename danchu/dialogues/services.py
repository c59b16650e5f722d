"""Every write about dialogues and citizen reception.

Each service declares its rule (core.access.guard: the action, on the unit or the organization),
validates, writes in one transaction with an audit row, and raises a DomainError with a stable code
and a Vietnamese message on bad input: nothing is half-written. Another unit's records answer
NotFound (outside one's scope) or PermissionDenied (inside one's scope without the right), and change
nothing. A workplace dialogue of an agency or enterprise (Law 10/2022 Arts. 56, 73) is the
organization's own: only grants on the organization reach it — a commune's officials do not.

A reception visit that raises a complaint, denunciation, feedback or recommendation becomes a case
in the same transaction: the fact "reception.case_raised" is announced (core.registry) and the
cases app's handler files the case and returns its tracking code. If the case is refused, the
visit is not written either.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from danchu.core import inputs, ratelimit
from danchu.core.access import guard, open_to
from danchu.core.audit import audit
from danchu.core.errors import DomainError, from_validation_error
from danchu.core.registry import announce
from danchu.core.roles import Action
from danchu.core.text import fold
from danchu.core.transparency import log_append, log_record
from danchu.units.models import Level, Organization, Unit

from .errors import Code
from .frequencies import leader_roles_for
from .models import (
    CASE_KINDS,
    Commitment,
    CommitmentStatus,
    Dialogue,
    DialogueQuestion,
    DialogueStatus,
    LeaderRole,
    QuestionSource,
    ReceptionDay,
    ReceptionKind,
    ReceptionStatus,
    ReceptionVisit,
    VisitKind,
)
from .selectors import ANSWER_LOG_TYPE, COMMITMENT_LOG_TYPE, answer_log_payload, commitment_log_payload

CASE_FACT = "reception.case_raised"
QUESTION_MIN, QUESTION_MAX = 10, 2000


def _today() -> dt.date:
    return timezone.localdate()


def _err(code: Code, message: str, message_en: str, field: str | None = None) -> DomainError:
    return DomainError(code, message, message_en=message_en, field=field)


def _clean_save(obj, exclude=()) -> None:
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        raise from_validation_error(exc, Code.INVALID) from None
    obj.save()


def _required(value: str, field: str, label: str, label_en: str) -> str:
    value = (value or "").strip()
    if not value:
        raise _err(Code.REQUIRED, f"Vui lòng nhập {label}.", f"{label_en} is required.", field)
    return value


# --- dialogues ---------------------------------------------------------------------------------------------

# Who may chair a dialogue at each level: the head of the Party committee or of the government
# (Law 10/2022 Art. 32; Reg. 11-QĐi/TW), or the head of an agency / enterprise (Arts. 56, 73).
DIALOGUE_LEADERS = {
    Level.PROVINCE: {LeaderRole.PROVINCE_PARTY_SECRETARY, LeaderRole.PROVINCE_CHAIR, LeaderRole.OTHER},
    Level.COMMUNE: {LeaderRole.COMMUNE_PARTY_SECRETARY, LeaderRole.COMMUNE_CHAIR, LeaderRole.OTHER},
    "organization": {LeaderRole.ORG_HEAD, LeaderRole.OTHER},
}


def _dialogue_of(args: dict) -> Dialogue:
    """Where a question's or a commitment's step acts: its dialogue (its organization, else its unit)."""
    item = args.get("question") or args.get("commitment")
    return item.dialogue if item is not None else None


def _lock_dialogue(dialogue: Dialogue) -> Dialogue:
    return Dialogue.objects.select_for_update(of=("self",)).select_related("unit", "organization").get(pk=dialogue.pk)


# Law 10/2022 Art. 32: the commune People's Committee holds dialogues with the people; Arts. 56, 73: the
# head of an agency / enterprise holds workplace dialogues — acting on the organization when one is given.
@guard(Action.DIALOGUE_MANAGE, on=("organization", "unit"))
@transaction.atomic
def dialogue_schedule(*, actor, unit: Unit, leader_role: str, leader_name: str, topic: str, held_on: dt.date,
                      place: str, audience: str, description: str = "", start_time: dt.time | None = None,
                      organization: Organization | None = None) -> Dialogue:
    """Schedule a dialogue of a province or commune (or of an organization in it). A date in the
    past is accepted so that a dialogue held before the platform can be recorded."""
    if organization is not None:
        unit = organization.unit
    level = "organization" if organization is not None else unit.level
    if level not in DIALOGUE_LEADERS or not unit.is_current:
        raise _err(Code.UNIT_INVALID, "Đối thoại được tổ chức ở tỉnh, xã, phường, đặc khu đang hoạt động hoặc ở cơ quan, "
                   "đơn vị, doanh nghiệp.", "Dialogues belong to a current province, commune or organization.", "unit")
    if leader_role not in DIALOGUE_LEADERS[level]:
        raise _err(Code.LEADER_INVALID, "Người chủ trì phải là người đứng đầu cấp ủy, chính quyền (hoặc cơ quan, đơn vị) "
                   "của cấp này.", "The leader must head this level's Party committee or government.", "leader_role")
    # The column holds Vietnam's local time, as the form gives it; an API client may send an offset.
    start_time = inputs.local_time(start_time, on=held_on)
    d = Dialogue(
        unit=unit, organization=organization, unit_path=unit.path, province_code=unit.province_code,
        leader_role=leader_role, leader_name=_required(leader_name, "leader_name", "họ tên người chủ trì", "Leader"),
        topic=_required(topic, "topic", "chủ đề đối thoại", "Topic")[:300], description=(description or "").strip(),
        held_on=held_on, start_time=start_time, place=_required(place, "place", "địa điểm", "Place")[:300],
        audience=_required(audience, "audience", "thành phần tham dự", "Audience")[:300], created_by=actor,
    )
    d.search_text = fold(" ".join([d.topic, d.description, d.leader_name, d.place]))
    _clean_save(d, exclude=["unit", "organization", "created_by"])
    audit(actor=actor, action="dialogue.scheduled", obj=d, unit_path=d.unit_path, held_on=held_on.isoformat())
    return d


@guard(Action.DIALOGUE_MANAGE, on="dialogue")
@transaction.atomic
def dialogue_cancel(*, actor, dialogue: Dialogue, reason: str) -> Dialogue:
    d = _lock_dialogue(dialogue)
    if d.status != DialogueStatus.SCHEDULED:
        raise _err(Code.STATE, "Chỉ hủy được cuộc đối thoại chưa tổ chức.", "Only a scheduled dialogue can be cancelled.")
    d.status, d.cancel_reason = DialogueStatus.CANCELLED, _required(reason, "reason", "lý do hủy", "Reason")[:500]
    _clean_save(d, exclude=["unit", "organization", "created_by"])
    audit(actor=actor, action="dialogue.cancelled", obj=d, unit_path=d.unit_path)
    return d


def _not_before_dialogue(d: Dialogue, today: dt.date, what: str, what_en: str) -> None:
    if today < d.held_on:
        raise _err(Code.ANSWER_BEFORE_DIALOGUE,
                   f"Chưa đến ngày đối thoại ({d.held_on:%d/%m/%Y}): chưa thể ghi {what}.",
                   f"The dialogue is on {d.held_on:%Y-%m-%d}: {what_en} cannot be recorded before.")


@guard(Action.DIALOGUE_MANAGE, on="dialogue")
@transaction.atomic
def dialogue_mark_held(*, actor, dialogue: Dialogue, attendees: int, summary: str = "") -> Dialogue:
    """The dialogue took place: how many attended and the chair's conclusion."""
    d = _lock_dialogue(dialogue)
    _not_before_dialogue(d, _today(), "kết quả đối thoại", "the result")
    if d.status != DialogueStatus.SCHEDULED:
        raise _err(Code.STATE, f"Cuộc đối thoại đang ở trạng thái “{d.get_status_display()}”.", "Not a scheduled dialogue.")
    if attendees is None or attendees < 1:
        raise _err(Code.REQUIRED, "Vui lòng nhập số người tham dự.", "The number of attendees is required.", "attendees")
    d.status, d.attendees, d.summary = DialogueStatus.HELD, attendees, (summary or "").strip()
    _clean_save(d, exclude=["unit", "organization", "created_by"])
    audit(actor=actor, action="dialogue.held", obj=d, unit_path=d.unit_path, attendees=attendees)
    return d


def throttle_questions(*, client: str, unit_code: str) -> None:
    """Questions without an account, per client (`core.clients.client_address`) and per unit, counted in
    the shared cache (core.ratelimit, DANCHU_RATE_LIMITS["submission_client"], ["submission_unit"]), so
    that the dialogue's list is not flooded. Signed-in citizens are not limited."""
    ratelimit.anonymous_submission(user=None, client=client, scope="dialogue_questions", unit_code=unit_code)


@open_to("anyone may register a question for a scheduled dialogue, with or without an account "
         "(Law 10/2022 Arts. 5, 31: citizens take part directly in dialogue conferences)")
@transaction.atomic
def question_register(*, user, dialogue: Dialogue, text: str, asker_name: str = "", asker_phone: str = "",
                      show_name: bool = False) -> DialogueQuestion:
    """A citizen registers a question before the dialogue. Anyone may ask (Law 10/2022 Arts. 5, 31:
    citizens take part directly in dialogue conferences); without an account a name and a phone
    number are needed so that the unit can reach the asker — the phone is never published and the
    name only with the asker's consent."""
    d = Dialogue.objects.select_for_update().get(pk=dialogue.pk)
    if d.status != DialogueStatus.SCHEDULED or not d.unit.is_current:
        raise _err(Code.CLOSED_FOR_QUESTIONS, "Cuộc đối thoại này không còn nhận đăng ký câu hỏi.",
                   "This dialogue no longer takes questions.")
    text = (text or "").strip()
    if not QUESTION_MIN <= len(text) <= QUESTION_MAX:
        raise _err(Code.REQUIRED, f"Câu hỏi cần từ {QUESTION_MIN} đến {QUESTION_MAX} ký tự.",
                   f"A question has {QUESTION_MIN} to {QUESTION_MAX} characters.", "text")
    logged_in = getattr(user, "is_authenticated", False)
    name = (asker_name or "").strip() or (user.full_name if logged_in else "")
    phone = inputs.phone(asker_phone, field="asker_phone") or ((user.phone or "") if logged_in else "")
    if not logged_in and (not name or not phone):
        raise _err(Code.CONTACT_REQUIRED, "Chưa đăng nhập: vui lòng ghi họ tên và số điện thoại để đơn vị liên hệ khi cần "
                   "(số điện thoại không được công khai).", "Without an account, a name and a phone number are needed.",
                   "asker_phone" if name else "asker_name")
    folded = fold(text)
    if any(fold(t) == folded for t in d.questions.values_list("text", flat=True)):
        raise _err(Code.DUPLICATE_QUESTION, "Câu hỏi này đã được đăng ký cho cuộc đối thoại.",
                   "This question is already registered.", "text")
    q = DialogueQuestion(dialogue=d, text=text, source=QuestionSource.WEB, asked_by=user if logged_in else None,
                         asker_name=name[:120], asker_phone=phone[:15], show_name=bool(show_name) and bool(name),
                         received_on=_today())
    _clean_save(q, exclude=["dialogue", "asked_by", "recorded_by"])
    audit(actor=user, action="dialogue.question_registered", obj=q, unit_path=d.unit_path, dialogue=d.pk)
    return q


@guard(Action.DIALOGUE_MANAGE, on="dialogue")
@transaction.atomic
def question_record(*, actor, dialogue: Dialogue, text: str, source: str = QuestionSource.PAPER, source_note: str = "",
                    asker_name: str = "", received_on: dt.date | None = None) -> DialogueQuestion:
    """An officer enters a question collected on paper (with where it came from) before or at the
    dialogue, or one raised in the hall (then dated on the dialogue's day)."""
    d = _lock_dialogue(dialogue)
    today = _today()
    if source not in (QuestionSource.PAPER, QuestionSource.AT_DIALOGUE):
        raise _err(Code.INVALID, "Nguồn câu hỏi không hợp lệ.", "Invalid source.", "source")
    if d.status == DialogueStatus.CANCELLED:
        raise _err(Code.STATE, "Cuộc đối thoại đã bị hủy.", "The dialogue was cancelled.")
    if source == QuestionSource.AT_DIALOGUE:
        if d.status != DialogueStatus.HELD:
            raise _err(Code.NOT_HELD, "Câu hỏi nêu tại buổi đối thoại chỉ ghi sau khi ghi nhận đối thoại đã tổ chức.",
                       "Record the dialogue as held first.")
        received_on = d.held_on
    else:
        received_on = received_on or today
        source_note = _required(source_note, "source_note", "nơi thu thập câu hỏi (thôn, hòm thư, phiếu…)", "Source")
    if received_on > today:
        raise _err(Code.DATE_FUTURE, "Ngày nhận không được sau hôm nay.", "The date is in the future.", "received_on")
    text = _required(text, "text", "nội dung câu hỏi", "Question")
    q = DialogueQuestion(dialogue=d, text=text, source=source, source_note=(source_note or "").strip()[:300],
                         asker_name=(asker_name or "").strip()[:120], received_on=received_on, recorded_by=actor)
    _clean_save(q, exclude=["dialogue", "asked_by", "recorded_by"])
    audit(actor=actor, action="dialogue.question_recorded", obj=q, unit_path=d.unit_path, source=source)
    return q


@guard(Action.DIALOGUE_MANAGE, on=_dialogue_of)
@transaction.atomic
def question_answer(*, actor, question: DialogueQuestion, answer: str, answered_by: str = "",
                    answered_on: dt.date | None = None) -> DialogueQuestion:
    """Record the answer given at the dialogue. An answer cannot be dated before the dialogue, nor
    recorded before its day."""
    d = _lock_dialogue(question.dialogue)
    q = DialogueQuestion.objects.select_for_update().get(pk=question.pk)
    today = _today()
    answered_on = answered_on or min(max(d.held_on, q.received_on), today)
    _not_before_dialogue(d, today, "câu trả lời", "an answer")
    if answered_on < d.held_on:
        raise _err(Code.ANSWER_BEFORE_DIALOGUE, f"Ngày trả lời không được trước ngày đối thoại ({d.held_on:%d/%m/%Y}).",
                   "An answer cannot be dated before the dialogue.", "answered_on")
    if answered_on > today:
        raise _err(Code.DATE_FUTURE, "Ngày trả lời không được sau hôm nay.", "The date is in the future.", "answered_on")
    if d.status != DialogueStatus.HELD:
        raise _err(Code.NOT_HELD, "Vui lòng ghi nhận cuộc đối thoại đã tổ chức trước khi ghi câu trả lời.",
                   "Record the dialogue as held first.")
    q.answer = _required(answer, "answer", "nội dung trả lời", "Answer")
    q.answered_by = (answered_by or "").strip()[:120] or d.leader_name
    q.answered_on = answered_on
    q.recorded_by = actor
    _clean_save(q, exclude=["dialogue", "asked_by", "recorded_by"])
    audit(actor=actor, action="dialogue.question_answered", obj=q, unit_path=d.unit_path)
    q.dialogue = d
    log_record(kind="dialogue.answer", object_type=ANSWER_LOG_TYPE, object_id=q.pk, payload=answer_log_payload(q))
    return q


@guard(Action.DIALOGUE_MANAGE, on="dialogue")
@transaction.atomic
def commitment_add(*, actor, dialogue: Dialogue, text: str, owner: str, due_on: dt.date | None,
                   question: DialogueQuestion | None = None) -> Commitment:
    """A commitment made at the dialogue: what, who answers for it, by when."""
    d = _lock_dialogue(dialogue)
    _not_before_dialogue(d, _today(), "cam kết", "a commitment")
    if d.status != DialogueStatus.HELD:
        raise _err(Code.NOT_HELD, "Vui lòng ghi nhận cuộc đối thoại đã tổ chức trước khi ghi cam kết.",
                   "Record the dialogue as held first.")
    if question is not None and question.dialogue_id != d.pk:
        raise _err(Code.QUESTION_OTHER_DIALOGUE, "Câu hỏi không thuộc cuộc đối thoại này.",
                   "The question belongs to another dialogue.", "question")
    text = _required(text, "text", "nội dung cam kết", "Commitment")
    owner = _required(owner, "owner", "người, cơ quan chịu trách nhiệm", "Owner")
    if due_on is None:
        raise _err(Code.REQUIRED, "Vui lòng nhập hạn hoàn thành.", "A deadline is required.", "due_on")
    if due_on < d.held_on:
        raise _err(Code.DUE_BEFORE_DIALOGUE, "Hạn hoàn thành không được trước ngày đối thoại.",
                   "The deadline cannot be before the dialogue.", "due_on")
    c = Commitment(dialogue=d, question=question, text=text, owner=owner[:200], due_on=due_on, made_on=d.held_on)
    _clean_save(c, exclude=["dialogue", "question"])
    audit(actor=actor, action="dialogue.commitment_made", obj=c, unit_path=d.unit_path, due_on=due_on.isoformat())
    _log(c, "dialogue.commitment_made")
    return c


def _log(c: Commitment, kind: str) -> None:
    """Each step of a commitment goes to the public transparency log in the same transaction."""
    log_append(kind=kind, object_type=COMMITMENT_LOG_TYPE, object_id=c.pk, payload=commitment_log_payload(c))


def _lock_commitment(commitment: Commitment) -> Commitment:
    _lock_dialogue(commitment.dialogue)
    return Commitment.objects.select_for_update().select_related("dialogue").get(pk=commitment.pk)


@guard(Action.DIALOGUE_MANAGE, on=_dialogue_of)
@transaction.atomic
def commitment_progress(*, actor, commitment: Commitment, note: str) -> Commitment:
    c = _lock_commitment(commitment)
    if c.status == CommitmentStatus.DONE:
        raise _err(Code.ALREADY_DONE, "Cam kết đã hoàn thành.", "The commitment is done.")
    note = _required(note, "note", "nội dung tiến độ", "Progress")
    line = f"{_today():%d/%m/%Y}: {note}"
    c.progress = f"{c.progress}\n{line}".strip()
    _clean_save(c, exclude=["dialogue", "question"])
    audit(actor=actor, action="dialogue.commitment_progress", obj=c, unit_path=c.dialogue.unit_path)
    _log(c, "dialogue.commitment_progress")
    return c


@guard(Action.DIALOGUE_MANAGE, on=_dialogue_of)
@transaction.atomic
def commitment_complete(*, actor, commitment: Commitment, result: str, done_on: dt.date | None = None) -> Commitment:
    """The commitment is done: the result, shown publicly, and the day (on time when ≤ the deadline)."""
    c = _lock_commitment(commitment)
    if c.status == CommitmentStatus.DONE:
        raise _err(Code.ALREADY_DONE, "Cam kết đã hoàn thành.", "The commitment is done.")
    today = _today()
    done_on = done_on or today
    if done_on > today:
        raise _err(Code.DATE_FUTURE, "Ngày hoàn thành không được sau hôm nay.", "The date is in the future.", "done_on")
    if done_on < c.made_on:
        raise _err(Code.ANSWER_BEFORE_DIALOGUE, "Ngày hoàn thành không được trước ngày đối thoại.",
                   "Cannot be done before the dialogue.", "done_on")
    c.result = _required(result, "result", "kết quả thực hiện", "Result")
    c.status, c.done_on, c.overdue = CommitmentStatus.DONE, done_on, False
    _clean_save(c, exclude=["dialogue", "question"])
    audit(actor=actor, action="dialogue.commitment_done", obj=c, unit_path=c.dialogue.unit_path,
          on_time=done_on <= c.due_on)
    _log(c, "dialogue.commitment_done")
    return c


def commitments_sweep(*, today: dt.date | None = None) -> dict:
    """Daily: flag open commitments past their deadline. Idempotent."""
    today = today or _today()
    with transaction.atomic():
        flagged = Commitment.objects.filter(status=CommitmentStatus.OPEN, overdue=False, due_on__lt=today).update(overdue=True)
    return {"overdue_flagged": flagged}


# --- citizen reception -------------------------------------------------------------------------------------


def _lock_day(reception_day: ReceptionDay) -> ReceptionDay:
    return ReceptionDay.objects.select_for_update().select_related("unit").get(pk=reception_day.pk)


# Citizen Reception Law Arts. 12, 15: the unit's leaders receive citizens on fixed days; its officers
# keep the calendar and record the visits.
@guard(Action.RECEPTION_MANAGE, on="unit")
@transaction.atomic
def reception_day_schedule(*, actor, unit: Unit, leader_role: str, leader_name: str, day: dt.date, place: str,
                           kind: str = ReceptionKind.REGULAR, online: bool = False, reason: str = "") -> ReceptionDay:
    """Put a reception day of one of the unit's leaders on the calendar (Citizen Reception Law
    Arts. 12, 15; Reg. 11-QĐi/TW). Ad-hoc reception needs its reason. A past date records a day
    already held before the platform."""
    roles = leader_roles_for(unit.level)
    if not roles or not unit.is_current:
        raise _err(Code.UNIT_INVALID, "Lịch tiếp công dân thuộc một tỉnh hoặc xã, phường, đặc khu đang hoạt động.",
                   "Reception days belong to a current province or commune.", "unit")
    if leader_role not in roles:
        raise _err(Code.LEADER_INVALID, "Người tiếp phải là người đứng đầu cấp ủy hoặc chính quyền của cấp này "
                   "(không ủy quyền cho cấp phó).", "The leader must head this level's Party committee or government.",
                   "leader_role")
    if kind not in ReceptionKind.values:
        raise _err(Code.INVALID, "Loại ngày tiếp không hợp lệ.", "Invalid kind.", "kind")
    if kind == ReceptionKind.AD_HOC and not (reason or "").strip():
        # Reg. 11-QĐi/TW: ad-hoc reception for large, complex, prolonged or multi-agency cases.
        raise _err(Code.AD_HOC_REASON, "Tiếp công dân đột xuất phải ghi lý do (vụ việc đông người, phức tạp, kéo dài…).",
                   "Ad-hoc reception needs its reason.", "reason")
    if ReceptionDay.objects.filter(unit=unit, leader_role=leader_role, day=day).exists():
        raise _err(Code.DAY_EXISTS, f"Đã có lịch tiếp của người này ngày {day:%d/%m/%Y}.", "That day is already scheduled.", "day")
    r = ReceptionDay(unit=unit, unit_path=unit.path, province_code=unit.province_code, leader_role=leader_role,
                     leader_name=_required(leader_name, "leader_name", "họ tên người tiếp", "Leader")[:120], day=day,
                     place=_required(place, "place", "địa điểm tiếp", "Place")[:300], kind=kind, online=bool(online),
                     reason=(reason or "").strip()[:500], created_by=actor)
    _clean_save(r, exclude=["unit", "created_by"])
    audit(actor=actor, action="reception.day_scheduled", obj=r, unit_path=unit.path, day=day.isoformat())
    return r


OUTCOMES = {"held": ReceptionStatus.HELD, "deputy": ReceptionStatus.DEPUTY, "cancelled": ReceptionStatus.CANCELLED}


@guard(Action.RECEPTION_MANAGE, on="reception_day")
@transaction.atomic
def reception_day_record(*, actor, reception_day: ReceptionDay, outcome: str, note: str = "") -> ReceptionDay:
    """What happened on the day. Only a day the head received in person counts towards the
    required days: heads may not delegate to deputies (Law 136/2025 kept this)."""
    r = _lock_day(reception_day)
    if outcome not in OUTCOMES:
        raise _err(Code.INVALID, "Kết quả không hợp lệ.", "Invalid outcome.", "outcome")
    if r.status != ReceptionStatus.PLANNED:
        raise _err(Code.STATE, f"Ngày tiếp đã được ghi “{r.get_status_display()}”.", "The day is already recorded.")
    if outcome != "cancelled" and r.day > _today():
        raise _err(Code.DATE_FUTURE, f"Chưa đến ngày tiếp ({r.day:%d/%m/%Y}).", "The day has not come yet.")
    if outcome in ("cancelled", "deputy"):
        note = _required(note, "note", "lý do", "Reason")
    r.status, r.note = OUTCOMES[outcome], (note or "").strip()[:500]
    _clean_save(r, exclude=["unit", "created_by"])
    audit(actor=actor, action=f"reception.day_{outcome}", obj=r, unit_path=r.unit_path)
    return r


@guard(Action.RECEPTION_MANAGE, on="reception_day")
@transaction.atomic
def visit_record(*, actor, reception_day: ReceptionDay, kind: str, summary: str, visitor_name: str = "",
                 visitor_address: str = "", visitor_phone: str = "", visitor_id_number: str = "", group_size: int = 1,
                 guidance: str = "", case_title: str = "", decision_complained: str = "", accused: str = "",
                 violation: str = "") -> ReceptionVisit:
    """One person (or group) received and what they raised. A complaint, denunciation, feedback or
    recommendation becomes a case in the same step (Citizen Reception Law Art. 28(1): within 10
    working days the person is told how it is handled — the case carries that deadline). The
    identity goes to the case, where it is encrypted; for a denunciation it is not kept on the
    visit at all (Law on Denunciations Arts. 47, 56)."""
    r = _lock_day(reception_day)
    if r.status not in (ReceptionStatus.HELD, ReceptionStatus.DEPUTY):
        raise _err(Code.DAY_NOT_HELD, "Ghi nhận ngày tiếp đã diễn ra trước khi ghi lượt tiếp.",
                   "Record the day as held first.")
    if kind not in VisitKind.values:
        raise _err(Code.INVALID, "Loại nội dung không hợp lệ.", "Invalid kind.", "kind")
    summary = _required(summary, "summary", "nội dung người dân trình bày", "Summary")
    name = (visitor_name or "").strip()
    if kind != VisitKind.DENUNCIATION:
        name = _required(name, "visitor_name", "họ tên người được tiếp", "Visitor name")
    if group_size is None or group_size < 1:
        raise _err(Code.INVALID, "Số người phải từ 1 trở lên.", "At least one person.", "group_size")
    v = ReceptionVisit(reception_day=r, visitor_name="" if kind == VisitKind.DENUNCIATION else name[:120],
                       group_size=group_size, kind=kind, summary=summary, guidance=(guidance or "").strip(),
                       recorded_by=actor)
    _clean_save(v, exclude=["reception_day", "recorded_by"])
    if kind in CASE_KINDS:
        codes = [c for c in announce(
            CASE_FACT, actor=actor, unit=r.unit, kind=kind,
            title=(case_title or "").strip() or summary[:200], body=summary, received_on=r.day,
            identity={"full_name": name, "address": (visitor_address or "").strip(),
                      "phone": (visitor_phone or "").strip(), "id_number": (visitor_id_number or "").strip()},
            decision_complained=decision_complained, accused=accused, violation=violation,
            idempotency_key=f"reception-visit-{v.pk}",
        ) if c]
        if not codes:
            raise _err(Code.CASE_INTAKE_UNAVAILABLE, "Chưa có nơi tiếp nhận hồ sơ: không thể chuyển nội dung thành hồ sơ.",
                       "No case intake is available.")
        v.case_code = codes[0]
        v.save(update_fields=["case_code"])
    audit(actor=actor, action="reception.visit_recorded", obj=v, unit_path=r.unit_path, kind=kind,
          case=v.case_code or None)
    return v

"""Every write about community decisions: create a matter, record the households' agreement to vote
online, open (freeze the electorate), vote online, record attendance and hands at the meeting, enter
paper ballots twice and reconcile them, close and tally, recognise.

Each service declares its access rule (core.access.guard: the action and the unit it acts in; a
matter put to the vote is public, so a refusal on it is a 403), validates, writes in one transaction;
closing appends the result, its counts and the SHA-256 of the vote set to the transparency log in the
same transaction. Concurrency: every voice is written while holding the row lock of that household's
`ElectorEntry` (SELECT … FOR UPDATE on PostgreSQL; SQLite serialises writers), and the matter's status
is read after taking that lock; closing first marks the matter closed, then locks every entry of its
electorate, so a vote either finished before the close or sees it closed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from danchu.core import inputs
from danchu.core.access import guard, open_to
from danchu.core.attachments import check_upload
from danchu.core.audit import audit
from danchu.core.calendar import add_working_days
from danchu.core.errors import DomainError, NotFound, PermissionDenied
from danchu.core.registry import announce
from danchu.core.roles import Action
from danchu.core.transparency import log_append
from danchu.units.models import Household, Level, Unit

from .errors import Code
from .models import (
    ART15_ITEM,
    MEETING_FORMS,
    NOTICE_DAYS,
    Channel,
    ChannelRule,
    Contribution,
    ContributionKind,
    Convention,
    ConventionComment,
    ConventionName,
    ConventionStatus,
    ConventionVersion,
    ElectorEntry,
    Form,
    Kind,
    Matter,
    OptionsKind,
    PaperEntry,
    Recognition,
    Result,
    SpeakerRegistration,
    Status,
    Vote,
    YesNo,
    kinds_for_level,
)
from .selectors import (
    contribution_log_payload,
    decision_log_payload,
    matter_tally,
    meeting_decided,
    member_household,
    minutes_symbol,
    paper_pending,
    represented_household,
)

LOG_TYPE = "decision"
YES_NO_OPTIONS = [
    # Decree 59 Art. 5(2)(d): agree / disagree / other opinion.
    {"key": "agree", "label": "Đồng ý"},
    {"key": "disagree", "label": "Không đồng ý"},
    {"key": "other", "label": "Ý kiến khác"},
]
# Kinds decided only at a meeting, with ballots as the fallback of Art. 19(1)(b) (Law Art. 17).
MEETING_KINDS = {Kind.CONVENTION, Kind.HAMLET_HEAD, Kind.BOARDS}
# Law Art. 21 "in force from": items 3, 4 on the commune PC's recognition, 5 on the commune Front's.
RECOGNIZED_BY = {Kind.CONVENTION: "ubnd_xa", Kind.HAMLET_HEAD: "ubnd_xa", Kind.BOARDS: "mttq_xa"}


def _err(code: Code, vi: str, en: str, field: str | None = None) -> DomainError:
    return DomainError(code, vi, message_en=en, field=field)


@dataclass
class MatterInput:
    kind: str
    title: str
    description: str = ""
    options_kind: str = OptionsKind.YES_NO
    option_labels: list[str] | None = None  # for a list or amounts
    form: str = Form.MEETING
    secret: bool = False
    channel_rule: str = ChannelRule.IN_PERSON_FIRST
    meeting_at: dt.datetime | None = None
    meeting_place: str = ""
    closes_at: dt.datetime | None = None


def _check_form(kind: str, form: str) -> None:
    if form not in Form.values:
        raise _err(Code.FORM_NOT_ALLOWED, "Hình thức không hợp lệ.", "Unknown form.", "form")
    if form in (Form.ONLINE, Form.MEETING_ONLINE) and kind != Kind.OTHER:
        # Law Art. 17; Decree 59 Art. 5(1): online only for Art. 15(6) matters.
        raise _err(Code.FORM_NOT_ALLOWED,
                   "Chỉ được biểu quyết trực tuyến đối với công việc tự quản khác (Điều 15 khoản 6 Luật, "
                   "Điều 5 Nghị định 59/2023).",
                   "Online voting is allowed only for Art. 15(6) matters.", "form")
    if kind in MEETING_KINDS and form == Form.BALLOT:
        # Law Art. 17: items 3–5 are decided at a meeting; ballots only after a meeting (Art. 19(1)(b)).
        raise _err(Code.FORM_NOT_ALLOWED,
                   "Nội dung này phải được quyết định tại cuộc họp; chỉ phát phiếu lấy ý kiến các hộ khi cuộc họp "
                   "không đủ số hộ (Điều 17, Điều 19 khoản 1 điểm b).",
                   "This matter must be decided at a meeting (ballots only as the Art. 19(1)(b) fallback).", "form")


def _check_hamlets_exist(units: list[Unit], closes_at: dt.datetime | None, *, opening: bool) -> None:
    """Law 10/2022 Arts. 15, 17: the community decides through the households of an existing hamlet
    ("hộ gia đình trên địa bàn thôn"). After a merger the electorate changes, so a vote on a hamlet that
    no longer exists, or that ends before the vote would, would count a body that is gone. The law says
    nothing more; the rule here: no new matter and no opening on a former hamlet, nor on one closing
    before the vote closes (at opening, a hamlet due to close needs a closing time on or before its last
    day). The merger of a hamlet with an open vote waits for the vote (units asks through
    query.open_votes_in_hamlets)."""
    for unit in units:
        if unit.is_former:
            raise _err(Code.HAMLET_NOT_CURRENT,
                       f"{unit.name} đã giải thể hoặc sáp nhập: không đưa việc ra biểu quyết ở đơn vị không còn "
                       "tồn tại (Điều 15, Điều 17 Luật 10/2022).",
                       f"{unit.name} has been closed or merged: no vote on a unit that no longer exists.", "hamlets")
        if unit.valid_to is None:
            continue
        last = dt.datetime.combine(unit.valid_to + dt.timedelta(days=1), dt.time.min,
                                   tzinfo=timezone.get_current_timezone())
        if (closes_at is not None and closes_at > last) or (opening and closes_at is None):
            raise _err(Code.HAMLET_NOT_CURRENT,
                       f"{unit.name} chỉ còn đến hết ngày {unit.valid_to:%d/%m/%Y}: biểu quyết phải kết thúc "
                       "trước khi đơn vị giải thể hoặc sáp nhập (Điều 15, Điều 17 Luật 10/2022).",
                       f"{unit.name} exists only until {unit.valid_to:%d/%m/%Y}: the vote must close before then.",
                       "closes_at")


def _options(data: MatterInput) -> list[dict]:
    if data.options_kind == OptionsKind.YES_NO:
        return list(YES_NO_OPTIONS)
    labels = [s.strip() for s in (data.option_labels or []) if s and s.strip()]
    if len(labels) < 1 or len(set(labels)) != len(labels) or len(labels) > 20:
        raise _err(Code.OPTIONS_INVALID, "Cần từ 1 đến 20 phương án khác nhau.",
                   "Give 1 to 20 distinct options.", "options")
    return [{"key": f"o{i}", "label": label[:200]} for i, label in enumerate(labels, 1)]


def _calls(kind: str | None) -> str:
    """The action that puts a matter of this kind to the vote. Decree 59/2023 Art. 3(1): a village
    head's election or dismissal is called by the commune chair (a dismissal also by the hamlet's Front
    work committee head), not by the village head whose office it is; every other matter by whoever
    manages the unit's matters (Law Art. 16). The kind does not tell an election from a dismissal, so
    the Front may call either; the commune chair recognises the result (Law Art. 21)."""
    return Action.DECISION_CALL_HAMLET_HEAD if kind == Kind.HAMLET_HEAD else Action.DECISION_MANAGE


def _create_action(args: dict) -> str:
    data = args.get("data")
    return _calls(getattr(data, "kind", None))


def _open_action(args: dict) -> str:
    matter = args.get("matter")
    return _calls(matter.kind if matter is not None else None)


# A matter being prepared is private to its unit (404 outside it); once voting opens it is public: the
# services acting on an open or closed matter declare `public=True` (403 for whoever lacks the right).
@guard(_create_action, on="unit")
def matter_create(*, actor, unit: Unit, hamlets: list[Unit], data: MatterInput) -> Matter:
    """Law Art. 16: a village matter is put by the village head (hamlet scope), a commune-wide one by
    the commune chair / People's Committee (commune scope, several hamlets)."""
    if data.kind not in Kind.values:
        raise _err(Code.SCOPE_INVALID, "Nội dung không thuộc các việc nhân dân bàn và quyết định (Điều 15).",
                   "Not a matter of Art. 15.", "kind")
    title = (data.title or "").strip()
    if not title:
        raise _err(Code.TITLE_REQUIRED, "Cần nhập tiêu đề.", "A title is required.", "title")
    if unit.level == Level.HAMLET:
        hamlets = [unit]
    elif unit.level == Level.COMMUNE:
        hamlets = list({h.pk: h for h in hamlets}.values())
        if not hamlets or any(h.parent_id != unit.pk or h.level != Level.HAMLET or not h.is_current for h in hamlets):
            raise _err(Code.SCOPE_INVALID, "Chọn các thôn, tổ dân phố đang hoạt động của xã này.",
                       "Choose current hamlets of this commune.", "hamlets")
    else:
        raise _err(Code.SCOPE_INVALID, "Chỉ xã hoặc thôn, tổ dân phố đưa việc ra bàn và quyết định.",
                   "Only a commune or a hamlet puts matters to the community.", "unit")
    if data.kind not in kinds_for_level(unit.level):
        # Art. 21(2): only items 1 and 2 are decided commune-wide (by 2/3 of the villages).
        raise _err(Code.KIND_SCOPE, "Nội dung này do từng thôn, tổ dân phố quyết định (Điều 21).",
                   "This matter is decided by one hamlet (Art. 21).", "kind")
    _check_form(data.kind, data.form)
    _check_hamlets_exist([unit, *hamlets], data.closes_at, opening=False)
    if data.channel_rule not in ChannelRule.values:
        raise _err(Code.OPTIONS_INVALID, "Quy tắc tính phiếu không hợp lệ.", "Unknown channel rule.", "channel_rule")
    with transaction.atomic():
        matter = Matter.objects.create(
            unit=unit, kind=data.kind, title=title[:250], description=data.description or "",
            options_kind=data.options_kind, options=_options(data), form=data.form, secret=data.secret,
            channel_rule=data.channel_rule, meeting_at=data.meeting_at, meeting_place=data.meeting_place[:200],
            closes_at=data.closes_at, created_by=actor,
        )
        matter.hamlets.set(hamlets)
        audit(actor=actor, action="decisions.create", obj=matter, unit_path=unit.path, kind=data.kind)
    return matter


def _locked_matter(matter_id: int) -> Matter:
    try:
        # FOR NO KEY UPDATE, not FOR UPDATE: a vote being inserted takes FOR KEY SHARE on its matter
        # (the foreign key) while holding its household's row lock; FOR UPDATE here would deadlock
        # with it when closing (found by the close-versus-votes race test).
        return Matter.objects.select_for_update(no_key=True).select_related("unit").get(pk=matter_id)
    except Matter.DoesNotExist as exc:
        raise NotFound() from exc


@guard(Action.DECISION_MANAGE, on="matter")
def matter_record_online_agreement(*, actor, matter: Matter, agreed: int) -> Matter:
    """Decree 59 Art. 5(1), 5(2)(c): more than half of ALL household representatives agree to vote
    online before an online vote is opened. Checked again against the frozen electorate at opening."""
    with transaction.atomic():
        m = _locked_matter(matter.pk)
        if m.status != Status.DRAFT:
            raise _err(Code.NOT_DRAFT, "Chỉ ghi nhận trước khi mở biểu quyết.", "Only before opening.")
        total = Household.objects.filter(hamlet__in=m.hamlets.all(), left_on__isnull=True).count()
        if agreed < 0 or agreed > total:
            raise _err(Code.ONLINE_AGREEMENT, f"Số hộ đồng ý phải từ 0 đến {total}.", "Out of range.", "agreed")
        m.online_agreed, m.online_agreed_total = agreed, total
        m.save(update_fields=["online_agreed", "online_agreed_total", "updated_at"])
        audit(actor=actor, action="decisions.online_agreement", obj=m, unit_path=m.unit.path, agreed=agreed, total=total)
    return m


@guard(_open_action, on="matter")
def matter_open(*, actor, matter: Matter, closes_at: dt.datetime | None = None) -> Matter:
    """Freeze the electorate: every household then living in the scope (not moved away)."""
    with transaction.atomic():
        m = _locked_matter(matter.pk)
        if m.status != Status.DRAFT:
            raise _err(Code.NOT_DRAFT, "Việc này đã mở biểu quyết.", "Voting was already opened.")
        _check_hamlets_exist([m.unit, *m.hamlets.all()], closes_at if closes_at is not None else m.closes_at,
                             opening=True)
        rows = list(
            Household.objects.filter(hamlet__in=m.hamlets.all(), left_on__isnull=True)
            .values_list("pk", "hamlet_id", "code", "representative__full_name")
        )
        if not rows:
            raise _err(Code.NO_HOUSEHOLDS, "Phạm vi chưa có hộ gia đình nào trong danh sách.", "No households in scope.")
        if "online" in m.channels and (m.online_agreed is None or m.online_agreed * 2 <= len(rows)):
            raise _err(Code.ONLINE_AGREEMENT,
                       f"Chưa có quá 50% tổng số hộ ({len(rows)} hộ) đồng ý biểu quyết trực tuyến "
                       "(Điều 5 Nghị định 59/2023).",
                       "More than half of all households must first agree to vote online.")
        ElectorEntry.objects.bulk_create(
            [ElectorEntry(matter=m, household_id=pk, hamlet_id=h, household_code=code, representative_name=name or "")
             for pk, h, code, name in rows], batch_size=2000,
        )
        now = timezone.now()
        m.status, m.opened_at = Status.OPEN, now
        if closes_at is not None:
            m.closes_at = closes_at
        m.save(update_fields=["status", "opened_at", "closes_at", "updated_at"])
        audit(actor=actor, action="decisions.open", obj=m, unit_path=m.unit.path, households=len(rows))
    return m


# --- voices -------------------------------------------------------------------------------------------

_BALLOT_ROUND_FIRST = {Channel.PAPER: 0, Channel.MEETING: 1, Channel.ONLINE: 2}

_PRIORITY = {
    ChannelRule.IN_PERSON_FIRST: {Channel.MEETING: 0, Channel.PAPER: 1, Channel.ONLINE: 2},
    ChannelRule.ONLINE_FIRST: {Channel.ONLINE: 0, Channel.MEETING: 1, Channel.PAPER: 2},
}


def _check_choice(matter: Matter, choice: str) -> None:
    if choice not in {o["key"] for o in matter.options}:
        raise _err(Code.BAD_CHOICE, "Phương án không có trong phiếu.", "Unknown option.", "choice")


def _cast(*, matter_id: int, household_id: int, channel: str, choice: str, actor, opinion: str = "") -> Vote:
    """Write one household's voice on one channel and decide which of its voices counts. Runs inside a
    transaction; takes the household's elector row lock first, then reads the matter."""
    entry = ElectorEntry.objects.select_for_update().filter(matter_id=matter_id, household_id=household_id).first()
    if entry is None:
        raise _err(Code.NOT_ELIGIBLE, "Hộ này không có trong danh sách hộ được biểu quyết việc này.",
                   "This household is not in the electorate.")
    matter = Matter.objects.only("status", "closes_at", "options", "form", "channel_rule").get(pk=matter_id)
    if matter.status != Status.OPEN or (matter.closes_at and timezone.now() >= matter.closes_at):
        raise _err(Code.NOT_OPEN, "Biểu quyết đã kết thúc hoặc chưa mở.", "Voting is not open.")
    if channel not in matter.channels:
        raise _err(Code.CHANNEL_NOT_USED, "Việc này không biểu quyết theo hình thức này.", "Channel not used.")
    _check_choice(matter, choice)
    votes = {v.channel: v for v in Vote.objects.filter(matter_id=matter_id, household_id=household_id)}
    vote = votes.get(channel)
    if vote is None:
        vote = Vote(matter_id=matter_id, household_id=household_id, hamlet_id=entry.hamlet_id, channel=channel,
                    choice=choice, opinion=opinion, counted=False,
                    entered_by=actor if getattr(actor, "pk", None) else None)
        vote.save()
        votes[channel] = vote
    elif vote.choice != choice or vote.opinion != opinion:
        # An online vote may be changed until close; a re-recorded hand or ballot likewise.
        Vote.objects.filter(pk=vote.pk).update(choice=choice, opinion=opinion, updated_at=timezone.now())
        vote.choice, vote.opinion = choice, opinion
    # A meeting with ballots as its fallback: a ballot exists only where the meeting could not decide,
    # and then the ballot round alone counts (Law Art. 19(1)(b); Decree 59 Art. 4(1)).
    priority = _BALLOT_ROUND_FIRST if matter.form == Form.MEETING_BALLOT else _PRIORITY[matter.channel_rule]
    winner = min(votes.values(), key=lambda v: priority[v.channel])
    double = len(votes) > 1
    # Un-count first, then count the winner: the partial unique index never sees two counted voices.
    Vote.objects.filter(matter_id=matter_id, household_id=household_id, counted=True).exclude(pk=winner.pk).update(
        counted=False, double_channel=double)
    Vote.objects.filter(pk=winner.pk).update(counted=True, double_channel=double)
    if double:
        Vote.objects.filter(matter_id=matter_id, household_id=household_id).update(double_channel=True)
    winner.counted = True
    return vote


# Online voting is for Art. 15(6) matters only, which a hamlet decides (Art. 21): the matter's unit is
# the voter's hamlet. The grant says the person acts as a household representative there; the body
# then finds the one household of the frozen electorate they represent.
OPINION_MAX = 500


def _opinion(choice: str, opinion: str) -> str:
    """What a household choosing "Ý kiến khác" says its opinion is (Decree 59 Art. 5(2)(d)): optional
    — the choice is a voice of its own, counted whether or not it is explained, as an unexplained
    "other opinion" on a paper ballot is — and at most 500 characters, without control characters.
    It belongs to that choice only: with another choice it is not kept."""
    opinion = inputs.text(opinion or "", field="opinion").strip()
    if choice != YesNo.OTHER:
        return ""
    if len(opinion) > OPINION_MAX:
        raise _err(Code.OPINION_INVALID, f"Ý kiến khác dài tối đa {OPINION_MAX} ký tự.",
                   f"The other opinion is at most {OPINION_MAX} characters.", "opinion")
    return opinion


@guard(Action.DECISION_VOTE, on="matter", public=True)
def vote_online(*, actor, matter: Matter, choice: str, opinion: str = "") -> Vote:
    """The household's representative votes online; a later vote replaces the earlier until close.
    With "Ý kiến khác" the household may write what its opinion is."""
    household_id = represented_household(user=actor, matter=matter)  # 403 unless they represent one
    opinion = _opinion(choice, opinion)
    for attempt in range(3):
        try:
            with transaction.atomic():
                return _cast(matter_id=matter.pk, household_id=household_id, channel=Channel.ONLINE, choice=choice,
                             actor=actor, opinion=opinion)
        except IntegrityError:
            # Two first votes of one household raced to insert (SQLite without row locks): retry once
            # the other has committed; on PostgreSQL the row lock already serialises them.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _entry_by_code(matter: Matter, household_code: str) -> ElectorEntry:
    code = (household_code or "").strip()
    # Typed from a paper ballot: "h033" is household H033 (codes are letters and digits, case is noise).
    entry = ElectorEntry.objects.filter(matter=matter, household_code__iexact=code).select_related("hamlet").first()
    if entry is None:
        raise _err(Code.UNKNOWN_HOUSEHOLD, f"Không có hộ mã “{code[:30]}” trong danh sách biểu quyết việc này.",
                   "Unknown household for this matter.", "household")
    return entry


def _ballot_hamlet(args: dict):
    """Where a paper ballot is typed in: the hamlet of its household. The ballots of a commune-wide
    matter are entered in each hamlet by its head (a commune grant reaches every hamlet); a code not
    in the electorate falls back to the matter's unit (and the body answers "unknown household")."""
    matter = args.get("matter")
    if matter is None:
        return None
    code = (args.get("household_code") or "").strip()
    entry = ElectorEntry.objects.filter(matter=matter, household_code__iexact=code).select_related("hamlet").first()
    return entry.hamlet if entry is not None else matter


def _ballot_hamlets(m: Matter) -> set[int]:
    """The voting hamlets whose ballot round has begun (a ballot typed in at least once)."""
    households = PaperEntry.objects.filter(matter=m).values("household_id")
    return set(ElectorEntry.objects.filter(matter=m, household_id__in=households).values_list("hamlet_id", flat=True))


def _check_attendance_before_ballots(m: Matter, codes: set[str]) -> None:
    """Once a hamlet's ballot round has begun its meeting is over: who attended it (the reason the
    ballots were handed out, Law Art. 19(1)(b)) can no longer change."""
    started = _ballot_hamlets(m)
    if not started:
        return
    folded = {c.casefold() for c in codes}
    for code, present in ElectorEntry.objects.filter(matter=m, hamlet_id__in=started).values_list(
            "household_code", "present"):
        if (code.casefold() in folded) != present:
            raise _err(Code.BALLOT_ROUND_STARTED,
                       "Đã phát phiếu lấy ý kiến sau cuộc họp không đủ số hộ: không sửa được danh sách hộ dự họp "
                       "(Điều 19 khoản 1 điểm b Luật 10/2022).",
                       "The ballot round has begun: the meeting's attendance can no longer change.", "household")


def _check_meeting_round(m: Matter, entry: ElectorEntry, channel: str) -> None:
    """Law Art. 17, Art. 19(1)(b); Decree 59 Art. 4(1); Decree 61 Art. 10: a meeting with ballots as its
    fallback. Hands are taken at a meeting that can decide; ballots are handed out only when it could
    not (too few households attended, or none was held)."""
    if m.form != Form.MEETING_BALLOT:
        return
    if channel == Channel.PAPER and m.meeting_at and timezone.now() < m.meeting_at:
        # The ballots follow the meeting; before it begins it has not yet failed to decide.
        raise _err(Code.BALLOT_ROUND_NOT_ALLOWED,
                   f"Chưa đến giờ họp ({timezone.localtime(m.meeting_at):%H giờ %M ngày %d/%m/%Y}): chỉ phát phiếu lấy "
                   "ý kiến sau cuộc họp không đủ số hộ (Điều 19 khoản 1 điểm b Luật 10/2022).",
                   "The meeting has not begun: ballots follow a meeting that could not decide.", "household")
    decided = meeting_decided(m, entry.hamlet_id)
    if channel == Channel.PAPER and decided:
        raise _err(Code.BALLOT_ROUND_NOT_ALLOWED,
                   "Cuộc họp đã có đủ số hộ gia đình tham dự nên quyết định tại cuộc họp; không phát phiếu lấy ý kiến "
                   "(Điều 19 khoản 1 điểm b Luật 10/2022, Điều 4 khoản 1 Nghị định 59/2023).",
                   "The meeting had enough households to decide: no ballot round follows it.", "household")
    if channel == Channel.MEETING and not decided:
        raise _err(Code.MEETING_CANNOT_DECIDE,
                   "Cuộc họp không đủ số hộ gia đình tham dự nên không biểu quyết tại cuộc họp; phát phiếu lấy ý kiến "
                   "tất cả các hộ (Điều 19 khoản 1 điểm b Luật 10/2022, Điều 4 khoản 1 Nghị định 59/2023).",
                   "Too few households attended for the meeting to decide: hand out ballots to every household.",
                   "household")


# --- the hamlet meeting (Decree 59 Art. 3(3)–(5)) -------------------------------------------------

NAME_MAX = 120


def _meeting_name(value: str, field: str) -> str:
    return " ".join(inputs.one_line(value or "", field=field).split())


def _check_notice(m: Matter) -> None:
    """Decree 59 Art. 3(3): the notice of the meeting and its documents are sent to the households at
    least 02 days before the meeting. A meeting not so convened takes no attendance and no hands."""
    if m.form not in MEETING_FORMS or not m.meeting_procedure:
        return
    if m.notice_sent_on is None:
        raise _err(Code.NOTICE_MISSING,
                   "Chưa ghi nhận ngày gửi thông báo họp và tài liệu đến các hộ gia đình: chưa điểm danh, biểu quyết "
                   f"tại cuộc họp được (thông báo phải gửi trước ít nhất {NOTICE_DAYS} ngày, Điều 3 khoản 3 Nghị định "
                   "59/2023).",
                   "The meeting's notice to the households has not been recorded: no attendance or hands yet "
                   "(at least 2 days before the meeting, Decree 59 Art. 3(3)).", "notice_sent_on")
    if m.meeting_at is not None:
        latest = timezone.localdate(m.meeting_at) - dt.timedelta(days=NOTICE_DAYS)
        if m.notice_sent_on > latest:
            raise _err(Code.NOTICE_MISSING,
                       f"Thông báo họp gửi ngày {m.notice_sent_on:%d/%m/%Y}, chưa đủ {NOTICE_DAYS} ngày trước cuộc họp "
                       f"({timezone.localtime(m.meeting_at):%d/%m/%Y}; phải gửi chậm nhất ngày {latest:%d/%m/%Y}, "
                       "Điều 3 khoản 3 Nghị định 59/2023): không điểm danh, biểu quyết tại cuộc họp này được.",
                       "The notice was sent less than 2 days before the meeting (Decree 59 Art. 3(3)): no attendance "
                       "or hands at this meeting.", "notice_sent_on")


def _meeting_not_closed(m: Matter) -> None:
    """A matter decided at a meeting whose vote has not closed: its meeting may still be prepared."""
    if m.form not in MEETING_FORMS:
        raise _err(Code.CHANNEL_NOT_USED, "Việc này không quyết định tại cuộc họp.", "No meeting for this matter.")
    if m.status == Status.CLOSED:
        raise _err(Code.ALREADY_CLOSED, "Việc này đã kết thúc biểu quyết.", "Already closed.")


@guard(Action.DECISION_MANAGE, on="matter", public=True)
def meeting_notice_record(*, actor, matter: Matter, sent_on: dt.date) -> Matter:
    """Decree 59 Art. 3(3): the day the notice of the meeting and its documents were sent to the
    households (before the vote closes; a date not after today)."""
    with transaction.atomic():
        m = _locked_matter(matter.pk)
        _meeting_not_closed(m)
        if not isinstance(sent_on, dt.date) or sent_on > timezone.localdate():
            raise _err(Code.NOTICE_INVALID, "Ngày gửi thông báo họp không được sau hôm nay.",
                       "The notice date cannot be after today.", "notice_sent_on")
        m.notice_sent_on = sent_on
        m.save(update_fields=["notice_sent_on", "updated_at"])
        audit(actor=actor, action="decisions.meeting_notice", obj=m, unit_path=m.unit.path, sent_on=sent_on.isoformat())
    return m


@guard(Action.DECISION_MANAGE, on="matter", public=True)
def meeting_reschedule(*, actor, matter: Matter, meeting_at: dt.datetime) -> Matter:
    """Move the meeting to a later time — e.g. when its notice went out less than 02 days before it
    (Decree 59 Art. 3(3)) — as long as the meeting has not taken place: no attendance, no hands, no
    ballots recorded yet; the new time is in the future and not after the vote closes."""
    with transaction.atomic():
        m = _locked_matter(matter.pk)
        _meeting_not_closed(m)
        if not isinstance(meeting_at, dt.datetime) or timezone.is_naive(meeting_at):
            raise _err(Code.MEETING_TIME_INVALID, "Thời gian họp không hợp lệ.", "Not a valid meeting time.", "meeting_at")
        if meeting_at <= timezone.now() or (m.closes_at is not None and meeting_at > m.closes_at):
            raise _err(Code.MEETING_TIME_INVALID,
                       "Thời gian họp mới phải sau bây giờ và không sau hạn kết thúc biểu quyết.",
                       "The new meeting time must be in the future and not after the vote closes.", "meeting_at")
        if (ElectorEntry.objects.filter(matter=m, present=True).exists()
                or Vote.objects.filter(matter=m, channel__in=[Channel.MEETING, Channel.PAPER]).exists()):
            raise _err(Code.MEETING_TIME_INVALID,
                       "Cuộc họp đã diễn ra (đã điểm danh hoặc đã có biểu quyết): không dời lịch họp được.",
                       "The meeting has taken place (attendance or votes recorded): it cannot be moved.", "meeting_at")
        m.meeting_at = meeting_at
        m.save(update_fields=["meeting_at", "updated_at"])
        audit(actor=actor, action="decisions.meeting_reschedule", obj=m, unit_path=m.unit.path,
              meeting_at=meeting_at.isoformat())
    return m


def _meeting_open(m: Matter) -> None:
    if m.form not in MEETING_FORMS:
        raise _err(Code.CHANNEL_NOT_USED, "Việc này không quyết định tại cuộc họp.", "No meeting for this matter.")
    if m.status != Status.OPEN:
        raise _err(Code.NOT_OPEN, "Biểu quyết đã kết thúc hoặc chưa mở.", "Voting is not open.")


SPEAKER_NOTE_MAX = 1000


def speaker_refusal(m: Matter) -> DomainError | None:
    """Why no one may register to speak at this matter's meeting now (Law Art. 24(2)), or None."""
    if m.form not in MEETING_FORMS:
        return _err(Code.CHANNEL_NOT_USED, "Việc này không quyết định tại cuộc họp.", "No meeting for this matter.")
    if m.status == Status.CLOSED:
        return _err(Code.ALREADY_CLOSED, "Việc này đã kết thúc biểu quyết.", "Already closed.")
    if m.status != Status.OPEN:
        return _err(Code.NOT_OPEN, "Biểu quyết đã kết thúc hoặc chưa mở.", "Voting is not open.")
    if ((m.meeting_at is not None and m.meeting_at <= timezone.now())
            or ElectorEntry.objects.filter(matter=m, present=True).exists()
            or Vote.objects.filter(matter=m, channel__in=[Channel.MEETING, Channel.PAPER]).exists()):
        return _err(Code.SPEAKER_INVALID,
                    "Cuộc họp đã bắt đầu: không đăng ký phát biểu được nữa.",
                    "The meeting has begun: registration to speak is closed.")
    return None


@open_to("a member of a household of the matter's electorate registers to speak at the hamlet meeting "
         "(Law Art. 24(2)); membership is checked in the body (selectors.member_household)")
def speaker_register(*, actor, matter: Matter, name: str, note: str = "") -> SpeakerRegistration:
    """Law Art. 24(2): a household member who disagrees with the opinion of the household's representative
    registers to attend the meeting and speak, for their own household — the household of the resident
    record linked to the account, when it is in the electorate frozen at opening. The representative is
    not refused (the right is not theirs, but nothing is lost by it). Only for a matter decided at a
    meeting, while the vote is open and before the meeting begins (its time has come, attendance or
    votes at the meeting recorded)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("Cần đăng nhập để đăng ký phát biểu.", message_en="Sign in to register to speak.")
    household_id = member_household(actor, matter)
    if household_id is None:
        raise PermissionDenied("Chỉ thành viên của hộ gia đình có trong danh sách biểu quyết việc này được đăng ký "
                               "phát biểu (Điều 24 khoản 2 Luật 10/2022).",
                               message_en="Only members of a household of this matter's electorate may register to speak.")
    name = _meeting_name(name, "name")
    if not name or len(name) > NAME_MAX:
        raise _err(Code.SPEAKER_INVALID, f"Cần nhập họ và tên người phát biểu (tối đa {NAME_MAX} ký tự).",
                   f"Enter the speaker's name (at most {NAME_MAX} characters).", "name")
    note = inputs.text(note or "", field="note").strip()
    if len(note) > SPEAKER_NOTE_MAX:
        raise _err(Code.SPEAKER_INVALID, f"Nội dung muốn phát biểu dài tối đa {SPEAKER_NOTE_MAX} ký tự.",
                   f"What you want to say is at most {SPEAKER_NOTE_MAX} characters.", "note")
    with transaction.atomic():
        m = _locked_matter(matter.pk)
        refusal = speaker_refusal(m)
        if refusal is not None:
            raise refusal
        if SpeakerRegistration.objects.filter(matter=m, household_id=household_id, name=name).exists():
            raise _err(Code.SPEAKER_INVALID, "Người này đã đăng ký phát biểu tại cuộc họp.",
                       "This person has already registered to speak.", "name")
        s = SpeakerRegistration.objects.create(matter=m, household_id=household_id, name=name, note=note,
                                               registered_by=actor)
        audit(actor=actor, action="decisions.speaker_register", obj=s, unit_path=m.unit.path)
    return s


@guard(Action.DECISION_RECORD, on="matter", public=True)
def meeting_secretary_record(*, actor, matter: Matter, name: str, agreed: int) -> Matter:
    """Decree 59 Art. 3(4): the meeting chooses its secretary, agreed by more than 50% of the
    representatives of the households attending (those recorded present)."""
    name = _meeting_name(name, "secretary_name")
    with transaction.atomic():
        m = _locked_matter(matter.pk)
        _meeting_open(m)
        if not name or len(name) > NAME_MAX:
            raise _err(Code.SECRETARY_INVALID, f"Cần nhập họ tên thư ký cuộc họp (tối đa {NAME_MAX} ký tự).",
                       "The secretary's name is required.", "secretary_name")
        present = ElectorEntry.objects.filter(matter=m, present=True).count()
        if not isinstance(agreed, int) or agreed < 0 or agreed > present:
            raise _err(Code.SECRETARY_INVALID, f"Số hộ đồng ý phải từ 0 đến số hộ có mặt ({present}).",
                       "The number agreeing must lie between 0 and the households present.", "secretary_agreed")
        if agreed * 2 <= present:
            raise _err(Code.SECRETARY_INVALID,
                       f"Thư ký cuộc họp phải được trên 50% số hộ có mặt ({present} hộ) đồng ý; mới có {agreed} hộ "
                       "(Điều 3 khoản 4 Nghị định 59/2023).",
                       "The secretary needs the agreement of more than half of the households present "
                       "(Decree 59 Art. 3(4)).", "secretary_agreed")
        m.secretary_name, m.secretary_agreed, m.secretary_present = name, agreed, present
        m.save(update_fields=["secretary_name", "secretary_agreed", "secretary_present", "updated_at"])
        audit(actor=actor, action="decisions.meeting_secretary", obj=m, unit_path=m.unit.path, agreed=agreed,
              present=present)
    return m


@guard(Action.DECISION_RECORD, on="matter", public=True)
def meeting_witnesses_record(*, actor, matter: Matter, first: str, second: str) -> Matter:
    """Decree 59 Art. 3(5)(c): two representatives of households attending the meeting sign its
    minutes with the chair and the secretary; two different people."""
    a, b = _meeting_name(first, "witness_1_name"), _meeting_name(second, "witness_2_name")
    with transaction.atomic():
        m = _locked_matter(matter.pk)
        _meeting_open(m)
        for value, field in ((a, "witness_1_name"), (b, "witness_2_name")):
            if not value or len(value) > NAME_MAX:
                raise _err(Code.WITNESSES_INVALID,
                           f"Cần nhập họ tên hai đại diện hộ gia đình ký biên bản (tối đa {NAME_MAX} ký tự).",
                           "Both household representatives signing the minutes are required.", field)
        if a.casefold() == b.casefold():
            raise _err(Code.WITNESSES_INVALID,
                       "Hai đại diện hộ gia đình ký biên bản phải là hai người khác nhau (Điều 3 khoản 5 Nghị định "
                       "59/2023).", "The two household representatives must be two different people.",
                       "witness_2_name")
        m.witness_1_name, m.witness_2_name = a, b
        m.save(update_fields=["witness_1_name", "witness_2_name", "updated_at"])
        audit(actor=actor, action="decisions.meeting_witnesses", obj=m, unit_path=m.unit.path)
    return m


@guard(Action.DECISION_RECORD, on="matter", public=True)
def attendance_record(*, actor, matter: Matter, present_codes: list[str]) -> int:
    """Law Art. 20(2): households represented at the meeting. Replaces the list; returns the count."""
    typed = {c.strip() for c in present_codes if c and c.strip()}
    with transaction.atomic():
        m = _locked_matter(matter.pk)
        if m.status != Status.OPEN:
            raise _err(Code.NOT_OPEN, "Biểu quyết đã kết thúc hoặc chưa mở.", "Voting is not open.")
        _check_notice(m)
        by_folded = {c.casefold(): c for c in ElectorEntry.objects.filter(matter=m).values_list("household_code", flat=True)}
        codes = {by_folded.get(c.casefold(), c) for c in typed}  # "h033" is H033
        known = {c for c in codes if c.casefold() in by_folded}
        unknown = sorted(codes - known)
        if unknown:
            raise _err(Code.UNKNOWN_HOUSEHOLD, f"Không có hộ mã {', '.join(unknown[:5])} trong danh sách.",
                       "Unknown household codes.", "household")
        if m.form == Form.MEETING_BALLOT:
            _check_attendance_before_ballots(m, codes)
        ElectorEntry.objects.filter(matter=m).exclude(household_code__in=codes).update(present=False)
        n = ElectorEntry.objects.filter(matter=m, household_code__in=codes).update(present=True)
        audit(actor=actor, action="decisions.attendance", obj=m, unit_path=m.unit.path, present=n)
    return n


@guard(Action.DECISION_RECORD, on="matter", public=True)
def hands_record(*, actor, matter: Matter, choices: dict[str, str]) -> int:
    """Show of hands counted on the spot and minuted per household (Decree 59 Art. 3(5)(c)). Only
    households recorded present may raise a hand."""
    with transaction.atomic():
        m = _locked_matter(matter.pk)
        _check_notice(m)
        n = 0
        for code, choice in sorted(choices.items()):
            entry = _entry_by_code(m, code)
            if not entry.present:
                raise _err(Code.NOT_ELIGIBLE, f"Hộ {entry.household_code} chưa được điểm danh có mặt.",
                           "The household is not recorded present.", "household")
            _check_meeting_round(m, entry, Channel.MEETING)
            _cast(matter_id=m.pk, household_id=entry.household_id, channel=Channel.MEETING, choice=choice, actor=actor)
            n += 1
        audit(actor=actor, action="decisions.hands", obj=m, unit_path=m.unit.path, households=n)
    return n


@guard(Action.DECISION_RECORD, on=_ballot_hamlet, public=True)
def paper_enter(*, actor, matter: Matter, household_code: str, choice: str) -> str:
    """One typing of a paper ballot (Law Art. 19: one ballot per household). The first typing waits
    for a second by another person; equal → the ballot counts; different → a mismatch the hamlet
    head reconciles against the ballot. Returns "first", "confirmed" or "mismatch"."""
    with transaction.atomic():
        m = _locked_matter(matter.pk)
        entry = _entry_by_code(m, household_code)
        if m.status != Status.OPEN:
            raise _err(Code.NOT_OPEN, "Biểu quyết đã kết thúc hoặc chưa mở.", "Voting is not open.")
        if Channel.PAPER not in m.channels:
            raise _err(Code.CHANNEL_NOT_USED, "Việc này không biểu quyết bằng phiếu.", "No paper ballots.")
        _check_choice(m, choice)
        _check_meeting_round(m, entry, Channel.PAPER)
        entries = list(PaperEntry.objects.filter(matter=m, household_id=entry.household_id))
        if len(entries) >= 2 or Vote.objects.filter(matter=m, household_id=entry.household_id,
                                                    channel=Channel.PAPER).exists():
            raise _err(Code.ENTRY_EXISTS, f"Phiếu của hộ {entry.household_code} đã được nhập đủ hai lần.",
                       "This ballot was already entered twice.", "household")
        if entries and entries[0].entered_by_id == actor.pk:
            # Two typings by two different people (the four-eyes rule of the paper count): the one who
            # typed the first may not confirm it.
            raise PermissionDenied(f"Lần nhập thứ hai phiếu của hộ {entry.household_code} phải do một người khác "
                                   "thực hiện.", message_en="The second entry must be made by another person.",
                                   field="household")
        PaperEntry.objects.create(matter=m, household_id=entry.household_id, round=len(entries) + 1, choice=choice,
                                  entered_by=actor)
        audit(actor=actor, action="decisions.paper_entry", obj=m, unit_path=m.unit.path,
              household=entry.household_code, round=len(entries) + 1)
        if not entries:
            return "first"
        if entries[0].choice != choice:
            return "mismatch"
        _cast(matter_id=m.pk, household_id=entry.household_id, channel=Channel.PAPER, choice=choice, actor=actor)
        return "confirmed"


@guard(Action.DECISION_RECORD, on=_ballot_hamlet, public=True)
def paper_reconcile(*, actor, matter: Matter, household_code: str, choice: str) -> Vote:
    """The two typings differ: the hamlet head reads the ballot again and records what it says."""
    with transaction.atomic():
        m = _locked_matter(matter.pk)
        entry = _entry_by_code(m, household_code)
        entries = list(PaperEntry.objects.filter(matter=m, household_id=entry.household_id))
        has_vote = Vote.objects.filter(matter=m, household_id=entry.household_id, channel=Channel.PAPER).exists()
        if len(entries) != 2 or entries[0].choice == entries[1].choice or has_vote:
            raise _err(Code.NO_MISMATCH, "Phiếu này không có sai lệch cần đối chiếu.", "Nothing to reconcile.")
        _check_choice(m, choice)
        vote = _cast(matter_id=m.pk, household_id=entry.household_id, channel=Channel.PAPER, choice=choice, actor=actor)
        audit(actor=actor, action="decisions.paper_reconcile", obj=m, unit_path=m.unit.path,
              household=entry.household_code, first=entries[0].choice, second=entries[1].choice, decided=choice)
    return vote


# --- close, tally, recognition ------------------------------------------------------------------------


@guard(Action.DECISION_MANAGE, on="matter", public=True)
def matter_close(*, actor, matter: Matter) -> Matter:
    """Close → tally from the stored votes → adopted / not adopted / not valid (Art. 21), logged."""
    with transaction.atomic():
        m = _locked_matter(matter.pk)
        if m.status == Status.CLOSED:
            raise _err(Code.ALREADY_CLOSED, "Việc này đã kết thúc biểu quyết.", "Already closed.")
        if m.status != Status.OPEN:
            raise _err(Code.NOT_OPEN, "Việc này chưa mở biểu quyết.", "Voting was not opened.")
        if m.meeting_at and timezone.now() < m.meeting_at:
            # Law Art. 20: the vote is taken at the meeting the village head convenes, so it cannot end
            # before that meeting begins (nor could the minutes record it in order).
            raise _err(Code.MEETING_NOT_STARTED,
                       f"Chưa đến giờ họp ({timezone.localtime(m.meeting_at):%H giờ %M ngày %d/%m/%Y}): biểu quyết "
                       "được tiến hành tại cuộc họp nên chỉ kết thúc được sau khi cuộc họp bắt đầu.",
                       "The meeting has not started yet: the vote cannot be closed before it.")
        held = m.form == Form.MEETING or (m.form == Form.MEETING_BALLOT
                                          and ElectorEntry.objects.filter(matter=m, present=True).exists())
        if held and m.meeting_procedure and not (m.witness_1_name and m.witness_2_name):
            # Decree 59 Art. 3(5)(c): the minutes of the meeting are signed by two representatives of
            # attending households. Required before closing, not merely before the minutes are printed:
            # closing issues the minutes (their number, Decree 30 Art. 15) and logs the result they carry.
            # A meeting with ballots that no household attended has no one to sign for it: its ballot
            # round (Law Art. 19(1)(b)) closes without them.
            raise _err(Code.WITNESSES_MISSING,
                       "Chưa ghi họ tên hai đại diện hộ gia đình dự họp ký biên bản cùng chủ trì và thư ký "
                       "(Điều 3 khoản 5 Nghị định 59/2023).",
                       "Record the two household representatives who sign the minutes first (Decree 59 Art. 3(5)).")
        pending = paper_pending(m)
        if pending:
            raise _err(Code.PAPER_PENDING,
                       f"Còn {len(pending)} phiếu giấy chưa nhập lần hai hoặc chưa đối chiếu "
                       f"(hộ {', '.join(pending[:5])}).",
                       "Paper ballots are waiting for a second entry or reconciliation.")
        now = timezone.now()
        m.status, m.closed_at = Status.CLOSED, now
        Matter.objects.filter(pk=m.pk).update(status=Status.CLOSED, closed_at=now)
        # Wait for votes in flight: each holds its household's row lock until it commits.
        list(ElectorEntry.objects.select_for_update().filter(matter=m).values_list("pk", flat=True))
        outcome, digest = matter_tally(m)
        m.result = outcome.result
        m.adopted_option = outcome.option if outcome.result == Result.ADOPTED else ""
        m.counts = {
            "households_total": outcome.total,
            "households_participated": outcome.participated,
            "households_present": ElectorEntry.objects.filter(matter=m, present=True).count(),
            "by_option": outcome.by_option,
            "by_channel": outcome.by_channel,
            "double_channel": outcome.double_channel,
            "approve": outcome.approve,
            "option": outcome.option,
            "hamlets_total": outcome.hamlets_total,
            "hamlets_approving": outcome.hamlets_approving,
            "hamlets": outcome.hamlets,
        }
        m.vote_set_sha256 = digest
        today = timezone.localdate()
        m.report_due = add_working_days(today, 5)  # Law Art. 20(3); Decree 59 Arts. 3(5)(d), 4(7), 5(4)
        if m.result == Result.ADOPTED and m.kind in RECOGNIZED_BY:
            m.recognition = Recognition.PENDING
            # Sent through the platform on closing, the decision reaches the commune the same day.
            m.recognition_due = add_working_days(today, 5)
        year = today.year
        last = Matter.objects.filter(unit=m.unit, minutes_year=year).aggregate(n=Max("minutes_number"))["n"] or 0
        m.minutes_number, m.minutes_year = last + 1, year  # Decree 30 Art. 15: numbering restarts each year
        m.save()
        if m.kind == Kind.CONVENTION and m.result != Result.ADOPTED:
            ConventionVersion.objects.filter(matter=m).update(status=ConventionStatus.REJECTED)
        log_append(kind="decision.result", object_type=LOG_TYPE, object_id=m.pk, payload=decision_log_payload(m))
        audit(actor=actor, action="decisions.close", obj=m, unit_path=m.unit.path, result=m.result)
    return m


RECOGNITION_NUMBER_MAX = 50
REASON_MAX = 4000


def _recognition_decision(m: Matter, *, number: str, on: dt.date | None, required: bool) -> tuple[str, dt.date | None]:
    """The number and date of the commune chair's written decision (Law Art. 21; Decree 61 Art. 11):
    required to recognise, optional on a refusal; a number of one line, with its sequence number, at
    most 50 characters; a date neither in the future nor before the vote closed."""
    number = inputs.one_line(number or "", field="decision_number").strip()
    if required and not number:
        raise _err(Code.DECISION_NUMBER, "Cần nhập số quyết định công nhận (ví dụ 12/QĐ-UBND).",
                   "Give the number of the recognition decision (e.g. 12/QĐ-UBND).", "decision_number")
    if len(number) > RECOGNITION_NUMBER_MAX:
        raise _err(Code.DECISION_NUMBER, f"Số quyết định dài tối đa {RECOGNITION_NUMBER_MAX} ký tự.",
                   f"The decision number is at most {RECOGNITION_NUMBER_MAX} characters.", "decision_number")
    if number and not any(ch.isdigit() for ch in number):
        raise _err(Code.DECISION_NUMBER, "Số quyết định phải có số thứ tự (ví dụ 12/QĐ-UBND).",
                   "The decision number must hold its sequence number (e.g. 12/QĐ-UBND).", "decision_number")
    if required and on is None:
        raise _err(Code.DECISION_DATE, "Cần nhập ngày ký quyết định công nhận.", "Give the date of the decision.",
                   "decision_date")
    if on is not None:
        inputs.date_bounded(on, field="decision_date")
        closed = timezone.localdate(m.closed_at) if m.closed_at else None
        today = timezone.localdate()
        if on > today or (closed is not None and on < closed):
            raise _err(Code.DECISION_DATE,
                       f"Ngày quyết định phải từ ngày kết thúc biểu quyết ({closed:%d/%m/%Y}) đến hôm nay." if closed
                       else "Ngày quyết định không được sau hôm nay.",
                       "The decision date must lie between the close of the vote and today.", "decision_date")
    return number, on


@guard(Action.DECISION_RECOGNIZE, on="matter", public=True)
def matter_recognize(*, actor, matter: Matter, accept: bool, reason: str = "", decision_number: str = "",
                     decision_date: dt.date | None = None) -> Matter:
    """Law Art. 21: within 05 working days of receiving the decision the commune People's Committee
    recognises it, or refuses in writing with reasons (items 3, 4; item 5 by the commune Front). The
    recognition is a written decision of the commune chair: its number and date are recorded, logged
    and published; a refusal may carry the number and date of its written answer."""
    reason = inputs.text(reason or "", field="reason").strip()
    with transaction.atomic():
        m = _locked_matter(matter.pk)
        if m.recognition != Recognition.PENDING:
            raise _err(Code.RECOGNITION_NOT_PENDING, "Kết quả này không chờ công nhận.", "Not awaiting recognition.")
        if not accept and not reason:
            raise _err(Code.REASON_REQUIRED, "Từ chối công nhận phải nêu rõ lý do (Điều 21).",
                       "A refusal must give reasons.", "reason")
        if len(reason) > REASON_MAX:
            raise _err(Code.REASON_REQUIRED, f"Lý do dài tối đa {REASON_MAX} ký tự.",
                       f"The reasons are at most {REASON_MAX} characters.", "reason")
        number, on = _recognition_decision(m, number=decision_number, on=decision_date, required=accept)
        m.recognition = Recognition.RECOGNIZED if accept else Recognition.REFUSED
        m.recognition_note = reason
        m.recognition_number, m.recognition_date = number, on
        m.recognized_at = timezone.now()
        m.save(update_fields=["recognition", "recognition_note", "recognition_number", "recognition_date",
                              "recognized_at", "updated_at"])
        if m.kind == Kind.CONVENTION:
            _convention_recognized(m, accept)
        log_append(kind="decision.recognition", object_type=LOG_TYPE, object_id=m.pk, payload=decision_log_payload(m))
        if accept:
            # Hand-off to dân biết: the recognised decision is made public as a disclosure of its
            # category (Law Arts. 11, 23), under the number and date of the recognition decision. Area
            # apps do not import each other: the disclosures app acts on the announced fact, inside
            # this transaction (core.registry).
            announce("decisions.recognized", actor=actor, unit=m.unit, kind=m.kind,
                     title=f"Kết quả biểu quyết: {m.title}", body=_recognized_body(m),
                     decision_ref=m.recognition_number, decision_date=m.recognition_date)
        audit(actor=actor, action="decisions.recognize", obj=m, unit_path=m.unit.path, accept=accept,
              decision_number=number)
    return m


SCAN_KINDS = frozenset({"pdf", "image"})


@guard(Action.DECISION_MANAGE, on="matter", public=True)
def minutes_scan_attach(*, actor, matter: Matter, name: str, content: bytes) -> Matter:
    """Attach the signed, scanned minutes of a closed matter (Art. 20(2) signatures). A new scan
    replaces the shown one; every scan's SHA-256 stays in the transparency log."""
    checked = check_upload(name=name, content=content, kinds=SCAN_KINDS)
    with transaction.atomic():
        m = _locked_matter(matter.pk)
        if m.status != Status.CLOSED:
            raise _err(Code.NOT_CLOSED, "Chỉ đính kèm biên bản đã ký sau khi kết thúc biểu quyết.",
                       "Attach the signed minutes after the vote has closed.")
        m.minutes_scan.save(f"bien-ban-{m.pk}-{checked.sha256[:12]}{PurePath(checked.name).suffix.lower()}",
                            ContentFile(checked.content), save=False)
        m.minutes_scan_sha256 = checked.sha256
        m.minutes_scan_content_type = checked.content_type
        m.save(update_fields=["minutes_scan", "minutes_scan_sha256", "minutes_scan_content_type", "updated_at"])
        log_append(kind="decision.minutes_scan", object_type=LOG_TYPE, object_id=m.pk, payload=decision_log_payload(m))
        audit(actor=actor, action="decisions.minutes_scan", obj=m, unit_path=m.unit.path, sha256=checked.sha256)
    return m


def _recognized_body(m: Matter) -> str:
    counts = m.counts or {}
    lines = [
        m.get_kind_display(),
        f"Hình thức: {m.get_form_display()}.",
        f"Kết quả: {m.get_result_display()}" + (f" — phương án “{m.option_label(m.adopted_option)}”" if m.adopted_option else "")
        + ".",
    ]
    if counts:
        lines.append("Số liệu kiểm phiếu: " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())
                                                       if isinstance(v, int | str)) + ".")
    if m.minutes_number:
        lines.append(f"Biên bản số {minutes_symbol(m)}"
                     + (f" ngày {timezone.localdate(m.closed_at):%d/%m/%Y}" if m.closed_at else "") + ".")
    lines.append(f"{m.recognizer} công nhận tại Quyết định số {m.recognition_number} ngày {m.recognition_date:%d/%m/%Y} "
                 "(Điều 21 Luật 10/2022/QH15).")
    if m.vote_set_sha256:
        lines.append(f"Mã băm SHA-256 của bộ phiếu: {m.vote_set_sha256}.")
    return "\n".join(lines)


@guard(Action.DECISION_MANAGE, on="matter", public=True)
def contribution_record(*, actor, matter: Matter, kind: str, amount_vnd: int, on: dt.date, note: str = "") -> Contribution:
    """Record (and publish in the log) a decided, collected or spent amount of an adopted contribution
    or community-fund matter (Law Art. 15 items 1–2; Art. 23: the village head reports the results)."""
    if matter.kind not in (Kind.CONTRIBUTION, Kind.FUNDS) or matter.result != Result.ADOPTED:
        raise _err(Code.NOT_ADOPTED, "Chỉ ghi khoản đóng góp của việc đóng góp, quỹ cộng đồng đã được thông qua.",
                   "Only for adopted contribution or fund matters.")
    if kind not in ContributionKind.values:
        raise _err(Code.OPTIONS_INVALID, "Loại khoản không hợp lệ.", "Unknown kind.", "kind")
    if not isinstance(amount_vnd, int) or amount_vnd < 0 or amount_vnd > 10**15:
        raise _err(Code.OPTIONS_INVALID, "Số tiền phải là số nguyên không âm (đồng).", "Amount must be a non-negative integer.",
                   "amount_vnd")
    with transaction.atomic():
        c = Contribution.objects.create(matter=matter, kind=kind, amount_vnd=amount_vnd, on=on, note=(note or "")[:300],
                                        recorded_by=actor)
        log_append(kind="decision.contribution", object_type=LOG_TYPE + "_contribution", object_id=c.pk,
                   payload=contribution_log_payload(c))
        audit(actor=actor, action="decisions.contribution", obj=matter, unit_path=matter.unit.path, kind=kind,
              amount_vnd=amount_vnd)
    return c


# --- village conventions (Decree 61/2023) ----------------------------------------------------------

COMMENT_DAYS = 30  # Decree 61 Art. 9: the draft is posted for at least 30 days


def _convention_err(vi: str, en: str, field: str | None = None) -> DomainError:
    return _err(Code.CONVENTION_STATE, vi, en, field)


def _convention_hamlet(args: dict):
    version = args.get("version")
    return version.convention.hamlet if version is not None else None


@guard(Action.DECISION_MANAGE, on="hamlet")
def convention_draft(*, actor, hamlet: Unit, title: str, text: str, name_kind: str = ConventionName.HUONG_UOC,
                     convention: Convention | None = None) -> ConventionVersion:
    """A new convention, or an amendment of one (Decree 61 Arts. 7, 13: the same procedure)."""
    if hamlet.level != Level.HAMLET:
        raise _err(Code.SCOPE_INVALID, "Hương ước, quy ước là của thôn, tổ dân phố.", "Conventions belong to a hamlet.")
    if not (text or "").strip() or not (title or convention):
        raise _err(Code.TITLE_REQUIRED, "Cần nhập tên và nội dung.", "Title and text are required.", "text")
    with transaction.atomic():
        if convention is None:
            if name_kind not in ConventionName.values:
                raise _err(Code.OPTIONS_INVALID, "Tên gọi phải là Hương ước hoặc Quy ước (Điều 6).", "Unknown name.")
            convention = Convention.objects.create(hamlet=hamlet, name_kind=name_kind, title=title.strip()[:250])
        elif convention.versions.exclude(status__in=[ConventionStatus.IN_FORCE, ConventionStatus.SUPERSEDED,
                                                     ConventionStatus.REJECTED]).exists():
            raise _convention_err("Đang có một dự thảo sửa đổi chưa kết thúc.", "An amendment is already under way.")
        number = (convention.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        v = ConventionVersion.objects.create(convention=convention, number=number, text=text.strip())
        audit(actor=actor, action="decisions.convention_draft", obj=v, unit_path=hamlet.path, number=number)
    return v


# Every version of a hamlet's conventions, drafts included, is listed on its public page
# (/u/<code>/huong-uoc/, Decree 61 Art. 15): acting on one without the right is a 403.
@guard(Action.DECISION_MANAGE, on=_convention_hamlet, public=True)
def convention_post(*, actor, version: ConventionVersion) -> ConventionVersion:
    """Post the draft for comments for at least 30 days (Decree 61 Art. 9)."""
    hamlet = version.convention.hamlet
    if version.status != ConventionStatus.DRAFT:
        raise _convention_err("Chỉ niêm yết dự thảo.", "Only a draft can be posted.")
    today = timezone.localdate()
    version.status, version.posted_on = ConventionStatus.COMMENTING, today
    version.comment_until = today + dt.timedelta(days=COMMENT_DAYS)
    version.save(update_fields=["status", "posted_on", "comment_until"])
    audit(actor=actor, action="decisions.convention_post", obj=version, unit_path=hamlet.path)
    return version


@open_to("anyone signed in may comment on a draft posted for comments (Decree 61 Art. 9)")
def convention_comment(*, actor, version: ConventionVersion, text: str) -> ConventionComment:
    """A comment on a posted draft: any signed-in person, of any unit (the comment box is public)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("Cần đăng nhập để góp ý.", message_en="Sign in to comment.")
    if version.status != ConventionStatus.COMMENTING:
        raise _convention_err("Dự thảo không trong thời gian lấy ý kiến.", "Not open for comments.")
    text = (text or "").strip()
    if not text:
        raise _err(Code.TITLE_REQUIRED, "Cần nhập nội dung góp ý.", "Empty comment.", "text")
    return ConventionComment.objects.create(version=version, author=actor, text=text[:5000])


@guard(Action.DECISION_MANAGE, on=_convention_hamlet, public=True)
def convention_to_vote(*, actor, version: ConventionVersion, form: str = Form.MEETING) -> Matter:
    """After the comment period, the community votes at a meeting (Decree 61 Art. 10)."""
    hamlet = version.convention.hamlet
    if version.status != ConventionStatus.COMMENTING:
        raise _convention_err("Dự thảo chưa được niêm yết lấy ý kiến.", "The draft was not posted for comments.")
    if timezone.localdate() < version.comment_until:
        raise _convention_err(f"Dự thảo phải được niêm yết ít nhất {COMMENT_DAYS} ngày, đến hết "
                              f"{version.comment_until:%d/%m/%Y} (Điều 9 Nghị định 61/2023).",
                              "The draft must stay posted for 30 days.")
    c = version.convention
    with transaction.atomic():
        m = matter_create(actor=actor, unit=hamlet, hamlets=[hamlet], data=MatterInput(
            kind=Kind.CONVENTION, form=form,
            title=f"{c.get_name_kind_display()} {c.title}" + (f" (sửa đổi lần {version.number - 1})" if version.number > 1 else ""),
            description=version.text[:20000]))
        version.status, version.matter = ConventionStatus.VOTING, m
        version.save(update_fields=["status", "matter"])
    return m


def convention_from_title(title: str) -> tuple[str, str]:
    """The name (Decree 61 Art. 6) and the title of a convention voted on from the new-matter form,
    read from the matter's title: "Quy ước tổ dân phố 3" → quy ước, "tổ dân phố 3"."""
    name = ConventionName.QUY_UOC if "quy ước" in title.casefold() else ConventionName.HUONG_UOC
    for word in ("hương ước ", "quy ước "):
        if title.casefold().startswith(word) and title[len(word):].strip():
            return name, title[len(word):].strip()
    return name, title


def _convention_recognized(matter: Matter, accept: bool) -> None:
    """Decree 61 Art. 11: in force from the commune People's Committee's recognition (the date of its
    decision); the earlier text is superseded. A refusal leaves the earlier text in force.

    A convention the hamlet put to the vote from the new-matter form (its draft posted and commented
    on outside the platform, Decree 61 Art. 9) has no version yet: on recognition it is recorded as
    a convention of the hamlet, the voted text in force, so that the hamlet's conventions page
    (Decree 61 Art. 15) lists it like any other."""
    v = ConventionVersion.objects.filter(matter=matter).select_related("convention").first()
    in_force_from = matter.recognition_date or timezone.localdate()
    if v is None:
        if accept and matter.unit.level == Level.HAMLET:
            name_kind, title = convention_from_title(matter.title)
            convention = Convention.objects.create(hamlet=matter.unit, name_kind=name_kind, title=title[:250])
            ConventionVersion.objects.create(convention=convention, number=1, text=matter.description or matter.title,
                                             status=ConventionStatus.IN_FORCE, matter=matter,
                                             in_force_from=in_force_from)
        return
    if accept:
        ConventionVersion.objects.filter(convention=v.convention, status=ConventionStatus.IN_FORCE).update(
            status=ConventionStatus.SUPERSEDED)
        v.status, v.in_force_from = ConventionStatus.IN_FORCE, in_force_from
    else:
        v.status = ConventionStatus.REJECTED
    v.save(update_fields=["status", "in_force_from"])


__all__ = [
    "ART15_ITEM", "MatterInput", "matter_create", "matter_record_online_agreement", "matter_open", "vote_online",
    "meeting_notice_record", "meeting_reschedule", "speaker_register", "meeting_secretary_record", "meeting_witnesses_record",
    "attendance_record", "hands_record", "paper_enter", "paper_reconcile", "matter_close", "matter_recognize", "contribution_record",
]

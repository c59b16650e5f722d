"""Every write about oversight: boards and their members, plans, inspections, investment projects and
their supervision, Front supervisions, social criticism, recommendations and their follow-up, and the
daily overdue sweep.

Each service declares its access rule next to its definition (core.access.guard: the action, and the
record it acts on — an organization's board, inspections and recommendations are reached only by grants
on that organization, Arts. 60-63; anything else by grants on its commune): outside the caller's scope
it answers 404, inside it without the right 403, before anything is read or written. Rules finer than
"this grant, this action, here" stay in the body and raise PermissionDenied (a board member's account
acts for the board only within the member's term, Art. 36(2)). Then it validates, writes in one
transaction with an audit row, and raises a DomainError with a stable code and a Vietnamese message on
bad input: nothing is half-written. The article each rule comes from is cited where it lives.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from danchu.core.access import guard
from danchu.core.attachments import check_upload
from danchu.core.audit import audit
from danchu.core.calendar import add_days_ending_on_working_day
from danchu.core.errors import DomainError, PermissionDenied
from danchu.core.permissions import roles_for
from danchu.core.roles import Action, Role
from danchu.core.text import fold
from danchu.units.models import Level, Organization, Unit

from .errors import Code
from .models import (
    AddresseeKind,
    AnswerPosition,
    Board,
    BoardKind,
    BoardMember,
    BoardPlan,
    CriticismForm,
    CriticismOpinion,
    Document,
    FrontBody,
    FundingSource,
    Inspection,
    InvestmentKind,
    InvestmentProject,
    Outcome,
    PlanPeriod,
    Position,
    ProjectFunding,
    Recommendation,
    RecommendationEvent,
    RecState,
    Seat,
    SocialCriticism,
    Supervision,
    SupervisionKind,
)
from .transparency import CRITICISM, INSPECTION, PROJECT, RECOMMENDATION, SUPERVISION
from .transparency import log as log_public

# Law Arts. 40(1), 45(2), 63(1): the commune People's Committee (the head of the organization) answers
# the boards' recommendations within 15 days of receipt ("ngày": calendar days).
ANSWER_DAYS = 15
# Art. 36(2): a by-election is held only when at least 06 months of the term remain.
BY_ELECTION_MIN_MONTHS = 6
# Art. 36(1); Decree 59 Art. 13(2): one member per village, at least 05 (at most 05 below 5 villages).
COMMUNE_BOARD_MIN = 5
# Art. 60: an organization's board has 03-09 members and a 02-year term.
ORG_BOARD_MIN, ORG_BOARD_MAX = 3, 9
ORG_BOARD_TERM_MONTHS = 24
# Art. 36(3); Decree 59 Arts. 13(3), 17: at most 02 deputies; Decree 59 Art. 17: at most 05 residents.
MAX_DEPUTIES = 2
INVESTMENT_MAX_RESIDENTS = 5
INVESTMENT_MIN_MEMBERS = 5


def _today() -> dt.date:
    return timezone.localdate()


def _err(code: Code, message: str, message_en: str, field: str | None = None) -> DomainError:
    return DomainError(code, message, message_en=message_en, field=field)


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def village_head_term_months() -> int:
    """Art. 36(2): the commune board's term is the village head's term, which the province sets (neither the Law nor
    Decree 59 fixes it; provincial rules say 2.5 or 5 years). Configurable per deployment."""
    return int(getattr(settings, "DANCHU_VILLAGE_HEAD_TERM_MONTHS", 60))


# --- what each rule acts on, and with which action ----------------------------------------------------
#
# These feed the declarations (`@guard(...)`): where the action depends on the record (the board's kind,
# the supervision's kind, the recommendation's source and addressee) it is computed from the call's
# arguments. An argument of an unexpected type gives no action and no target: the call answers 404.


def _record_action(kind: str) -> str:
    """The board's own work: the People's Inspection Board inspects (Art. 38), the investment supervision
    board supervises its project (Art. 43)."""
    return {BoardKind.INSPECTION: Action.INSPECTION_RECORD, BoardKind.INVESTMENT: Action.INVESTMENT_SUPERVISE}[kind]


def _supervision_action(sup) -> str:
    return Action.INVESTMENT_SUPERVISE if sup.kind == SupervisionKind.INVESTMENT else Action.FRONT_SUPERVISE


def _source_action(rec_or_kind) -> str:
    kind = rec_or_kind if isinstance(rec_or_kind, str) else rec_or_kind.source_kind
    return {"inspection": Action.INSPECTION_RECORD, "investment": Action.INVESTMENT_SUPERVISE,
            "front": Action.FRONT_SUPERVISE}[kind]


def _follow_actions(args: dict) -> tuple[str, ...]:
    """The board (the Front) that made the recommendation follows it up and closes it (Art. 38)."""
    rec = args.get("recommendation")
    return (_source_action(rec),) if isinstance(rec, Recommendation) else ()


def _answer_actions_of(rec: Recommendation) -> tuple[str, ...]:
    """Arts. 40(1), 45(2): the commune People's Committee answers; Art. 63(1): the head of the
    organization. An answer from another body (an investor, a higher body) reaches the board in writing
    and the board records it (or the commune, which received a copy)."""
    if rec.addressee_kind in (AddresseeKind.COMMUNE_PC, AddresseeKind.ORG_HEAD):
        return (Action.OVERSIGHT_ANSWER,)
    return (Action.OVERSIGHT_ANSWER, _source_action(rec))


def _answer_actions(args: dict) -> tuple[str, ...]:
    rec = args.get("recommendation")
    return _answer_actions_of(rec) if isinstance(rec, Recommendation) else ()


def _source_of_recommendation_actions(args: dict) -> tuple[str, ...]:
    source = args.get("source")
    if isinstance(source, Inspection):
        return (Action.INSPECTION_RECORD,)
    if isinstance(source, Supervision):
        return (_supervision_action(source),)
    return ()


def _source_target(args: dict):
    source = args.get("source")
    return source if isinstance(source, Inspection | Supervision) else None


def _document_actions(args: dict) -> tuple[str, ...]:
    """Whoever may write the record the file belongs to; on a recommendation, the board following it up
    and the addressee answering it."""
    owner = args.get("owner")
    if isinstance(owner, Inspection):
        return (Action.INSPECTION_RECORD,)
    if isinstance(owner, Supervision):
        return (_supervision_action(owner),)
    if isinstance(owner, SocialCriticism):
        return (Action.FRONT_SUPERVISE,)
    if isinstance(owner, Recommendation):
        return tuple(dict.fromkeys((_source_action(owner), *_answer_actions_of(owner))))
    return ()


def _document_target(args: dict):
    owner = args.get("owner")
    return owner if isinstance(owner, Inspection | Supervision | SocialCriticism | Recommendation) else None


def _board_create_target(args: dict):
    """An organization's board is the organization's (Art. 60: its trade union sets it up); an investment
    board is its project's commune's (Art. 45(1)); a commune board is the commune's (Art. 40(2))."""
    return args.get("organization") or args.get("project") or args.get("unit")


def _supervision_create_target(args: dict):
    if args.get("kind") == SupervisionKind.INVESTMENT and args.get("board") is not None:
        return args["board"]
    return args.get("unit")


def _supervision_create_actions(args: dict) -> tuple[str, ...]:
    if args.get("kind") == SupervisionKind.INVESTMENT:
        return (Action.INVESTMENT_SUPERVISE,)
    return (Action.FRONT_SUPERVISE,)


def _audit(actor, action: str, obj, unit: Unit, **extra) -> None:
    audit(actor=actor, action=f"oversight.{action}", obj=obj, unit_path=unit.path, **extra)


def _not_future(day: dt.date | None, field: str, label: str) -> None:
    if day is not None and day > _today():
        raise _err(Code.DATE_FUTURE, f"{label} không được sau ngày hôm nay.", "The date is in the future.", field)


def _text(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise _err(Code.CONTENT_REQUIRED, f"Vui lòng nhập {label}.", f"{field} is required.", field)
    return value


# --- boards and members -------------------------------------------------------------------------------


@guard(Action.BOARD_MANAGE, on=_board_create_target)
def board_create(*, actor, kind: str, unit: Unit, term_start: dt.date, established_on: dt.date,
                 term_end: dt.date | None = None, organization: Organization | None = None,
                 project: InvestmentProject | None = None, decision_ref: str = "") -> Board:
    """The Front sets up the commune People's Inspection Board and each investment supervision board
    (Arts. 40(2), 45(1)); the trade union an organization's board (Art. 60)."""
    if kind not in BoardKind.values:
        raise _err(Code.INVALID, "Loại ban không hợp lệ.", "Unknown board kind.", "kind")
    if kind == BoardKind.INSPECTION and project is not None:
        raise _err(Code.INVALID, "Ban thanh tra nhân dân không gắn với một công trình, dự án.",
                   "An inspection board has no project.", "project")
    if organization is not None:
        unit = organization.unit
    if project is not None:
        unit = project.unit
    if unit.level != Level.COMMUNE or not unit.is_current:
        raise _err(Code.UNIT_INVALID, "Ban được thành lập ở một xã, phường, đặc khu đang hoạt động.",
                   "Boards belong to a current commune.", "unit")
    if kind == BoardKind.INVESTMENT:
        if project is None or organization is not None:
            raise _err(Code.INVALID, "Ban giám sát đầu tư của cộng đồng được thành lập cho một công trình, dự án "
                       "(Luật 10/2022, Điều 41 khoản 1).", "An investment supervision board needs its project.", "project")
        if hasattr(project, "board"):
            raise _err(Code.TERM_OVERLAP, "Công trình này đã có Ban giám sát đầu tư của cộng đồng.",
                       "This project already has a board.", "project")
        # Art. 41(1): the board works for the project and dissolves itself when the project is done.
        term_end = term_end or project.ends_on
        if term_end < project.ends_on:
            term_end = project.ends_on
    elif organization is not None:
        # Art. 60: an organization's Inspection Board serves a 02-year term.
        expected = add_months(term_start, ORG_BOARD_TERM_MONTHS)
        term_end = term_end or expected
        if term_end != expected:
            raise _err(Code.TERM_INVALID, f"Nhiệm kỳ Ban thanh tra nhân dân ở cơ quan, đơn vị là 02 năm: từ "
                       f"{term_start:%d/%m/%Y} đến {expected:%d/%m/%Y} (Luật 10/2022, Điều 60).",
                       "An organization's board serves two years.", "term_end")
    else:
        # Art. 36(2): the commune board's term is the village head's term.
        months = village_head_term_months()
        expected = add_months(term_start, months)
        term_end = term_end or expected
        if term_end != expected:
            raise _err(Code.TERM_INVALID, f"Nhiệm kỳ Ban thanh tra nhân dân ở xã bằng nhiệm kỳ của Trưởng thôn "
                       f"({months} tháng): từ {term_start:%d/%m/%Y} đến {expected:%d/%m/%Y} (Luật 10/2022, Điều 36 khoản 2).",
                       "The commune board's term equals the village head's term.", "term_end")
    if term_end <= term_start:
        raise _err(Code.DATE_ORDER, "Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.", "Term end before start.", "term_end")
    if established_on > term_end:
        raise _err(Code.DATE_ORDER, "Ngày thành lập phải trước khi hết nhiệm kỳ.", "Established after the term.", "established_on")
    if kind == BoardKind.INSPECTION:
        clash = Board.objects.filter(kind=kind, unit=unit, organization=organization, dissolved_on__isnull=True,
                                     term_start__lte=term_end, term_end__gte=term_start)
        if clash.exists():
            raise _err(Code.TERM_OVERLAP, "Đã có Ban thanh tra nhân dân trong nhiệm kỳ này.",
                       "A board already serves in this term.", "term_start")
    with transaction.atomic():
        board = Board.objects.create(kind=kind, unit=unit, organization=organization, project=project,
                                     term_start=term_start, term_end=term_end, established_on=established_on,
                                     decision_ref=decision_ref.strip()[:100], created_by=actor)
        _audit(actor, "board_create", board, unit, kind=kind)
    return board


def board_seats(board: Board) -> int | None:
    """How many members the board has when complete (None: no fixed number)."""
    if board.kind == BoardKind.INSPECTION and board.organization_id is None:
        hamlets = board.unit.children.filter(level=Level.HAMLET, valid_to__isnull=True).count()
        return max(COMMUNE_BOARD_MIN, hamlets)  # Art. 36(1); Decree 59 Art. 13(2)
    if board.organization_id is not None:
        return ORG_BOARD_MAX
    return None


def _active_members(board: Board, day: dt.date, exclude: int | None = None) -> list[BoardMember]:
    rows = [m for m in board.members.all() if m.active_on(day)]
    return [m for m in rows if m.pk != exclude]


def _check_eligibility(board: Board, user) -> None:
    if user is None:
        return
    if board.organization_id is not None:
        # Art. 60: not the head or deputy head of the organization.
        if Role.ORG_HEAD in roles_for(user, organization=board.organization):
            raise _err(Code.NOT_ELIGIBLE, "Thủ trưởng, cấp phó của cơ quan, đơn vị không được là thành viên Ban "
                       "thanh tra nhân dân (Luật 10/2022, Điều 60).", "The head may not sit on the board.", "user")
        return
    # Art. 37 (inspection board): not a commune official nor village staff; Art. 42 (investment
    # board): not a commune official.
    official = {Role.COMMUNE_OFFICER, Role.COMMUNE_CHAIR} & roles_for(user, unit=board.unit)
    village_staff = board.kind == BoardKind.INSPECTION and any(
        Role.HAMLET_HEAD in roles_for(user, unit=h) for h in board.unit.children.filter(level=Level.HAMLET))
    if official or village_staff:
        article = "Điều 37" if board.kind == BoardKind.INSPECTION else "Điều 42"
        who = "Cán bộ, công chức cấp xã và người làm việc ở thôn" if board.kind == BoardKind.INSPECTION else "Cán bộ, công chức cấp xã"
        raise _err(Code.NOT_ELIGIBLE, f"{who} không được là thành viên ban (Luật 10/2022, {article}).",
                   "Commune officials are not eligible.", "user")


@guard(Action.BOARD_MANAGE, on="board")
def member_add(*, actor, board: Board, full_name: str, seat: str, elected_on: dt.date, position: str = Position.MEMBER,
               hamlet: Unit | None = None, account=None, no_conflict_declared: bool = False) -> BoardMember:
    """Record a member elected (and recognised by the Front, Art. 40(2); by the union, Art. 60);
    `account` links the member's platform account to the seat (it then acts for the board only within
    the seat's term)."""
    full_name = _text(full_name, "full_name", "họ và tên thành viên")
    if position not in Position.values:
        raise _err(Code.INVALID, "Chức danh không hợp lệ.", "Unknown position.", "position")
    _not_future(elected_on, "elected_on", "Ngày bầu")
    if board.dissolved_on is not None or elected_on > board.term_end:
        raise _err(Code.BOARD_OUT_OF_TERM, f"Ban đã hết nhiệm kỳ ({board.term_end:%d/%m/%Y}) hoặc đã giải thể.",
                   "The board's term is over.", "elected_on")
    term_from = max(elected_on, board.term_start)
    by_election = elected_on > board.term_start
    commune_board = board.kind == BoardKind.INSPECTION and board.organization_id is None
    if by_election and commune_board and add_months(elected_on, BY_ELECTION_MIN_MONTHS) > board.term_end:
        # Art. 36(2): a vacancy is filled only when at least 06 months of the term remain.
        raise _err(Code.BY_ELECTION_LATE, "Nhiệm kỳ còn dưới 06 tháng: không bầu bổ sung thành viên Ban thanh tra "
                   "nhân dân (Luật 10/2022, Điều 36 khoản 2).", "Less than six months of the term remain.", "elected_on")
    active = _active_members(board, term_from)
    # Seats and who may hold them.
    if commune_board:
        if seat != Seat.HAMLET or hamlet is None or hamlet.parent_id != board.unit_id or not hamlet.is_current:
            raise _err(Code.SEAT_INVALID, "Thành viên Ban thanh tra nhân dân ở xã do một thôn, tổ dân phố của xã bầu "
                       "(Luật 10/2022, Điều 36 khoản 1).", "A member is elected by a hamlet of the commune.", "hamlet")
        seats = board_seats(board)
        if len(active) >= seats:
            raise _err(Code.COMPOSITION, f"Ban đã đủ {seats} thành viên (mỗi thôn, tổ dân phố một thành viên, tối thiểu "
                       "05; Luật 10/2022, Điều 36 khoản 1; Nghị định 59/2023, Điều 13 khoản 2).",
                       "The board is complete.", "seat")
        if seats == board.unit.children.filter(level=Level.HAMLET, valid_to__isnull=True).count() and any(
                m.hamlet_id == hamlet.pk for m in active):
            raise _err(Code.COMPOSITION, f"{hamlet.name} đã có thành viên trong Ban (mỗi thôn một thành viên).",
                       "This hamlet already has its member.", "hamlet")
    elif board.organization_id is not None:
        seat = Seat.STAFF
        if len(active) >= ORG_BOARD_MAX:
            raise _err(Code.COMPOSITION, "Ban thanh tra nhân dân ở cơ quan, đơn vị có từ 03 đến 09 thành viên "
                       "(Luật 10/2022, Điều 60).", "At most nine members.", "seat")
    else:
        if seat not in (Seat.FRONT, Seat.INSPECTION_BOARD, Seat.RESIDENT):
            raise _err(Code.SEAT_INVALID, "Thành viên Ban giám sát đầu tư của cộng đồng là đại diện MTTQ, Ban thanh tra "
                       "nhân dân hoặc người dân nơi có dự án (Luật 10/2022, Điều 41).", "Invalid seat.", "seat")
        if seat == Seat.RESIDENT:
            project_hamlets = set(board.project.hamlets.values_list("pk", flat=True))
            if hamlet is None or (project_hamlets and hamlet.pk not in project_hamlets):
                raise _err(Code.SEAT_INVALID, "Thành viên là người dân phải sinh sống ở thôn nơi có dự án "
                           "(Luật 10/2022, Điều 41).", "A resident member lives where the project is.", "hamlet")
            if sum(1 for m in active if m.seat == Seat.RESIDENT) >= INVESTMENT_MAX_RESIDENTS:
                raise _err(Code.COMPOSITION, "Số thành viên là người dân tối đa 05 người (Nghị định 59/2023, Điều 17).",
                           "At most five resident members.", "seat")
        if not no_conflict_declared:
            raise _err(Code.NOT_ELIGIBLE, "Thành viên phải cam kết không có vợ, chồng, bố, mẹ, con, anh chị em ruột là "
                       "người quyết định đầu tư, chủ đầu tư, tư vấn, nhà thầu, giám sát, quản lý dự án "
                       "(Luật 10/2022, Điều 42).", "A member declares no conflict of interest.", "no_conflict_declared")
    if position == Position.HEAD and any(m.position == Position.HEAD for m in active):
        raise _err(Code.COMPOSITION, "Ban đã có Trưởng ban.", "The board already has a head.", "position")
    if position == Position.DEPUTY:
        limit = MAX_DEPUTIES
        if board.organization_id is not None and len(active) + 1 < ORG_BOARD_MAX:
            limit = 1  # Decree 59 Art. 21: two deputies only where the board has 9 members
        if sum(1 for m in active if m.position == Position.DEPUTY) >= limit:
            raise _err(Code.COMPOSITION, f"Ban có tối đa {limit:02d} Phó Trưởng ban (Luật 10/2022, Điều 36 khoản 3; "
                       "Nghị định 59/2023, Điều 13, 17, 21).", "Too many deputies.", "position")
    _check_eligibility(board, account)
    with transaction.atomic():
        member = BoardMember.objects.create(
            board=board, full_name=full_name[:120], seat=seat, hamlet=hamlet, position=position, user=account,
            elected_on=elected_on, term_from=term_from, term_to=board.term_end, by_election=by_election,
            no_conflict_declared=bool(no_conflict_declared),
        )
        _audit(actor, "member_add", member, board.unit, board=board.pk, by_election=by_election)
    return member


@guard(Action.BOARD_MANAGE, on=lambda a: a["member"].board if a.get("member") is not None else None)
def member_end(*, actor, member: BoardMember, ended_on: dt.date, reason: str) -> BoardMember:
    """Resignation, dismissal (Art. 36(2); Decree 59 Art. 13(1)) or leaving the village."""
    board = member.board
    reason = _text(reason, "end_reason", "lý do thôi làm thành viên")
    if member.ended_on is not None:
        raise _err(Code.STATE, "Thành viên này đã thôi làm thành viên.", "Already ended.", "ended_on")
    if ended_on < member.term_from:
        raise _err(Code.DATE_ORDER, "Ngày thôi làm thành viên phải sau ngày bắt đầu nhiệm kỳ của thành viên.",
                   "Ends before the member's term starts.", "ended_on")
    with transaction.atomic():
        member.ended_on, member.end_reason = ended_on, reason[:300]
        member.save(update_fields=["ended_on", "end_reason"])
        _audit(actor, "member_end", member, board.unit, reason=reason[:300])
    return member


def composition_problems(board: Board, day: dt.date | None = None) -> list[str]:
    """What the board lacks on `day` (warnings shown on its page; the law's composition rules)."""
    day = day or _today()
    active = _active_members(board, day)
    problems = []
    if board.kind == BoardKind.INSPECTION and board.organization_id is None:
        seats = board_seats(board)
        if len(active) < seats:
            problems.append(f"Ban có {len(active)}/{seats} thành viên (Luật 10/2022, Điều 36 khoản 1).")
        hamlets = list(board.unit.children.filter(level=Level.HAMLET, valid_to__isnull=True).order_by("name"))
        missing = [h.name for h in hamlets if not any(m.hamlet_id == h.pk for m in active)]
        if missing:
            problems.append("Chưa có thành viên do " + ", ".join(missing) + " bầu.")
    elif board.organization_id is not None:
        if len(active) < ORG_BOARD_MIN:
            problems.append(f"Ban có {len(active)} thành viên; tối thiểu 03 (Luật 10/2022, Điều 60).")
    else:
        if len(active) < INVESTMENT_MIN_MEMBERS:
            problems.append(f"Ban có {len(active)} thành viên; tối thiểu 05 (Luật 10/2022, Điều 41).")
        for seat, label in ((Seat.FRONT, "đại diện Ủy ban MTTQ"), (Seat.INSPECTION_BOARD, "đại diện Ban thanh tra nhân dân"),
                            (Seat.RESIDENT, "người dân nơi có dự án")):
            if not any(m.seat == seat for m in active):
                problems.append(f"Chưa có {label} (Luật 10/2022, Điều 41).")
    if not any(m.position == Position.HEAD for m in active):
        problems.append("Chưa có Trưởng ban.")
    return problems


@guard(lambda a: _record_action(a["board"].kind) if a.get("board") is not None else (), on="board")
def plan_add(*, actor, board: Board, year: int, period: str, content: str, adopted_on: dt.date) -> BoardPlan:
    """Art. 39(2); Decree 59 Art. 14(1)(a): quarterly, 6-month, annual and term programmes."""
    _check_actor_term(actor, board)
    content = _text(content, "content", "nội dung kế hoạch")
    if period not in PlanPeriod.values:
        raise _err(Code.INVALID, "Kỳ kế hoạch không hợp lệ.", "Unknown period.", "period")
    if not (board.term_start.year <= year <= board.term_end.year):
        raise _err(Code.BOARD_OUT_OF_TERM, "Năm kế hoạch phải nằm trong nhiệm kỳ của Ban.", "Year outside the term.", "year")
    _not_future(adopted_on, "adopted_on", "Ngày thông qua")
    with transaction.atomic():
        plan = BoardPlan.objects.create(board=board, year=year, period=period, content=content, adopted_on=adopted_on)
        _audit(actor, "plan_add", plan, board.unit, year=year)
    return plan


def _check_actor_term(actor, board: Board | None, day: dt.date | None = None) -> None:
    """A board member's account acts for the board only within the member's term (Art. 36(2)): when the
    account is linked to a seat on this board and no seat of it is current, the write is refused (403:
    the grant reaches the board, the person no longer sits on it)."""
    if board is None or not getattr(actor, "is_authenticated", False):
        return
    day = day or _today()
    seats = [m for m in board.members.all() if m.user_id == actor.pk]
    if seats and not any(m.active_on(day) for m in seats):
        m = seats[-1]
        raise PermissionDenied(f"{m.full_name} không còn là thành viên Ban từ {(m.ended_on or m.term_to):%d/%m/%Y}: "
                               "không được thực hiện việc của Ban (Luật 10/2022, Điều 36 khoản 2).",
                               message_en="The member's term on the board is over: they no longer act for it.",
                               field="actor")


def _check_team(board: Board, members: Iterable[BoardMember], starts_on: dt.date, ends_on: dt.date) -> list[BoardMember]:
    members = list(members)
    if not members:
        raise _err(Code.TEAM_REQUIRED, "Vui lòng chọn thành viên Ban tham gia.", "Choose the members taking part.", "team")
    if not board.covers(starts_on) or not board.covers(ends_on):
        raise _err(Code.BOARD_OUT_OF_TERM, f"Ban chỉ hoạt động trong nhiệm kỳ {board.term_start:%d/%m/%Y}–"
                   f"{board.term_end:%d/%m/%Y}.", "Outside the board's term.", "starts_on")
    for m in members:
        if m.board_id != board.pk:
            raise _err(Code.TEAM_REQUIRED, "Người tham gia phải là thành viên của Ban.", "Not a member of this board.", "team")
        if not (m.active_on(starts_on) and m.active_on(ends_on)):
            end = m.ended_on or m.term_to
            raise _err(Code.MEMBER_OUT_OF_TERM, f"{m.full_name} chỉ là thành viên Ban từ {m.term_from:%d/%m/%Y} đến "
                       f"{end:%d/%m/%Y}: không được tham gia ngoài thời gian đó (Luật 10/2022, Điều 36 khoản 2).",
                       "A member acts only within their term.", "team")
    return members


def _dates(starts_on: dt.date, ends_on: dt.date) -> None:
    if ends_on < starts_on:
        raise _err(Code.DATE_ORDER, "Ngày kết thúc phải sau ngày bắt đầu.", "End before start.", "ends_on")


# --- inspections ------------------------------------------------------------------------------------


@guard(Action.INSPECTION_RECORD, on="board")
def inspection_create(*, actor, board: Board, subject: str, inspected_body: str, period_from: dt.date,
                      period_to: dt.date, starts_on: dt.date, ends_on: dt.date, team: Iterable[BoardMember],
                      notified_on: dt.date | None = None, plan: BoardPlan | None = None) -> Inspection:
    """One inspection or supervision by the People's Inspection Board (Art. 38)."""
    if board.kind != BoardKind.INSPECTION:
        raise _err(Code.INVALID, "Chỉ Ban thanh tra nhân dân ghi cuộc kiểm tra.", "Not an inspection board.", "board")
    _check_actor_term(actor, board)
    subject = _text(subject, "subject", "nội dung kiểm tra")
    inspected_body = _text(inspected_body, "inspected_body", "cơ quan, người được kiểm tra")
    _dates(starts_on, ends_on)
    if period_to < period_from or period_from > ends_on:
        raise _err(Code.DATE_ORDER, "Thời kỳ được kiểm tra không hợp lệ.", "Invalid period inspected.", "period_to")
    members = _check_team(board, team, starts_on, ends_on)
    if plan is not None and plan.board_id != board.pk:
        raise _err(Code.INVALID, "Kế hoạch không thuộc Ban này.", "Plan of another board.", "plan")
    with transaction.atomic():
        ins = Inspection.objects.create(
            board=board, unit=board.unit, organization=board.organization, plan=plan, subject=subject[:300],
            inspected_body=inspected_body[:250], period_from=period_from, period_to=period_to, starts_on=starts_on,
            ends_on=ends_on, notified_on=notified_on, created_by=actor,
            search_text=fold(f"{subject} {inspected_body}"),
        )
        ins.team.set(members)
        _audit(actor, "inspection_create", ins, board.unit)
    return ins


@guard(Action.INSPECTION_RECORD, on="inspection")
def inspection_record_findings(*, actor, inspection: Inspection, findings: str, held_on: dt.date) -> Inspection:
    _check_actor_term(actor, inspection.board)
    findings = _text(findings, "findings", "kết quả kiểm tra")
    _not_future(held_on, "held_on", "Ngày hoàn thành")
    if held_on < inspection.starts_on:
        raise _err(Code.DATE_ORDER, "Ngày hoàn thành không được trước ngày bắt đầu kiểm tra.", "Before the start.", "held_on")
    with transaction.atomic():
        inspection.findings, inspection.held_on = findings, held_on
        inspection.search_text = fold(f"{inspection.subject} {inspection.inspected_body} {findings}")
        inspection.save(update_fields=["findings", "held_on", "search_text"])
        _audit(actor, "inspection_findings", inspection, inspection.unit)
        log_public(INSPECTION, inspection, "oversight.inspection_findings")
    return inspection


# --- investment projects and supervision ------------------------------------------------------------


@guard(any_of=(Action.BOARD_MANAGE, Action.INVESTMENT_SUPERVISE), on="unit")
def project_create(*, actor, unit: Unit, name: str, investor: str, budget_vnd: int, location: str, starts_on: dt.date,
                   ends_on: dt.date, kind: str = InvestmentKind.PUBLIC, contractor: str = "", description: str = "",
                   hamlets: Iterable[Unit] = (), funding: Iterable[tuple[str, int, str]] = ()) -> InvestmentProject:
    """A project the community supervises (Art. 41(1)); `funding` lists (source, amount, note) that
    add up to the budget, people's contributions included (Art. 11 item 5)."""
    if unit.level != Level.COMMUNE:
        raise _err(Code.UNIT_INVALID, "Công trình, dự án thuộc một xã, phường, đặc khu.", "Projects belong to a commune.", "unit")
    name = _text(name, "name", "tên công trình")
    investor = _text(investor, "investor", "chủ đầu tư")
    location = _text(location, "location", "địa điểm")
    if kind not in InvestmentKind.values:
        raise _err(Code.INVALID, "Loại dự án không hợp lệ.", "Unknown kind.", "kind")
    if budget_vnd is None or budget_vnd < 0:
        raise _err(Code.INVALID, "Tổng mức đầu tư không hợp lệ.", "Invalid budget.", "budget_vnd")
    _dates(starts_on, ends_on)
    hamlets = list(hamlets)
    if any(h.parent_id != unit.pk for h in hamlets):
        raise _err(Code.UNIT_INVALID, "Thôn nơi có dự án phải thuộc xã.", "Hamlets of the commune only.", "hamlets")
    funding = [(s, int(a), (n or "").strip()[:300]) for s, a, n in funding]
    for source, amount, _ in funding:
        if source not in FundingSource.values or amount <= 0:
            raise _err(Code.INVALID, "Nguồn vốn hoặc số tiền không hợp lệ.", "Invalid funding line.", "funding")
    if funding and sum(a for _, a, _ in funding) != budget_vnd:
        total = f"{sum(a for _, a, _ in funding):,}".replace(",", ".")
        raise _err(Code.FUNDING_MISMATCH, f"Tổng các nguồn vốn ({total} đồng) phải bằng tổng mức đầu tư.",
                   "The sources must add up to the budget.", "funding")
    with transaction.atomic():
        project = InvestmentProject.objects.create(
            unit=unit, name=name[:250], kind=kind, investor=investor[:250], contractor=contractor.strip()[:250],
            budget_vnd=budget_vnd, location=location[:300], starts_on=starts_on, ends_on=ends_on,
            description=description.strip(), created_by=actor,
        )
        project.hamlets.set(hamlets)
        ProjectFunding.objects.bulk_create([ProjectFunding(project=project, source=s, amount_vnd=a, note=n)
                                            for s, a, n in funding])
        _audit(actor, "project_create", project, unit)
        log_public(PROJECT, project, "oversight.project_create")
    return project


@guard(_supervision_create_actions, on=_supervision_create_target)
def supervision_create(*, actor, kind: str, subject: str, supervised_body: str, starts_on: dt.date, ends_on: dt.date,
                       unit: Unit | None = None, board: Board | None = None, team: Iterable[BoardMember] = (),
                       conducted_by: str = "", team_text: str = "", plan: str = "",
                       plan_sent_on: dt.date | None = None) -> Supervision:
    """An investment supervision board's visit to its project (Art. 43), or a supervision by the Front or
    a member organization (Art. 87; Law on the Fatherland Front Arts. 25-33)."""
    subject = _text(subject, "subject", "nội dung giám sát")
    if kind == SupervisionKind.INVESTMENT:
        if board is None or board.kind != BoardKind.INVESTMENT:
            raise _err(Code.INVALID, "Chọn Ban giám sát đầu tư của công trình.", "Choose the project's board.", "board")
        _check_actor_term(actor, board)
        supervised_body = (supervised_body or "").strip() or board.project.investor
        _dates(starts_on, ends_on)
        members = _check_team(board, team, starts_on, ends_on)
        unit, project = board.unit, board.project
        team_text = team_text.strip() or ", ".join(m.full_name for m in members)
    elif kind == SupervisionKind.FRONT:
        if unit is None:
            raise _err(Code.UNIT_INVALID, "Chọn đơn vị.", "Choose the unit.", "unit")
        if conducted_by not in FrontBody.values:
            raise _err(Code.INVALID, "Chọn Mặt trận hoặc tổ chức thành viên chủ trì giám sát.", "Choose who supervises.",
                       "conducted_by")
        supervised_body = _text(supervised_body, "supervised_body", "cơ quan, tổ chức được giám sát")
        team_text = _text(team_text, "team_text", "thành phần đoàn giám sát")
        _dates(starts_on, ends_on)
        members, project, board = [], None, None
    else:
        raise _err(Code.INVALID, "Loại giám sát không hợp lệ.", "Unknown kind.", "kind")
    with transaction.atomic():
        sup = Supervision.objects.create(
            kind=kind, unit=unit, board=board, project=project, conducted_by=conducted_by if kind == "front" else "",
            subject=subject[:300], supervised_body=supervised_body[:250], plan=plan.strip(), plan_sent_on=plan_sent_on,
            team_text=team_text, starts_on=starts_on, ends_on=ends_on, created_by=actor,
            search_text=fold(f"{subject} {supervised_body}"),
        )
        if members:
            sup.team.set(members)
        _audit(actor, "supervision_create", sup, unit, kind=kind)
    return sup


@guard(lambda a: _supervision_action(a["supervision"]) if a.get("supervision") is not None else (), on="supervision")
def supervision_record_findings(*, actor, supervision: Supervision, findings: str, held_on: dt.date,
                                quality: str = "", progress: str = "", spending: str = "", environment: str = "",
                                report_on: dt.date | None = None) -> Supervision:
    _check_actor_term(actor, supervision.board)
    aspects = [quality.strip(), progress.strip(), spending.strip(), environment.strip()]
    if not (findings or "").strip() and not any(aspects):
        raise _err(Code.CONTENT_REQUIRED, "Vui lòng nhập kết quả giám sát.", "Findings are required.", "findings")
    _not_future(held_on, "held_on", "Ngày hoàn thành")
    if held_on < supervision.starts_on:
        raise _err(Code.DATE_ORDER, "Ngày hoàn thành không được trước ngày bắt đầu giám sát.", "Before the start.", "held_on")
    if report_on is not None and report_on < held_on:
        raise _err(Code.DATE_ORDER, "Ngày báo cáo không được trước ngày giám sát.", "Report before the supervision.", "report_on")
    with transaction.atomic():
        supervision.findings = (findings or "").strip()
        (supervision.finding_quality, supervision.finding_progress, supervision.finding_spending,
         supervision.finding_environment) = aspects
        supervision.held_on, supervision.report_on = held_on, report_on
        supervision.search_text = fold(" ".join([supervision.subject, supervision.supervised_body, supervision.findings, *aspects]))
        supervision.save()
        _audit(actor, "supervision_findings", supervision, supervision.unit)
        log_public(SUPERVISION, supervision, "oversight.supervision_findings")
    return supervision


# --- social criticism ---------------------------------------------------------------------------------


@guard(Action.FRONT_SUPERVISE, on="unit")
def criticism_create(*, actor, unit: Unit, draft_title: str, drafting_body: str, draft_received_on: dt.date,
                     held_on: dt.date, participants: str, conducted_by: str = FrontBody.FRONT,
                     form: str = CriticismForm.CONFERENCE, place: str = "") -> SocialCriticism:
    """Social criticism of a draft (Art. 87; Law on the Fatherland Front Arts. 32-36)."""
    draft_title = _text(draft_title, "draft_title", "tên dự thảo")
    drafting_body = _text(drafting_body, "drafting_body", "cơ quan soạn thảo")
    participants = _text(participants, "participants", "thành phần tham dự")
    if conducted_by not in FrontBody.values or form not in CriticismForm.values:
        raise _err(Code.INVALID, "Chủ trì hoặc hình thức phản biện không hợp lệ.", "Invalid body or form.", "form")
    if held_on < draft_received_on:
        raise _err(Code.DATE_ORDER, "Ngày phản biện không được trước ngày nhận dự thảo.", "Held before the draft arrived.",
                   "held_on")
    _not_future(draft_received_on, "draft_received_on", "Ngày nhận dự thảo")
    with transaction.atomic():
        c = SocialCriticism.objects.create(
            unit=unit, conducted_by=conducted_by, form=form, draft_title=draft_title[:300],
            drafting_body=drafting_body[:250], draft_received_on=draft_received_on, held_on=held_on,
            place=place.strip()[:200], participants=participants, created_by=actor,
        )
        _audit(actor, "criticism_create", c, unit)
        log_public(CRITICISM, c, "oversight.criticism_create")
    return c


@guard(Action.FRONT_SUPERVISE, on="criticism")
def criticism_add_opinion(*, actor, criticism: SocialCriticism, speaker: str, text: str) -> CriticismOpinion:
    speaker = _text(speaker, "speaker", "người phát biểu")
    text = _text(text, "text", "nội dung ý kiến")
    if criticism.document_sent_on is not None:
        raise _err(Code.STATE, "Văn bản phản biện đã gửi: không thêm ý kiến.", "The criticism was already sent.", "text")
    with transaction.atomic():
        op = CriticismOpinion.objects.create(criticism=criticism, speaker=speaker[:200], text=text)
        _audit(actor, "criticism_opinion", op, criticism.unit)
    return op


@guard(Action.FRONT_SUPERVISE, on="criticism")
def criticism_send_document(*, actor, criticism: SocialCriticism, document: str, sent_on: dt.date) -> SocialCriticism:
    document = _text(document, "document", "nội dung văn bản phản biện")
    _not_future(sent_on, "sent_on", "Ngày gửi")
    if sent_on < criticism.held_on:
        raise _err(Code.DATE_ORDER, "Ngày gửi văn bản không được trước ngày phản biện.", "Sent before held.", "sent_on")
    if criticism.answered_on is not None:
        raise _err(Code.STATE, "Cơ quan soạn thảo đã trả lời.", "Already answered.", "document")
    with transaction.atomic():
        criticism.document, criticism.document_sent_on = document, sent_on
        criticism.save(update_fields=["document", "document_sent_on"])
        _audit(actor, "criticism_send", criticism, criticism.unit)
        log_public(CRITICISM, criticism, "oversight.criticism_send")
    return criticism


@guard(any_of=(Action.FRONT_SUPERVISE, Action.OVERSIGHT_ANSWER), on="criticism")
def criticism_record_answer(*, actor, criticism: SocialCriticism, answer: str, position: str, answered_on: dt.date,
                            explanation: str = "") -> SocialCriticism:
    """Law on the Fatherland Front Art. 36: the drafting body answers in writing and explains what it
    does not accept. Recorded by the Front (the answer it received) or by the commune People's Committee."""
    if criticism.document_sent_on is None:
        raise _err(Code.DOCUMENT_REQUIRED, "Chưa gửi văn bản phản biện xã hội: chưa thể ghi trả lời.",
                   "Send the criticism document first.", "answer")
    if criticism.answered_on is not None:
        raise _err(Code.STATE, "Đã ghi văn bản trả lời.", "Already answered.", "answer")
    answer = _text(answer, "answer", "nội dung trả lời")
    if position not in AnswerPosition.values:
        raise _err(Code.INVALID, "Chọn mức độ tiếp thu.", "Choose the position.", "position")
    explanation = (explanation or "").strip()
    if position != AnswerPosition.ACCEPTED and not explanation:
        raise _err(Code.REASON_REQUIRED, "Phần không tiếp thu phải được giải trình (Luật MTTQ Việt Nam, Điều 36).",
                   "Explain what is not accepted.", "explanation")
    _not_future(answered_on, "answered_on", "Ngày trả lời")
    if answered_on < criticism.document_sent_on:
        raise _err(Code.DATE_ORDER, "Ngày trả lời không được trước ngày gửi văn bản phản biện.", "Answer before sending.",
                   "answered_on")
    with transaction.atomic():
        criticism.answer, criticism.answer_position, criticism.answer_explanation = answer, position, explanation
        criticism.answered_on = answered_on
        criticism.save(update_fields=["answer", "answer_position", "answer_explanation", "answered_on"])
        _audit(actor, "criticism_answer", criticism, criticism.unit, position=position)
        log_public(CRITICISM, criticism, "oversight.criticism_answer")
    return criticism


# --- documents --------------------------------------------------------------------------------------


@guard(_document_actions, on=_document_target)
def document_add(*, actor, owner, title: str, name: str, content: bytes) -> Document:
    """Attach a file (checked by content, core.attachments) to an inspection, a supervision, a social
    criticism or a recommendation — whoever may write that record."""
    if isinstance(owner, Inspection):
        _check_actor_term(actor, owner.board)
        unit, key = owner.unit, "inspection"
    elif isinstance(owner, Supervision):
        _check_actor_term(actor, owner.board)
        unit, key = owner.unit, "supervision"
    elif isinstance(owner, SocialCriticism):
        unit, key = owner.unit, "criticism"
    elif isinstance(owner, Recommendation):
        _check_actor_term(actor, _board_of(owner))
        unit, key = owner.unit, "recommendation"
    else:
        raise _err(Code.INVALID, "Không đính kèm được vào hồ sơ này.", "Unknown owner.", "owner")
    title = _text(title, "title", "tên văn bản")
    checked = check_upload(name=name, content=content)
    with transaction.atomic():
        doc = Document(title=title[:200], name=checked.name, kind=checked.kind, content_type=checked.content_type,
                       size=checked.size, sha256=checked.sha256, uploaded_by=actor, **{key: owner})
        doc.file.save(checked.name, ContentFile(checked.content), save=False)
        doc.save()
        _audit(actor, "document_add", doc, unit, sha256=checked.sha256)
    return doc


# --- recommendations ----------------------------------------------------------------------------------


def _board_of(rec: Recommendation) -> Board | None:
    return rec.inspection.board if rec.inspection_id else rec.supervision.board


def commune_pc_name(unit: Unit) -> str:
    """The default addressee of a commune's recommendations, e.g. “Ủy ban nhân dân xã Bình Lục”."""
    name = unit.name
    return "Ủy ban nhân dân " + (name[:1].lower() + name[1:] if name else "")


def answer_deadline(sent_on: dt.date) -> dt.date:
    """Arts. 40(1), 45(2), 63(1): 15 days from receipt; a period ending on a day off ends on the next
    working day (Civil Code Art. 148)."""
    return add_days_ending_on_working_day(sent_on, ANSWER_DAYS)


def _event(rec: Recommendation, actor, action: str, on: dt.date, note: str = "") -> None:
    RecommendationEvent.objects.create(recommendation=rec, actor=actor if getattr(actor, "is_authenticated", False) else None,
                                       action=action, on=on, note=note)
    _audit(actor, f"recommendation_{action}", rec, rec.unit, state=rec.state)
    log_public(RECOMMENDATION, rec, f"oversight.recommendation_{action}")


@guard(_source_of_recommendation_actions, on=_source_target)
def recommendation_make(*, actor, source: Inspection | Supervision, content: str, addressee_kind: str, addressee: str,
                        due_on: dt.date | None, sent_on: dt.date | None = None) -> Recommendation:
    """A recommendation addressed to a body with a deadline (Arts. 38, 43(2); Front: JR 403 Art. 9)."""
    if isinstance(source, Inspection):
        kind = "inspection"
        organization = source.organization
    elif isinstance(source, Supervision):
        kind = "investment" if source.kind == SupervisionKind.INVESTMENT else "front"
        organization = None
    else:
        raise _err(Code.INVALID, "Kiến nghị phải gắn với một cuộc kiểm tra hoặc giám sát.", "Unknown source.", "source")
    _check_actor_term(actor, source.board)
    content = _text(content, "content", "nội dung kiến nghị")
    addressee = (addressee or "").strip()
    if not addressee or addressee_kind not in AddresseeKind.values:
        raise _err(Code.ADDRESSEE_REQUIRED, "Kiến nghị phải ghi rõ cơ quan, người nhận kiến nghị.",
                   "A recommendation needs an addressee.", "addressee")
    if due_on is None:
        raise _err(Code.DEADLINE_REQUIRED, "Kiến nghị phải có hạn trả lời.", "A recommendation needs a deadline.", "due_on")
    if source.held_on is None:
        raise _err(Code.NOT_HELD, "Ghi kết quả kiểm tra, giám sát trước khi kiến nghị.", "Record the findings first.", "source")
    sent_on = sent_on or _today()
    _not_future(sent_on, "sent_on", "Ngày gửi kiến nghị")
    if sent_on < source.held_on:
        raise _err(Code.DATE_ORDER, "Ngày gửi kiến nghị không được trước ngày kiểm tra, giám sát.", "Sent before held.", "sent_on")
    if due_on < sent_on:
        raise _err(Code.DATE_ORDER, "Hạn trả lời phải sau ngày gửi kiến nghị.", "Deadline before sending.", "due_on")
    if addressee_kind in (AddresseeKind.COMMUNE_PC, AddresseeKind.ORG_HEAD) and due_on > answer_deadline(sent_on):
        limit = answer_deadline(sent_on)
        raise _err(Code.DEADLINE_TOO_LATE, f"Luật quy định trả lời kiến nghị trong 15 ngày kể từ ngày nhận: hạn muộn nhất "
                   f"là {limit:%d/%m/%Y} (Luật 10/2022, Điều 40 khoản 1, Điều 45 khoản 2, Điều 63 khoản 1).",
                   "The law allows at most 15 days.", "due_on")
    unit = source.unit
    with transaction.atomic():
        rec = Recommendation.objects.create(
            unit=unit, unit_path=unit.path, organization=organization, source_kind=kind,
            inspection=source if kind == "inspection" else None, supervision=source if kind != "inspection" else None,
            content=content, addressee_kind=addressee_kind, addressee=addressee[:250], sent_on=sent_on, due_on=due_on,
            created_by=actor,
        )
        _event(rec, actor, "sent", sent_on, f"Gửi {addressee}, hạn trả lời {due_on:%d/%m/%Y}")
    return rec


def _locked(rec: Recommendation) -> Recommendation:
    return Recommendation.objects.select_for_update().get(pk=rec.pk)


@guard(_answer_actions, on="recommendation")
def recommendation_answer(*, actor, recommendation: Recommendation, answer: str, position: str,
                          answered_on: dt.date | None = None) -> Recommendation:
    """The addressee's answer: accepted, partly, or not accepted with its reasons (who records it: see
    `_answer_actions_of`)."""
    _check_actor_term(actor, _board_of(recommendation))
    answer = _text(answer, "answer", "nội dung trả lời")
    if position not in AnswerPosition.values:
        raise _err(Code.INVALID, "Chọn tiếp thu, tiếp thu một phần hoặc không tiếp thu.", "Choose the position.", "position")
    answered_on = answered_on or _today()
    _not_future(answered_on, "answered_on", "Ngày trả lời")
    if answered_on < recommendation.sent_on:
        raise _err(Code.DATE_ORDER, "Ngày trả lời không được trước ngày gửi kiến nghị.", "Answer before sending.", "answered_on")
    with transaction.atomic():
        rec = _locked(recommendation)
        if rec.state != RecState.SENT:
            raise _err(Code.STATE, "Kiến nghị này đã được trả lời.", "Already answered.", "answer")
        rec.answer, rec.answer_position, rec.answered_on, rec.answered_by = answer, position, answered_on, actor
        rec.state = RecState.ANSWERED
        if answered_on > rec.due_on and rec.overdue_on is None:
            rec.overdue_on = rec.due_on + dt.timedelta(days=1)
        rec.save()
        _event(rec, actor, "answered", answered_on, f"{AnswerPosition(position).label}: {answer[:500]}")
    return rec


@guard(_follow_actions, on="recommendation")
def recommendation_follow_up(*, actor, recommendation: Recommendation, note: str, on: dt.date | None = None) -> Recommendation:
    """The board follows up (Art. 38: recommend and follow up); a note on what it saw or asked."""
    _check_actor_term(actor, _board_of(recommendation))
    note = _text(note, "note", "nội dung theo dõi")
    on = on or _today()
    _not_future(on, "on", "Ngày theo dõi")
    if recommendation.state == RecState.CLOSED:
        raise _err(Code.STATE, "Kiến nghị đã kết thúc theo dõi.", "Already closed.", "note")
    with transaction.atomic():
        _event(recommendation, actor, "follow_up", on, note)
    return recommendation


@guard(_follow_actions, on="recommendation")
def recommendation_close(*, actor, recommendation: Recommendation, outcome: str, note: str = "",
                         closed_on: dt.date | None = None) -> Recommendation:
    """The board closes a recommendation: done, partly done, or not accepted with the reason. Never
    without the addressee's answer."""
    _check_actor_term(actor, _board_of(recommendation))
    if outcome not in Outcome.values:
        raise _err(Code.INVALID, "Chọn kết quả: đã thực hiện, thực hiện một phần hoặc không được tiếp thu.",
                   "Choose the outcome.", "outcome")
    note = (note or "").strip()
    if outcome == Outcome.NOT_ACCEPTED and not note:
        raise _err(Code.REASON_REQUIRED, "Ghi rõ lý do kiến nghị không được tiếp thu.", "State the reason.", "note")
    closed_on = closed_on or _today()
    _not_future(closed_on, "closed_on", "Ngày kết thúc")
    with transaction.atomic():
        rec = _locked(recommendation)
        if rec.state == RecState.SENT:
            raise _err(Code.ANSWER_REQUIRED, "Chưa có trả lời của cơ quan nhận kiến nghị: chưa thể kết thúc theo dõi.",
                       "Cannot close without the addressee's answer.", "outcome")
        if rec.state == RecState.CLOSED:
            raise _err(Code.STATE, "Kiến nghị đã kết thúc theo dõi.", "Already closed.", "outcome")
        if closed_on < rec.answered_on:
            raise _err(Code.DATE_ORDER, "Ngày kết thúc không được trước ngày trả lời.", "Closed before the answer.", "closed_on")
        rec.outcome, rec.outcome_note, rec.closed_on, rec.state = outcome, note, closed_on, RecState.CLOSED
        rec.save()
        _event(rec, actor, "closed", closed_on, f"{Outcome(outcome).label}{': ' + note if note else ''}")
    return rec


def recommendations_sweep(*, today: dt.date | None = None) -> dict:
    """Daily: flag every recommendation whose answer is overdue (once). Idempotent."""
    today = today or _today()
    flagged = 0
    due = Recommendation.objects.filter(state=RecState.SENT, due_on__lt=today, overdue_on__isnull=True)
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            rec = Recommendation.objects.select_for_update().filter(pk=pk, state=RecState.SENT, overdue_on__isnull=True).first()
            if rec is None:
                continue
            rec.overdue_on = rec.due_on + dt.timedelta(days=1)
            rec.save(update_fields=["overdue_on"])
            _event(rec, None, "overdue", today, f"Quá hạn trả lời (hạn {rec.due_on:%d/%m/%Y})")
            flagged += 1
    return {"flagged": flagged}

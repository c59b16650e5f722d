"""Reads about oversight, shared by pages, the API and reports. Officials' reads declare their rule
(core.access.guard: OVERSIGHT_VIEW on the record's unit, or on its organization — an organization's
board, inspections and recommendations are reached only by grants on the organization, Arts. 60-63);
outside that scope a record is "not found", whether or not it exists, and inside it without the right
the answer is 403. A unit's lists hold the commune's records only, never an organization's. Public reads return only what the law makes public: the boards'
composition (Art. 40(2)), inspections and supervisions once held with their recommendations and
answers (Art. 11 item 10; Art. 43), investment projects (Art. 11 items 3, 5), Front supervisions and
social-criticism conferences with the drafting body's answer."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from danchu.core.access import fetch, guard
from danchu.core.calendar import add_working_days
from danchu.core.errors import NotFound
from danchu.core.registry import announce
from danchu.core.roles import Action
from danchu.units.models import Organization

from .models import (
    Board,
    BoardKind,
    BoardMember,
    Document,
    Inspection,
    InvestmentProject,
    Recommendation,
    RecState,
    SocialCriticism,
    Supervision,
    SupervisionKind,
)

# The question oversight asks the decisions app through core.registry (no import between area apps):
# "which contributions did the households of this commune decide, collect and spend?" (Art. 15(1)-(2)).
CONTRIBUTIONS_QUERY = "query.contributions_for_unit"


def _get(qs: QuerySet, pk: int):
    """The record, once the declaration has let the caller in (it looked the id up already)."""
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise NotFound()
    return obj


def _member_board(args: dict) -> Board:
    """A member is read on its board's scope (the organization's, for an organization's board)."""
    return fetch(BoardMember, "pk", select_related=("board",))(args).board


def _document_owner(args: dict):
    """A document is read on its record's scope."""
    doc = fetch(Document, "pk", select_related=("inspection", "supervision", "criticism", "recommendation"))(args)
    return doc.inspection or doc.supervision or doc.criticism or doc.recommendation


@guard(Action.OVERSIGHT_VIEW, on=fetch(Board, "pk"))
def board_get(*, user, pk: int) -> Board:
    return _get(Board.objects.select_related("unit", "organization", "project"), pk)


@guard(Action.OVERSIGHT_VIEW, on=_member_board)
def member_get(*, user, pk: int) -> BoardMember:
    return _get(BoardMember.objects.select_related("board__unit", "board__organization"), pk)


@guard(Action.OVERSIGHT_VIEW, on=fetch(Inspection, "pk"))
def inspection_get(*, user, pk: int) -> Inspection:
    return _get(Inspection.objects.select_related("board", "unit", "organization"), pk)


@guard(Action.OVERSIGHT_VIEW, on=fetch(Supervision, "pk"))
def supervision_get(*, user, pk: int) -> Supervision:
    return _get(Supervision.objects.select_related("board", "unit", "project"), pk)


@guard(Action.OVERSIGHT_VIEW, on=fetch(InvestmentProject, "pk"))
def project_get(*, user, pk: int) -> InvestmentProject:
    return _get(InvestmentProject.objects.select_related("unit"), pk)


@guard(Action.OVERSIGHT_VIEW, on=fetch(SocialCriticism, "pk"))
def criticism_get(*, user, pk: int) -> SocialCriticism:
    return _get(SocialCriticism.objects.select_related("unit"), pk)


@guard(Action.OVERSIGHT_VIEW, on=fetch(Recommendation, "pk"))
def recommendation_get(*, user, pk: int) -> Recommendation:
    return _get(Recommendation.objects.select_related("unit", "organization", "inspection", "supervision"), pk)


@guard(Action.OVERSIGHT_VIEW, on=_document_owner)
def document_get(*, user, pk: int) -> Document:
    return _get(Document.objects.select_related("inspection", "supervision", "criticism", "recommendation"), pk)


def plan_get(*, board: Board, pk: int):
    plan = board.plans.filter(pk=pk).first()
    if plan is None:
        raise NotFound("Không tìm thấy kế hoạch.", message_en="Plan not found.")
    return plan


def members_by_ids(*, board: Board, ids) -> list[BoardMember]:
    ids = {int(i) for i in ids}
    rows = list(board.members.filter(pk__in=ids))
    if len(rows) != len(ids):
        raise NotFound("Không tìm thấy thành viên.", message_en="Member not found.")
    return rows


def _in(unit) -> Q:
    return Q(unit_id=unit.pk) if unit.level == "commune" else Q(unit__path__under=unit.path)


def _commune_records(unit) -> Q:
    """A unit's own records: an organization's board, inspections and recommendations carry the
    commune as their unit but belong to the organization (Arts. 60-63) and are listed on its page."""
    return _in(unit) & Q(organization__isnull=True)


@guard(Action.OVERSIGHT_VIEW, on="unit")
def overview(*, user, unit) -> dict:
    """The officials' page of a unit: boards, inspections, projects, supervisions, criticism, open
    recommendations (overdue first)."""
    return {
        "boards": list(Board.objects.filter(_commune_records(unit)).select_related("unit", "organization", "project")[:50]),
        "inspections": list(Inspection.objects.filter(_commune_records(unit)).select_related("board")[:50]),
        "projects": list(InvestmentProject.objects.filter(_in(unit)).prefetch_related("funding")[:50]),
        "front_supervisions": list(Supervision.objects.filter(_in(unit), kind=SupervisionKind.FRONT)[:50]),
        "criticisms": list(SocialCriticism.objects.filter(_in(unit))[:50]),
        "open_recommendations": list(_recommendations(unit, open_only=True)[:100]),
    }


@guard(Action.OVERSIGHT_VIEW, on="unit")
def recommendations_for(*, user, unit, open_only: bool = False, overdue_only: bool = False,
                        today: dt.date | None = None, start: dt.date | None = None,
                        end: dt.date | None = None) -> QuerySet[Recommendation]:
    """A unit's recommendations (not an organization's); `start`/`end` keep those sent in the period
    (the indicators' drill-down)."""
    return _recommendations(unit, open_only=open_only, overdue_only=overdue_only, today=today, start=start, end=end)


def _recommendations(unit, *, open_only: bool = False, overdue_only: bool = False, today: dt.date | None = None,
                     start: dt.date | None = None, end: dt.date | None = None) -> QuerySet[Recommendation]:
    """The query behind the declared reads (each declaration checks its own caller)."""
    today = today or timezone.localdate()
    qs = Recommendation.objects.filter(_commune_records(unit)).select_related("inspection", "supervision")
    if open_only:
        qs = qs.exclude(state=RecState.CLOSED)
    if overdue_only:
        qs = qs.filter(overdue_q(today))
    if start:
        qs = qs.filter(sent_on__gte=start)
    if end:
        qs = qs.filter(sent_on__lte=end)
    return qs.order_by("due_on", "id")


def overdue_q(today: dt.date) -> Q:
    """Unanswered past the deadline (whether or not the daily sweep has flagged it yet)."""
    return Q(state=RecState.SENT, due_on__lt=today)


def recommendations_overdue(*, unit=None, today: dt.date | None = None) -> QuerySet[Recommendation]:
    """Every unanswered recommendation past its deadline (for the sweep, dashboards, reports)."""
    today = today or timezone.localdate()
    qs = Recommendation.objects.filter(overdue_q(today))
    if unit is not None:
        qs = qs.filter(unit__path__under=unit.path)
    return qs.order_by("due_on", "id")


POSITION_RANK = {"head": 0, "deputy": 1, "member": 2}


def board_active_members(board: Board, day: dt.date | None = None) -> list[BoardMember]:
    """Current members: the head, the deputies, then the members by name."""
    day = day or timezone.localdate()
    rows = [m for m in board.members.select_related("hamlet") if m.active_on(day)]
    return sorted(rows, key=lambda m: (POSITION_RANK.get(m.position, 3), m.full_name))


def inspection_warnings(ins: Inspection) -> list[str]:
    """Decree 59 Art. 14(1)(b): each plan reaches the Front, the commune chair and the subject at least
    05 working days before it starts (shown, not blocking: the inspection happened)."""
    if ins.notified_on is None:
        return ["Chưa ghi ngày gửi kế hoạch kiểm tra cho MTTQ, Chủ tịch UBND xã và đối tượng kiểm tra "
                "(Nghị định 59/2023, Điều 14 khoản 1 điểm b)."]
    if add_working_days(ins.notified_on, 5) > ins.starts_on:
        return ["Kế hoạch gửi chưa đủ 05 ngày làm việc trước khi kiểm tra (Nghị định 59/2023, Điều 14 khoản 1 điểm b)."]
    return []


def supervision_warnings(sup: Supervision) -> list[str]:
    """Joint Resolution 403/2017 Art. 7: the Front's plan reaches the supervised body ≥ 15 days before;
    the delegation reports within 15 days after."""
    if sup.kind != SupervisionKind.FRONT:
        return []
    out = []
    if sup.plan_sent_on is None or sup.plan_sent_on + dt.timedelta(days=15) > sup.starts_on:
        out.append("Kế hoạch giám sát cần gửi cơ quan được giám sát ít nhất 15 ngày trước (Nghị quyết liên tịch 403/2017, Điều 7).")
    if sup.held_on and sup.report_on and sup.report_on > sup.ends_on + dt.timedelta(days=15):
        out.append("Báo cáo kết quả giám sát quá 15 ngày sau khi kết thúc (Nghị quyết liên tịch 403/2017, Điều 8).")
    return out


def contributions_for(unit) -> list[dict]:
    """What the households of the commune decided to contribute and what was collected and spent — asked
    of the decisions app through core.registry; empty when no handler answers."""
    rows: list[dict] = []
    for answer in announce(CONTRIBUTIONS_QUERY, unit=unit):
        rows.extend(answer or [])
    return rows


# --- public ------------------------------------------------------------------------------------------


def public_overview(*, unit) -> dict:
    """What the law makes public for a commune (see the module docstring). No documents, no user links."""
    today = timezone.localdate()
    boards = list(Board.objects.filter(_in(unit), dissolved_on__isnull=True, kind=BoardKind.INSPECTION,
                                       organization__isnull=True, term_end__gte=today).select_related("unit"))
    for b in boards:
        b.active = board_active_members(b, today)
    held_recs = Recommendation.objects.select_related("inspection", "supervision")
    inspections = list(Inspection.objects.filter(_in(unit), organization__isnull=True, held_on__isnull=False)
                       .prefetch_related(_recs_prefetch(held_recs))[:50])
    projects = list(InvestmentProject.objects.filter(_in(unit)).prefetch_related("funding", "visits")[:50])
    for p in projects:
        p.board_obj = Board.objects.filter(project=p).first()
        if p.board_obj:
            p.board_obj.active = board_active_members(p.board_obj, today)
        p.held_visits = [v for v in p.visits.all() if v.held_on]
    return {
        "boards": boards,
        "inspections": inspections,
        "projects": projects,
        "front_supervisions": list(Supervision.objects.filter(_in(unit), kind=SupervisionKind.FRONT, held_on__isnull=False)
                                   .prefetch_related(_recs_prefetch(held_recs))[:50]),
        "criticisms": list(SocialCriticism.objects.filter(_in(unit)).prefetch_related("opinions")[:50]),
        "today": today,
    }


def _recs_prefetch(qs):
    from django.db.models import Prefetch

    return Prefetch("recommendations", queryset=qs.order_by("sent_on", "id"))


def public_visit_recommendations(*, supervision: Supervision) -> list[Recommendation]:
    return list(supervision.recommendations.order_by("sent_on", "id"))


# --- lists for the API (scoped like the pages) ----------------------------------------------------------


@guard(Action.OVERSIGHT_VIEW, on="unit")
def boards_for(*, user, unit) -> QuerySet[Board]:
    return Board.objects.select_related("unit", "organization", "project").filter(_commune_records(unit))


@guard(Action.OVERSIGHT_VIEW, on="unit")
def inspections_for(*, user, unit) -> QuerySet[Inspection]:
    return Inspection.objects.select_related("unit", "board").filter(_commune_records(unit))


@guard(Action.OVERSIGHT_VIEW, on="unit")
def projects_for(*, user, unit) -> QuerySet[InvestmentProject]:
    return InvestmentProject.objects.select_related("unit").prefetch_related("funding", "hamlets").filter(_in(unit))


@guard(Action.OVERSIGHT_VIEW, on="unit")
def supervisions_for(*, user, unit, kind: str | None = None) -> QuerySet[Supervision]:
    qs = Supervision.objects.select_related("unit").filter(_in(unit))
    return qs.filter(kind=kind) if kind else qs


@guard(Action.OVERSIGHT_VIEW, on="unit")
def criticisms_for(*, user, unit) -> QuerySet[SocialCriticism]:
    return SocialCriticism.objects.select_related("unit").prefetch_related("opinions").filter(_in(unit))


@guard(Action.OVERSIGHT_VIEW, on=fetch(Organization, "pk", select_related=("unit",)))
def organization_for(*, user, pk: int) -> Organization:
    """An agency or enterprise whose People's Inspection Board the user may see (its own people only)."""
    return Organization.objects.select_related("unit").get(pk=pk)


def hamlets_by_ids(*, unit, ids) -> list:
    ids = {int(i) for i in ids}
    rows = list(unit.children.filter(pk__in=ids, level="hamlet"))
    if len(rows) != len(ids):
        raise NotFound("Không tìm thấy thôn, tổ dân phố.", message_en="Hamlet not found.")
    return rows


@guard(Action.OVERSIGHT_VIEW, on="organization")
def organization_overview(*, user, organization) -> dict:
    """The page of an organization's People's Inspection Board (Law Arts. 60-63)."""
    return {
        "boards": list(Board.objects.filter(organization=organization)),
        "inspections": list(Inspection.objects.filter(organization=organization).select_related("board")[:100]),
        "recommendations": list(Recommendation.objects.filter(organization=organization).order_by("due_on", "id")[:200]),
    }

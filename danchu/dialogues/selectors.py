"""Reads of dialogues and citizen reception, shared by pages, the API and reports.

Public: a unit's dialogue schedule and results (questions with their answers, commitments and
their follow-up; askers' names only with their consent, phones never), and its reception
calendar (days, no visitor). Private to the unit's officials (each read declares its rule with
core.access.guard): the managers' lists and records, askers' contacts, reception visits, the month's
shortfall warnings. Outside one's scope a private read answers NotFound, inside it without the right
PermissionDenied. An organization's workplace dialogues (Law 10/2022 Arts. 56, 73) are managed only
by grants on the organization.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from danchu.core.access import fetch, guard
from danchu.core.errors import NotFound
from danchu.core.roles import Action
from danchu.units.models import Unit

from .frequencies import Shortfall, month_bounds, requirements, shortfalls
from .models import (
    Commitment,
    CommitmentStatus,
    Dialogue,
    DialogueQuestion,
    DialogueStatus,
    ReceptionDay,
    ReceptionKind,
    ReceptionStatus,
    ReceptionVisit,
)


def _today() -> dt.date:
    return timezone.localdate()


# --- dialogues -----------------------------------------------------------------------------------------


def dialogues_public(*, unit: Unit, status: str | None = None, subtree: bool = False) -> QuerySet[Dialogue]:
    """A unit's dialogues; with `subtree`, those of every unit under it too (a province's page)."""
    base = Dialogue.objects.filter(unit_path__startswith=unit.path) if subtree else Dialogue.objects.filter(unit=unit)
    qs = base.select_related("unit", "organization").annotate(
        n_questions=Count("questions", distinct=True), n_commitments=Count("commitments", distinct=True))
    if status:
        qs = qs.filter(status=status)
    return qs


def dialogues_upcoming(*, unit: Unit) -> QuerySet[Dialogue]:
    return dialogues_public(unit=unit, status=DialogueStatus.SCHEDULED).order_by("held_on", "id")


def dialogue_get_public(*, pk: int, unit: Unit | None = None) -> Dialogue:
    qs = Dialogue.objects.select_related("unit", "organization")
    if unit is not None:
        qs = qs.filter(unit=unit)
    d = qs.filter(pk=pk).first()
    if d is None:
        raise NotFound()
    return d


@guard(Action.DIALOGUE_MANAGE, on=fetch(Dialogue, "pk"))
def dialogue_get_for_manager(*, user, pk: int) -> Dialogue:
    """A dialogue for the officials who manage it (an organization's: its own officials only)."""
    return Dialogue.objects.select_related("unit", "organization").get(pk=pk)


@guard(Action.DIALOGUE_MANAGE, on="unit")
def dialogues_for_manager(*, user, unit: Unit) -> QuerySet[Dialogue]:
    """The unit's own dialogues; its organizations' workplace dialogues are theirs (dialogues_for_org_manager)."""
    return dialogues_public(unit=unit).filter(organization__isnull=True)


def annual_dialogue_gap(*, unit: Unit, year: int) -> str:
    """Law 10/2022 Art. 32: the commune People's Committee, with the commune Front, holds at least
    one dialogue conference with the people every year. The warning when a commune's year has none
    held or scheduled (an organization's dialogues do not count); empty otherwise."""
    if unit.level != "commune":
        return ""
    exists = Dialogue.objects.filter(unit=unit, organization__isnull=True, held_on__year=year,
                                     status__in=[DialogueStatus.SCHEDULED, DialogueStatus.HELD]).exists()
    if exists:
        return ""
    return (f"Năm {year} chưa có hội nghị đối thoại nào của UBND xã với nhân dân được lên lịch hoặc tổ chức; "
            "Luật Thực hiện dân chủ ở cơ sở, Điều 32 yêu cầu ít nhất 01 lần mỗi năm.")


@guard(Action.DIALOGUE_MANAGE, on="organization")
def dialogues_for_org_manager(*, user, organization) -> QuerySet[Dialogue]:
    """An agency's or enterprise's own dialogues (Law Arts. 56, 73), for its head."""
    return dialogues_public(unit=organization.unit).filter(organization=organization)


def questions_of(*, dialogue: Dialogue) -> QuerySet[DialogueQuestion]:
    return dialogue.questions.all()


def _one(model, pk):
    """The row with this id, its dialogue's unit and organization read along (missing → NotFound)."""
    try:
        return model.objects.select_related("dialogue__unit", "dialogue__organization").get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFound() from exc


def _question_dialogue(args: dict) -> Dialogue:
    return _one(DialogueQuestion, args.get("pk")).dialogue


def _commitment_dialogue(args: dict) -> Dialogue:
    return _one(Commitment, args.get("pk")).dialogue


@guard(Action.DIALOGUE_MANAGE, on=_question_dialogue)
def question_get_for_manager(*, user, pk: int) -> DialogueQuestion:
    """A question with its asker's contact, for the officials who manage its dialogue."""
    return _one(DialogueQuestion, pk)


def commitments_of(*, dialogue: Dialogue) -> QuerySet[Commitment]:
    return dialogue.commitments.select_related("question")


@guard(Action.DIALOGUE_MANAGE, on=_commitment_dialogue)
def commitment_get_for_manager(*, user, pk: int) -> Commitment:
    """A commitment to follow up, for the officials who manage its dialogue."""
    return _one(Commitment, pk)


COMMITMENT_LOG_TYPE = "dialogue_commitment"


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def commitment_log_payload(c: Commitment) -> dict:
    """What the transparency log keeps of a commitment at each step: a deadline or a result cannot
    be changed quietly afterwards (`danchu verify-log` compares it with the record)."""
    d = c.dialogue
    return {
        "type": COMMITMENT_LOG_TYPE, "id": c.pk, "unit": d.unit.code, "dialogue": d.pk, "topic": d.topic,
        "leader": d.leader_name, "held_on": _iso(d.held_on), "text": c.text, "owner": c.owner,
        "made_on": _iso(c.made_on), "due_on": _iso(c.due_on), "status": c.status, "progress": c.progress,
        "result": c.result, "done_on": _iso(c.done_on),
    }


ANSWER_LOG_TYPE = "dialogue_answer"


def answer_log_payload(q: DialogueQuestion) -> dict:
    """An answered question as the dialogue's public page shows it: the question, who answered, when,
    the answer. Not the asker's name (the public page shows it when they chose to; an append-only
    log would keep it for ever), never their phone."""
    d = q.dialogue
    return {"type": ANSWER_LOG_TYPE, "id": q.pk, "unit": d.unit.code, "dialogue": d.pk, "topic": d.topic,
            "held_on": _iso(d.held_on), "question": q.text, "source": q.source, "received_on": _iso(q.received_on),
            "answer": q.answer, "answered_by": q.answered_by, "answered_on": _iso(q.answered_on)}


def answer_log_records(after: int, limit: int) -> list[tuple[int, dict]]:
    qs = (DialogueQuestion.objects.filter(pk__gt=after, answered_on__isnull=False).select_related("dialogue__unit")
          .order_by("pk")[:limit])
    return [(q.pk, answer_log_payload(q)) for q in qs]


def commitment_log_records(after: int, limit: int) -> list[tuple[int, dict]]:
    qs = Commitment.objects.filter(pk__gt=after).select_related("dialogue__unit").order_by("pk")[:limit]
    return [(c.pk, commitment_log_payload(c)) for c in qs]


def commitments_public(*, unit: Unit, state: str = "all", today: dt.date | None = None) -> QuerySet[Commitment]:
    """A unit's commitments: all | open | overdue | done. Overdue is computed from the date, so it
    is right even before the daily sweep has run."""
    today = today or _today()
    qs = Commitment.objects.filter(dialogue__unit=unit).select_related("dialogue")
    if state == "open":
        qs = qs.filter(status=CommitmentStatus.OPEN)
    elif state == "overdue":
        qs = qs.filter(overdue_q(today))
    elif state == "done":
        qs = qs.filter(status=CommitmentStatus.DONE)
    return qs


def overdue_q(today: dt.date) -> Q:
    return Q(status=CommitmentStatus.OPEN, due_on__lt=today)


def is_overdue(commitment: Commitment, today: dt.date | None = None) -> bool:
    return commitment.status == CommitmentStatus.OPEN and commitment.due_on < (today or _today())


# --- reception -----------------------------------------------------------------------------------------


def reception_days_public(*, unit: Unit, start: dt.date, end: dt.date) -> QuerySet[ReceptionDay]:
    return (ReceptionDay.objects.filter(unit=unit, day__gte=start, day__lte=end).select_related("unit")
            .annotate(n_visits=Count("visits")).order_by("day", "leader_role"))


@guard(Action.RECEPTION_MANAGE, on=fetch(ReceptionDay, "pk"))
def reception_day_get_for_manager(*, user, pk: int) -> ReceptionDay:
    return ReceptionDay.objects.select_related("unit").get(pk=pk)


@guard(Action.RECEPTION_MANAGE, on="reception_day")
def visits_of(*, user, reception_day: ReceptionDay) -> QuerySet[ReceptionVisit]:
    """Who was received and what they raised: the unit's reception officials only."""
    return reception_day.visits.all()


def scheduled_days(*, unit: Unit, start: dt.date, end: dt.date) -> dict[str, set[dt.date]]:
    """leader_role -> the regular days planned or held by the head in person within [start, end]."""
    out: dict[str, set[dt.date]] = {}
    rows = ReceptionDay.objects.filter(unit=unit, kind=ReceptionKind.REGULAR, day__gte=start, day__lte=end,
                                       status__in=[ReceptionStatus.PLANNED, ReceptionStatus.HELD]).values_list("leader_role", "day")
    for role, day in rows:
        out.setdefault(role, set()).add(day)
    return out


@dataclass
class MonthPlan:
    unit: Unit
    year: int
    month: int
    days: list
    shortfalls: list[Shortfall]
    required: int


@guard(Action.RECEPTION_MANAGE, on="unit")
def reception_month(*, user, unit: Unit, year: int, month: int) -> MonthPlan:
    """A unit's reception calendar for a month with the warnings of what the law requires and is
    not scheduled (frequencies.py)."""
    return reception_month_public(unit=unit, year=year, month=month)


def reception_month_public(*, unit: Unit, year: int, month: int) -> MonthPlan:
    first, last = month_bounds(year, month)
    reqs = requirements(unit.level, year, month)
    # Weeks counted in this month may start in the previous one and end in the next.
    start = min([first, *[r.start for r in reqs]])
    end = max([last, *[r.end for r in reqs]])
    days = list(reception_days_public(unit=unit, start=first, end=last))
    return MonthPlan(unit=unit, year=year, month=month, days=days,
                     shortfalls=shortfalls(unit.level, year, month, scheduled_days(unit=unit, start=start, end=end)),
                     required=sum(r.days for r in reqs))


def organization_get(*, pk: int):
    from danchu.units.models import Organization

    org = Organization.objects.select_related("unit").filter(pk=pk).first()
    if org is None:
        raise NotFound()
    return org

"""Reads on “Dân vận khéo” models. The registry is public (models are meant to be shared and
replicated), evaluations included; the evidence files are shown to the unit's officials only (the
reads of them declare their rule, core.access.guard, on the model's unit)."""

from __future__ import annotations

from django.db.models import QuerySet

from danchu.core.access import guard
from danchu.core.errors import NotFound
from danchu.core.roles import Action
from danchu.core.text import fold

from .models import GoodPractice


def practices_of(*, unit, q: str = "", field: str = "", status: str = "") -> QuerySet[GoodPractice]:
    qs = GoodPractice.objects.filter(unit_path__startswith=unit.path).select_related("unit", "organization")
    for word in fold(q).split():
        qs = qs.filter(search_text__contains=word)
    if field:
        qs = qs.filter(field=field)
    if status:
        qs = qs.filter(status=status)
    return qs


def practice_get(*, pk: int) -> GoodPractice:
    p = GoodPractice.objects.select_related("unit", "organization").filter(pk=pk).first()
    if p is None:
        raise NotFound("Không tìm thấy mô hình.", message_en="No such good-practice model.")
    return p


def practice_detail(p: GoodPractice) -> dict:
    return {"evaluations": list(p.evaluations.select_related("evaluator"))}


_OFFICIALS = (Action.MOVEMENT_MANAGE, Action.MOVEMENT_EVALUATE)


def _unit_of_practice(args: dict):
    """The model's unit (a model of an organization is still the unit's: see services)."""
    practice = args.get("practice")
    if practice is None:
        practice = practice_get(pk=args.get("pk"))
    return practice.unit


@guard(any_of=_OFFICIALS, on=_unit_of_practice)
def evidence_of(*, user, practice: GoodPractice) -> list:
    """The evidence files of a model: for those who keep or evaluate it."""
    return list(practice.evidence.all())


@guard(any_of=_OFFICIALS, on=_unit_of_practice)
def evidence_get(*, user, pk: int, evidence_id: int):
    """One evidence file, to download: for those who keep or evaluate the model."""
    p = practice_get(pk=pk)
    ev = p.evidence.filter(pk=evidence_id).first()
    if ev is None:
        raise NotFound()
    return p, ev

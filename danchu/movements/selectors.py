"""Reads on “Dân vận khéo” models. The registry is public (models are meant to be shared and
replicated); evidence files and evaluations' notes are shown to officials of the unit."""

from __future__ import annotations

from django.db.models import QuerySet

from danchu.core.errors import NotFound
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
    return {"evaluations": list(p.evaluations.select_related("evaluator")), "evidence": list(p.evidence.all())}


def evidence_get(*, pk: int, evidence_id: int):
    p = practice_get(pk=pk)
    ev = p.evidence.filter(pk=evidence_id).first()
    if ev is None:
        raise NotFound()
    return p, ev

"""What the public transparency log keeps of a "Dân vận khéo" good practice (core.transparency):
what its public page `/dan-van-kheo/<pk>/` shows — the model, its results, its evaluations and its
recognition; not the evidence files (officials only), not who evaluated. The services call `log`
after each change; an entry is appended when that content changed (core.transparency.log_record)."""

from __future__ import annotations

from django.db.models import Prefetch

from danchu.core.transparency import log_record

from .models import Evaluation, GoodPractice

LOG_TYPE = "movement_practice"


def _d(day) -> str | None:
    return day.isoformat() if day else None


def practice_log_payload(p: GoodPractice, evaluations: list[Evaluation] | None = None) -> dict:
    if evaluations is None:
        evaluations = list(p.evaluations.order_by("id"))
    return {"type": LOG_TYPE, "id": p.pk, "unit": p.unit.code, "organization": p.organization_id, "title": p.title,
            "field": p.field, "description": p.description, "started_on": _d(p.started_on), "results": p.results,
            "status": p.status, "recognized_level": p.recognized_level, "recognized_on": _d(p.recognized_on),
            "recognition_ref": p.recognition_ref,
            "evaluations": [{"level": e.level, "rating": e.rating, "evaluated_on": _d(e.evaluated_on), "note": e.note}
                            for e in evaluations]}


def practice_log_records(after: int, limit: int) -> list[tuple[int, dict]]:
    qs = (GoodPractice.objects.filter(pk__gt=after).select_related("unit")
          .prefetch_related(Prefetch("evaluations", queryset=Evaluation.objects.order_by("id"), to_attr="log_evaluations"))
          .order_by("pk")[:limit])
    return [(p.pk, practice_log_payload(p, p.log_evaluations)) for p in qs]


def log(practice: GoodPractice, kind: str) -> None:
    fresh = GoodPractice.objects.select_related("unit").get(pk=practice.pk)
    log_record(kind=kind, object_type=LOG_TYPE, object_id=fresh.pk, payload=practice_log_payload(fresh))

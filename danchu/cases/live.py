"""This year's public figures of feedback, recommendations, complaints and denunciations on the unit's
public page (core.registry): how many were received, resolved and resolved within the legal time
limit (Law 10/2022 Art. 34; the Complaints Law 2011; the Denunciations Law 2018). Aggregate counts
only — never a case's content, a filer's identity or a tracking code."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from danchu.core.registry import LiveFigure

from .models import Case, Status


def figures(unit, today: dt.date) -> list[LiveFigure]:
    start = dt.date(today.year, 1, 1)
    resolved = Q(status=Status.RESOLVED, resolved_on__gte=start, resolved_on__lte=today)
    counts = Case.objects.filter(unit_path__startswith=unit.path).aggregate(
        received=Count("id", filter=Q(received_on__gte=start, received_on__lte=today)),
        resolved=Count("id", filter=resolved),
        on_time=Count("id", filter=resolved & Q(on_time=True)),
    )
    return [
        LiveFigure(label=_("Phản ánh, kiến nghị, khiếu nại, tố cáo đã tiếp nhận"), value=counts["received"]),
        LiveFigure(label=_("Hồ sơ giải quyết đúng hạn"), value=counts["on_time"],
                   caption=_("trên %(n)s hồ sơ đã giải quyết") % {"n": counts["resolved"]}),
    ]


def register() -> None:
    from danchu.core.registry import register_live_figures

    register_live_figures(order=40, provider=figures)

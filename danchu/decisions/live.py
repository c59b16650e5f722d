"""What the unit's public page shows as live under "Dân bàn, dân quyết" (core.registry): the matters
put to the households now, with the day voting ends; the results recently recognised or announced;
how many village conventions are in force (Law 10/2022 Arts. 15-24; Decree 61/2023). Only matters
whose voting has opened are public — never a draft."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.labels import label
from danchu.core.registry import LiveFigure, LiveItem, LivePanel
from danchu.units.models import Level

from .models import ConventionStatus, ConventionVersion, Matter, Recognition, Status

LATEST = 5


def _where(unit) -> Q:
    """A hamlet: the matters its households vote on (its own and the commune-wide ones it is part of);
    a commune or province: every matter of its subtree."""
    if unit.level == Level.HAMLET:
        return Q(pk__in=Matter.hamlets.through.objects.filter(unit_id=unit.pk).values("matter_id"))
    return Q(unit__path__under=unit.path)


def _day(value) -> dt.date | None:
    return timezone.localdate(value) if value else None


def _caption(unit, m: Matter, extra: str = "") -> str:
    parts = [extra] if extra else []
    if m.unit_id != unit.pk:
        parts.append(m.unit.name)
    return " · ".join(parts)


def open_panel(unit, today: dt.date) -> LivePanel:
    rows = (Matter.objects.filter(_where(unit), status=Status.OPEN).select_related("unit")
            .order_by("closes_at", "meeting_at", "id")[:LATEST])
    items = []
    for m in rows:
        if m.closes_at:
            date, date_label = _day(m.closes_at), _("Kết thúc biểu quyết")
        else:
            date, date_label = _day(m.meeting_at), _("Họp ngày")
        items.append(LiveItem(label=m.title, url=reverse("decisions:public_detail", args=[m.unit.code, m.pk]),
                              date=date, date_label=date_label, caption=_caption(unit, m)))
    return LivePanel(title=_("Đang biểu quyết"), items=tuple(items),
                     empty_text=_("Chưa có việc nào đang đưa ra biểu quyết."),
                     see_all_url=reverse("decisions:public", args=[unit.code]),
                     see_all_label=_("Việc nhân dân bàn và quyết định"))


def _convention_where(unit) -> Q:
    if unit.level == Level.HAMLET:
        return Q(convention__hamlet_id=unit.pk)
    return Q(convention__hamlet__path__under=unit.path)


def results_panel(unit, today: dt.date) -> LivePanel:
    # Recognised by the commune People's Committee (Art. 23), or a matter that needs no recognition.
    rows = (Matter.objects.filter(_where(unit), status=Status.CLOSED,
                                  recognition__in=[Recognition.RECOGNIZED, Recognition.NOT_NEEDED])
            .select_related("unit").order_by("-closed_at", "-id")[:LATEST])
    items = tuple(
        LiveItem(label=m.title, url=reverse("decisions:public_detail", args=[m.unit.code, m.pk]),
                 date=_day(m.recognized_at or m.closed_at),
                 date_label=_("Công nhận ngày") if m.recognition == Recognition.RECOGNIZED else _("Kết thúc ngày"),
                 caption=_caption(unit, m, label(m.get_result_display())))
        for m in rows
    )
    in_force = ConventionVersion.objects.filter(_convention_where(unit), status=ConventionStatus.IN_FORCE).count()
    return LivePanel(title=_("Kết quả biểu quyết gần đây"), items=items,
                     empty_text=_("Chưa có kết quả biểu quyết nào được công bố."),
                     see_all_url=reverse("decisions:conventions", args=[unit.code]),
                     see_all_label=_("Hương ước, quy ước"),
                     note=_("Hương ước, quy ước đang có hiệu lực: %(n)s") % {"n": in_force})


def figures(unit, today: dt.date) -> list[LiveFigure]:
    start = dt.datetime(today.year, 1, 1, tzinfo=timezone.get_current_timezone())
    # Only closing a vote sets its closing time (a draft or an open matter has none).
    n = Matter.objects.filter(unit__path__under=unit.path, closed_at__gte=start).count()
    return [LiveFigure(label=_("Cuộc biểu quyết đã kết thúc"), value=n)]


def register() -> None:
    from danchu.core.registry import register_live, register_live_figures

    register_live(pillar="discuss", order=10, provider=open_panel)
    register_live(pillar="discuss", order=20, provider=results_panel)
    register_live_figures(order=20, provider=figures)

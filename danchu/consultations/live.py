"""What the unit's public page shows as live under "Dân góp ý" (core.registry): the drafts open for
comment now, with the day comments close (Law 10/2022 Arts. 25-29), and how many were put to the
residents this year. Published consultations of residents only — never a draft in preparation or an
organization's internal consultation of its staff (Arts. 53, 71)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.registry import LiveFigure, LiveItem, LivePanel, see_all_label
from danchu.units.models import Level

from .models import Consultation, Status

LATEST = 5


def _where(unit) -> Q:
    """A hamlet: its commune's consultations (residents are consulted commune-wide); a commune or
    province: its subtree."""
    if unit.level == Level.HAMLET and unit.parent_id:
        return Q(unit_id=unit.parent_id) | Q(unit__path__startswith=unit.path)
    return Q(unit__path__startswith=unit.path)


def open_panel(unit, today: dt.date) -> LivePanel:
    now = timezone.now()
    home = unit.parent if unit.level == Level.HAMLET and unit.parent_id else unit
    rows = (Consultation.objects.filter(_where(unit), organization__isnull=True, status=Status.OPEN, closes_at__gte=now)
            .select_related("unit").order_by("closes_at", "id")[:LATEST])
    items = []
    for c in rows:
        caption = c.unit.name if c.unit_id != unit.pk else ""
        if c.opens_at and c.opens_at > now:
            upcoming = _("Bắt đầu lấy ý kiến %(day)s") % {"day": timezone.localdate(c.opens_at).strftime("%d/%m/%Y")}
            caption = " · ".join(x for x in (upcoming, caption) if x)
        items.append(LiveItem(label=c.title, url=reverse("consultations:detail", args=[c.pk]),
                              date=timezone.localdate(c.closes_at), date_label=_("Hạn góp ý"), caption=caption))
    return LivePanel(title=_("Dự thảo đang lấy ý kiến"), items=tuple(items),
                     empty_text=_("Chưa có dự thảo nào đang lấy ý kiến."),
                     see_all_url=reverse("consultations:public", args=[home.code]),
                     see_all_label=see_all_label(_("Dự thảo đang lấy ý kiến, báo cáo tiếp thu, giải trình"), unit, home))


def figures(unit, today: dt.date) -> list[LiveFigure]:
    start = dt.datetime(today.year, 1, 1, tzinfo=timezone.get_current_timezone())
    n = (Consultation.objects.filter(unit__path__startswith=unit.path, organization__isnull=True,
                                     published_at__gte=start).exclude(status=Status.DRAFT).count())
    return [LiveFigure(label=_("Dự thảo đưa ra lấy ý kiến"), value=n)]


def register() -> None:
    from danchu.core.registry import register_live, register_live_figures

    register_live(pillar="opinion", order=10, provider=open_panel)
    register_live_figures(order=30, provider=figures)

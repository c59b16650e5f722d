"""What the unit's public page shows as live under "Dân kiểm tra, dân giám sát" (core.registry): the
recommendations of the People's Inspection Board, the community investment supervision board and
the Fatherland Front still awaiting an answer or followed up, and the investment projects under
community supervision now (Law 10/2022 Arts. 30-45; Art. 11 item 10). Only what the
public page shows: recommendations of inspections and supervisions once held, never an
organization's own board (Arts. 60-63)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from danchu.core.labels import label
from danchu.core.registry import LiveItem, LivePanel, see_all_label
from danchu.units.models import Level

from .models import InvestmentProject, Recommendation, RecState

LATEST = 4


def _home(unit):
    """Oversight records are the commune's: a hamlet shows its commune's."""
    return unit.parent if unit.level == Level.HAMLET and unit.parent_id else unit


def _in(unit) -> Q:
    return Q(unit_id=unit.pk) if unit.level == Level.COMMUNE else Q(unit__path__under=unit.path)


def recommendations_panel(unit, today: dt.date) -> LivePanel:
    home = _home(unit)
    held = Q(inspection__held_on__isnull=False) | Q(supervision__held_on__isnull=False)
    rows = (Recommendation.objects.filter(_in(home), held, organization__isnull=True)
            .exclude(state=RecState.CLOSED).order_by("due_on", "id")[:LATEST])
    items = []
    for r in rows:
        waiting = r.state == RecState.SENT
        state = label(r.get_state_display())
        if waiting and r.due_on < today:  # unanswered past its deadline, said in words
            state = f"{state} · {_('Quá hạn')}"
        items.append(LiveItem(label=Truncator(r.content).chars(120), url=reverse("oversight:public", args=[home.code]),
                              date=r.due_on if waiting else None, date_label=_("Hạn trả lời") if waiting else "",
                              caption=f"{state} · {r.addressee}"))
    items = tuple(items)
    return LivePanel(title=_("Kiến nghị đang theo dõi"), items=items,
                     empty_text=_("Chưa có kiến nghị nào đang chờ trả lời."),
                     see_all_url=reverse("oversight:public", args=[home.code]),
                     see_all_label=see_all_label(_("Ban thanh tra nhân dân: kiểm tra và kiến nghị"), unit, home))


def projects_panel(unit, today: dt.date) -> LivePanel:
    home = _home(unit)
    rows = (InvestmentProject.objects.filter(_in(home), starts_on__lte=today, ends_on__gte=today,
                                             board__isnull=False, board__dissolved_on__isnull=True)
            .order_by("ends_on", "id")[:LATEST])
    items = tuple(
        LiveItem(label=p.name, url=reverse("oversight:public", args=[home.code]), date=p.ends_on,
                 date_label=_("Dự kiến hoàn thành"), caption=p.location)
        for p in rows
    )
    return LivePanel(title=_("Công trình đang được cộng đồng giám sát"), items=items,
                     empty_text=_("Chưa có công trình nào đang được giám sát."),
                     see_all_url=reverse("oversight:public", args=[home.code]),
                     see_all_label=see_all_label(_("Giám sát đầu tư của cộng đồng, giám sát và phản biện xã hội"), unit, home))


def register() -> None:
    from danchu.core.registry import register_live

    register_live(pillar="inspect", order=30, provider=recommendations_panel)
    register_live(pillar="inspect", order=40, provider=projects_panel)

"""What the unit's public page shows as live under "Dân kiểm tra, dân giám sát" (core.registry): the
next dialogues between the leaders and the people (Law 10/2022 Art. 32) and the next citizen
reception days (the Citizen Reception Law 2013). Scheduled items from today on only — never
a cancelled one, and never an organization's workplace dialogue (Arts. 56, 73)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from danchu.core.labels import label
from danchu.core.registry import LiveFigure, LiveItem, LivePanel, see_all_label
from danchu.units.models import Level

from .models import Dialogue, DialogueStatus, ReceptionDay, ReceptionStatus, leader_title

LATEST = 4


def _home(unit):
    """Dialogues and reception days are the commune's (or the province's): a hamlet shows its commune's."""
    return unit.parent if unit.level == Level.HAMLET and unit.parent_id else unit


def dialogues_panel(unit, today: dt.date) -> LivePanel:
    home = _home(unit)
    rows = (Dialogue.objects.filter(unit_id=home.pk, organization__isnull=True, status=DialogueStatus.SCHEDULED,
                                    held_on__gte=today).select_related("unit").order_by("held_on", "start_time", "id")[:LATEST])
    items = tuple(
        LiveItem(label=d.topic, url=reverse("dialogues:public_detail", args=[d.unit.code, d.pk]), date=d.held_on,
                 date_label=_("Ngày đối thoại"), caption=d.place)
        for d in rows
    )
    return LivePanel(title=_("Đối thoại sắp tới"), items=items,
                     empty_text=_("Chưa có buổi đối thoại nào được lên lịch."),
                     see_all_url=reverse("dialogues:public", args=[home.code]),
                     see_all_label=see_all_label(_("Đối thoại giữa lãnh đạo và nhân dân"), unit, home))


def reception_panel(unit, today: dt.date) -> LivePanel:
    home = _home(unit)
    rows = (ReceptionDay.objects.filter(unit_id=home.pk, status=ReceptionStatus.PLANNED, day__gte=today)
            .select_related("unit").order_by("day", "leader_role", "id")[:LATEST])
    items = []
    for r in rows:
        caption = r.place + (" · " + _("trực tuyến") if r.online else "")
        if r.kind == "ad_hoc":
            caption = label(r.get_kind_display()) + " · " + caption
        items.append(LiveItem(label=leader_title(r.leader_role, r.unit),
                              url=reverse("dialogues:reception", args=[home.code]) + f"?thang={r.day:%Y-%m}",
                              date=r.day, date_label=_("Ngày tiếp"), caption=caption))
    return LivePanel(title=_("Lịch tiếp công dân sắp tới"), items=tuple(items),
                     empty_text=_("Chưa có ngày tiếp công dân nào được lên lịch."),
                     see_all_url=reverse("dialogues:reception", args=[home.code]), see_all_label=see_all_label(_("Lịch tiếp công dân"), unit, home))


def figures(unit, today: dt.date) -> list[LiveFigure]:
    n = Dialogue.objects.filter(unit_path__startswith=unit.path, organization__isnull=True, status=DialogueStatus.HELD,
                                held_on__gte=dt.date(today.year, 1, 1), held_on__lte=today).count()
    return [LiveFigure(label=_("Buổi đối thoại đã tổ chức"), value=n)]


def register() -> None:
    from danchu.core.registry import register_live, register_live_figures

    register_live(pillar="inspect", order=10, provider=dialogues_panel)
    register_live(pillar="inspect", order=20, provider=reception_panel)
    register_live_figures(order=50, provider=figures)

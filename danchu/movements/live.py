"""What the unit's public page shows as live under "Dân làm" (core.registry): the good-practice models
of the "Dân vận khéo" movement being built or recognised in the unit (the registry is public so that
models are shared and replicated). A model that stopped is not shown as live."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from danchu.core.labels import label
from danchu.core.registry import LiveItem, LivePanel
from danchu.units.models import Level

from .models import GoodPractice, Status

LATEST = 4


def _where(unit) -> Q:
    """A hamlet: its own models and its commune's; a commune or province: its subtree."""
    if unit.level == Level.HAMLET and unit.parent_id:
        return Q(unit_id=unit.pk) | Q(unit_id=unit.parent_id)
    return Q(unit_path__startswith=unit.path)


def practices_panel(unit, today: dt.date) -> LivePanel:
    rows = (GoodPractice.objects.filter(_where(unit), status__in=[Status.REGISTERED, Status.RECOGNIZED])
            .order_by("-started_on", "-id")[:LATEST])
    items = []
    for p in rows:
        if p.status == Status.RECOGNIZED:
            date, date_label = p.recognized_on, _("Công nhận ngày")
        else:
            date, date_label = p.started_on, _("Bắt đầu ngày")
        items.append(LiveItem(label=p.title, url=reverse("movements:detail", args=[p.pk]), date=date,
                              date_label=date_label, caption=label(p.get_field_display())))
    return LivePanel(title=_("Mô hình “Dân vận khéo”"), items=tuple(items),
                     empty_text=_("Chưa có mô hình nào được đăng ký."),
                     see_all_url=reverse("movements:public", args=[unit.code]), see_all_label=_("Mô hình “Dân vận khéo”"))


def register() -> None:
    from danchu.core.registry import register_live

    register_live(pillar="act", order=20, provider=practices_panel)

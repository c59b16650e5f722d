"""What the unit's public page shows as live under "Dân biết" and "Dân thụ hưởng" (core.registry):
the latest disclosures published (Law 10/2022 Arts. 11-14), the latest lists of beneficiaries
(Art. 11 items 6-7; Art. 7), and the number published this year. Published disclosures only —
never a draft, a withdrawn one or an organization's internal one."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from danchu.core.registry import LiveFigure, LiveItem, LivePanel, see_all_label
from danchu.units.models import Level

from .models import Disclosure, Status

LATEST = 5
# Art. 11 items 7 and 8: who was found eligible for support, subsidies, aid — the lists of beneficiaries.
BENEFIT_CATEGORIES = ("commune-11-7", "commune-11-8")


def _where(unit) -> Q:
    """A hamlet: its own and its commune's disclosures; a commune or province: its whole subtree."""
    if unit.level == Level.HAMLET and unit.parent_id:
        return Q(unit_id=unit.pk) | Q(unit_id=unit.parent_id)
    return Q(unit_path__startswith=unit.path)


def _list_unit(unit):
    return unit.parent if unit.level == Level.HAMLET and unit.parent_id else unit


def _published(unit):
    return Disclosure.objects.filter(_where(unit), organization__isnull=True, status=Status.PUBLISHED)


def _items(unit, qs) -> tuple:
    rows = qs.select_related("unit").order_by("-published_at", "-id")[:LATEST]
    return tuple(
        LiveItem(label=d.title, url=reverse("disclosures:detail", args=[d.unit.code, d.pk]), date=d.published_on,
                 date_label=_("Công khai ngày"), caption=d.unit.name if d.unit_id != unit.pk else "")
        for d in rows
    )


def latest_panel(unit, today: dt.date) -> LivePanel:
    return LivePanel(
        title=_("Thông tin mới công khai"), items=_items(unit, _published(unit)),
        empty_text=_("Chưa có thông tin công khai nào."),
        see_all_url=reverse("disclosures:list", args=[_list_unit(unit).code]),
        see_all_label=see_all_label(_("Thông tin đã công khai"), unit, _list_unit(unit)))


def beneficiaries_panel(unit, today: dt.date) -> LivePanel:
    return LivePanel(
        title=_("Danh sách thụ hưởng mới công khai"),
        items=_items(unit, _published(unit).filter(category__code__in=BENEFIT_CATEGORIES)),
        empty_text=_("Chưa có danh sách thụ hưởng nào được công khai."),
        see_all_url=reverse("disclosures:list", args=[_list_unit(unit).code]),
        see_all_label=see_all_label(_("Danh sách thụ hưởng đã công khai"), unit, _list_unit(unit)))


def figures(unit, today: dt.date) -> list[LiveFigure]:
    # A draft has no publication day; a disclosure withdrawn since was published this year all the same.
    n = Disclosure.objects.filter(unit_path__startswith=unit.path, organization__isnull=True,
                                  published_on__gte=dt.date(today.year, 1, 1), published_on__lte=today).count()
    return [LiveFigure(label=_("Thông tin đã công khai"), value=n)]


def register() -> None:
    from danchu.core.registry import register_live, register_live_figures

    register_live(pillar="know", order=10, provider=latest_panel)
    register_live(pillar="benefit", order=10, provider=beneficiaries_panel)
    register_live_figures(order=10, provider=figures)

"""“Dân vận khéo” figures for the Steering Committee's quarterly and yearly reports, via core.indicators."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_noop

from danchu.core.indicators import Indicator, grouped_count, listed_records, register_indicator

from .models import GoodPractice, Status


def _registered_qs():
    return GoodPractice.objects.all()


def _recognized_qs():
    return GoodPractice.objects.filter(status=Status.RECOGNIZED)


def _describe(p: GoodPractice) -> tuple[str, str]:
    return p.title, reverse("movements:detail", args=[p.pk])


def registered(*, start: dt.date, end: dt.date, unit_ids=None):
    return grouped_count(_registered_qs(), unit_field="unit_id", day_field="started_on", start=start,
                         end=end, unit_ids=unit_ids)


def registered_records(*, start: dt.date, end: dt.date, unit_ids=None, limit: int):
    return listed_records(_registered_qs(), unit_field="unit_id", day_field="started_on", start=start, end=end,
                          unit_ids=unit_ids, limit=limit, describe=_describe)


def recognized(*, start: dt.date, end: dt.date, unit_ids=None):
    return grouped_count(_recognized_qs(), unit_field="unit_id", day_field="recognized_on", start=start, end=end,
                         unit_ids=unit_ids)


def recognized_records(*, start: dt.date, end: dt.date, unit_ids=None, limit: int):
    return listed_records(_recognized_qs(), unit_field="unit_id", day_field="recognized_on", start=start, end=end,
                          unit_ids=unit_ids, limit=limit, describe=_describe)


def register() -> None:
    common = {"measure": gettext_noop("mô hình"), "pillar": "act", "drill_url_name": "movements:public",
              "article": "Phong trào thi đua “Dân vận khéo” (không phải điều khoản của Luật 10/2022/QH15)"}
    register_indicator(Indicator(code="movements.registered", name=gettext_noop("Mô hình “Dân vận khéo” xây dựng mới"),
                                 definition=gettext_noop("Số mô hình bắt đầu thực hiện trong kỳ (theo ngày bắt đầu)."),
                                 counter=registered, records=registered_records, order=700, **common))
    register_indicator(Indicator(code="movements.recognized", name=gettext_noop("Mô hình “Dân vận khéo” được công nhận"),
                                 definition=gettext_noop("Số mô hình được công nhận trong kỳ, mọi cấp (theo ngày công "
                                                         "nhận)."),
                                 counter=recognized, records=recognized_records, order=701, **common))

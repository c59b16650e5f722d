"""“Dân vận khéo” figures for the Steering Committee's quarterly and yearly reports, via core.indicators."""

from __future__ import annotations

import datetime as dt

from danchu.core.indicators import Indicator, grouped_count, register_indicator

from .models import GoodPractice, Status


def registered(*, start: dt.date, end: dt.date, unit_ids=None):
    return grouped_count(GoodPractice.objects.all(), unit_field="unit_id", day_field="started_on", start=start,
                         end=end, unit_ids=unit_ids)


def recognized(*, start: dt.date, end: dt.date, unit_ids=None):
    return grouped_count(GoodPractice.objects.filter(status=Status.RECOGNIZED), unit_field="unit_id",
                         day_field="recognized_on", start=start, end=end, unit_ids=unit_ids)


def register() -> None:
    common = {"measure": "mô hình", "pillar": "act", "drill_url_name": "movements:public",
              "article": "Phong trào thi đua “Dân vận khéo” (không phải điều khoản của Luật 10/2022/QH15)"}
    register_indicator(Indicator(code="movements.registered", name="Mô hình “Dân vận khéo” xây dựng mới",
                                 definition="Số mô hình bắt đầu thực hiện trong kỳ (theo ngày bắt đầu).",
                                 counter=registered, order=700, **common))
    register_indicator(Indicator(code="movements.recognized", name="Mô hình “Dân vận khéo” được công nhận",
                                 definition="Số mô hình được công nhận trong kỳ, mọi cấp (theo ngày công nhận).",
                                 counter=recognized, order=701, **common))

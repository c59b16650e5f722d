"""The figures disclosures give the Steering Committee's reports, through core.indicators.

Same definitions as `selectors.disclosure_indicators`: a disclosure counts on the date it was first
published (withdrawn ones count, drafts do not); on time where the catalogue has a timing rule
(Law 10/2022/QH15 Art. 12(3), 47(2), 65(2)); the on-time rate divides by those with a rule only.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_noop

from danchu.core.indicators import Indicator, grouped_count, listed_records, register_indicator

from .models import Disclosure, Status


def describe(d: Disclosure) -> tuple[str, str]:
    """A published disclosure's public title and its public page."""
    return d.title, reverse("disclosures:detail", args=[d.unit.code, d.pk])


def _published(**filters):
    def counter(*, start: dt.date, end: dt.date, unit_ids=None):
        qs = Disclosure.objects.exclude(status=Status.DRAFT).filter(**filters)
        return grouped_count(qs, unit_field="unit_id", day_field="published_on", start=start, end=end,
                             unit_ids=unit_ids)

    def records(*, start: dt.date, end: dt.date, unit_ids=None, limit: int):
        qs = Disclosure.objects.exclude(status=Status.DRAFT).filter(**filters).select_related("unit")
        return listed_records(qs, unit_field="unit_id", day_field="published_on", start=start, end=end,
                              unit_ids=unit_ids, limit=limit, describe=describe)
    return {"counter": counter, "records": records}


def register() -> None:
    common = {"measure": gettext_noop("tin"), "pillar": "know", "drill_url_name": "disclosures:list"}
    register_indicator(Indicator(
        code="disclosures.published", name=gettext_noop("Thông tin đã công khai"),
        definition=gettext_noop("Số nội dung công khai lần đầu trong kỳ (theo ngày công khai; kể cả nội dung sau "
                                "đó bị thu hồi)."),
        **_published(), order=100, article="Luật 10/2022/QH15, Điều 11, 46, 64", **common))
    register_indicator(Indicator(
        code="disclosures.with_deadline", name=gettext_noop("Thông tin công khai có thời hạn luật định"),
        definition=gettext_noop("Số nội dung công khai trong kỳ thuộc loại có quy định thời hạn công khai."),
        **_published(on_time__isnull=False), order=101, article="Luật 10/2022/QH15, Điều 12 khoản 3", **common))
    register_indicator(Indicator(
        code="disclosures.on_time", name=gettext_noop("Thông tin công khai đúng thời hạn"),
        definition=gettext_noop("Số nội dung công khai trong kỳ không muộn hơn thời hạn luật định."),
        **_published(on_time=True), order=102, article="Luật 10/2022/QH15, Điều 12 khoản 3, 47 khoản 2, 65 khoản 2",
        **common))
    register_indicator(Indicator(
        code="disclosures.on_time_rate", name=gettext_noop("Tỷ lệ công khai đúng thời hạn"),
        definition=gettext_noop("Nội dung công khai đúng hạn trên số nội dung có thời hạn luật định."),
        ratio_of=("disclosures.on_time", "disclosures.with_deadline"), order=103,
        article="Luật 10/2022/QH15, Điều 12 khoản 3", **{**common, "measure": "%"}))

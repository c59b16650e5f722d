"""The figures disclosures give the Steering Committee's reports, through core.indicators.

Same definitions as `selectors.disclosure_indicators`: a disclosure counts on the date it was first
published (withdrawn ones count, drafts do not); on time where the catalogue has a timing rule
(Law 10/2022/QH15 Art. 12(3), 47(2), 65(2)); the on-time rate divides by those with a rule only.
"""

from __future__ import annotations

import datetime as dt

from danchu.core.indicators import Indicator, grouped_count, register_indicator

from .models import Disclosure, Status


def _published(**filters):
    def counter(*, start: dt.date, end: dt.date, unit_ids=None):
        qs = Disclosure.objects.exclude(status=Status.DRAFT).filter(**filters)
        return grouped_count(qs, unit_field="unit_id", day_field="published_on", start=start, end=end,
                             unit_ids=unit_ids)
    return counter


def register() -> None:
    common = {"measure": "tin", "pillar": "know", "drill_url_name": "disclosures:list"}
    register_indicator(Indicator(
        code="disclosures.published", name="Thông tin đã công khai",
        definition="Số nội dung công khai lần đầu trong kỳ (theo ngày công khai; kể cả nội dung sau đó bị thu hồi).",
        counter=_published(), order=100, article="Luật 10/2022/QH15, Điều 11, 46, 64", **common))
    register_indicator(Indicator(
        code="disclosures.with_deadline", name="Thông tin công khai có thời hạn luật định",
        definition="Số nội dung công khai trong kỳ thuộc loại có quy định thời hạn công khai.",
        counter=_published(on_time__isnull=False), order=101, article="Luật 10/2022/QH15, Điều 12 khoản 3", **common))
    register_indicator(Indicator(
        code="disclosures.on_time", name="Thông tin công khai đúng thời hạn",
        definition="Số nội dung công khai trong kỳ không muộn hơn thời hạn luật định.",
        counter=_published(on_time=True), order=102, article="Luật 10/2022/QH15, Điều 12 khoản 3, 47 khoản 2, 65 khoản 2",
        **common))
    register_indicator(Indicator(
        code="disclosures.on_time_rate", name="Tỷ lệ công khai đúng thời hạn",
        definition="Nội dung công khai đúng hạn trên số nội dung có thời hạn luật định.",
        ratio_of=("disclosures.on_time", "disclosures.with_deadline"), order=103,
        article="Luật 10/2022/QH15, Điều 12 khoản 3", **{**common, "measure": "%"}))

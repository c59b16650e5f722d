"""The figures cases give the Steering Committee's reports, through core.indicators.

Same definitions as `selectors.case_indicators` (the unit's own indicator page): received counts on
the received date; resolved and resolved on time on the resolution date (status resolved); overdue
counts a case still open (received or accepted) whose next deadline has passed, on that deadline's
date — it is a state, so the roll-up refresh recomputes recent days (reports.rollup).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from danchu.core.indicators import Indicator, grouped_count, register_indicator

from .models import OPEN_STATUSES, Case, Kind, Status

ARTICLE = "Luật Khiếu nại 2011; Luật Tố cáo 2018; Luật Tiếp công dân 2013; Luật 10/2022/QH15, Điều 34"


def _received(kind: str | None = None):
    def counter(*, start: dt.date, end: dt.date, unit_ids=None):
        qs = Case.objects.all() if kind is None else Case.objects.filter(kind=kind)
        return grouped_count(qs, unit_field="unit_id", day_field="received_on", start=start, end=end, unit_ids=unit_ids)
    return counter


def _resolved(kind: str | None = None, on_time: bool = False):
    def counter(*, start: dt.date, end: dt.date, unit_ids=None):
        qs = Case.objects.filter(status=Status.RESOLVED)
        if kind is not None:
            qs = qs.filter(kind=kind)
        if on_time:
            qs = qs.filter(on_time=True)
        return grouped_count(qs, unit_field="unit_id", day_field="resolved_on", start=start, end=end, unit_ids=unit_ids)
    return counter


def overdue_counter(*, start: dt.date, end: dt.date, unit_ids=None, today: dt.date | None = None):
    today = today or timezone.localdate()
    end = min(end, today - dt.timedelta(days=1))
    if end < start:
        return []
    qs = Case.objects.filter(Q(status__in=OPEN_STATUSES), next_due__isnull=False)
    return grouped_count(qs, unit_field="unit_id", day_field="next_due", start=start, end=end, unit_ids=unit_ids)


KIND_ORDER = {Kind.FEEDBACK: 1, Kind.RECOMMENDATION: 2, Kind.COMPLAINT: 3, Kind.DENUNCIATION: 4}


def register() -> None:
    common = {"measure": "vụ việc", "pillar": "inspect", "drill_url_name": "cases:queue", "article": ARTICLE}
    register_indicator(Indicator(
        code="cases.received", name="Phản ánh, kiến nghị, khiếu nại, tố cáo tiếp nhận",
        definition="Số hồ sơ tiếp nhận trong kỳ (theo ngày tiếp nhận), mọi loại.", counter=_received(), order=400,
        **common))
    register_indicator(Indicator(
        code="cases.resolved", name="Hồ sơ đã giải quyết, trả lời",
        definition="Số hồ sơ đã giải quyết, trả lời trong kỳ (theo ngày giải quyết).", counter=_resolved(), order=410,
        **common))
    register_indicator(Indicator(
        code="cases.resolved_on_time", name="Hồ sơ giải quyết đúng hạn",
        definition="Số hồ sơ giải quyết trong kỳ không quá thời hạn luật định.", counter=_resolved(on_time=True),
        order=411, **common))
    register_indicator(Indicator(
        code="cases.on_time_rate", name="Tỷ lệ giải quyết đúng hạn",
        definition="Hồ sơ giải quyết đúng hạn trên tổng số hồ sơ đã giải quyết trong kỳ.",
        ratio_of=("cases.resolved_on_time", "cases.resolved"), order=412,
        **{**common, "measure": "%"}))
    register_indicator(Indicator(
        code="cases.overdue", name="Hồ sơ quá hạn chưa giải quyết",
        definition="Hồ sơ đang xử lý mà thời hạn gần nhất đã qua, tính vào ngày đến hạn (đến hôm qua).",
        counter=overdue_counter, order=413, **common))
    for kind, label in Kind.choices:
        register_indicator(Indicator(
            code=f"cases.received.{kind}", name=f"{label}: tiếp nhận",
            definition=f"Số hồ sơ loại “{label.lower()}” tiếp nhận trong kỳ.", counter=_received(kind),
            order=420 + 2 * KIND_ORDER[kind], **common))
        register_indicator(Indicator(
            code=f"cases.resolved.{kind}", name=f"{label}: đã giải quyết",
            definition=f"Số hồ sơ loại “{label.lower()}” giải quyết, trả lời trong kỳ.", counter=_resolved(kind),
            order=421 + 2 * KIND_ORDER[kind], **common))

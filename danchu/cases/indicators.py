"""The figures cases give the Steering Committee's reports, through core.indicators.

Same definitions as `selectors.case_indicators` (the unit's own indicator page): received counts on
the received date; resolved and resolved on time on the resolution date (status resolved); overdue
counts a case still open (received or accepted) whose next deadline has passed, on that deadline's
date — it is a state, so the roll-up refresh recomputes recent days (reports.rollup).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from danchu.core.indicators import Indicator, grouped_count, listed_records, register_indicator
from danchu.core.labels import label

from .models import OPEN_STATUSES, Case, Kind, Status

ARTICLE = "Luật Khiếu nại 2011; Luật Tố cáo 2018; Luật Tiếp công dân 2013; Luật 10/2022/QH15, Điều 34"


def describe(case: Case) -> tuple[str, str]:
    """A case as the drill-down lists it: tracking code, kind and status only — never the title or the
    text (they may name the filer, the accused or a denouncer), linking to the officer's page of the
    case, which checks the reader's own rights (a denouncer's identity stays with the resolver)."""
    title = f"{case.display_code} · {label(case.get_kind_display())} · {label(case.get_status_display())}"
    return title, reverse("cases:detail", args=[case.pk])


def _counted(qs_of, day_field: str):
    """The counter and the records of one set of cases, filtered the same way."""
    def counter(*, start: dt.date, end: dt.date, unit_ids=None, **kw):
        qs = qs_of(start, end, **kw)
        if qs is None:
            return []
        return grouped_count(qs, unit_field="unit_id", day_field=day_field, start=start, end=end, unit_ids=unit_ids)

    def records(*, start: dt.date, end: dt.date, unit_ids=None, limit: int, **kw):
        qs = qs_of(start, end, **kw)
        if qs is None:
            return []
        return listed_records(qs.only("pk", "tracking_code", "kind", "status"), unit_field="unit_id",
                              day_field=day_field, start=start, end=end, unit_ids=unit_ids, limit=limit,
                              describe=describe)
    return counter, records


def _received(kind: str | None = None):
    return _counted(lambda start, end: Case.objects.all() if kind is None else Case.objects.filter(kind=kind),
                    "received_on")


def _resolved(kind: str | None = None, on_time: bool = False):
    def qs_of(start, end):
        qs = Case.objects.filter(status=Status.RESOLVED)
        if kind is not None:
            qs = qs.filter(kind=kind)
        if on_time:
            qs = qs.filter(on_time=True)
        return qs
    return _counted(qs_of, "resolved_on")


def _overdue_qs(start, end, today: dt.date | None = None):
    # Counted up to yesterday: a case is overdue once its deadline day has passed.
    today = today or timezone.localdate()
    if min(end, today - dt.timedelta(days=1)) < start:
        return None
    return Case.objects.filter(Q(status__in=OPEN_STATUSES), next_due__isnull=False, next_due__lt=today)


overdue_counter, overdue_records = _counted(_overdue_qs, "next_due")


# Law on Complaints Art. 44: a complaint decision has legal effect 30 days after it is issued (45 in
# remote areas) unless a second complaint or a lawsuit is brought; counted on the day it takes effect.
# That day depends on the holiday calendar (the period ends on a working day), so it is computed here
# rather than in SQL, over the decisions issued early enough to take effect in the period.
EFFECT_LOOKBACK = dt.timedelta(days=75)  # 45 days, plus the longest run of days off (Tết) a period can end in


def _taking_effect(start: dt.date, end: dt.date, unit_ids=None) -> list[tuple[Case, dt.date]]:
    from .deadlines import decision_effect

    qs = Case.objects.filter(kind=Kind.COMPLAINT, status=Status.RESOLVED, resolved_on__gte=start - EFFECT_LOOKBACK,
                             resolved_on__lte=end)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=list(unit_ids))
    out = []
    for case in qs.only("pk", "unit_id", "tracking_code", "kind", "status", "resolved_on", "remote_area",
                        "second_time"):
        effect = decision_effect(case)
        if effect is not None and start <= effect["effective_on"] <= end:
            out.append((case, effect["effective_on"]))
    return out


def effect_counter(*, start: dt.date, end: dt.date, unit_ids=None, **_kw):
    counts: dict[tuple[int, dt.date], int] = {}
    for case, day in _taking_effect(start, end, unit_ids):
        counts[(case.unit_id, day)] = counts.get((case.unit_id, day), 0) + 1
    return [(unit_id, day, n) for (unit_id, day), n in sorted(counts.items())]


def effect_records(*, start: dt.date, end: dt.date, unit_ids=None, limit: int, **_kw):
    rows = sorted(_taking_effect(start, end, unit_ids), key=lambda r: (r[1], r[0].unit_id, r[0].pk))
    return [(case.unit_id, day, *describe(case)) for case, day in rows[:max(0, int(limit))]]


KIND_ORDER = {Kind.FEEDBACK: 1, Kind.RECOMMENDATION: 2, Kind.COMPLAINT: 3, Kind.DENUNCIATION: 4}


# Per kind: (name, definition) of the received and the resolved figure, written out so that the
# catalogue holds each one's English.
BY_KIND = {
    Kind.FEEDBACK: (
        (gettext_noop("Phản ánh: tiếp nhận"), gettext_noop("Số hồ sơ loại “phản ánh” tiếp nhận trong kỳ.")),
        (gettext_noop("Phản ánh: đã giải quyết"), gettext_noop("Số hồ sơ loại “phản ánh” giải quyết, trả lời trong kỳ."))),
    Kind.RECOMMENDATION: (
        (gettext_noop("Kiến nghị: tiếp nhận"), gettext_noop("Số hồ sơ loại “kiến nghị” tiếp nhận trong kỳ.")),
        (gettext_noop("Kiến nghị: đã giải quyết"),
         gettext_noop("Số hồ sơ loại “kiến nghị” giải quyết, trả lời trong kỳ."))),
    Kind.COMPLAINT: (
        (gettext_noop("Khiếu nại: tiếp nhận"), gettext_noop("Số hồ sơ loại “khiếu nại” tiếp nhận trong kỳ.")),
        (gettext_noop("Khiếu nại: đã giải quyết"),
         gettext_noop("Số hồ sơ loại “khiếu nại” giải quyết, trả lời trong kỳ."))),
    Kind.DENUNCIATION: (
        (gettext_noop("Tố cáo: tiếp nhận"), gettext_noop("Số hồ sơ loại “tố cáo” tiếp nhận trong kỳ.")),
        (gettext_noop("Tố cáo: đã giải quyết"), gettext_noop("Số hồ sơ loại “tố cáo” giải quyết, trả lời trong kỳ."))),
}


def _both(pair):
    counter, records = pair
    return {"counter": counter, "records": records}


def register() -> None:
    common = {"measure": gettext_noop("vụ việc"), "pillar": "inspect", "drill_url_name": "cases:queue",
              "article": ARTICLE}
    register_indicator(Indicator(
        code="cases.received", name=gettext_noop("Phản ánh, kiến nghị, khiếu nại, tố cáo tiếp nhận"),
        definition=gettext_noop("Số hồ sơ tiếp nhận trong kỳ (theo ngày tiếp nhận), mọi loại."), order=400,
        **_both(_received()), **common))
    register_indicator(Indicator(
        code="cases.resolved", name=gettext_noop("Hồ sơ đã giải quyết, trả lời"),
        definition=gettext_noop("Số hồ sơ đã giải quyết, trả lời trong kỳ (theo ngày giải quyết)."), order=410,
        **_both(_resolved()), **common))
    register_indicator(Indicator(
        code="cases.resolved_on_time", name=gettext_noop("Hồ sơ giải quyết đúng hạn"),
        definition=gettext_noop("Số hồ sơ giải quyết trong kỳ không quá thời hạn luật định."),
        order=411, **_both(_resolved(on_time=True)), **common))
    register_indicator(Indicator(
        code="cases.on_time_rate", name=gettext_noop("Tỷ lệ giải quyết đúng hạn"),
        definition=gettext_noop("Hồ sơ giải quyết đúng hạn trên tổng số hồ sơ đã giải quyết trong kỳ."),
        ratio_of=("cases.resolved_on_time", "cases.resolved"), order=412,
        **{**common, "measure": "%"}))
    register_indicator(Indicator(
        code="cases.overdue", name=gettext_noop("Hồ sơ quá hạn chưa giải quyết"),
        definition=gettext_noop("Hồ sơ đang xử lý mà thời hạn gần nhất đã qua, tính vào ngày đến hạn (đến hôm qua)."),
        counter=overdue_counter, records=overdue_records, order=413, **common))
    register_indicator(Indicator(
        code="cases.complaint_decisions_effective", name=gettext_noop("Quyết định giải quyết khiếu nại đã có hiệu lực pháp luật"),
        definition=gettext_noop("Số quyết định giải quyết khiếu nại có hiệu lực pháp luật trong kỳ (30 ngày sau khi ban "
                                "hành, 45 ngày ở vùng sâu, vùng xa, nếu không khiếu nại tiếp hoặc khởi kiện), theo ngày "
                                "có hiệu lực."),
        counter=effect_counter, records=effect_records, order=414,
        **{**common, "measure": gettext_noop("quyết định"), "article": "Luật Khiếu nại 2011, Điều 44"}))
    for kind, _label in Kind.choices:
        (received_name, received_def), (resolved_name, resolved_def) = BY_KIND[kind]
        register_indicator(Indicator(
            code=f"cases.received.{kind}", name=received_name, definition=received_def,
            order=420 + 2 * KIND_ORDER[kind], **_both(_received(kind)), **common))
        register_indicator(Indicator(
            code=f"cases.resolved.{kind}", name=resolved_name, definition=resolved_def,
            order=421 + 2 * KIND_ORDER[kind], **_both(_resolved(kind)), **common))

"""The figures community decisions give the Steering Committee's reports, via core.indicators.

Counted on the day voting closed (a matter decided in the period), on the unit that put it to the
households (commune or hamlet): matters decided and adopted (Law 10/2022/QH15 Arts. 15, 22), the
households entitled and those whose vote counted (turnout = voted / entitled, as the decisions
`indicators` selector computes it), and contributions collected (đồng, on the entry's date; Art. 15(1–2)).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Sum

from danchu.core.indicators import Indicator, grouped_count, register_indicator

from .models import Contribution, ContributionKind, ElectorEntry, Matter, Result, Status, Vote


def matters_decided(*, start: dt.date, end: dt.date, unit_ids=None):
    return grouped_count(Matter.objects.filter(status=Status.CLOSED), unit_field="unit_id", day_field="closed_at",
                         start=start, end=end, unit_ids=unit_ids)


def matters_adopted(*, start: dt.date, end: dt.date, unit_ids=None):
    return grouped_count(Matter.objects.filter(status=Status.CLOSED, result=Result.ADOPTED), unit_field="unit_id",
                         day_field="closed_at", start=start, end=end, unit_ids=unit_ids)


def households_entitled(*, start: dt.date, end: dt.date, unit_ids=None):
    return grouped_count(ElectorEntry.objects.filter(matter__status=Status.CLOSED), unit_field="matter__unit_id",
                         day_field="matter__closed_at", start=start, end=end, unit_ids=unit_ids, value=Count("pk"))


def households_voted(*, start: dt.date, end: dt.date, unit_ids=None):
    return grouped_count(Vote.objects.filter(matter__status=Status.CLOSED, counted=True), unit_field="matter__unit_id",
                         day_field="matter__closed_at", start=start, end=end, unit_ids=unit_ids)


def contributions_collected(*, start: dt.date, end: dt.date, unit_ids=None):
    return grouped_count(Contribution.objects.filter(kind=ContributionKind.COLLECTED), unit_field="matter__unit_id",
                         day_field="on", start=start, end=end, unit_ids=unit_ids, value=Sum("amount_vnd"))


def register() -> None:
    common = {"pillar": "discuss", "drill_url_name": "decisions:public", "article": "Luật 10/2022/QH15, Điều 15, 22"}
    register_indicator(Indicator(
        code="decisions.decided", name="Việc cộng đồng dân cư đã bàn và quyết định",
        definition="Số việc đã kết thúc biểu quyết trong kỳ (theo ngày kết thúc).", measure="việc",
        counter=matters_decided, order=200, **common))
    register_indicator(Indicator(
        code="decisions.adopted", name="Việc được thông qua",
        definition="Số việc kết thúc trong kỳ được đa số hộ gia đình tán thành.", measure="việc",
        counter=matters_adopted, order=201, **common))
    register_indicator(Indicator(
        code="decisions.households_entitled", name="Lượt hộ gia đình được tham gia biểu quyết",
        definition="Tổng số hộ trong danh sách biểu quyết của các việc kết thúc trong kỳ.", measure="lượt hộ",
        counter=households_entitled, order=202, **common))
    register_indicator(Indicator(
        code="decisions.households_voted", name="Lượt hộ gia đình đã biểu quyết",
        definition="Tổng số phiếu được tính của các việc kết thúc trong kỳ (mỗi hộ một phiếu mỗi việc).",
        measure="lượt hộ", counter=households_voted, order=203, **common))
    register_indicator(Indicator(
        code="decisions.turnout", name="Tỷ lệ hộ gia đình tham gia biểu quyết",
        definition="Lượt hộ đã biểu quyết trên lượt hộ được tham gia, các việc kết thúc trong kỳ.", measure="%",
        ratio_of=("decisions.households_voted", "decisions.households_entitled"), order=204, **common))
    register_indicator(Indicator(
        code="decisions.contributions_collected", name="Kinh phí nhân dân đóng góp đã thu",
        definition="Tổng số tiền đã thu theo mức đóng góp cộng đồng quyết định, theo ngày ghi nhận.", measure="đồng",
        counter=contributions_collected, order=300, **{**common, "pillar": "act"}))

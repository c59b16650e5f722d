"""The figures community decisions give the Steering Committee's reports, via core.indicators.

Counted on the day voting closed (a matter decided in the period), on the unit that put it to the
households (commune or hamlet): matters decided and adopted (Law 10/2022/QH15 Arts. 15, 22), the
households entitled and those whose vote counted (turnout = voted / entitled, as the decisions
`indicators` selector computes it), and contributions collected (đồng, on the entry's date; Art. 15(1–2)).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_noop, ngettext

from danchu.core.indicators import Indicator, grouped_count, listed_records, register_indicator
from danchu.core.labels import label

from .models import Contribution, ContributionKind, ElectorEntry, Matter, Result, Status, Vote


def _matter_page(m: Matter) -> str:
    return reverse("decisions:public_detail", args=[m.unit.code, m.pk])


def _matters_decided_qs():
    return Matter.objects.filter(status=Status.CLOSED)


def _matters_adopted_qs():
    return Matter.objects.filter(status=Status.CLOSED, result=Result.ADOPTED)


def matters_decided(*, start: dt.date, end: dt.date, unit_ids=None):
    return grouped_count(_matters_decided_qs(), unit_field="unit_id", day_field="closed_at",
                         start=start, end=end, unit_ids=unit_ids)


def matters_adopted(*, start: dt.date, end: dt.date, unit_ids=None):
    return grouped_count(_matters_adopted_qs(), unit_field="unit_id",
                         day_field="closed_at", start=start, end=end, unit_ids=unit_ids)


def _matter_records(qs_of, note=None):
    """The matters behind a figure, each once (with `note(matter)` after its title: the households of
    an amount counted per matter)."""
    def records(*, start: dt.date, end: dt.date, unit_ids=None, limit: int):
        return listed_records(qs_of().select_related("unit"), unit_field="unit_id", day_field="closed_at",
                              start=start, end=end, unit_ids=unit_ids, limit=limit,
                              describe=lambda m: (m.title + (note(m) if note else ""), _matter_page(m)))
    return records


def households_entitled(*, start: dt.date, end: dt.date, unit_ids=None):
    return grouped_count(ElectorEntry.objects.filter(matter__status=Status.CLOSED), unit_field="matter__unit_id",
                         day_field="matter__closed_at", start=start, end=end, unit_ids=unit_ids, value=Count("pk"))


def households_voted(*, start: dt.date, end: dt.date, unit_ids=None):
    return grouped_count(Vote.objects.filter(matter__status=Status.CLOSED, counted=True), unit_field="matter__unit_id",
                         day_field="matter__closed_at", start=start, end=end, unit_ids=unit_ids)


def _entitled_matters():
    return _matters_decided_qs().annotate(_n=Count("electorate", distinct=True)).filter(_n__gt=0)


def _voted_matters():
    return (_matters_decided_qs().annotate(_n=Count("votes", filter=Q(votes__counted=True), distinct=True))
            .filter(_n__gt=0))


def _households(m) -> str:
    return " — " + ngettext("%(n)s hộ", "%(n)s hộ", m._n) % {"n": m._n}


def contributions_collected(*, start: dt.date, end: dt.date, unit_ids=None):
    return grouped_count(Contribution.objects.filter(kind=ContributionKind.COLLECTED), unit_field="matter__unit_id",
                         day_field="on", start=start, end=end, unit_ids=unit_ids, value=Sum("amount_vnd"))


def contributions_records(*, start: dt.date, end: dt.date, unit_ids=None, limit: int):
    """Each collection entry, its amount after the matter's title, linking to the matter's page."""
    qs = Contribution.objects.filter(kind=ContributionKind.COLLECTED).select_related("matter__unit")
    return listed_records(qs, unit_field="matter__unit_id", day_field="on", start=start, end=end, unit_ids=unit_ids,
                          limit=limit, describe=lambda c: (f"{c.matter.title} — {c.amount_vnd:,}".replace(",", ".") + " " + label("đồng"),
                                                           _matter_page(c.matter)))


def register() -> None:
    common = {"pillar": "discuss", "drill_url_name": "decisions:public", "article": "Luật 10/2022/QH15, Điều 15, 22"}
    register_indicator(Indicator(
        code="decisions.decided", name=gettext_noop("Việc cộng đồng dân cư đã bàn và quyết định"),
        definition=gettext_noop("Số việc đã kết thúc biểu quyết trong kỳ (theo ngày kết thúc)."),
        measure=gettext_noop("việc"), counter=matters_decided, records=_matter_records(_matters_decided_qs),
        order=200, **common))
    register_indicator(Indicator(
        code="decisions.adopted", name=gettext_noop("Việc được thông qua"),
        definition=gettext_noop("Số việc kết thúc trong kỳ được đa số hộ gia đình tán thành."),
        measure=gettext_noop("việc"), counter=matters_adopted, records=_matter_records(_matters_adopted_qs),
        order=201, **common))
    register_indicator(Indicator(
        code="decisions.households_entitled", name=gettext_noop("Lượt hộ gia đình được tham gia biểu quyết"),
        definition=gettext_noop("Tổng số hộ trong danh sách biểu quyết của các việc kết thúc trong kỳ."),
        measure=gettext_noop("lượt hộ"), counter=households_entitled,
        records=_matter_records(_entitled_matters, _households), order=202, **common))
    register_indicator(Indicator(
        code="decisions.households_voted", name=gettext_noop("Lượt hộ gia đình đã biểu quyết"),
        definition=gettext_noop("Tổng số phiếu được tính của các việc kết thúc trong kỳ (mỗi hộ một phiếu mỗi việc)."),
        measure=gettext_noop("lượt hộ"), counter=households_voted, records=_matter_records(_voted_matters, _households),
        order=203, **common))
    register_indicator(Indicator(
        code="decisions.turnout", name=gettext_noop("Tỷ lệ hộ gia đình tham gia biểu quyết"),
        definition=gettext_noop("Lượt hộ đã biểu quyết trên lượt hộ được tham gia, các việc kết thúc trong kỳ."),
        measure="%", ratio_of=("decisions.households_voted", "decisions.households_entitled"), order=204, **common))
    register_indicator(Indicator(
        code="decisions.contributions_collected", name=gettext_noop("Kinh phí nhân dân đóng góp đã thu"),
        definition=gettext_noop("Tổng số tiền đã thu theo mức đóng góp cộng đồng quyết định, theo ngày ghi nhận."),
        measure=gettext_noop("đồng"), counter=contributions_collected, records=contributions_records, order=300,
        **{**common, "pillar": "act"}))

"""Community decisions' indicators (core.indicators) against hand-counted records."""

import datetime as dt

from danchu.core.indicators import indicator
from danchu.reports.tests.records import contribution, matter, sums

D = dt.date


def _sum(code):
    return sums(indicator(code).counter(start=D(2025, 1, 1), end=D(2025, 12, 31)))


def test_decided_adopted_turnout_and_contributions(tree):
    a, a1, b1 = tree["a"], tree["a1"], tree["b1"]
    m1 = matter(a1, closed=D(2025, 3, 5), electors=10, voted=7)
    matter(a1, closed=D(2025, 9, 5), result="not_adopted", electors=4, voted=4)
    matter(b1, closed=D(2025, 9, 5), result="not_valid", electors=5, voted=1)
    matter(a, closed=D(2025, 10, 1), electors=3, voted=2, hamlet=a1)  # commune-wide
    matter(a1, closed=None, status="open", electors=6, voted=6)  # still open: not counted
    matter(a1, closed=D(2024, 12, 30), electors=2, voted=2)  # last year
    contribution(m1, on=D(2025, 4, 1), amount=5_000_000)
    contribution(m1, on=D(2025, 5, 1), amount=2_500_000)
    contribution(m1, on=D(2025, 5, 1), amount=9_000_000, kind="decided")  # a decision, not money collected
    contribution(m1, on=D(2026, 1, 2), amount=1_000_000)

    assert _sum("decisions.decided") == {a1.pk: 2, b1.pk: 1, a.pk: 1}
    assert _sum("decisions.adopted") == {a1.pk: 1, a.pk: 1}
    assert _sum("decisions.households_entitled") == {a1.pk: 14, b1.pk: 5, a.pk: 3}
    assert _sum("decisions.households_voted") == {a1.pk: 11, b1.pk: 1, a.pk: 2}
    assert _sum("decisions.contributions_collected") == {a1.pk: 7_500_000}
    assert indicator("decisions.turnout").ratio_of == ("decisions.households_voted", "decisions.households_entitled")

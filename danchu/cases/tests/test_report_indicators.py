"""Cases' indicators (core.indicators) against hand-counted records."""

import datetime as dt

from danchu.core.indicators import indicator
from danchu.reports.tests.records import case, sums

D = dt.date
JAN1, DEC31 = D(2025, 1, 1), D(2025, 12, 31)


def _rows(code, start=JAN1, end=DEC31, unit_ids=None):
    return indicator(code).counter(start=start, end=end, unit_ids=unit_ids)


def test_received_resolved_on_time_by_kind(tree):
    a, b = tree["a"], tree["b"]
    case(a, received=D(2025, 3, 1))
    case(a, received=D(2025, 3, 1), kind="complaint", status="resolved", resolved=D(2025, 4, 2), on_time=True)
    case(a, received=D(2025, 5, 9), kind="complaint", status="resolved", resolved=D(2025, 7, 1), on_time=False)
    case(b, received=D(2025, 6, 30), kind="denunciation", status="resolved", resolved=D(2026, 1, 5), on_time=True)
    case(b, received=D(2024, 12, 31))  # before the period
    case(a, received=D(2025, 2, 2), kind="recommendation", status="transferred")

    assert sums(_rows("cases.received")) == {a.pk: 4, b.pk: 1}
    assert sums(_rows("cases.received.complaint")) == {a.pk: 2}
    assert sums(_rows("cases.received.denunciation")) == {b.pk: 1}
    assert sums(_rows("cases.received.recommendation")) == {a.pk: 1}
    assert sums(_rows("cases.received.feedback")) == {a.pk: 1}
    assert sums(_rows("cases.resolved")) == {a.pk: 2}  # b's was resolved in 2026
    assert sums(_rows("cases.resolved_on_time")) == {a.pk: 1}
    assert sums(_rows("cases.resolved.complaint")) == {a.pk: 2}
    assert sums(_rows("cases.resolved", end=D(2026, 1, 31))) == {a.pk: 2, b.pk: 1}
    # Counted on the received day, for a subset of units.
    assert sorted(_rows("cases.received", unit_ids=[a.pk])) == [(a.pk, D(2025, 2, 2), 1), (a.pk, D(2025, 3, 1), 2),
                                                                (a.pk, D(2025, 5, 9), 1)]
    assert indicator("cases.on_time_rate").ratio_of == ("cases.resolved_on_time", "cases.resolved")


def test_overdue_counts_open_cases_past_their_deadline_on_that_day(tree):
    from danchu.cases.indicators import overdue_counter

    a = tree["a"]
    case(a, received=D(2025, 3, 1), next_due=D(2025, 3, 20))  # open, overdue on 20/3
    case(a, received=D(2025, 3, 1), status="accepted", next_due=D(2025, 3, 20))
    case(a, received=D(2025, 3, 1), status="resolved", resolved=D(2025, 3, 25), next_due=D(2025, 3, 20))  # closed
    case(a, received=D(2025, 3, 1), next_due=D(2025, 4, 10))  # not yet due on "today"
    rows = overdue_counter(start=D(2025, 1, 1), end=D(2025, 12, 31), today=D(2025, 4, 1))
    assert rows == [(a.pk, D(2025, 3, 20), 2)]
    assert overdue_counter(start=D(2025, 4, 1), end=D(2025, 12, 31), today=D(2025, 4, 1)) == []

"""Disclosures' indicators (core.indicators) against hand-counted records."""

import datetime as dt

from danchu.core.indicators import indicator
from danchu.reports.tests.records import disclosure, sums

D = dt.date


def _sum(code, **kw):
    return sums(indicator(code).counter(start=D(2025, 1, 1), end=D(2025, 12, 31), **kw))


def test_published_on_time_and_with_deadline(tree):
    a, b = tree["a"], tree["b"]
    disclosure(a, published=D(2025, 1, 1), on_time=True)
    disclosure(a, published=D(2025, 6, 1), on_time=False)
    disclosure(a, published=D(2025, 6, 1), on_time=None)  # no timing rule in the catalogue
    disclosure(a, published=D(2025, 8, 1), on_time=True, status="withdrawn")  # was published: counts
    disclosure(a, published=None, status="draft")
    disclosure(b, published=D(2025, 12, 31), on_time=True)
    disclosure(b, published=D(2026, 1, 1), on_time=True)  # next year

    assert _sum("disclosures.published") == {a.pk: 4, b.pk: 1}
    assert _sum("disclosures.with_deadline") == {a.pk: 3, b.pk: 1}
    assert _sum("disclosures.on_time") == {a.pk: 2, b.pk: 1}
    assert _sum("disclosures.published", unit_ids=[b.pk]) == {b.pk: 1}
    assert indicator("disclosures.on_time_rate").ratio_of == ("disclosures.on_time", "disclosures.with_deadline")


def test_same_definition_as_the_disclosures_selector(tree):
    from danchu.disclosures.selectors import disclosure_indicators

    a = tree["a"]
    for d, t in [(D(2025, 2, 1), True), (D(2025, 3, 1), False), (D(2025, 4, 1), None)]:
        disclosure(a, published=d, on_time=t)
    old = disclosure_indicators(unit=a, date_from=D(2025, 1, 1), date_to=D(2025, 12, 31), by_unit=False)
    assert sum(r["published"] for r in old) == _sum("disclosures.published")[a.pk] == 3
    assert sum(r["on_time"] for r in old) == _sum("disclosures.on_time")[a.pk] == 1

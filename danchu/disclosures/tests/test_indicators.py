"""The indicator selector the reports app calls: published per category, unit and period, and on time."""

import datetime as dt

import pytest

from danchu.disclosures.selectors import disclosure_indicators
from danchu.disclosures.services import disclosure_create_draft, disclosure_publish, disclosure_withdraw

from .factories import category, content

pytestmark = pytest.mark.django_db


def _pub(user, unit, code, decision, today):
    d = disclosure_create_draft(user=user, unit=unit, category=category(code), content=content(decision_date=decision))
    return disclosure_publish(user=user, disclosure=d, today=today).disclosure


def test_counts_per_category_unit_and_period(tree, officer_a, officer_b):
    a, b = tree["a"], tree["b"]
    _pub(officer_a, a, "commune-11-3", dt.date(2026, 3, 2), dt.date(2026, 3, 9))   # on time (due 9/3)
    _pub(officer_a, a, "commune-11-3", dt.date(2026, 3, 2), dt.date(2026, 3, 10))  # late
    late = _pub(officer_a, a, "commune-11-6", None, dt.date(2026, 3, 20))           # no decision date
    disclosure_withdraw(user=officer_a, disclosure=late, reason="Sai")
    _pub(officer_b, b, "commune-11-3", dt.date(2026, 3, 2), dt.date(2026, 3, 3))
    _pub(officer_a, a, "commune-11-3", dt.date(2026, 4, 1), dt.date(2026, 4, 2))   # next quarter
    disclosure_create_draft(user=officer_a, unit=a, category=category("commune-11-3"), content=content())  # drafts never count
    rows = disclosure_indicators(unit=tree["province"], date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 3, 31))
    assert rows == [
        {"category": "commune-11-3", "scope": "commune", "unit": a.code, "published": 2, "on_time": 1, "late": 1,
         "no_deadline": 0, "withdrawn": 0},
        {"category": "commune-11-3", "scope": "commune", "unit": b.code, "published": 1, "on_time": 1, "late": 0,
         "no_deadline": 0, "withdrawn": 0},
        {"category": "commune-11-6", "scope": "commune", "unit": a.code, "published": 1, "on_time": 0, "late": 0,
         "no_deadline": 1, "withdrawn": 1},
    ]
    totals = disclosure_indicators(unit=a, date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 12, 31), by_unit=False)
    assert [(r["category"], r["published"], r["on_time"]) for r in totals] == [("commune-11-3", 3, 2), ("commune-11-6", 1, 0)]


def test_one_query(tree, officer_a, django_assert_num_queries):
    _pub(officer_a, tree["a"], "commune-11-3", dt.date(2026, 3, 2), dt.date(2026, 3, 9))
    with django_assert_num_queries(1):
        disclosure_indicators(unit=tree["province"], date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 12, 31))

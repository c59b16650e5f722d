"""The month table (keyed by today's units, refreshed incrementally) equals the direct count for every
indicator, unit and period — periods cutting through a month included — and follows the reform mapping."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danchu.core.indicators import indicators
from danchu.reports.models import RollupDay, RollupMonth, RollupRefresh
from danchu.reports.periods import custom, parse_period
from danchu.reports.rollup import (
    _LEGACY_CACHE,
    compute,
    compute_many,
    legacy_map,
    months_ready,
    refresh,
    scope_for,
    split_months,
)
from danchu.reports.tests.records import case, contribution, disclosure, matter, practice
from danchu.units.models import UnitSuccession
from danchu.units.tests.factories import UnitFactory

D = dt.date
PERIODS = ("2025", "2025-Q2", "2025-H1", "2025-06", "2025-03-15..2025-08-20", "2025-02-10..2025-02-20",
           "2025-01-01..2025-04-30", "2024-12-20..2025-01-31", "2025-05-01..2025-05-31")


def _activity(tree, reform):
    a, b, a1, b1 = tree["a"], tree["b"], tree["a1"], tree["b1"]
    for i, unit in enumerate([a, b, reform["c1"], reform["c2"], reform["c3"], reform["district"], a1, b1]):
        case(unit, received=D(2025, 1 + i, 3 + i), kind=["feedback", "complaint", "denunciation", "recommendation"][i % 4])
        case(unit, received=D(2025, 2 + i, 28), status="resolved", resolved=D(2025, 3 + i, 1), on_time=i % 2 == 0,
             kind=["complaint", "denunciation", "recommendation", "feedback"][i % 4])
        disclosure(unit, published=D(2025, 6, 1 + 3 * i), on_time=i % 2 == 1)
    case(a, received=D(2024, 12, 31))
    case(a, received=D(2025, 1, 1), next_due=D(2025, 2, 1))  # overdue
    m = matter(a1, closed=D(2025, 4, 4), electors=6, voted=5)
    matter(b1, closed=D(2025, 8, 8), electors=3, voted=1, result="not_valid")
    contribution(m, on=D(2025, 5, 5), amount=3_000_000)
    practice(b, started=D(2025, 2, 2), recognized=D(2025, 11, 11))
    practice(reform["c1"], started=D(2025, 3, 3))


def _assert_equal(tree, units, periods=PERIODS):
    codes = [i.code for i in indicators()]
    for unit in units:
        scope = scope_for(unit)
        for key in periods:
            p = parse_period(key)
            many = [p, p.previous(), p.last_year()]
            direct = compute_many(scope=scope, periods=many, codes=codes, source="direct")
            table = compute_many(scope=scope, periods=many, codes=codes, source="rollup")
            assert {f.source for f in table} == {"rollup"}
            where = unit.code if unit is not None else "VN"
            for d, t in zip(direct, table, strict=True):
                for code in codes:
                    assert t.value(code) == d.value(code), (where, key, code)
                    for ym in d.period.months():
                        assert t.month_value(code, ym) == d.month_value(code, ym), (where, key, code, ym)
            for child in scope.children:
                for code in codes:
                    assert table[0].child_value(child.pk, code) == direct[0].child_value(child.pk, code), (child.code, code)


def test_month_table_equals_direct_count_for_every_indicator_unit_and_period(tree, reform):
    _activity(tree, reform)
    refresh(start=D(2023, 11, 1), end=D(2025, 12, 31))
    assert RollupMonth.objects.exists() and months_ready()
    # Former units' rows are keyed by the unit that succeeded them.
    former = {reform[k].pk for k in ("c1", "c2", "c3", "district")}
    assert not RollupMonth.objects.filter(unit_id__in=former).exists()
    assert RollupDay.objects.filter(unit_id__in=former).exists()
    _assert_equal(tree, [tree["province"], tree["a"], tree["b"], tree["a1"], None])
    # The fixture exercises the counted indicators of the apps it writes records of.
    f = compute(scope=scope_for(tree["province"]), period=parse_period("2025"), source="rollup")
    covered = ("cases.", "disclosures.", "decisions.", "movements.")
    assert [i.code for i in indicators() if i.counter and i.code.startswith(covered) and not f.total[i.code]] == []


def test_month_table_is_kept_incrementally_by_day_refreshes(tree, reform):
    _activity(tree, reform)
    refresh(start=D(2023, 11, 1), end=D(2025, 12, 31))
    # New records on a few days (one of them a former commune's), each refreshed alone.
    case(tree["a"], received=D(2025, 6, 15))
    case(reform["c1"], received=D(2025, 6, 15), kind="complaint")
    refresh(start=D(2025, 6, 15), end=D(2025, 6, 15))
    disclosure(tree["b1"], published=D(2025, 2, 20), on_time=True)
    refresh(start=D(2025, 2, 20), end=D(2025, 2, 20))
    # A day refreshed twice (idempotent) and a day whose records disappeared.
    refresh(start=D(2025, 6, 15), end=D(2025, 6, 15))
    from danchu.cases.models import Case

    Case.objects.filter(received_on=D(2024, 12, 31)).delete()
    refresh(start=D(2024, 12, 31), end=D(2024, 12, 31))
    assert not RollupRefresh.objects.first().months_rebuilt
    assert not RollupMonth.objects.filter(month=D(2024, 12, 1), indicator="cases.received").exists()  # no zero rows
    a_june = RollupMonth.objects.get(indicator="cases.received", unit_id=tree["a"].pk, month=D(2025, 6, 1))
    assert a_june.value == 2 + 1  # its own new case and the former commune's; plus the fixture's June case
    _assert_equal(tree, [tree["province"], tree["a"], tree["b"]], ("2025", "2025-06-10..2025-07-05", "2025-02-20..2025-02-20"))


def test_a_changed_reform_mapping_falls_back_to_the_day_table_then_rebuilds(tree, reform):
    _activity(tree, reform)
    refresh(start=D(2023, 11, 1), end=D(2025, 12, 31))
    # The official mapping is corrected: the former commune c1 goes to B, not A.
    UnitSuccession.objects.filter(predecessor=reform["c1"]).update(is_primary=False)
    UnitSuccession.objects.filter(predecessor=reform["c1"], successor=tree["b"]).update(is_primary=True)
    _LEGACY_CACHE.clear()
    assert legacy_map()[reform["c1"].pk] == tree["b"].pk
    assert not months_ready()
    f = compute(scope=scope_for(tree["b"]), period=parse_period("2025"), source="rollup")
    d = compute(scope=scope_for(tree["b"]), period=parse_period("2025"), source="direct")
    assert f.source == "rollup_day" and f.total == d.total
    refresh(start=D(2025, 12, 31), end=D(2025, 12, 31))  # any refresh rebuilds the month table
    assert RollupRefresh.objects.first().months_rebuilt and months_ready()
    _assert_equal(tree, [tree["province"], tree["a"], tree["b"]], ("2025", "2025-03-15..2025-08-20"))


def test_a_former_unit_filed_under_one_province_counts_only_where_its_successor_is(tree, reform):
    """No double count: a former commune filed under province T01 but succeeded by a commune of another
    province counts there (records of a former unit count towards the unit that succeeded it)."""
    other = UnitFactory(code="T99", name="Tỉnh Khác", level="province", parent=None)
    c = UnitFactory(code="T99A", name="Xã Khác", parent=other)
    moved = UnitFactory(code="L00301", name="Xã Cũ", parent=tree["province"], valid_to=D(2025, 6, 30))
    UnitSuccession.objects.create(predecessor=moved, successor=c, is_primary=True)
    _LEGACY_CACHE.clear()
    case(moved, received=D(2025, 3, 3))
    y = parse_period("2025")
    assert compute(scope=scope_for(tree["province"]), period=y, source="direct").total["cases.received"] == 0
    assert compute(scope=scope_for(other), period=y, source="direct").total["cases.received"] == 1
    refresh(start=D(2025, 1, 1), end=D(2025, 12, 31))
    assert compute(scope=scope_for(tree["province"]), period=y, source="rollup").total["cases.received"] == 0
    assert compute(scope=scope_for(other), period=y, source="rollup").total["cases.received"] == 1


def test_split_months():
    assert split_months(parse_period("2025")) == ((D(2025, 1, 1), D(2025, 12, 1)), [])
    assert split_months(parse_period("2025-03-15..2025-08-20")) == (
        (D(2025, 4, 1), D(2025, 7, 1)), [(D(2025, 3, 15), D(2025, 3, 31)), (D(2025, 8, 1), D(2025, 8, 20))])
    assert split_months(parse_period("2025-02-10..2025-02-20")) == (None, [(D(2025, 2, 10), D(2025, 2, 20))])
    assert split_months(parse_period("2024-02-01..2024-02-29")) == ((D(2024, 2, 1), D(2024, 2, 1)), [])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=st.dates(D(2023, 1, 1), D(2026, 12, 31)), n=st.integers(0, 800))
def test_split_months_covers_every_day_once(a, n):
    p = custom(a, a + dt.timedelta(days=n))
    whole, edges = split_months(p)
    days = []
    if whole is not None:
        m = whole[0]
        assert m.day == 1 and whole[1].day == 1
        while m <= whole[1]:
            nxt = (m.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            days += [m + dt.timedelta(days=i) for i in range((nxt - m).days)]
            m = nxt
    for lo, hi in edges:
        if whole is not None:  # an edge beside whole months never spans two months
            assert (lo.year, lo.month) == (hi.year, hi.month)
        days += [lo + dt.timedelta(days=i) for i in range((hi - lo).days + 1)]
    assert sorted(days) == [p.start + dt.timedelta(days=i) for i in range(p.days)]
    assert len(edges) <= 2

"""Roll-up: subtrees, the 2025 reform, and the roll-up table equal to the direct count."""

import datetime as dt

from danchu.core.indicators import indicators
from danchu.reports.models import RollupDay
from danchu.reports.periods import parse_period
from danchu.reports.rollup import compute, legacy_map, refresh, scope_for
from danchu.reports.tests.records import case, contribution, disclosure, matter, practice

D = dt.date
Y2025 = parse_period("2025")


def test_legacy_map_follows_primary_successor_then_parent(tree, reform):
    m = legacy_map()
    assert m[reform["c1"].pk] == tree["a"].pk  # primary successor, not the secondary (B)
    assert m[reform["district"].pk] == tree["a"].pk
    assert m[reform["c2"].pk] == tree["a"].pk  # no link of its own: its district's successor
    assert m[reform["c3"].pk] == tree["b"].pk
    assert tree["a"].pk not in m


def test_old_district_and_commune_records_count_in_the_new_commune(tree, reform):
    a, b = tree["a"], tree["b"]
    case(reform["c1"], received=D(2025, 3, 1))  # old commune, before the reform
    case(reform["c2"], received=D(2025, 4, 1))
    disclosure(reform["district"], published=D(2025, 2, 1), on_time=True)  # the old district's own record
    case(reform["c3"], received=D(2025, 5, 1))
    case(a, received=D(2025, 9, 1))  # after the reform, in the new commune
    case(tree["a1"], received=D(2025, 9, 2))  # a hamlet of the new commune

    fa = compute(scope=scope_for(a), period=Y2025)
    fb = compute(scope=scope_for(b), period=Y2025)
    fp = compute(scope=scope_for(tree["province"]), period=Y2025)
    assert fa.total["cases.received"] == 4 and fa.total["disclosures.published"] == 1
    assert fb.total["cases.received"] == 1 and fb.total["disclosures.published"] == 0
    assert fp.total["cases.received"] == 5 and fp.total["disclosures.published"] == 1
    # The province's ranking puts the old units' records with the communes that succeeded them.
    assert fp.by_child[a.pk]["cases.received"] == 4 and fp.by_child[b.pk]["cases.received"] == 1
    assert fp.by_child[a.pk]["disclosures.published"] == 1
    # Month by month, on the day the record was made.
    assert fa.by_month["cases.received"] == {(2025, 3): 1, (2025, 4): 1, (2025, 9): 2}


def test_ratios_divide_the_sums(tree):
    a = tree["a"]
    case(a, received=D(2025, 1, 5), status="resolved", resolved=D(2025, 2, 1), on_time=True)
    case(a, received=D(2025, 1, 5), status="resolved", resolved=D(2025, 2, 1), on_time=True)
    case(a, received=D(2025, 1, 5), status="resolved", resolved=D(2025, 2, 1), on_time=False)
    f = compute(scope=scope_for(a), period=Y2025, codes=["cases.on_time_rate"])
    assert f.value("cases.on_time_rate") == 66.7
    assert compute(scope=scope_for(tree["b"]), period=Y2025, codes=["cases.on_time_rate"]).value("cases.on_time_rate") is None


def _activity(tree, reform):
    a, b, a1, b1 = tree["a"], tree["b"], tree["a1"], tree["b1"]
    for i, unit in enumerate([a, b, reform["c1"], reform["c3"], a1]):
        case(unit, received=D(2025, 1 + i, 3), kind=["feedback", "complaint", "denunciation", "recommendation", "feedback"][i])
        case(unit, received=D(2025, 2 + i, 4), status="resolved", resolved=D(2025, 3 + i, 1), on_time=i % 2 == 0,
             kind=["complaint", "denunciation", "recommendation", "feedback", "feedback"][i])
        disclosure(unit, published=D(2025, 6, 1 + i), on_time=i % 2 == 1)
    case(a, received=D(2025, 1, 1), next_due=D(2025, 2, 1))  # overdue
    m = matter(a1, closed=D(2025, 4, 4), electors=6, voted=5)
    matter(b1, closed=D(2025, 8, 8), electors=3, voted=1, result="not_valid")
    contribution(m, on=D(2025, 5, 5), amount=3_000_000)
    practice(b, started=D(2025, 2, 2), recognized=D(2025, 11, 11))
    practice(reform["c1"], started=D(2025, 3, 3))


def test_rollup_table_equals_direct_count_for_every_indicator(tree, reform):
    _activity(tree, reform)
    refresh(start=D(2025, 1, 1), end=D(2025, 12, 31))
    assert RollupDay.objects.count() > 10
    codes = [i.code for i in indicators()]
    for unit in (tree["province"], tree["a"], tree["b"], tree["a1"]):
        for period in ("2025", "2025-Q2", "2025-H1", "2025-06", "2025-03-15..2025-08-20"):
            p = parse_period(period)
            direct = compute(scope=scope_for(unit), period=p, codes=codes, source="direct")
            table = compute(scope=scope_for(unit), period=p, codes=codes, source="rollup_day")
            for code in codes:
                assert table.value(code) == direct.value(code), (unit.code, period, code)
            for child in scope_for(unit).children:
                for code in codes:
                    assert table.child_value(child.pk, code) == direct.child_value(child.pk, code), (child.code, code)
            for code in codes:
                for ym in p.months():
                    assert table.month_value(code, ym) == direct.month_value(code, ym), (unit.code, period, code, ym)
    # Every counted indicator has something to compare (no test that cannot fail).
    f = compute(scope=scope_for(tree["province"]), period=Y2025, source="direct")
    covered = ("cases.", "disclosures.", "decisions.", "movements.")  # the apps this fixture writes records of
    assert [i.code for i in indicators() if i.counter and i.code.startswith(covered) and not f.total[i.code]] == []


def test_refresh_is_idempotent_and_replaces_a_day(tree):
    a = tree["a"]
    case(a, received=D(2025, 3, 1))
    refresh(start=D(2025, 3, 1), end=D(2025, 3, 1))
    refresh(start=D(2025, 3, 1), end=D(2025, 3, 1))
    assert RollupDay.objects.get(indicator="cases.received", unit_id=a.pk, day=D(2025, 3, 1)).value == 1
    case(a, received=D(2025, 3, 1))
    refresh(start=D(2025, 3, 1), end=D(2025, 3, 1))
    assert RollupDay.objects.get(indicator="cases.received", unit_id=a.pk, day=D(2025, 3, 1)).value == 2

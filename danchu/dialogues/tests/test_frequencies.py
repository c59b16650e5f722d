"""Reception frequencies: the requirements of each month and the warnings."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from danchu.dialogues.frequencies import (
    FREQUENCIES,
    MONTH,
    WEEK,
    leader_roles_for,
    month_bounds,
    requirements,
    shortfalls,
    weeks_of_month,
)
from danchu.dialogues.models import LeaderRole

months = st.tuples(st.integers(2020, 2030), st.integers(1, 12))


def test_every_rule_cites_its_article():
    assert all(f.article for f in FREQUENCIES)
    assert {f.leader_role for f in FREQUENCIES} >= {LeaderRole.COMMUNE_CHAIR, LeaderRole.PROVINCE_CHAIR,
                                                    LeaderRole.COMMUNE_PARTY_SECRETARY}


def test_commune_chair_two_days_a_month_from_law_136():
    reqs = requirements("commune", 2026, 7)
    chair = [r for r in reqs if r.frequency.leader_role == LeaderRole.COMMUNE_CHAIR]
    assert [(r.start, r.end, r.days, r.frequency.per) for r in chair] == [
        (dt.date(2026, 7, 1), dt.date(2026, 7, 31), 2, MONTH)]
    assert "136/2025" in chair[0].frequency.article
    # The commune Party secretary: two days a month as well (Reg. 11-QĐi/TW, KL 215).
    assert sum(r.days for r in reqs) == 4


def test_commune_chair_one_day_a_week_before_law_136():
    # June 2026: Thursdays 4, 11, 18, 25 → four weeks.
    chair = [r for r in requirements("commune", 2026, 6) if r.frequency.leader_role == LeaderRole.COMMUNE_CHAIR]
    assert [r.count_on for r in chair] == [dt.date(2026, 6, d) for d in (4, 11, 18, 25)]
    assert all(r.frequency.per == WEEK and r.days == 1 for r in chair)
    assert "Điều 15" in chair[0].frequency.article


def test_week_of_tet_without_a_working_day_requires_nothing():
    # Tết 2026: 16–20 February are public holidays (Mon–Fri), the week's Thursday is 19/2.
    chair = [r for r in requirements("commune", 2026, 2) if r.frequency.leader_role == LeaderRole.COMMUNE_CHAIR]
    assert dt.date(2026, 2, 19) not in [r.count_on for r in chair]
    assert len(chair) == 3


def test_province_chair_and_secretary_one_day_a_month():
    reqs = requirements("province", 2026, 11)
    assert sorted((r.frequency.leader_role, r.days) for r in reqs) == [
        (LeaderRole.PROVINCE_CHAIR, 1), (LeaderRole.PROVINCE_PARTY_SECRETARY, 1)]


def test_district_rule_ends_with_the_district_level():
    assert [r.days for r in requirements("district", 2025, 6)] == [2]
    assert requirements("district", 2025, 7) == []


def test_hamlets_have_no_reception_duty():
    assert requirements("hamlet", 2026, 11) == []
    assert leader_roles_for("hamlet") == []


@given(months)
def test_each_week_is_counted_in_exactly_one_month(ym):
    year, month = ym
    first, last = month_bounds(year, month)
    for monday, sunday in weeks_of_month(year, month):
        assert monday.weekday() == 0 and (sunday - monday).days == 6
        assert first <= monday + dt.timedelta(days=3) <= last
    # Consecutive months tile the weeks without gap or overlap.
    nxt = (year + (month == 12), month % 12 + 1)
    this, after = weeks_of_month(year, month), weeks_of_month(*nxt)
    assert after[0][0] - this[-1][0] == dt.timedelta(days=7)
    assert 4 <= len(this) <= 5


@settings(max_examples=60)
@given(months, st.sets(st.integers(1, 31), max_size=8), st.sets(st.integers(1, 31), max_size=8))
def test_shortfalls_are_exactly_the_unmet_requirements(ym, chair_days, secretary_days):
    year, month = ym
    first, last = month_bounds(year, month)
    to_dates = lambda ds: {first.replace(day=d) for d in ds if d <= last.day}  # noqa: E731
    scheduled = {LeaderRole.COMMUNE_CHAIR: to_dates(chair_days), LeaderRole.COMMUNE_PARTY_SECRETARY: to_dates(secretary_days)}
    found = shortfalls("commune", year, month, scheduled)
    for req in requirements("commune", year, month):
        have = len({d for d in scheduled[req.frequency.leader_role] if req.start <= d <= req.end})
        missing = [s for s in found if s.leader_role == req.frequency.leader_role and s.start == req.start]
        if have >= req.days:
            assert missing == []
        else:
            assert len(missing) == 1 and missing[0].missing == req.days - have and missing[0].scheduled == have
            assert req.frequency.article in missing[0].message


@pytest.mark.parametrize(("_case", "scheduled", "expected"), [
    ("none", {}, 2),
    ("one_day", {LeaderRole.COMMUNE_CHAIR: {dt.date(2026, 11, 5)}}, 2),
    ("two_days", {LeaderRole.COMMUNE_CHAIR: {dt.date(2026, 11, 5), dt.date(2026, 11, 19)}}, 1),
    ("both", {LeaderRole.COMMUNE_CHAIR: {dt.date(2026, 11, 5), dt.date(2026, 11, 19)},
              LeaderRole.COMMUNE_PARTY_SECRETARY: {dt.date(2026, 11, 10), dt.date(2026, 11, 24)}}, 0),
    ("other_month", {LeaderRole.COMMUNE_CHAIR: {dt.date(2026, 10, 5), dt.date(2026, 12, 1)}}, 2),
])
def test_november_2026_warnings(_case, scheduled, expected):
    assert len(shortfalls("commune", 2026, 11, scheduled)) == expected

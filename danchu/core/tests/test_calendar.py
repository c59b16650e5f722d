import datetime as dt

import pytest

from danchu.core.calendar import add_days_ending_on_working_day, add_working_days, is_working_day


@pytest.mark.parametrize(
    ("_case", "start", "n", "expected"),
    [
        ("plain week", dt.date(2026, 3, 2), 5, dt.date(2026, 3, 9)),
        ("friday over a weekend", dt.date(2026, 3, 6), 1, dt.date(2026, 3, 9)),
        ("hung kings observed, 30/4 and 1/5", dt.date(2026, 4, 24), 5, dt.date(2026, 5, 6)),
        ("tet 2026", dt.date(2026, 2, 13), 1, dt.date(2026, 2, 23)),
        ("culture day 24/11", dt.date(2026, 11, 23), 1, dt.date(2026, 11, 25)),
        ("zero days", dt.date(2026, 3, 7), 0, dt.date(2026, 3, 7)),
    ],
)
def test_add_working_days(_case, start, n, expected):
    assert add_working_days(start, n) == expected


def test_swapped_saturday_is_a_working_day():
    assert is_working_day(dt.date(2026, 8, 22))  # worked in exchange for Monday 31/8/2026
    assert not is_working_day(dt.date(2026, 8, 31))


def test_calendar_day_period_ending_on_a_holiday_moves_to_next_working_day():
    assert add_days_ending_on_working_day(dt.date(2026, 4, 15), 15) == dt.date(2026, 5, 4)  # 30/4 → 4/5 (1/5, weekend)
    assert add_days_ending_on_working_day(dt.date(2026, 3, 2), 15) == dt.date(2026, 3, 17)

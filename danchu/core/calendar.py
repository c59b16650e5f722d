"""Working days in Vietnam (law.md §3.0): Monday to Friday, minus public holidays and the
Government's yearly swapped days off, plus the Saturdays worked in exchange.

The `holidays` package (VN) knows Tết, Hùng Kings, 30/4, 1/5, 2/9, 24/11 Culture Day, the
observed days and the swaps it has been told about; years it does not know yet need an
admin-entered table on top (a later issue).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _year(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=[year])


def is_working_day(day: dt.date) -> bool:
    calendar = _year(day.year)
    if day in getattr(calendar, "weekend_workdays", set()):
        return True  # a Saturday worked in exchange for a bridge day off
    return day.weekday() < 5 and day not in calendar


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The date `n` working days after `start`; `start` itself is not counted (Civil Code Art. 147).

    "no later than 05 working days after the decision" (Law 10/2022 Art. 12(3)) is
    add_working_days(decision_date, 5): a decision on Friday 24/4/2026 → Wednesday 6/5/2026
    (27/4 observed Hùng Kings, 30/4 and 1/5 are holidays).
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    day = start
    while n:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def add_days_ending_on_working_day(start: dt.date, n: int) -> dt.date:
    """A period of `n` calendar days ("ngày") from `start`, the first day not counted (Civil Code
    Art. 147); when the last day is a weekend day or holiday the period ends on the next working
    day (Art. 148)."""
    day = start + dt.timedelta(days=n)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day

"""Working days in Vietnam: Monday to Friday, minus public holidays and the
Government's yearly swapped days off, plus the Saturdays worked in exchange.

The `holidays` package (VN) knows Tết, Hùng Kings, 30/4, 1/5, 2/9, 24/11 Culture Day, the
observed days and the swaps it has been told about. Years it does not know yet get an
admin-entered table on top (`CalendarOverride`: compensatory days off and make-up working
days), which wins over the package. Overrides are read once per year and kept for
OVERRIDE_TTL seconds per process; `calendar_override_set` forgets them at once.
"""

from __future__ import annotations

import datetime as dt
import time
from functools import lru_cache

import holidays
from django.db import transaction

OVERRIDE_TTL = 300.0
_overrides: dict[int, tuple[float, dict[dt.date, str]]] = {}


@lru_cache(maxsize=64)
def _year(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=[year])


def _overrides_of(year: int) -> dict[dt.date, str]:
    cached = _overrides.get(year)
    now = time.monotonic()
    if cached is not None and now - cached[0] < OVERRIDE_TTL:
        return cached[1]
    from django.db import DatabaseError

    from .models import CalendarOverride

    try:
        rows = dict(CalendarOverride.objects.filter(day__year=year).values_list("day", "kind"))
    except (DatabaseError, RuntimeError):
        # No database yet (before migrate) or none allowed (pure unit tests): the package alone.
        return {}
    _overrides[year] = (now, rows)
    return rows


def forget_overrides() -> None:
    _overrides.clear()


def is_working_day(day: dt.date) -> bool:
    override = _overrides_of(day.year).get(day)
    if override is not None:
        return override == "working_day"
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


def calendar_override_set(*, actor, day: dt.date, kind: str, note: str = ""):
    """Admin: declare a compensatory day off or a make-up working day (a write: audited)."""
    from .audit import audit
    from .errors import DomainError, PermissionDenied, from_validation_error
    from .models import CalendarOverride
    from .permissions import is_active_superuser

    if not is_active_superuser(actor):  # the platform's operators declare the national calendar
        raise PermissionDenied()
    if kind == "working_day" and day.weekday() < 5:
        raise DomainError("not_weekend", "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.",
                          message_en="A make-up working day must be a Saturday or Sunday.", field="day")
    if kind == "day_off" and day.weekday() >= 5:
        raise DomainError("not_weekday", "Ngày nghỉ bù phải là ngày thường (thứ Hai đến thứ Sáu).",
                          message_en="A compensatory day off must be a weekday.", field="day")
    from django.core.exceptions import ValidationError

    with transaction.atomic():
        row = CalendarOverride.objects.filter(day=day).first() or CalendarOverride(day=day)
        row.kind, row.note = kind, note
        try:
            row.full_clean()
        except ValidationError as exc:
            raise from_validation_error(exc) from None
        row.save()
        audit(actor=actor, action="calendar.override_set", obj=row, day=day.isoformat(), kind=kind)
        transaction.on_commit(forget_overrides)
    forget_overrides()
    return row

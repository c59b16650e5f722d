"""How many days each leader must receive citizens, each rule with its source.

A rule is either "at least N days per calendar month" or "at least one day per week". Rules have
validity dates: the commune chair's duty changed on 1 July 2026 (Law 136/2025/QH15). The district
level was abolished on 1 July 2025.

Counting (the reading that protects the citizen, written down in the report):
- monthly rule: N days are required in every month the rule is in force on its first day
  (a rule that starts mid-month starts counting the next month; 1 July 2026 is a first);
- weekly rule: one day is required in every week Monday–Sunday; a week belongs to the month of
  its Thursday (ISO 8601), so that a week spanning two months is counted once; a week without a
  single working day (Tết) requires nothing; any day of that week satisfies it, even one in the
  neighbouring month;
- only days the head received in person count (heads may not delegate reception days to deputies:
  Law 136/2025 kept this), and only regular (định kỳ) days — ad-hoc reception is on
  top of, not instead of, the fixed days.

`required_rows` is the indicator counter's body: one row per requirement, dated on the first of
the month (monthly rule) or the week's Thursday (weekly rule), so that a month's and a year's sums
are both right.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from danchu.core.calendar import is_working_day

from .models import LeaderRole

MONTH = "month"
WEEK = "week"


@dataclass(frozen=True)
class Frequency:
    leader_role: str
    level: str                # unit level the leader heads
    days: int                 # days required per period
    per: str                  # MONTH | WEEK
    valid_from: dt.date | None
    valid_to: dt.date | None
    article: str

    def in_force(self, day: dt.date) -> bool:
        return (self.valid_from is None or day >= self.valid_from) and (self.valid_to is None or day <= self.valid_to)

    @property
    def leader_label(self) -> str:
        return dict(LeaderRole.choices)[self.leader_role]

    @property
    def label(self) -> str:
        if self.per == WEEK:
            return "ít nhất 01 ngày mỗi tuần"
        return f"ít nhất {self.days:02d} ngày mỗi tháng"


LAW_136_FROM = dt.date(2026, 7, 1)
REFORM_FROM = dt.date(2025, 7, 1)

FREQUENCIES: tuple[Frequency, ...] = (
    # Citizen Reception Law 42/2013/QH13 Art. 15(2)(d): the commune People's Committee chair
    # receives citizens at least one day a week — until Law 136/2025/QH15 takes effect.
    Frequency(LeaderRole.COMMUNE_CHAIR, "commune", 1, WEEK, None, LAW_136_FROM - dt.timedelta(days=1),
              "Luật Tiếp công dân 2013, Điều 15 khoản 2 điểm d"),
    # Law 136/2025/QH15 (amending the Citizen Reception Law), in force 1 July 2026: the commune
    # chair receives citizens at least two days a month.
    Frequency(LeaderRole.COMMUNE_CHAIR, "commune", 2, MONTH, LAW_136_FROM, None,
              "Luật Tiếp công dân 2013, Điều 15, sửa đổi bởi Luật 136/2025/QH15"),
    # Citizen Reception Law Art. 12(5): the provincial People's Committee chair, at least one day a month.
    Frequency(LeaderRole.PROVINCE_CHAIR, "province", 1, MONTH, None, None, "Luật Tiếp công dân 2013, Điều 12 khoản 5"),
    # Citizen Reception Law Art. 13(5): the district chair, at least two days a month (district
    # level abolished 1 July 2025).
    Frequency(LeaderRole.DISTRICT_CHAIR, "district", 2, MONTH, None, REFORM_FROM - dt.timedelta(days=1),
              "Luật Tiếp công dân 2013, Điều 13 khoản 5"),
    # Regulation 11-QĐi/TW (18/02/2019) as amended by Conclusion 215-KL/TW (23/11/2025): the
    # provincial Party secretary at least one day a month; the commune Party secretary at least two.
    Frequency(LeaderRole.PROVINCE_PARTY_SECRETARY, "province", 1, MONTH, dt.date(2019, 2, 18), None,
              "Quy định 11-QĐi/TW, sửa đổi bởi Kết luận 215-KL/TW"),
    Frequency(LeaderRole.COMMUNE_PARTY_SECRETARY, "commune", 2, MONTH, dt.date(2019, 2, 18), None,
              "Quy định 11-QĐi/TW, sửa đổi bởi Kết luận 215-KL/TW"),
)


def frequencies_for(level: str) -> list[Frequency]:
    return [f for f in FREQUENCIES if f.level == level]


def leader_roles_for(level: str) -> list[str]:
    """The leaders whose reception days a unit of this level keeps (an ordered, de-duplicated list)."""
    seen: list[str] = []
    for f in frequencies_for(level):
        if f.leader_role not in seen:
            seen.append(f.leader_role)
    return seen


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def weeks_of_month(year: int, month: int) -> list[tuple[dt.date, dt.date]]:
    """(Monday, Sunday) of each week whose Thursday lies in the month."""
    first, last = month_bounds(year, month)
    thursday = first + dt.timedelta(days=(3 - first.weekday()) % 7)
    weeks = []
    while thursday <= last:
        monday = thursday - dt.timedelta(days=3)
        weeks.append((monday, monday + dt.timedelta(days=6)))
        thursday += dt.timedelta(days=7)
    return weeks


def _has_working_day(start: dt.date, end: dt.date) -> bool:
    day = start
    while day <= end:
        if is_working_day(day):
            return True
        day += dt.timedelta(days=1)
    return False


@dataclass(frozen=True)
class Requirement:
    """One requirement: `days` days within [start, end], counted on `count_on`."""

    frequency: Frequency
    start: dt.date
    end: dt.date
    count_on: dt.date
    days: int


def requirements(level: str, year: int, month: int) -> list[Requirement]:
    """Every requirement of a unit of `level` that counts in this month."""
    first, last = month_bounds(year, month)
    out: list[Requirement] = []
    for f in frequencies_for(level):
        if f.per == MONTH:
            if f.in_force(first):
                out.append(Requirement(f, first, last, first, f.days))
        else:
            for monday, sunday in weeks_of_month(year, month):
                thursday = monday + dt.timedelta(days=3)
                if f.in_force(thursday) and _has_working_day(monday, sunday):
                    out.append(Requirement(f, monday, sunday, thursday, f.days))
    return out


def months_between(start: dt.date, end: dt.date) -> Iterable[tuple[int, int]]:
    """Every (year, month) that a requirement counted within [start, end] can belong to (weeks
    counted on a Thursday of a neighbouring month included)."""
    y, m = (start - dt.timedelta(days=7)).year, (start - dt.timedelta(days=7)).month
    stop = end + dt.timedelta(days=7)
    while (y, m) <= (stop.year, stop.month):
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


@dataclass(frozen=True)
class Shortfall:
    """A requirement that the scheduled days do not meet: what the warning says."""

    leader_role: str
    leader_label: str
    start: dt.date
    end: dt.date
    required: int
    scheduled: int
    article: str
    rule: str
    per: str = MONTH

    @property
    def missing(self) -> int:
        return self.required - self.scheduled

    @property
    def message(self) -> str:
        period = f"tháng {self.start:%m/%Y}" if self.per == MONTH else f"tuần {self.start:%d/%m}–{self.end:%d/%m/%Y}"
        return (f"{self.leader_label}: {period} cần {self.rule} ({self.article}); mới lên lịch "
                f"{self.scheduled} ngày, còn thiếu {self.missing} ngày.")


def shortfalls(level: str, year: int, month: int, scheduled: dict[str, set[dt.date]]) -> list[Shortfall]:
    """The requirements of this month not met by `scheduled` (leader_role -> days scheduled or
    held by the head in person, regular days only)."""
    labels = dict(LeaderRole.choices)
    out = []
    for req in requirements(level, year, month):
        days = {d for d in scheduled.get(req.frequency.leader_role, set()) if req.start <= d <= req.end}
        if len(days) < req.days:
            out.append(Shortfall(req.frequency.leader_role, labels[req.frequency.leader_role], req.start, req.end,
                                 req.days, len(days), req.frequency.article, req.frequency.label, req.frequency.per))
    return out

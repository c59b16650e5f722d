"""Working days in Vietnam: Monday to Friday, minus public holidays and the
Government's yearly swapped days off, plus the Saturdays worked in exchange.

Three layers, the later winning:
1. the `holidays` package (VN): Tết, Hùng Kings, 30/4, 1/5, 2/9, 24/11 Culture Day, the observed
   days and the swaps it has been told about;
2. the official yearly schedules shipped with the code (`data/calendar_vn.toml`, each year with the
   document it comes from), e.g. Friday 2/1/2026 off and Saturday 10/1/2026 worked (Công văn
   12729/VPCP-KGVX of 25/12/2025), which the package does not have;
3. the database (`CalendarOverride`, `CalendarYear`): the shipped schedules loaded by the data
   migration or `danchu calendar import [FILE]`, and days an administrator declared. Overrides are
   read once per year and kept for OVERRIDE_TTL seconds per process; writes forget them at once.

Which function a deadline must use
----------------------------------
A make-up Saturday (`is_make_up_day`) is a working day for the offices, so the authority's own
deadlines (time to answer, to publish, to decide) may end on it: `add_working_days(start, n)`,
`add_days_ending_on_working_day(start, n)`, the default.

A period the citizen must meet (a filing limit, the time to lodge a second complaint, to object)
never ends on a make-up Saturday: when its last day is a day off the period ends at the next
working day (Civil Code 2015 Art. 148), and the reading that protects the citizen takes the next
ordinary working day, since people do not expect a Saturday to be a deadline. Such periods call
`add_working_days(start, n, for_citizen=True)`, `add_days_ending_on_working_day(start, n,
for_citizen=True)`, or move an end date they computed themselves with `citizen_period_end(day)`.
"""

from __future__ import annotations

import datetime as dt
import time
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import holidays
from django.db import transaction

OVERRIDE_TTL = 300.0
DATA_FILE = Path(__file__).resolve().parent / "data" / "calendar_vn.toml"
KINDS = ("day_off", "working_day")
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


@dataclass(frozen=True)
class ScheduleDay:
    day: dt.date
    kind: str  # "day_off" | "working_day"
    note: str = ""


@dataclass(frozen=True)
class YearSchedule:
    """One year's official schedule: the document it comes from, what could not be confirmed, and
    the swapped days."""

    year: int
    source: str
    unconfirmed: str = ""
    days: tuple[ScheduleDay, ...] = ()


def _bad(code: str, vi: str, en: str):
    from .errors import DomainError

    return DomainError(code, vi, message_en=en, field="file")


def check_day(day: dt.date, kind: str) -> None:
    """A make-up working day is a Saturday or Sunday, a swapped day off a weekday."""
    from .errors import DomainError

    if kind not in KINDS:
        raise DomainError("invalid", "Loại ngày không hợp lệ (ngày nghỉ hoán đổi hoặc ngày làm bù).",
                          message_en="Unknown kind of day (a swapped day off or a make-up working day).",
                          field="kind")
    if kind == "working_day" and day.weekday() < 5:
        raise DomainError("not_weekend", "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.",
                          message_en="A make-up working day must be a Saturday or Sunday.", field="day")
    if kind == "day_off" and day.weekday() >= 5:
        raise DomainError("not_weekday", "Ngày nghỉ bù phải là ngày thường (thứ Hai đến thứ Sáu).",
                          message_en="A compensatory day off must be a weekday.", field="day")


def parse_schedule(data: bytes) -> list[YearSchedule]:
    """Read a schedule file (TOML, the form of `data/calendar_vn.toml`); a DomainError on anything
    wrong, naming the year and day."""
    from .errors import DomainError

    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise _bad("bad_file", f"Tệp lịch không đọc được: {exc}", f"The calendar file cannot be read: {exc}") from None
    years = doc.get("year")
    if not isinstance(years, list) or not years:
        raise _bad("no_years", "Tệp lịch không có bảng [[year]] nào.", "The calendar file has no [[year]] table.")
    out, seen_years, seen_days = [], set(), set()
    for entry in years:
        year, source = entry.get("year") if isinstance(entry, dict) else None, None
        if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
            raise _bad("bad_year", f"Năm không hợp lệ: {year!r}.", f"Not a valid year: {year!r}.")
        if year in seen_years:
            raise _bad("duplicate_year", f"Năm {year} có hai lần trong tệp.", f"Year {year} is listed twice.")
        seen_years.add(year)
        source, unconfirmed = entry.get("source"), entry.get("unconfirmed", "")
        if not isinstance(source, str) or not source.strip() or len(source) > 400:
            raise _bad("no_source", f"Năm {year}: thiếu căn cứ (số, ngày văn bản), hoặc dài quá 400 ký tự.",
                       f"Year {year}: the source (document number and date) is missing or over 400 characters.")
        if not isinstance(unconfirmed, str):
            raise _bad("bad_field", f"Năm {year}: “unconfirmed” phải là văn bản.", f"Year {year}: “unconfirmed” must be text.")
        days = []
        raw_days = entry.get("days", [])
        if not isinstance(raw_days, list):
            raise _bad("bad_field", f"Năm {year}: “days” phải là danh sách.", f"Year {year}: “days” must be a list.")
        for raw in raw_days:
            day = raw.get("day") if isinstance(raw, dict) else None
            kind, note = (raw.get("kind"), raw.get("note", "")) if isinstance(raw, dict) else (None, "")
            if not isinstance(day, dt.date) or isinstance(day, dt.datetime) or day.year != year:
                raise _bad("bad_day", f"Năm {year}: ngày không hợp lệ hoặc không thuộc năm {year}: {day!r}.",
                           f"Year {year}: not a date of {year}: {day!r}.")
            if day in seen_days:
                raise _bad("duplicate_day", f"Ngày {day:%d/%m/%Y} có hai lần trong tệp.", f"{day:%d/%m/%Y} is listed twice.")
            seen_days.add(day)
            if not isinstance(note, str) or len(note) > 200:
                raise _bad("bad_note", f"Ngày {day:%d/%m/%Y}: ghi chú phải là văn bản, tối đa 200 ký tự.",
                           f"{day:%d/%m/%Y}: the note must be text of at most 200 characters.")
            try:
                check_day(day, kind)
            except DomainError as exc:
                raise _bad(exc.code, f"Ngày {day:%d/%m/%Y}: {exc.message}",
                           f"{day:%d/%m/%Y}: {exc.message_en}") from None
            days.append(ScheduleDay(day=day, kind=kind, note=note))
        out.append(YearSchedule(year=year, source=source.strip(), unconfirmed=unconfirmed.strip(), days=tuple(days)))
    return out


@lru_cache(maxsize=1)
def shipped_schedules() -> tuple[YearSchedule, ...]:
    """The schedules shipped with the code (`data/calendar_vn.toml`)."""
    return tuple(parse_schedule(DATA_FILE.read_bytes()))


@lru_cache(maxsize=1)
def _shipped_days() -> dict[dt.date, str]:
    return {d.day: d.kind for s in shipped_schedules() for d in s.days}


def _kind_of(day: dt.date) -> str | None:
    """The swap declared for `day` (database first, then the shipped schedules), or None."""
    override = _overrides_of(day.year).get(day)
    if override is not None:
        return override
    return _shipped_days().get(day)


def is_make_up_day(day: dt.date) -> bool:
    """A Saturday or Sunday the offices work in exchange for a weekday given off."""
    if day.weekday() < 5:
        return False
    kind = _kind_of(day)
    if kind is not None:
        return kind == "working_day"
    return day in getattr(_year(day.year), "weekend_workdays", set())


def is_working_day(day: dt.date, *, for_citizen: bool = False) -> bool:
    """A working day of the offices; with `for_citizen` an ordinary one: a make-up Saturday is not
    (see the module's note on which deadlines use which)."""
    kind = _kind_of(day)
    if kind is not None:
        return kind == "working_day" and not for_citizen
    calendar = _year(day.year)
    if day in getattr(calendar, "weekend_workdays", set()):
        return not for_citizen  # a Saturday worked in exchange for a bridge day off
    return day.weekday() < 5 and day not in calendar


def citizen_period_end(day: dt.date) -> dt.date:
    """The day a period the citizen must meet ends when its last day is `day`: `day` itself if it is
    an ordinary working day, else the next one (Civil Code Art. 148; a make-up Saturday is skipped)."""
    while not is_working_day(day, for_citizen=True):
        day += dt.timedelta(days=1)
    return day


def add_working_days(start: dt.date, n: int, *, for_citizen: bool = False) -> dt.date:
    """The date `n` working days after `start`; `start` itself is not counted (Civil Code Art. 147).

    "no later than 05 working days after the decision" (Law 10/2022 Art. 12(3)) is
    add_working_days(decision_date, 5): a decision on Friday 24/4/2026 → Wednesday 6/5/2026
    (27/4 observed Hùng Kings, 30/4 and 1/5 are holidays).

    The days are counted as the offices work them (a make-up Saturday counts). With `for_citizen`
    (a period the citizen must meet) a period whose last day is a make-up Saturday ends at the next
    ordinary working day instead (`citizen_period_end`).
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    day = start
    while n:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            n -= 1
            if not n and for_citizen:
                return citizen_period_end(day)
    return day


def add_days_ending_on_working_day(start: dt.date, n: int, *, for_citizen: bool = False) -> dt.date:
    """A period of `n` calendar days ("ngày") from `start`, the first day not counted (Civil Code
    Art. 147); when the last day is a weekend day or holiday the period ends on the next working
    day (Art. 148). With `for_citizen` that is the next ordinary working day: never a make-up
    Saturday."""
    day = start + dt.timedelta(days=n)
    while not is_working_day(day, for_citizen=for_citizen):
        day += dt.timedelta(days=1)
    return day


def schedule_entered(year: int) -> bool:
    """Whether `year`'s official schedule is known: shipped with the code or entered in the database."""
    from django.db import DatabaseError

    from .models import CalendarYear

    if any(s.year == year for s in shipped_schedules()):
        return True
    try:
        return CalendarYear.objects.filter(year=year).exists()
    except (DatabaseError, RuntimeError):
        return False


def _today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


WARN_FROM = (12, 1)  # from 1 December the next year's schedule should be in


def missing_schedule_year(today: dt.date | None = None) -> int | None:
    """Next year, when from 1 December its schedule has not been entered; else None. The workspace
    warns the officers: deadlines reaching into that year would miss the Government's swaps."""
    today = today or _today()
    if (today.month, today.day) < WARN_FROM:
        return None
    nxt = today.year + 1
    return None if schedule_entered(nxt) else nxt


def calendar_override_set(*, actor, day: dt.date, kind: str, note: str = ""):
    """Admin: declare a compensatory day off or a make-up working day (a write: audited)."""
    from .audit import audit
    from .errors import PermissionDenied, from_validation_error
    from .models import CalendarOverride
    from .permissions import is_active_superuser

    if not is_active_superuser(actor):  # the platform's operators declare the national calendar
        raise PermissionDenied()
    if kind in KINDS:
        check_day(day, kind)
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


def calendar_year_declare(*, actor, year: int, source: str, unconfirmed: str = ""):
    """Admin: record that `year`'s official schedule has been entered, with the document it comes
    from (a write: audited). The swapped days themselves are set with `calendar_override_set`."""
    from .audit import audit
    from .errors import DomainError, PermissionDenied
    from .models import CalendarYear
    from .permissions import is_active_superuser

    if not is_active_superuser(actor):
        raise PermissionDenied()
    source = (source or "").strip()
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise DomainError("bad_year", "Năm không hợp lệ.", message_en="Not a valid year.", field="year")
    if not source or len(source) > 400:
        raise DomainError("no_source", "Cần ghi căn cứ (số, ngày văn bản), tối đa 400 ký tự.",
                          message_en="Give the source (document number and date), at most 400 characters.",
                          field="source")
    with transaction.atomic():
        row, _ = CalendarYear.objects.update_or_create(
            year=year, defaults={"source": source, "unconfirmed": (unconfirmed or "").strip()})
        audit(actor=actor, action="calendar.year_declared", obj=row, year=year)
    return row


def calendar_import(*, schedules: list[YearSchedule], actor=None) -> dict[str, int]:
    """Load official schedules into the database: each year's source and its swapped days; a day
    already there with the same kind and note, a year with the same source, is left alone, so a
    second run changes nothing. Without `actor` it runs as the system (`danchu calendar import` on
    the server); with one, only an administrator may. Returns counts of what was created, updated
    and left unchanged; each change leaves an audit row."""
    from .audit import audit
    from .errors import PermissionDenied
    from .models import CalendarOverride, CalendarYear
    from .permissions import is_active_superuser

    if actor is not None and not is_active_superuser(actor):
        raise PermissionDenied()
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        for sched in schedules:
            year = CalendarYear.objects.filter(year=sched.year).first()
            if year is not None and (year.source, year.unconfirmed) == (sched.source, sched.unconfirmed):
                counts["unchanged"] += 1
            else:
                counts["updated" if year else "created"] += 1
                year = year or CalendarYear(year=sched.year)
                year.source, year.unconfirmed = sched.source, sched.unconfirmed
                year.save()
                audit(actor=actor, action="calendar.year_imported", obj=year, year=sched.year)
            for d in sched.days:
                row = CalendarOverride.objects.filter(day=d.day).first()
                if row is not None and (row.kind, row.note) == (d.kind, d.note):
                    counts["unchanged"] += 1
                    continue
                counts["updated" if row else "created"] += 1
                row = row or CalendarOverride(day=d.day)
                row.kind, row.note = d.kind, d.note
                row.save()
                audit(actor=actor, action="calendar.override_imported", obj=row, day=d.day.isoformat(), kind=d.kind)
        transaction.on_commit(forget_overrides)
    forget_overrides()
    return counts

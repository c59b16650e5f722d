"""Report periods: "2025", "2025-Q3", "2025-H1", "2025-07", "2025-01-01..2025-03-31".

Steering Committees report by year (tổng kết), half-year and quarter (sơ kết) and month; a custom
range covers anything else. A period that ends before it starts, or a range longer than ten years,
is refused with a clear Vietnamese message.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from danchu.core import inputs
from danchu.core.errors import DomainError

from .errors import Code

MAX_DAYS = 3660
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Period:
    kind: str  # year | half | quarter | month | custom
    start: dt.date
    end: dt.date
    key: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        s, e = self.start, self.end
        if self.kind == "year":
            return f"năm {s.year}"
        if self.kind == "half":
            return f"6 tháng {'đầu' if s.month == 1 else 'cuối'} năm {s.year}"
        if self.kind == "quarter":
            return f"quý {ROMAN[(s.month - 1) // 3 + 1]} năm {s.year}"
        if self.kind == "month":
            return f"tháng {s.month} năm {s.year}"
        return f"từ ngày {s:%d/%m/%Y} đến ngày {e:%d/%m/%Y}"

    @property
    def display(self) -> str:
        """The label in the page's language (documents use `label`, always Vietnamese)."""
        from django.utils.translation import get_language

        return self.label_en if (get_language() or "").startswith("en") else self.label

    @property
    def label_en(self) -> str:
        s, e = self.start, self.end
        return {"year": f"{s.year}", "half": f"H{1 if s.month == 1 else 2} {s.year}",
                "quarter": f"Q{(s.month - 1) // 3 + 1} {s.year}", "month": f"{s:%B %Y}"}.get(
            self.kind, f"{s:%d/%m/%Y} – {e:%d/%m/%Y}")

    def previous(self) -> Period:
        """The period of the same kind just before (for a custom range: as many days before)."""
        if self.kind == "year":
            return year(self.start.year - 1)
        if self.kind == "half":
            return half(self.start.year - 1, 2) if self.start.month == 1 else half(self.start.year, 1)
        if self.kind == "quarter":
            q = (self.start.month - 1) // 3 + 1
            return quarter(self.start.year - 1, 4) if q == 1 else quarter(self.start.year, q - 1)
        if self.kind == "month":
            return month(self.start.year - 1, 12) if self.start.month == 1 else month(self.start.year, self.start.month - 1)
        end = self.start - dt.timedelta(days=1)
        return custom(end - dt.timedelta(days=self.days - 1), end)

    def last_year(self) -> Period:
        """The same period one year earlier (29 February becomes 28 February)."""
        def back(d: dt.date) -> dt.date:
            try:
                return d.replace(year=d.year - 1)
            except ValueError:
                return d.replace(year=d.year - 1, day=28)
        if self.kind == "custom":
            return custom(back(self.start), back(self.end))
        return parse_period(str(self.start.year - 1) + self.key[4:])

    def months(self) -> list[tuple[int, int]]:
        out, y, m = [], self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out


def year(y: int) -> Period:
    return Period("year", dt.date(y, 1, 1), dt.date(y, 12, 31), f"{y}")


def half(y: int, h: int) -> Period:
    return Period("half", dt.date(y, 1 if h == 1 else 7, 1), dt.date(y, 6, 30) if h == 1 else dt.date(y, 12, 31),
                  f"{y}-H{h}")


def quarter(y: int, q: int) -> Period:
    m = 3 * (q - 1) + 1
    return Period("quarter", dt.date(y, m, 1), dt.date(y, m + 2, calendar.monthrange(y, m + 2)[1]), f"{y}-Q{q}")


def month(y: int, m: int) -> Period:
    return Period("month", dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1]), f"{y}-{m:02d}")


def custom(start: dt.date, end: dt.date) -> Period:
    if end < start:
        raise DomainError(Code.PERIOD_REVERSED,
                          f"Kỳ báo cáo không hợp lệ: ngày kết thúc ({end:%d/%m/%Y}) trước ngày bắt đầu ({start:%d/%m/%Y}).",
                          message_en="The period ends before it starts.", field="period")
    if (end - start).days + 1 > MAX_DAYS:
        raise DomainError(Code.PERIOD_TOO_LONG, "Kỳ báo cáo dài quá 10 năm. Hãy chọn kỳ ngắn hơn.",
                          message_en="The period is longer than ten years.", field="period")
    return Period("custom", start, end, f"{start.isoformat()}..{end.isoformat()}")


_INVALID = ("Kỳ báo cáo không hợp lệ: “{text}”. Dùng dạng 2025 (năm), 2025-H1 (6 tháng), 2025-Q3 (quý), "
            "2025-07 (tháng) hoặc 2025-01-01..2025-03-31 (từ ngày đến ngày).")


def parse_period(text: str) -> Period:
    t = (text or "").strip().upper()
    p = None
    try:
        if m := re.fullmatch(r"(\d{4})", t):
            p = year(int(m[1]))
        elif m := re.fullmatch(r"(\d{4})-H([12])", t):
            p = half(int(m[1]), int(m[2]))
        elif m := re.fullmatch(r"(\d{4})-Q([1-4])", t):
            p = quarter(int(m[1]), int(m[2]))
        elif m := re.fullmatch(r"(\d{4})-(\d{1,2})", t):
            p = month(int(m[1]), int(m[2]))
        elif m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})", t):
            p = custom(dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2]))
    except ValueError:
        pass
    if p is not None:
        # The report compares with the period before and the year before: both must be dates too.
        if not (p.start >= inputs.DATE_MIN and p.end <= inputs.DATE_MAX):
            raise DomainError(Code.PERIOD_INVALID,
                              f"Kỳ báo cáo phải nằm trong các năm {inputs.YEAR_MIN}–{inputs.YEAR_MAX}.",
                              message_en=f"The period must lie within {inputs.YEAR_MIN}–{inputs.YEAR_MAX}.",
                              field="period")
        return p
    raise DomainError(Code.PERIOD_INVALID, _INVALID.format(text=(text or "")[:40]),
                      message_en="Invalid period: use 2025, 2025-H1, 2025-Q3, 2025-07 or 2025-01-01..2025-03-31.",
                      field="period")

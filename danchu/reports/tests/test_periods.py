import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from danchu.core.errors import DomainError
from danchu.reports.periods import parse_period

D = dt.date


@pytest.mark.parametrize(("_case", "text", "start", "end", "label"), [
    ("year", "2025", D(2025, 1, 1), D(2025, 12, 31), "năm 2025"),
    ("quarter", "2025-Q3", D(2025, 7, 1), D(2025, 9, 30), "quý III năm 2025"),
    ("quarter lower case", "2024-q1", D(2024, 1, 1), D(2024, 3, 31), "quý I năm 2024"),
    ("half 1", "2025-H1", D(2025, 1, 1), D(2025, 6, 30), "6 tháng đầu năm 2025"),
    ("half 2", "2025-H2", D(2025, 7, 1), D(2025, 12, 31), "6 tháng cuối năm 2025"),
    ("month", "2024-02", D(2024, 2, 1), D(2024, 2, 29), "tháng 2 năm 2024"),
    ("custom", "2025-01-01..2025-03-31", D(2025, 1, 1), D(2025, 3, 31), "từ ngày 01/01/2025 đến ngày 31/03/2025"),
])
def test_parse(_case, text, start, end, label):
    p = parse_period(text)
    assert (p.start, p.end, p.label) == (start, end, label)


def test_previous_and_last_year():
    assert parse_period("2025-Q1").previous().key == "2024-Q4"
    assert parse_period("2025-H1").previous().key == "2024-H2"
    assert parse_period("2025-H2").previous().key == "2025-H1"
    assert parse_period("2025-01").previous().key == "2024-12"
    assert parse_period("2025").previous().key == "2024"
    assert parse_period("2025-Q3").last_year().key == "2024-Q3"
    c = parse_period("2025-01-11..2025-01-20")
    assert (c.previous().start, c.previous().end) == (D(2025, 1, 1), D(2025, 1, 10))
    assert parse_period("2024-02-29..2024-03-01").last_year().start == D(2023, 2, 28)


@pytest.mark.parametrize(("_case", "text", "code"), [
    ("ends before it starts", "2025-03-31..2025-01-01", "period_reversed"),
    ("longer than ten years", "2000-01-01..2020-01-01", "period_too_long"),
    ("month 13", "2025-13", "period_invalid"),
    ("quarter 5", "2025-Q5", "period_invalid"),
    ("words", "năm ngoái", "period_invalid"),
    ("empty", "", "period_invalid"),
    ("bad day", "2025-02-30..2025-03-01", "period_invalid"),
])
def test_bad_periods_are_refused_in_vietnamese(_case, text, code):
    with pytest.raises(DomainError) as e:
        parse_period(text)
    assert e.value.code == code
    assert "Kỳ báo cáo" in e.value.message


def test_reversed_message_names_both_dates():
    with pytest.raises(DomainError) as e:
        parse_period("2025-03-31..2025-01-01")
    assert e.value.message == ("Kỳ báo cáo không hợp lệ: ngày kết thúc (01/01/2025) trước ngày bắt đầu (31/03/2025).")


@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2090, 12, 31)), st.integers(0, 3000))
def test_custom_periods_round_trip_and_previous_is_adjacent(start, days):
    end = start + dt.timedelta(days=days)
    p = parse_period(f"{start.isoformat()}..{end.isoformat()}")
    assert (p.start, p.end, p.days) == (start, end, days + 1)
    assert p.previous().end == start - dt.timedelta(days=1) and p.previous().days == p.days
    assert parse_period(p.key) == p

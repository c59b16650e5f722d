"""Admin-entered compensatory days off and make-up working days on top of the `holidays` package,
and property tests of the working-day arithmetic."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from danchu.accounts.tests.factories import UserFactory
from danchu.core.calendar import add_working_days, calendar_override_set, forget_overrides, is_working_day
from danchu.core.errors import DomainError, PermissionDenied
from danchu.core.models import AuditEvent, CalendarOverride

D = dt.date


@pytest.fixture
def admin_user(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def test_admin_declares_a_year_the_package_does_not_know(admin_user):
    # 2028: say the Government gives Friday 28/4/2028 off in exchange for Saturday 6/5/2028.
    forget_overrides()
    assert is_working_day(D(2028, 4, 28)) and not is_working_day(D(2028, 5, 6))
    calendar_override_set(actor=admin_user, day=D(2028, 4, 28), kind="day_off", note="QĐ giả định")
    calendar_override_set(actor=admin_user, day=D(2028, 5, 6), kind="working_day")
    assert not is_working_day(D(2028, 4, 28))
    assert is_working_day(D(2028, 5, 6))
    assert add_working_days(D(2028, 4, 27), 1) == D(2028, 5, 3)  # 28/4 off, 1/5, 2/5 (30/4 observed)
    assert AuditEvent.objects.filter(action="calendar.override_set").count() == 2


def test_override_beats_the_package(admin_user):
    forget_overrides()
    assert not is_working_day(D(2026, 8, 31))  # the package's swapped day off
    calendar_override_set(actor=admin_user, day=D(2026, 8, 31), kind="day_off")
    calendar_override_set(actor=admin_user, day=D(2026, 8, 29), kind="working_day")
    assert is_working_day(D(2026, 8, 29))


@pytest.mark.parametrize(("_case", "day", "kind", "code"), [
    ("make-up day on a weekday", D(2028, 5, 3), "working_day", "not_weekend"),
    ("day off on a Saturday", D(2028, 5, 6), "day_off", "not_weekday"),
    ("unknown kind", D(2028, 5, 3), "holiday", "invalid"),
])
def test_bad_override_changes_nothing(admin_user, _case, day, kind, code):
    before = list(CalendarOverride.objects.values_list("day", "kind", "note"))  # the shipped schedules
    with pytest.raises(DomainError) as exc:
        calendar_override_set(actor=admin_user, day=day, kind=kind)
    assert exc.value.code == code
    assert list(CalendarOverride.objects.values_list("day", "kind", "note")) == before
    assert AuditEvent.objects.count() == 0


def test_only_an_administrator_sets_overrides(db, officer_a):
    with pytest.raises(PermissionDenied):
        calendar_override_set(actor=officer_a, day=D(2028, 4, 28), kind="day_off")
    assert not CalendarOverride.objects.filter(day__year=2028).exists()


@pytest.mark.django_db
@settings(max_examples=200, deadline=None)
@given(start=st.dates(min_value=D(2024, 1, 1), max_value=D(2028, 12, 31)), n=st.integers(1, 40))
def test_add_working_days_lands_on_a_working_day_and_counts_exactly_n(start, n):
    forget_overrides()
    due = add_working_days(start, n)
    assert is_working_day(due)
    counted = sum(1 for i in range(1, (due - start).days + 1) if is_working_day(start + dt.timedelta(days=i)))
    assert counted == n

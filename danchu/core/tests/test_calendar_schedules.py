"""The Government's yearly day swaps on top of the `holidays` package: the shipped schedules
(Friday 2/1/2026 off, Saturday 10/1/2026 worked: Công văn 12729/VPCP-KGVX of 25/12/2025), their
import, the two readings of a make-up Saturday, and the officers' warning from 1 December."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from danchu.accounts.tests.factories import UserFactory
from danchu.core import calendar
from danchu.core.calendar import (
    add_days_ending_on_working_day,
    add_working_days,
    calendar_import,
    calendar_year_declare,
    citizen_period_end,
    forget_overrides,
    is_make_up_day,
    is_working_day,
    missing_schedule_year,
    parse_schedule,
)
from danchu.core.errors import DomainError, PermissionDenied
from danchu.core.models import AuditEvent, CalendarOverride, CalendarYear

D = dt.date

SCHEDULE_2028 = """
[[year]]
year = 2028
source = "Công văn giả định số 1/VPCP-KGVX ngày 01/12/2027"

[[year.days]]
day = 2028-04-28
kind = "day_off"
note = "Nghỉ hoán đổi"

[[year.days]]
day = 2028-05-06
kind = "working_day"
note = "Làm bù cho 28/4/2028"
"""


@pytest.fixture(autouse=True)
def _fresh_cache():
    forget_overrides()
    yield
    forget_overrides()


@pytest.fixture
def admin_user(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


# -- early January 2026: one working day later than the package alone said ---------------------

@pytest.mark.parametrize(("_case", "start", "n", "expected"), [
    ("over new year", D(2025, 12, 31), 1, D(2026, 1, 5)),       # package alone: Fri 2/1
    ("three days", D(2025, 12, 30), 3, D(2026, 1, 6)),          # package alone: Mon 5/1
    ("five working days", D(2025, 12, 31), 5, D(2026, 1, 9)),   # package alone: Thu 8/1
    ("make-up saturday counts for the office", D(2026, 1, 8), 2, D(2026, 1, 10)),  # package alone: Mon 12/1
])
def test_early_january_2026_follows_the_swap_without_a_database(_case, start, n, expected):
    assert add_working_days(start, n) == expected


def test_the_swapped_days(db):
    assert not is_working_day(D(2026, 1, 2))
    assert is_working_day(D(2026, 1, 10)) and is_make_up_day(D(2026, 1, 10))
    assert not is_make_up_day(D(2026, 1, 17))
    assert add_days_ending_on_working_day(D(2025, 12, 18), 15) == D(2026, 1, 5)  # 2/1 off, then the weekend


def test_the_data_migration_loaded_the_shipped_schedules(db):
    year = CalendarYear.objects.get(year=2026)
    assert "12729/VPCP-KGVX" in year.source and "25/12/2025" in year.source
    assert dict(CalendarOverride.objects.filter(day__year=2026).values_list("day", "kind")) == {
        D(2026, 1, 2): "day_off", D(2026, 1, 10): "working_day"}
    assert CalendarYear.objects.filter(year=2025).exists()
    assert not CalendarYear.objects.filter(year=2027).exists()  # nothing announced that could be confirmed


def test_every_shipped_year_names_its_source():
    for sched in calendar.shipped_schedules():
        assert "/" in sched.source and sched.source  # a document number such as 12729/VPCP-KGVX
        for d in sched.days:
            assert d.day.year == sched.year and d.note


# -- make-up Saturdays: the authority's reading and the citizen's ---------------------------------

def test_a_period_ending_on_the_make_up_saturday(db):
    # Authority: 2 working days after Thursday 8/1/2026 are Friday 9/1 and Saturday 10/1.
    assert add_working_days(D(2026, 1, 8), 2) == D(2026, 1, 10)
    # Citizen: the period ends on the next ordinary working day, Monday 12/1 (Civil Code Art. 148).
    assert add_working_days(D(2026, 1, 8), 2, for_citizen=True) == D(2026, 1, 12)
    # Calendar days: 5 days after Monday 5/1 is Saturday 10/1.
    assert add_days_ending_on_working_day(D(2026, 1, 5), 5) == D(2026, 1, 10)
    assert add_days_ending_on_working_day(D(2026, 1, 5), 5, for_citizen=True) == D(2026, 1, 12)
    assert citizen_period_end(D(2026, 1, 10)) == D(2026, 1, 12)
    assert citizen_period_end(D(2026, 1, 9)) == D(2026, 1, 9)
    assert citizen_period_end(D(2026, 1, 2)) == D(2026, 1, 5)
    assert not is_working_day(D(2026, 1, 10), for_citizen=True)


def test_the_make_up_saturday_still_counts_inside_a_citizens_period(db):
    # 3 working days after 8/1/2026: 9/1, 10/1 (worked), 12/1 — the same for both readings.
    assert add_working_days(D(2026, 1, 8), 3) == add_working_days(D(2026, 1, 8), 3, for_citizen=True) == D(2026, 1, 12)


def test_a_make_up_day_the_package_knows():
    assert add_working_days(D(2026, 8, 20), 2) == D(2026, 8, 22)  # Saturday worked for Monday 31/8/2026
    assert add_working_days(D(2026, 8, 20), 2, for_citizen=True) == D(2026, 8, 24)


@pytest.mark.django_db
@settings(max_examples=150, deadline=None)
@given(start=st.dates(min_value=D(2025, 1, 1), max_value=D(2027, 12, 31)), n=st.integers(1, 30))
def test_the_citizens_end_is_never_earlier_and_always_an_ordinary_working_day(start, n):
    office, citizen = add_working_days(start, n), add_working_days(start, n, for_citizen=True)
    assert citizen >= office and is_working_day(citizen, for_citizen=True)
    assert citizen == office or is_make_up_day(office)


# -- import -----------------------------------------------------------------------------------------

def test_import_is_idempotent(db, tmp_path):
    path = tmp_path / "lich.toml"
    path.write_text(SCHEDULE_2028, encoding="utf-8")
    call_command("calendar", "import", str(path))
    assert CalendarYear.objects.get(year=2028).source.startswith("Công văn giả định")
    rows = list(CalendarOverride.objects.order_by("day").values_list("day", "kind", "note"))
    audits = AuditEvent.objects.count()
    assert audits == 3
    assert not is_working_day(D(2028, 4, 28)) and is_working_day(D(2028, 5, 6))
    counts = calendar_import(schedules=parse_schedule(path.read_bytes()))
    assert counts == {"created": 0, "updated": 0, "unchanged": 3}
    assert list(CalendarOverride.objects.order_by("day").values_list("day", "kind", "note")) == rows
    assert AuditEvent.objects.count() == audits


def test_importing_the_shipped_file_over_the_migration_changes_nothing(db, capsys):
    before = list(CalendarOverride.objects.values_list("day", "kind", "note"))
    call_command("calendar", "import")
    assert "0 mới, 0 cập nhật" in capsys.readouterr().out
    assert list(CalendarOverride.objects.values_list("day", "kind", "note")) == before
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize(("_case", "text", "code"), [
    ("make-up day on a weekday", SCHEDULE_2028.replace("2028-05-06", "2028-05-03"), "not_weekend"),
    ("day off on a saturday", SCHEDULE_2028.replace("2028-04-28", "2028-04-29"), "not_weekday"),
    ("day of another year", SCHEDULE_2028.replace("2028-04-28", "2029-04-27"), "bad_day"),
    ("no source", SCHEDULE_2028.replace('source = "Công văn giả định số 1/VPCP-KGVX ngày 01/12/2027"', ""),
     "no_source"),
    ("unknown kind", SCHEDULE_2028.replace('"day_off"', '"holiday"'), "invalid"),
    ("not toml", "[[year]\nyear = ", "bad_file"),
    ("no year", "x = 1", "no_years"),
    ("same day twice", SCHEDULE_2028.replace("2028-05-06", "2028-04-28"), "duplicate_day"),
])
def test_a_bad_file_imports_nothing(db, tmp_path, _case, text, code):
    with pytest.raises(DomainError) as exc:
        parse_schedule(text.encode())
    assert exc.value.code == code and exc.value.message_en
    path = tmp_path / "lich.toml"
    path.write_text(text, encoding="utf-8")
    before = list(CalendarOverride.objects.values_list("day", "kind", "note"))
    with pytest.raises(CommandError):
        call_command("calendar", "import", str(path))
    assert list(CalendarOverride.objects.values_list("day", "kind", "note")) == before
    assert not CalendarYear.objects.filter(year=2028).exists()
    assert AuditEvent.objects.count() == 0


def test_only_an_administrator_imports_or_declares(db, officer_a):
    with pytest.raises(PermissionDenied):
        calendar_import(schedules=parse_schedule(SCHEDULE_2028.encode()), actor=officer_a)
    with pytest.raises(PermissionDenied):
        calendar_year_declare(actor=officer_a, year=2028, source="Công văn 1/VPCP-KGVX")
    assert not CalendarYear.objects.filter(year=2028).exists()
    assert not CalendarOverride.objects.filter(day__year=2028).exists()


def test_declaring_a_year_needs_a_source(admin_user):
    with pytest.raises(DomainError) as exc:
        calendar_year_declare(actor=admin_user, year=2028, source="  ")
    assert exc.value.code == "no_source"
    assert not CalendarYear.objects.filter(year=2028).exists() and AuditEvent.objects.count() == 0


# -- the printed calendar ------------------------------------------------------------------------

def test_the_command_prints_2026_with_the_swap(db, capsys):
    call_command("calendar", "2026")
    out = capsys.readouterr().out
    days_off, make_up = out.split("Ngày làm việc bù")
    assert "02/01/2026 thứ Sáu" in days_off and "12729/VPCP-KGVX" in days_off
    assert "01/01/2026 thứ Năm  Tết Dương lịch" in days_off
    assert "10/01/2026 thứ Bảy" in make_up
    assert "22/08/2026 thứ Bảy" in make_up  # the package's swap for 31/8/2026
    assert "Căn cứ: Công văn số 12729/VPCP-KGVX ngày 25/12/2025" in out


def test_the_command_says_when_a_year_is_not_entered(db, capsys):
    call_command("calendar", "2028")
    assert "Chưa nhập lịch nghỉ lễ, hoán đổi ngày làm việc năm 2028" in capsys.readouterr().out


@pytest.mark.parametrize("args", [("20x6",), ("1999",), ("2026", "2027"), ("import", "a", "b")])
def test_the_command_refuses_bad_arguments(db, args):
    with pytest.raises(CommandError):
        call_command("calendar", *args)


# -- the officers' warning from 1 December -----------------------------------------------------------

def test_missing_schedule_year(admin_user):
    assert missing_schedule_year(D(2027, 11, 30)) is None
    assert missing_schedule_year(D(2027, 12, 1)) == 2028
    assert missing_schedule_year(D(2025, 12, 1)) is None  # 2026 is shipped
    calendar_year_declare(actor=admin_user, year=2028, source="Công văn giả định 1/VPCP-KGVX")
    assert missing_schedule_year(D(2027, 12, 1)) is None


WARNING = "Chưa nhập lịch nghỉ lễ, hoán đổi ngày làm việc năm 2028"


def test_the_workspace_warns_officers_on_1_december(client, officer_a, citizen, monkeypatch):
    monkeypatch.setattr(calendar, "_today", lambda: D(2027, 12, 1))
    client.force_login(officer_a)
    assert WARNING in client.get(reverse("accounts:workspace")).content.decode()
    client.force_login(citizen)
    assert WARNING not in client.get(reverse("accounts:workspace")).content.decode()  # no deadlines to compute
    monkeypatch.setattr(calendar, "_today", lambda: D(2027, 11, 30))
    client.force_login(officer_a)
    assert "Chưa nhập lịch nghỉ lễ" not in client.get(reverse("accounts:workspace")).content.decode()


def test_the_warning_goes_once_next_year_is_imported(client, officer_a, monkeypatch):
    monkeypatch.setattr(calendar, "_today", lambda: D(2027, 12, 1))
    calendar_import(schedules=parse_schedule(SCHEDULE_2028.encode()))
    client.force_login(officer_a)
    assert "Chưa nhập lịch nghỉ lễ" not in client.get(reverse("accounts:workspace")).content.decode()


# -- the admin pages -------------------------------------------------------------------------------

def test_the_admin_lists_the_years_with_their_sources(admin_client):
    html = admin_client.get("/admin/core/calendaryear/", HTTP_HOST="localhost").content.decode()
    assert "12729/VPCP-KGVX" in html
    html = admin_client.get("/admin/core/calendaroverride/?day__year=2026", HTTP_HOST="localhost").content.decode()
    assert "Làm bù cho thứ Sáu 02/01/2026" in html


def test_a_year_added_in_the_admin_goes_through_the_service(admin_client):
    response = admin_client.post("/admin/core/calendaryear/add/", {
        "year": 2028, "source": "Công văn giả định 1/VPCP-KGVX", "unconfirmed": ""}, HTTP_HOST="localhost")
    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2028).source == "Công văn giả định 1/VPCP-KGVX"
    assert AuditEvent.objects.filter(action="calendar.year_declared").count() == 1
    row = CalendarYear.objects.get(year=2026)
    response = admin_client.post(f"/admin/core/calendaryear/{row.pk}/change/", {
        "year": 2026, "source": "đổi", "unconfirmed": ""}, HTTP_HOST="localhost")
    assert response.status_code == 403
    row.refresh_from_db()
    assert "12729/VPCP-KGVX" in row.source


def test_a_refusal_in_the_admin_is_a_message_not_a_server_error(admin_client):
    # the service refuses a year outside its bounds: the admin says why, offers the form again, writes nothing
    before = (CalendarYear.objects.count(), AuditEvent.objects.count())
    response = admin_client.post("/admin/core/calendaryear/add/", {
        "year": 1800, "source": "Công văn 1/VPCP", "unconfirmed": ""}, HTTP_HOST="localhost", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith("/admin/core/calendaryear/add/")
    assert "Năm không hợp lệ." in response.content.decode()
    assert (CalendarYear.objects.count(), AuditEvent.objects.count()) == before
    from django.contrib.admin.models import LogEntry as AdminLogEntry
    assert not AdminLogEntry.objects.exists()

"""`danchu calendar [YEAR]` prints a year's working-day calendar of the state offices (holidays,
swapped days off, make-up Saturdays, and the document each comes from); `danchu calendar import
[FILE]` loads official schedules (the form of core/data/calendar_vn.toml, which is the default
FILE) into the database, as the system; running it again changes nothing."""

import datetime as dt
from pathlib import Path

import holidays
from django.core.management.base import BaseCommand, CommandError

from danchu.core import calendar
from danchu.core.errors import DomainError

WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


class Command(BaseCommand):
    help = ("Lịch làm việc: `danchu calendar [NĂM]` in lịch nghỉ lễ, hoán đổi của một năm; "
            "`danchu calendar import [TỆP]` nhập lịch nghỉ lễ, hoán đổi ngày làm việc (TOML).")

    def add_arguments(self, parser):
        parser.add_argument("args", nargs="*", metavar="NĂM | import [TỆP]")

    def handle(self, *args, **opts):
        if args and args[0] == "import":
            if len(args) > 2:
                raise CommandError("Cách dùng: danchu calendar import [TỆP]")
            return self._import(Path(args[1]) if len(args) == 2 else calendar.DATA_FILE)
        if len(args) > 1:
            raise CommandError("Cách dùng: danchu calendar [NĂM] hoặc danchu calendar import [TỆP]")
        try:
            year = int(args[0]) if args else calendar._today().year
        except ValueError:
            raise CommandError(f"Năm không hợp lệ: {args[0]}") from None
        if not 2000 <= year <= 2100:
            raise CommandError(f"Năm không hợp lệ: {year}")
        self._show(year)

    def _import(self, path: Path):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {path}: {exc.strerror}") from None
        try:
            counts = calendar.calendar_import(schedules=calendar.parse_schedule(data))
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"Đã nhập {path.name}: {counts['created']} mới, {counts['updated']} cập nhật, "
                          f"{counts['unchanged']} không đổi.")

    def _show(self, year: int):
        from danchu.core.models import CalendarOverride, CalendarYear

        named = holidays.country_holidays("VN", years=[year], language="vi")
        notes = {d.day: d.note for s in calendar.shipped_schedules() if s.year == year for d in s.days}
        notes.update(CalendarOverride.objects.filter(day__year=year).values_list("day", "note"))
        row = CalendarYear.objects.filter(year=year).first()
        shipped = next((s for s in calendar.shipped_schedules() if s.year == year), None)
        source = row.source if row else (shipped.source if shipped else "")
        unconfirmed = row.unconfirmed if row else (shipped.unconfirmed if shipped else "")
        self.stdout.write(f"Lịch làm việc của cơ quan nhà nước năm {year}")
        self.stdout.write(f"Căn cứ: {source}" if source else
                          f"Chưa nhập lịch nghỉ lễ, hoán đổi ngày làm việc năm {year}: "
                          "chỉ có ngày lễ theo Bộ luật Lao động.")
        if unconfirmed:
            self.stdout.write(f"Chưa đối chiếu được: {unconfirmed}")
        days_off, make_up = [], []
        day = dt.date(year, 1, 1)
        while day.year == year:
            if day.weekday() < 5 and not calendar.is_working_day(day):
                days_off.append(day)
            elif calendar.is_make_up_day(day):
                make_up.append(day)
            day += dt.timedelta(days=1)
        self.stdout.write("Ngày nghỉ lễ, Tết, nghỉ bù, nghỉ hoán đổi (thứ Hai đến thứ Sáu):")
        for d in days_off:
            what = " — ".join(filter(None, [named.get(d), notes.get(d)])) or "Nghỉ hoán đổi"
            self.stdout.write(f"  {d:%d/%m/%Y} {WEEKDAYS[d.weekday()]:<8} {what}")
        self.stdout.write("Ngày làm việc bù (thứ Bảy, Chủ nhật):")
        for d in make_up:
            self.stdout.write(f"  {d:%d/%m/%Y} {WEEKDAYS[d.weekday()]:<8} {notes.get(d) or 'Làm bù'}")
        if not make_up:
            self.stdout.write("  (không có)")

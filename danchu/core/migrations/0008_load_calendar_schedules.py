"""Load the official yearly holiday and day-swap schedules shipped in core/data/calendar_vn.toml
(Friday 2/1/2026 off, Saturday 10/1/2026 worked: Công văn 12729/VPCP-KGVX of 25/12/2025). Later
schedules come in with `danchu calendar import [FILE]`; both leave alone what is already there."""

from django.db import migrations


def load(apps, schema_editor):
    from danchu.core.calendar import DATA_FILE, parse_schedule

    CalendarYear = apps.get_model("core", "CalendarYear")
    CalendarOverride = apps.get_model("core", "CalendarOverride")
    for sched in parse_schedule(DATA_FILE.read_bytes()):
        CalendarYear.objects.update_or_create(
            year=sched.year, defaults={"source": sched.source, "unconfirmed": sched.unconfirmed})
        for d in sched.days:
            CalendarOverride.objects.update_or_create(day=d.day, defaults={"kind": d.kind, "note": d.note})


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0007_calendar_year'),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]

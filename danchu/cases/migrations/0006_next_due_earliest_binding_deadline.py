"""The date a case's queue shows and the daily sweep flags is the earliest of the deadlines binding its
current state (deadlines.BINDING): recompute it for the open cases stored before, from their stored
deadlines, so a board recommendation (Law 10/2022 Arts. 40, 45) or a complaint awaiting acceptance no
longer waits for the later of its limits."""

from django.db import migrations

BINDING = {"received": ("accept_due", "accept_due_outer", "resolve_due"), "accepted": ("resolve_due",)}


def forwards(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    for case in Case.objects.filter(status__in=list(BINDING)).only("id", "status", "next_due", *BINDING["received"]).iterator():
        dates = [getattr(case, name) for name in BINDING[case.status] if getattr(case, name) is not None]
        earliest = min(dates, default=None)
        if earliest != case.next_due:
            Case.objects.filter(pk=case.pk).update(next_due=earliest)


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_denouncer_account_sealed_files_scoped_idempotency")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

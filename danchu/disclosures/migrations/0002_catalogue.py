"""The statutory catalogue of disclosures (Law 10/2022/QH15 Arts. 11, 13, 46, 64) as data."""

from django.db import migrations


def forwards(apps, schema_editor):
    from danchu.disclosures.catalogue import sync_catalogue

    sync_catalogue(apps)


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

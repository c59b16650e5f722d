"""API tokens expire; sign-in failures move to django-axes; the rate limits' database cache table.

- ApiToken.expires_at: tokens issued before this migration expire DANCHU_API_TOKEN_DAYS after they were
  issued (already expired if older).
- LoginFailure is dropped: django-axes' AccessAttempt counts failed sign-ins now (accounts.backends).
- The table of the "ratelimit" cache (core.ratelimit.CounterDatabaseCache) is created here, so that a
  fresh `danchu migrate` (and the test database) has it; Django's `createcachetable` builds it and
  does nothing if it exists.
"""

import datetime as dt

from django.conf import settings
from django.core.management import call_command
from django.db import migrations, models

RATELIMIT_TABLE = "danchu_ratelimit"


def set_expiry(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    days = getattr(settings, "DANCHU_API_TOKEN_DAYS", 30)
    for token in ApiToken.objects.using(schema_editor.connection.alias).filter(expires_at__isnull=True):
        token.expires_at = token.created_at + dt.timedelta(days=days)
        token.save(update_fields=["expires_at"])


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", RATELIMIT_TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(RATELIMIT_TABLE)}")


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.DeleteModel(
            name="LoginFailure",
        ),
        migrations.AlterModelOptions(
            name="apitoken",
            options={"ordering": ["-created_at", "-id"]},
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(db_index=True, null=True, verbose_name="hết hạn"),
        ),
        migrations.RunPython(set_expiry, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(db_index=True, verbose_name="hết hạn"),
        ),
        migrations.RunPython(create_cache_table, drop_cache_table),
    ]

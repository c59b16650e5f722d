"""The folded text column keeps each word once, where it first appears (core.text.search_words
with distinct=True): the same disclosures match, and the column a search reads row by row is
much shorter."""

from django.db import migrations

from danchu.core.text import search_words

BATCH = 2000


def rewrite(apps, schema_editor):
    Disclosure = apps.get_model("disclosures", "Disclosure")
    last = 0
    while True:
        batch = list(Disclosure.objects.filter(pk__gt=last).order_by("pk").only("search_text")[:BATCH])
        if not batch:
            break
        last = batch[-1].pk
        for d in batch:
            d.search_text = search_words(d.search_text, distinct=True)
        Disclosure.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0006_question_case")]
    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop)]

"""Search matches whole words (core.text.search_words): the folded search columns are
rewritten as space-separated words, and on PostgreSQL the trigram indexes give way to a
full-text GIN indexes on `search_text` and `search_title` with the 'simple' configuration (no stemming, no stop
words: the stored words are the lexemes). A query word `w` is `w` there and `LIKE '% w %'`
everywhere, the same rows. The full-text index answers several rare words together exactly
(posting lists intersected), where the trigram bitmap went lossy and read most of the table.
"""

from django.db import migrations

from danchu.core.text import search_words

BATCH = 2000


def rewrite(apps, schema_editor):
    # The columns hold fold(content); search_words(fold(x)) == search_words(x), so the stored
    # columns are enough: no need to go back to the versions and attachments.
    Disclosure = apps.get_model("disclosures", "Disclosure")
    last = 0
    while True:
        batch = list(Disclosure.objects.filter(pk__gt=last).order_by("pk").only("search_title", "search_text")[:BATCH])
        if not batch:
            break
        last = batch[-1].pk
        for d in batch:
            d.search_title, d.search_text = search_words(d.search_title)[:300], search_words(d.search_text)
        Disclosure.objects.bulk_update(batch, ["search_title", "search_text"])


def indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS disclosure_search_title_trgm")
        cursor.execute("DROP INDEX IF EXISTS disclosure_search_text_trgm")
        cursor.execute("CREATE INDEX IF NOT EXISTS disclosure_search_fts ON disclosures_disclosure "
                       "USING gin (to_tsvector('simple'::regconfig, search_text))")
        cursor.execute("CREATE INDEX IF NOT EXISTS disclosure_title_fts ON disclosures_disclosure "
                       "USING gin (to_tsvector('simple'::regconfig, search_title))")


def drop_fts(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS disclosure_search_fts")
        cursor.execute("DROP INDEX IF EXISTS disclosure_title_fts")


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0004_trigram_search_indexes")]
    operations = [
        migrations.RunPython(rewrite, migrations.RunPython.noop),
        migrations.RunPython(indexes, drop_fts),
    ]

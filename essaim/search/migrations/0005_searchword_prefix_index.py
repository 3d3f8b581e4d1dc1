"""On PostgreSQL, an index that serves `word LIKE 'prefix%'` whatever the database's collation:
the server-mode search expands a word being typed into the published words it begins."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS search_word_prefix ON search_searchword (word varchar_pattern_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_word_prefix")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_searchdocument_sample")]

    operations = [migrations.RunPython(create_index, drop_index)]

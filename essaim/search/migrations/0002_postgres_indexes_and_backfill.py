"""PostgreSQL indexes for the search table, and queue every existing initiative for indexing."""

from django.db import migrations


def create_postgres_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS search_document_vector ON search_searchdocument USING gin (vector)"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS search_document_status_ts ON search_searchdocument (status, sort_ts DESC)"
    )


def drop_postgres_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS search_document_vector")
    schema_editor.execute("DROP INDEX IF EXISTS search_document_status_ts")


def queue_existing(apps, schema_editor):
    Initiative = apps.get_model("catalog", "Initiative")
    IndexQueue = apps.get_model("search", "IndexQueue")
    IndexQueue.objects.bulk_create(
        [IndexQueue(initiative_id=pk) for pk in Initiative.objects.values_list("pk", flat=True)],
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("catalog", "0002_seed_taxonomies"),
    ]

    operations = [
        migrations.RunPython(create_postgres_indexes, drop_postgres_indexes),
        migrations.RunPython(queue_existing, migrations.RunPython.noop),
    ]

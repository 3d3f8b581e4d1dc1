"""PostgreSQL vectors now hold the beginnings of their words (`backends.postgres.PREFIX_MARK`):
queue every initiative so the index is rewritten before the next search (on a large catalogue,
run `essaim search_rebuild` once instead). SQLite's embedded index is not concerned."""

from django.db import migrations


def queue_everything(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "INSERT INTO search_indexqueue (initiative_id, queued_at) "
        "SELECT id, now() FROM catalog_initiative "
        "WHERE id IN (SELECT initiative_id FROM search_searchdocument)"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_searchdocument_sample"),
        ("catalog", "0002_seed_taxonomies"),
    ]

    operations = [migrations.RunPython(queue_everything, migrations.RunPython.noop)]

"""The sample bucket of each search document, for estimated counts, with its PostgreSQL indexes."""

from django.db import migrations, models

# Partial GIN indexes over the first sample buckets: an estimated count reads the posting lists
# of its buckets only (a frequent word's list over the whole table costs tens of milliseconds).
SAMPLE_INDEXES = (1, 2, 4, 8, 16, 32)  # `sample_plan` counts a power of two of buckets
# Same hash as backends.base.sample_bucket, in numeric to stay clear of bigint overflow.
SAMPLE_SQL = "floor(mod(initiative_id::numeric * 2654435761, 4294967296) * 64 / 4294967296)::smallint"
# The facet lexemes the backend adds to each vector (`backends.postgres.facet_token`).
TOKENS_SQL = """array_to_tsvector(
    ARRAY['#statut=' || status]
    || ARRAY(SELECT '#theme=' || code FROM unnest(string_to_array(theme, ' ')) AS code WHERE code <> '')
    || ARRAY(SELECT '#public=' || code FROM unnest(string_to_array(public, ' ')) AS code WHERE code <> '')
    || array_remove(ARRAY[
        CASE WHEN region <> '' THEN '#region=' || region END,
        CASE WHEN departement <> '' THEN '#departement=' || departement END,
        CASE WHEN porteur <> '' THEN '#porteur=' || porteur END,
        CASE WHEN periode <> '' THEN '#periode=' || periode END,
        CASE WHEN annee <> '' THEN '#annee=' || annee END,
        CASE WHEN preuve <> '' THEN '#preuve=' || preuve END
    ], NULL))"""


def sample_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"UPDATE search_searchdocument SET sample = {SAMPLE_SQL}, "  # noqa: S608 - constants of this file
        f"vector = coalesce(vector, ''::tsvector) || {TOKENS_SQL}"
    )
    # The status is now a lexeme of the vector too: the recency order needs an index of its own.
    schema_editor.execute("DROP INDEX IF EXISTS search_document_status_ts")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS search_document_recent "
        "ON search_searchdocument (sort_ts DESC, initiative_id DESC)"
    )
    for buckets in SAMPLE_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS search_document_vector_sample{buckets} "
            f"ON search_searchdocument USING gin (vector) WHERE sample < {buckets}"
        )
    schema_editor.execute("ANALYZE search_searchdocument")


def drop_sample_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS search_document_recent")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS search_document_status_ts ON search_searchdocument (status, sort_ts DESC)"
    )
    for buckets in SAMPLE_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS search_document_vector_sample{buckets}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_search_state"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="sample",
            field=models.SmallIntegerField(default=0),
        ),
        migrations.RunPython(sample_indexes, drop_sample_indexes),
    ]

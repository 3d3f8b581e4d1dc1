"""« Collectivité de Corse » names a région-level actor, like the single collectivities of Martinique
and Guyane: move the seeded term, unless an analyst changed it (then their choice stands)."""

from django.db import migrations

TERM = "Collectivité de Corse"


def move(apps, schema_editor):
    LexiconTerm = apps.get_model("enrichment", "LexiconTerm")
    seeded = LexiconTerm.objects.filter(kind="actor_type", code="departement", term=TERM, weight=3)
    if (
        seeded.exists()
        and not LexiconTerm.objects.filter(kind="actor_type", code="region", term=TERM).exists()
    ):
        seeded.update(code="region", weight=4)
    else:
        seeded.delete()  # the région term is there already (0003 on a fresh database)


class Migration(migrations.Migration):
    dependencies = [("enrichment", "0003_lexicons_new_terms")]

    operations = [migrations.RunPython(move, migrations.RunPython.noop)]

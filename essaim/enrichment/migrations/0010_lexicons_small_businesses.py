"""New actor terms: the small businesses the local press writes about — a restaurant or a
pizzeria, a bakery, a caterer, a launderette, their « gérant », a cook or a « chef étoilé » — and
the makers: a manufacture, a shipyard (« chantier naval », « constructeur naval »).

As in 0003, only missing terms are created: the weights analysts changed are kept."""

import importlib

from django.db import migrations

_seed = importlib.import_module("essaim.enrichment.migrations.0002_seed_lexicons").seed


class Migration(migrations.Migration):
    dependencies = [("enrichment", "0009_lexicons_care_groups_banks_and_ngos")]

    operations = [migrations.RunPython(_seed, migrations.RunPython.noop)]

"""New actor terms: market gardeners, farmers, producers and breeders are businesses, as are taxis,
airlines and theme parks (« une compagnie de taxis » is no theatre company); a sanctuary, a diocese or
a parish is an « autre » body; an « épicerie solidaire » or a « jardin d'insertion » is most often an
association.

As in 0003, only missing terms are created: the weights analysts changed are kept."""

import importlib

from django.db import migrations

_seed = importlib.import_module("essaim.enrichment.migrations.0002_seed_lexicons").seed


class Migration(migrations.Migration):
    dependencies = [("enrichment", "0007_lexicons_workshops_and_national_bodies")]

    operations = [migrations.RunPython(_seed, migrations.RunPython.noop)]

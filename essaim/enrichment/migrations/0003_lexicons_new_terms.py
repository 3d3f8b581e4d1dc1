"""Add the terms the vendored lexicons gained since they were seeded (the army, « centre d'action
sociale », « distillerie », « MEL », « Eurométropole »…). As in 0002, only missing terms are created: the weights
analysts changed are kept. A vendored term they deleted comes back once; a weight of 0 is the
lasting way to neutralise one."""

import importlib

from django.db import migrations

_seed = importlib.import_module("essaim.enrichment.migrations.0002_seed_lexicons").seed


class Migration(migrations.Migration):
    dependencies = [("enrichment", "0002_seed_lexicons")]

    operations = [migrations.RunPython(_seed, migrations.RunPython.noop)]

"""Add the terms the vendored lexicons gained: companies (« exploitant », « grossiste », « librairie »,
« imprimeur »), the State (« gendarme », « décret »), associations (« Adapei », « APAJH »), citizens
(« militant », « maker »), cooperatives, fish merchants, the State's regional services (DRAC…), the CTM.
As in 0003, only missing terms are created: the weights analysts changed are kept."""

import importlib

from django.db import migrations

_seed = importlib.import_module("essaim.enrichment.migrations.0002_seed_lexicons").seed


class Migration(migrations.Migration):
    dependencies = [("enrichment", "0004_corse_is_a_region")]

    operations = [migrations.RunPython(_seed, migrations.RunPython.noop)]

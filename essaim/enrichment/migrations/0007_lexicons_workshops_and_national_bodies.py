"""New actor terms: craft workshops are companies (« une ganterie », « la fromagerie »), a « régie de
quartier » is an association, a national federation or trade union is no sign of the State
(« Fédération nationale des… », « Syndicat national du… »: the organisation's own kind counts), the
bar (« barreau », « avocat ») is a professional body, fishermen, oyster farmers and winegrowers are
businesses, « accueil de loisirs » is mostly the commune's, and a municipal venue (« théâtre
municipal », « place de la mairie ») is a faint sign of the commune: it is often only lent.

As in 0003, only missing terms are created: the weights analysts changed are kept."""

import importlib

from django.db import migrations

_seed = importlib.import_module("essaim.enrichment.migrations.0002_seed_lexicons").seed


class Migration(migrations.Migration):
    dependencies = [("enrichment", "0006_lexicons_hospitals_and_groups")]

    operations = [migrations.RunPython(_seed, migrations.RunPython.noop)]

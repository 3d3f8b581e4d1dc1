"""New actor terms: the care-home groups (« Korian », « Orpea », « DomusVi »), « Crédit Mutuel » and
banks, publishing houses are businesses; an NGO (« l'ONG Solidarités International ») is an
association, not the State's « Solidarités »; so are most orchestras and the « écoles de la deuxième
chance » (faintly: some are run by a Région); a « premier adjoint » speaks for the commune.

As in 0003, only missing terms are created: the weights analysts changed are kept."""

import importlib

from django.db import migrations

_seed = importlib.import_module("essaim.enrichment.migrations.0002_seed_lexicons").seed


class Migration(migrations.Migration):
    dependencies = [("enrichment", "0008_lexicons_farmers_transport_and_worship")]

    operations = [migrations.RunPython(_seed, migrations.RunPython.noop)]

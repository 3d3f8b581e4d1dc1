"""« université » weighs less as a lead actor: the press names it mostly as where the students
are (« les étudiants de l'université », « une distribution à l'université ») rather than as the
body that acts.

A seeded weight is changed only where it is still the seeded one: the weights analysts changed
are kept (as in 0006)."""

import importlib

from django.db import migrations

_hospitals = importlib.import_module("essaim.enrichment.migrations.0006_lexicons_hospitals_and_groups")

# (code, term, seeded weight, new weight) of actor types
REWEIGHED = (("autre", "université", 3.5, 2.5),)


def reweigh(apps, schema_editor):
    _hospitals.reweigh_terms(apps, REWEIGHED)
    _hospitals._seed(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("enrichment", "0010_lexicons_small_businesses")]

    operations = [migrations.RunPython(reweigh, migrations.RunPython.noop)]

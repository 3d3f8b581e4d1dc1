"""Hospitals weigh less as a lead (« au CHU », « les soignants du centre hospitalier » are mostly
recipients or partners); « groupe » and « étudiant » also name citizens (« un groupe de doctorants »,
« des étudiants font réviser les écoliers »). New terms: well-known companies (« Air Liquide »,
« Doctolib »…) and associations (« Unis-Cité », « La Cimade »…), « festival » as a faint sign of an
association (most festivals are run by one), and names where « national » is no sign of the State
(« marché d'intérêt national », « Opéra national »). Theme terms: « entreprise à but d'emploi »,
« Territoires zéro chômeur », « job d'été » (insertion), « foyer départemental de l'enfance »
(child protection).

New terms are created as in 0003; a seeded weight is changed only where it is still the seeded
one: the weights analysts changed are kept."""

import importlib

from django.db import migrations

_seed = importlib.import_module("essaim.enrichment.migrations.0002_seed_lexicons").seed

# (code, term, seeded weight, new weight) of actor types
REWEIGHED = (
    ("autre", "centre hospitalier", 3, 1.5),
    ("autre", "CHU", 3, 1.5),
    ("autre", "centre hospitalier universitaire", 3, 1.5),
    ("autre", "hôpital", 2, 1),
    ("autre", "clinique", 2, 1),
)


def reweigh_terms(apps, reweighed):
    """Each (code, term, seeded weight, new weight) of actor types, where still seeded."""
    LexiconTerm = apps.get_model("enrichment", "LexiconTerm")
    for code, term, seeded, weight in reweighed:
        LexiconTerm.objects.filter(kind="actor_type", code=code, term=term, weight=seeded).update(
            weight=weight
        )


def reweigh(apps, schema_editor):
    reweigh_terms(apps, REWEIGHED)
    _seed(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("enrichment", "0005_lexicons_new_terms")]

    operations = [migrations.RunPython(reweigh, migrations.RunPython.noop)]

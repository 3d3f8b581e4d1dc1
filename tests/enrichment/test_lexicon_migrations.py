"""Lexicon migrations bring the vendored changes to databases seeded earlier, never over an analyst's edit."""

import importlib

import pytest
from django.apps import apps

from essaim.enrichment.models import LexiconTerm

reweigh = importlib.import_module("essaim.enrichment.migrations.0006_lexicons_hospitals_and_groups").reweigh
workshops = importlib.import_module(
    "essaim.enrichment.migrations.0007_lexicons_workshops_and_national_bodies"
)
farmers = importlib.import_module("essaim.enrichment.migrations.0008_lexicons_farmers_transport_and_worship")
ngos = importlib.import_module("essaim.enrichment.migrations.0009_lexicons_care_groups_banks_and_ngos")
shops = importlib.import_module("essaim.enrichment.migrations.0010_lexicons_small_businesses")
university = importlib.import_module("essaim.enrichment.migrations.0011_lexicons_university_weighs_less")

pytestmark = pytest.mark.django_db


def test_hospitals_weigh_less_unless_an_analyst_chose_their_weight():
    LexiconTerm.objects.filter(kind="actor_type", code="autre", term__in=["CHU", "hôpital"]).delete()
    LexiconTerm.objects.filter(kind="actor_type", code="collectif_citoyen", term="groupe").delete()
    LexiconTerm.objects.create(kind="actor_type", code="autre", term="CHU", weight=3, case_sensitive=True)
    LexiconTerm.objects.create(kind="actor_type", code="autre", term="hôpital", weight=2.5)  # an analyst's

    reweigh(apps, None)

    weights = dict(LexiconTerm.objects.filter(kind="actor_type").values_list("term", "weight"))
    assert weights["CHU"] == 1.5
    assert weights["hôpital"] == 2.5
    assert LexiconTerm.objects.filter(kind="actor_type", code="collectif_citoyen", term="groupe").exists()


@pytest.mark.parametrize(("before", "after"), [(3.5, 2.5), (4, 4)])  # seeded, then an analyst's
def test_the_university_weighs_less_unless_an_analyst_chose_its_weight(before, after):
    LexiconTerm.objects.filter(kind="actor_type", code="autre", term="université").update(weight=before)

    university.reweigh(apps, None)

    assert LexiconTerm.objects.get(kind="actor_type", code="autre", term="université").weight == after


@pytest.mark.parametrize(
    ("migration", "missing", "edited"),
    [
        (workshops, {"ganterie": 1.5, "régie de quartier": 2.5, "barreau": 3}, "fromagerie"),
        (farmers, {"maraîcher": 1.5, "compagnie de taxis": 2.5, "diocèse": 3}, "taxi"),
        (ngos, {"Korian": 3, "ONG": 3, "orchestre": 1.5, "premier adjoint": 2.5}, "banque"),
        (shops, {"pizzeria": 2, "gérant": 2, "chef étoilé": 2.5, "constructeur naval": 3}, "restaurant"),
    ],
)
def test_new_terms_are_added_where_missing_and_an_analyst_s_weight_is_kept(migration, missing, edited):
    LexiconTerm.objects.filter(kind="actor_type", term__in=list(missing)).delete()
    LexiconTerm.objects.filter(kind="actor_type", term=edited).update(weight=0.25)  # an analyst's

    migration.Migration.operations[0].code(apps, None)

    weights = dict(LexiconTerm.objects.filter(kind="actor_type").values_list("term", "weight"))
    assert {term: weights[term] for term in missing} == missing
    assert weights[edited] == 0.25

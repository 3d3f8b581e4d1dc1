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


def test_workshops_and_national_bodies_are_added_where_missing():
    LexiconTerm.objects.filter(
        kind="actor_type", term__in=["ganterie", "régie de quartier", "barreau"]
    ).delete()
    LexiconTerm.objects.filter(kind="actor_type", term="fromagerie").update(weight=0.5)  # an analyst's

    workshops.Migration.operations[0].code(apps, None)

    weights = dict(LexiconTerm.objects.filter(kind="actor_type").values_list("term", "weight"))
    assert weights["ganterie"] == 1.5
    assert weights["régie de quartier"] == 2.5
    assert weights["barreau"] == 3
    assert weights["fromagerie"] == 0.5


def test_farmers_transport_and_worship_are_added_where_missing():
    LexiconTerm.objects.filter(
        kind="actor_type", term__in=["maraîcher", "compagnie de taxis", "diocèse"]
    ).delete()
    LexiconTerm.objects.filter(kind="actor_type", term="taxi").update(weight=0.5)  # an analyst's

    farmers.Migration.operations[0].code(apps, None)

    weights = dict(LexiconTerm.objects.filter(kind="actor_type").values_list("term", "weight"))
    assert weights["maraîcher"] == 1.5
    assert weights["compagnie de taxis"] == 2.5
    assert weights["diocèse"] == 3
    assert weights["taxi"] == 0.5


def test_care_groups_banks_and_ngos_are_added_where_missing():
    LexiconTerm.objects.filter(kind="actor_type", term__in=["Korian", "ONG", "orchestre"]).delete()
    LexiconTerm.objects.filter(kind="actor_type", term="banque").update(weight=2)  # an analyst's

    ngos.Migration.operations[0].code(apps, None)

    weights = dict(LexiconTerm.objects.filter(kind="actor_type").values_list("term", "weight"))
    assert weights["Korian"] == 3
    assert weights["ONG"] == 3
    assert weights["orchestre"] == 1.5
    assert weights["banque"] == 2

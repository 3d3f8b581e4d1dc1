"""Taxonomies are data, seeded with the observatory's codes."""

import pytest

from essaim.catalog.models import ActorType, Public, Theme

pytestmark = pytest.mark.django_db


def test_taxonomies_hold_exactly_the_seed_codes_with_french_labels():
    """Themes, publics and actor types contain the corpus vocabularies, each with a French label."""
    assert set(Theme.objects.values_list("code", flat=True)) == {
        "accompagnement_publics",
        "alimentation_agriculture",
        "autonomie_age_handicap",
        "culture",
        "economie_entreprises",
        "enfance_education",
        "protection_enfance",
        "violences_conjugales_intrafamiliales",
        "sante",
        "insertion",
    }
    assert Public.objects.count() == 13
    assert ActorType.objects.count() == 10
    assert (
        Theme.objects.get(code="economie_entreprises").label == "Économie et accompagnement des entreprises"
    )
    assert all(theme.description for theme in Theme.objects.all())

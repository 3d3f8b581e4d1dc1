"""The geography admin: searchable and read-only (the loader is the one writer)."""

import pytest
from django.urls import reverse

from essaim.territories.models import Level, Territory

pytestmark = pytest.mark.django_db


def test_changelist_search_ignores_accents_and_saint_abbreviation(admin_client):
    """Searching "st etienne" in the admin finds Saint-Étienne."""
    response = admin_client.get(reverse("admin:territories_territory_changelist"), {"q": "st etienne"})
    assert response.status_code == 200
    assert "Saint-Étienne" in response.content.decode()


def test_changelist_filters_by_level_and_zone(admin_client):
    """The list filters by level and zone."""
    url = reverse("admin:territories_territory_changelist")
    response = admin_client.get(url, {"level__exact": Level.DEPARTEMENT, "zone__exact": "drom"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 5


def test_territory_page_is_read_only(admin_client):
    """A territory's page shows its figures and aliases but offers no save or delete."""
    marseille = Territory.objects.get(level=Level.COMMUNE, code="13055")
    response = admin_client.get(reverse("admin:territories_territory_change", args=[marseille.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Marseille 1er Arrondissement" in content
    assert 'name="_save"' not in content
    assert admin_client.get(reverse("admin:territories_territory_add")).status_code == 403

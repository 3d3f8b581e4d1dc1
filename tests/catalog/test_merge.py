"""Merging two initiatives keeps everything that was reported about both."""

import pytest
from django.core.exceptions import ValidationError

from essaim.catalog.models import Source, Status
from essaim.catalog.services import initiative_merge
from tests.factories import InitiativeFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_merge_keeps_both_sources_and_themes():
    """After a merge, the kept initiative holds the sources and themes of both; the other points to it."""
    analyst = UserFactory(analyst=True)
    kept = InitiativeFactory(published=True, themes=["autonomie_age_handicap"], sources=1)
    duplicate = InitiativeFactory(
        themes=["alimentation_agriculture"], sources=0, description="Détails en plus."
    )
    SourceFactory(initiative=duplicate, from_watch=True, publisher="Ouest-France")

    initiative_merge(target=kept, duplicate=duplicate, by=analyst)

    kept.refresh_from_db()
    duplicate.refresh_from_db()
    assert kept.sources.count() == 2
    assert "Ouest-France" in set(kept.sources.values_list("publisher", flat=True))
    assert [link.theme.code for link in kept.theme_links.all()] == [
        "autonomie_age_handicap",
        "alimentation_agriculture",
    ]
    assert kept.description == "Détails en plus."
    assert duplicate.status == Status.MERGED
    assert duplicate.merged_into == kept
    assert duplicate.transitions.last().by == analyst


def test_merge_into_itself_is_refused():
    """An initiative cannot absorb itself."""
    initiative = InitiativeFactory()
    with pytest.raises(ValidationError, match="elle-même"):
        initiative_merge(target=initiative, duplicate=initiative)


def test_merged_initiative_page_redirects_to_the_kept_one(client):
    """Old links to a merged initiative lead to the initiative it was merged into."""
    kept = InitiativeFactory(published=True)
    duplicate = InitiativeFactory(published=True)
    initiative_merge(target=kept, duplicate=duplicate)

    response = client.get(f"/initiatives/{duplicate.pk}/")

    assert response.status_code == 301
    assert response["Location"] == f"/initiatives/{kept.pk}/"


def test_merged_into_a_draft_stays_hidden_from_visitors(client):
    """A redirect never reveals an unpublished initiative to a visitor."""
    kept = InitiativeFactory()
    duplicate = InitiativeFactory(published=True)
    initiative_merge(target=kept, duplicate=duplicate)

    assert client.get(f"/initiatives/{duplicate.pk}/").status_code == 404


def test_merge_records_the_moved_sources_in_the_history():
    """The merge's history row says which sources moved; each moved source has a history row."""
    kept = InitiativeFactory(sources=1)
    duplicate = InitiativeFactory(sources=2)
    moved = list(duplicate.sources.values_list("pk", flat=True))

    initiative_merge(target=kept, duplicate=duplicate)

    note = duplicate.transitions.last().note
    assert all(f"n° {pk}" in note for pk in moved)
    assert all(Source.history.filter(id=pk, initiative_id=kept.pk).exists() for pk in moved)

"""Sources: validated on the way in, and what a contributor typed stays private."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from essaim.catalog.models import Initiative, Source, SourceKind
from essaim.catalog.services import InitiativeData, SourceData, initiative_create, source_add
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def test_a_javascript_url_is_refused():
    """A source URL must be a web address: « javascript: » links never reach a page."""
    initiative = InitiativeFactory(sources=0)
    with pytest.raises(ValidationError):
        source_add(initiative=initiative, data=SourceData(kind=SourceKind.WATCH, url="javascript:alert(1)"))
    assert not Source.objects.exists()


def test_an_unknown_source_kind_is_refused():
    """The origin of a source is one of the known kinds."""
    initiative = InitiativeFactory(sources=0)
    with pytest.raises(ValidationError):
        source_add(initiative=initiative, data=SourceData(kind="rumeur"))


def test_an_external_key_attached_elsewhere_is_refused_in_french():
    """A report already attached to another initiative is not silently dropped."""
    first, second = InitiativeFactory(sources=0), InitiativeFactory(sources=0)
    source_add(initiative=first, data=SourceData(kind=SourceKind.IMPORT, external_key="tableur:12"))
    with pytest.raises(ValidationError, match="déjà rattachée à l'initiative"):
        source_add(initiative=second, data=SourceData(kind=SourceKind.IMPORT, external_key="tableur:12"))


def test_an_initiative_without_any_source_is_refused():
    """Every initiative keeps at least one source (provenance)."""
    data = InitiativeData(
        title="Sans source",
        summary="Une initiative dont personne ne dit d'où elle vient.",
        territory_level="national",
        territory_code="FR",
        theme_codes=["sante"],
        start_date=dt.date(2020, 4, 1),
    )
    with pytest.raises(ValidationError, match="au moins une source"):
        initiative_create(data=data)
    assert not Initiative.objects.exists()


def test_contributed_text_with_personal_data_is_not_shown_to_visitors(client, django_user_model):
    """What a contributor typed (often with their e-mail) is shown to staff, never to visitors."""
    initiative = InitiativeFactory(published=True, sources=0)
    source_add(
        initiative=initiative,
        data=SourceData(kind=SourceKind.CONTRIBUTION, raw_text="Écrivez-moi : jeanne.dupont@cd59.fr"),
    )
    url = f"/initiatives/{initiative.pk}/"

    assert "jeanne.dupont@cd59.fr" not in client.get(url).text

    client.force_login(django_user_model.objects.create_user("analyste-src", role="analyste"))
    assert "jeanne.dupont@cd59.fr" in client.get(url).text

"""Creating initiatives through the service: valid input is saved whole, bad input is refused in French."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from essaim.catalog.models import Initiative, Source, Status
from essaim.catalog.periods import Period
from essaim.catalog.services import InitiativeData, SourceData, initiative_create

pytestmark = pytest.mark.django_db


def _data(**overrides) -> InitiativeData:
    values = {
        "title": "Un numéro d'écoute pour les aidants",
        "summary": "Le Département ouvre une ligne téléphonique pour les aidants familiaux.",
        "territory_level": "departement",
        "territory_code": "59",
        "theme_codes": ["autonomie_age_handicap", "sante"],
        "public_codes": ["personnes_agees"],
        "start_date": dt.date(2020, 4, 2),
        "sources": [
            SourceData(kind="saisie", publisher="La Voix du Nord", url="https://presse.example.org/a")
        ],
    }
    values.update(overrides)
    return InitiativeData(**values)


def test_create_saves_territory_themes_in_order_publics_sources_and_period():
    """A valid initiative is saved with its ordered themes, publics, source and derived period."""
    initiative = initiative_create(data=_data(), status=Status.PUBLISHED)

    assert initiative.territory.name == "Nord"
    assert [link.theme.code for link in initiative.theme_links.all()] == ["autonomie_age_handicap", "sante"]
    assert list(initiative.publics.values_list("code", flat=True)) == ["personnes_agees"]
    assert initiative.sources.get().publisher == "La Voix du Nord"
    assert initiative.crisis_period == Period.LOCKDOWN_1
    assert initiative.published_at is not None
    assert [t.to_status for t in initiative.transitions.all()] == [
        "brouillon",
        "soumise",
        "qualifiee",
        "publiee",
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"territory_code": "99"}, "Le territoire « 99 » (département) n'existe pas"),
        (
            {"territory_level": "commune", "territory_code": "00000"},
            "Le territoire « 00000 » (commune) n'existe pas",
        ),
        (
            {"theme_codes": ["sante", "astrologie"]},
            "Thématique inconnue(s) dans la nomenclature : « astrologie »",
        ),
        ({"public_codes": ["martiens"]}, "Public inconnue(s) dans la nomenclature : « martiens »"),
        (
            {"start_date": dt.date(2020, 5, 1), "end_date": dt.date(2020, 4, 1)},
            "La date de fin (01/04/2020) précède la date de début (01/05/2020)",
        ),
        ({"theme_codes": []}, "Indiquez au moins une thématique"),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_is_saved(overrides, message):
    """An unknown territory, theme or public, or an end before the start, is refused; nothing half-saved."""
    with pytest.raises(ValidationError) as error:
        initiative_create(data=_data(**overrides))

    assert message in error.value.messages[0]
    assert not Initiative.objects.exists()
    assert not Source.objects.exists()


def test_database_refuses_an_end_before_the_start_even_outside_the_service():
    """The date rule is also a database constraint, so no import path can bypass it."""
    initiative = initiative_create(data=_data())
    initiative.end_date = dt.date(2019, 1, 1)

    with pytest.raises(ValidationError) as error:
        initiative.full_clean()
    assert "La date de fin ne peut pas précéder la date de début." in str(error.value)


def test_editing_the_start_date_recomputes_the_period():
    """The crisis period is derived on every save, never typed by hand."""
    initiative = initiative_create(data=_data())
    initiative.start_date = dt.date(2020, 11, 2)
    initiative.save(update_fields=["start_date"])

    initiative.refresh_from_db()
    assert initiative.crisis_period == Period.LOCKDOWN_2


def test_an_initiative_cannot_be_created_as_merged():
    """« Fusionnée » is reached only by a merge, never given at creation."""
    with pytest.raises(ValidationError, match="Statut initial impossible"):
        initiative_create(data=_data(), status=Status.MERGED)
    assert not Initiative.objects.exists()

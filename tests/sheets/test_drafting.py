"""The generated first draft: every section, the experts' comments, the « Brouillon » marker."""

import pytest
from django.core.exceptions import ValidationError
from django.utils.html import escape

from essaim.catalog.models import Actor, ActorType
from essaim.sheets.models import Sheet, SheetStatus
from essaim.sheets.sections import DRAFT_MARKER, SECTIONS
from essaim.sheets.workflow import GENERATED_NOTE, sheet_create
from tests.factories import InitiativeFactory, initiative_selected, sheet_drafted

pytestmark = pytest.mark.django_db


def test_draft_has_every_section_and_the_marker(client, expert):
    """The staff page of a generated draft shows every section title and the « Brouillon » marker."""
    sheet = sheet_drafted(
        by=expert,
        description="Des bénévoles livrent les repas.",
        results="1 200 repas livrés.",
        budget=15000,
        funding="Commune et CAF.",
        staff="Deux agents et dix bénévoles.",
    )
    client.force_login(expert)

    response = client.get(f"/fiches/{sheet.pk}/")

    assert response.status_code == 200
    for _, title in SECTIONS:
        assert f">{escape(title)}</h2>" in response.text
    assert f'<p class="draft-marker" role="note">{DRAFT_MARKER}</p>' in response.text
    version = sheet.current_version
    assert version.is_generated and version.number == 1
    assert set(version.sections) == {code for code, _ in SECTIONS}
    assert "1 200 repas livrés." in version.sections["impact_social"]
    assert "15" in version.sections["impact_financier"]
    assert "Des bénévoles livrent les repas." in version.sections["modalites"]
    assert "<p>Commune et CAF.</p>" in version.sections["impact_financier"]
    assert not any("&lt;" in html for html in version.sections.values())  # escaped once, never twice


def test_draft_quotes_the_experts_comments_where_they_belong(expert):
    """Comments on a criterion land in its section; strong criteria are offered as strengths."""
    sheet = sheet_drafted(by=expert)
    sections = sheet.current_version.sections

    assert "Commentaire sur efficacite" in sections["impact_social"]
    assert "Commentaire sur transferabilite" in sections["essaimage"]
    assert "Commentaire sur perennite" in sections["perennisation"]
    assert "Efficacité" in sections["points_forts"] or "efficacit" in sections["points_forts"].lower()
    assert "Adapter" in sections["essaimage"]


def test_draft_copies_sources_and_partners_but_never_the_contact_person(expert):
    """Sources and partners are copied; the personal contact (name, e-mail, phone) never is."""
    sheet = sheet_drafted(by=expert)
    initiative = sheet.initiative
    partner = Actor.objects.create(name="Banque alimentaire du Nord", type=ActorType.objects.first())
    initiative.partners.add(partner)
    sheet.delete()
    sheet = sheet_create(initiative=initiative, by=expert)
    sections = sheet.current_version.sections
    source = initiative.sources.get()

    assert source.url in sections["sources"]
    assert "Banque alimentaire du Nord" in sections["moyens"]
    text = " ".join(sections.values())
    assert initiative.contact_name not in text
    assert initiative.contact_email not in text
    assert initiative.contact_phone not in text


def test_only_a_selected_initiative_gets_a_fiche(expert):
    """No fiche for an initiative without a « retenue » decision; one fiche per initiative."""
    with pytest.raises(ValidationError, match="initiative retenue"):
        sheet_create(initiative=InitiativeFactory(published=True), by=expert)
    initiative = initiative_selected()
    sheet_create(initiative=initiative, by=expert)
    with pytest.raises(ValidationError, match="déjà sa fiche"):
        sheet_create(initiative=initiative, by=expert)


def test_staff_generate_the_draft_from_the_list(client, expert):
    """The list offers selected initiatives without a fiche; one click generates the draft."""
    initiative = initiative_selected()
    client.force_login(expert)

    listing = client.get("/fiches/")
    assert initiative.title in listing.text
    response = client.post(f"/fiches/nouvelle/{initiative.pk}/")

    sheet = Sheet.objects.get(initiative=initiative)
    assert response.status_code == 302 and response["Location"] == f"/fiches/{sheet.pk}/"
    assert sheet.status == SheetStatus.DRAFT
    assert sheet.transitions.get().note == GENERATED_NOTE


def test_editing_removes_the_marker(client, expert):
    """Once a person saves the fiche, the « Brouillon généré automatiquement » marker goes."""
    sheet = sheet_drafted(by=expert)
    client.force_login(expert)
    data = {code: html for code, html in sheet.current_version.sections.items()}
    data["recommandations"] = "<p>Commencer petit.</p>"

    response = client.post(f"/fiches/{sheet.pk}/modifier/", data)

    assert response.status_code == 302
    page = client.get(f"/fiches/{sheet.pk}/")
    assert 'class="draft-marker"' not in page.text
    assert DRAFT_MARKER not in page.text.split('id="historique"')[0]
    assert "Commencer petit." in page.text

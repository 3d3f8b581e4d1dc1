"""Versions: each save is a version (author, date); a readable diff; restore makes a new version."""

import pytest
from django.core.exceptions import ValidationError

from essaim.sheets.models import SheetStatus
from essaim.sheets.versions import NOTHING_CHANGED, text_diff, version_restore, version_save, versions_diff
from essaim.sheets.workflow import sheet_submit
from tests.factories import sheet_drafted

pytestmark = pytest.mark.django_db


def _edited(sheet, **changes):
    sections = dict(sheet.current_version.sections)
    sections.update(changes)
    return sections


def test_each_save_is_a_new_version_with_author_and_date(expert, reviewer):
    """Two saves by two people: versions 2 and 3, each with its author; version 1 untouched."""
    sheet = sheet_drafted(by=expert)
    first = sheet.current_version
    second = version_save(
        sheet=sheet, sections=_edited(sheet, objectifs="<p>Rompre l'isolement.</p>"), by=expert
    )
    sheet.refresh_from_db()
    third = version_save(
        sheet=sheet,
        sections=_edited(sheet, limites="<p>Dépend des bénévoles.</p>"),
        by=reviewer,
        note="Limites",
    )

    sheet.refresh_from_db()
    assert [v.number for v in sheet.versions.all()] == [3, 2, 1]
    assert (second.author, third.author, third.note) == (expert, reviewer, "Limites")
    assert third.created_at >= second.created_at
    assert sheet.current_version == third
    first.refresh_from_db()
    assert first.is_generated and "Rompre" not in first.sections["objectifs"]


def test_saving_nothing_new_is_refused(expert):
    """A save without any change creates no version, with a French message."""
    sheet = sheet_drafted(by=expert)
    with pytest.raises(ValidationError, match="Aucune modification"):
        version_save(sheet=sheet, sections=dict(sheet.current_version.sections), by=expert)
    assert sheet.versions.count() == 1
    assert "Aucune modification" in NOTHING_CHANGED


def test_text_diff_marks_added_removed_and_unchanged_lines():
    lines = text_diff("un\ndeux\ntrois", "un\ndeux bis\ntrois\nquatre")
    assert [(line.kind, line.text) for line in lines] == [
        ("same", "un"),
        ("removed", "deux"),
        ("added", "deux bis"),
        ("same", "trois"),
        ("added", "quatre"),
    ]
    assert [line.label for line in lines][:3] == ["Inchangé", "Supprimé", "Ajouté"]


def test_diff_page_shows_the_changes_with_french_labels(client, expert):
    """Comparing versions 1 and 2 shows what was removed and added, section by section."""
    sheet = sheet_drafted(by=expert)
    old = sheet.current_version
    new = version_save(
        sheet=sheet, sections=_edited(sheet, recommandations="<ul><li>Associer le CCAS.</li></ul>"), by=expert
    )
    diff = {part.code: part for part in versions_diff(old, new)}
    assert diff["recommandations"].changed and not diff["contexte"].changed
    client.force_login(expert)

    response = client.get(f"/fiches/{sheet.pk}/versions/comparer/?de=1&a=2")

    assert response.status_code == 200
    assert "Comparaison de la version 1 avec la version 2" in response.text
    assert "Ajouté :</span> • Associer le CCAS." in response.text
    assert "Supprimé :</span> À rédiger." in response.text
    assert "section inchangée" in response.text
    assert client.get(f"/fiches/{sheet.pk}/versions/").status_code == 200


def test_restore_creates_a_new_version_and_sends_back_to_draft(client, expert):
    """Restoring version 2 from version 3 makes version 4 with version 2's content; history kept."""
    sheet = sheet_drafted(by=expert)
    two = version_save(sheet=sheet, sections=_edited(sheet, objectifs="<p>Version deux.</p>"), by=expert)
    sheet.refresh_from_db()
    version_save(sheet=sheet, sections=_edited(sheet, objectifs="<p>Version trois.</p>"), by=expert)
    sheet.refresh_from_db()
    sheet_submit(sheet=sheet, by=expert)
    client.force_login(expert)

    response = client.post(f"/fiches/{sheet.pk}/versions/2/restaurer/")

    assert response.status_code == 302
    sheet.refresh_from_db()
    four = sheet.current_version
    assert four.number == 4 and four.sections == two.sections
    assert four.note == "Restauration de la version 2" and four.author == expert
    assert sheet.versions.count() == 4
    assert sheet.status == SheetStatus.DRAFT  # a change withdraws the fiche from review
    with pytest.raises(ValidationError, match="déjà le contenu actuel"):
        version_restore(sheet=sheet, version=four, by=expert)


def test_restoring_the_generated_draft_brings_the_marker_back(expert):
    sheet = sheet_drafted(by=expert)
    one = sheet.current_version
    version_save(sheet=sheet, sections=_edited(sheet, objectifs="<p>Relu.</p>"), by=expert)
    sheet.refresh_from_db()
    assert version_restore(sheet=sheet, version=one, by=expert).is_generated


def test_editor_page_and_a_save_without_change(client, expert):
    """The editor shows every section; saving it unchanged answers 400 with a French message."""
    sheet = sheet_drafted(by=expert)
    client.force_login(expert)
    page = client.get(f"/fiches/{sheet.pk}/modifier/")
    assert page.status_code == 200
    assert "Brouillon généré automatiquement — à relire" in page.text

    response = client.post(f"/fiches/{sheet.pk}/modifier/", dict(sheet.current_version.sections))

    assert response.status_code == 400
    assert "Aucune modification" in response.text
    assert sheet.versions.count() == 1

"""Review and approval by a second person, then publication; every step in the history."""

import pytest
from django.core.exceptions import ValidationError

from essaim.review.decisions import decision_record
from essaim.review.models import Outcome
from essaim.sheets.models import SheetStatus
from essaim.sheets.versions import version_save
from essaim.sheets.workflow import (
    SELF_APPROVAL,
    sheet_approve,
    sheet_publish,
    sheet_request_changes,
    sheet_submit,
)
from tests.factories import sheet_drafted

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(expert):
    """A fiche edited by the expert and submitted for review."""
    sheet = sheet_drafted(by=expert)
    sections = dict(sheet.current_version.sections, recommandations="<p>Associer le CCAS.</p>")
    version_save(sheet=sheet, sections=sections, by=expert)
    return sheet_submit(sheet=sheet, by=expert)


def test_the_untouched_generated_draft_cannot_be_submitted(expert):
    sheet = sheet_drafted(by=expert)
    with pytest.raises(ValidationError, match="doit être relu et modifié"):
        sheet_submit(sheet=sheet, by=expert)


def test_self_approval_is_refused(client, expert, submitted):
    """The author cannot approve their own fiche: refused with a French message, status unchanged."""
    with pytest.raises(ValidationError) as refused:
        sheet_approve(sheet=submitted, by=expert)
    assert refused.value.messages == [SELF_APPROVAL]
    client.force_login(expert)

    response = client.post(f"/fiches/{submitted.pk}/approuver/", follow=True)

    assert SELF_APPROVAL.replace("'", "&#x27;") in response.text
    submitted.refresh_from_db()
    assert submitted.status == SheetStatus.IN_REVIEW and submitted.approved_version is None


def test_a_coauthor_cannot_approve_either(expert, reviewer, submitted):
    """Whoever edited any version is an author (the one who only generated the draft is not)."""
    submitted.status = SheetStatus.DRAFT
    submitted.save()
    sections = dict(submitted.current_version.sections, limites="<p>Coût du transport.</p>")
    version_save(sheet=submitted, sections=sections, by=reviewer)
    sheet_submit(sheet=submitted, by=expert)
    with pytest.raises(ValidationError, match="autre personne"):
        sheet_approve(sheet=submitted, by=reviewer)


def test_second_person_approves_then_an_analyst_publishes(client, expert, reviewer, analyst, submitted):
    """Draft → in review → approved → published, a history row each; the public reads it."""
    client.force_login(reviewer)
    assert client.post(f"/fiches/{submitted.pk}/approuver/", {"note": "Très clair."}).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == SheetStatus.APPROVED
    assert submitted.approved_version == submitted.current_version

    client.force_login(reviewer)
    client.post(f"/fiches/{submitted.pk}/publier/")  # experts do not publish
    submitted.refresh_from_db()
    assert submitted.status == SheetStatus.APPROVED

    client.force_login(analyst)
    client.post(f"/fiches/{submitted.pk}/publier/")
    submitted.refresh_from_db()
    assert submitted.status == SheetStatus.PUBLISHED
    assert submitted.published_version == submitted.approved_version and submitted.published_at
    steps = [(t.from_status, t.to_status) for t in submitted.transitions.order_by("at", "pk")]
    assert steps == [
        ("", "brouillon"),
        ("brouillon", "relecture"),
        ("relecture", "approuvee"),
        ("approuvee", "publiee"),
    ]
    client.logout()
    assert "Associer le CCAS." in client.get(f"/fiches/{submitted.pk}/").text


def test_request_changes_needs_a_note(reviewer, submitted):
    with pytest.raises(ValidationError, match="Indiquez ce qui doit être repris"):
        sheet_request_changes(sheet=submitted, by=reviewer, note=" ")
    sheet = sheet_request_changes(sheet=submitted, by=reviewer, note="Préciser le budget.")
    assert sheet.status == SheetStatus.DRAFT


def test_only_an_approved_fiche_is_published(analyst, submitted):
    with pytest.raises(ValidationError, match="Seule une fiche approuvée"):
        sheet_publish(sheet=submitted, by=analyst)


def test_editing_a_published_fiche_keeps_the_published_edition_for_the_public(
    client, expert, reviewer, analyst, submitted
):
    """A new edition goes back to draft; visitors keep reading the published one until it is replaced."""
    sheet_approve(sheet=submitted, by=reviewer)
    sheet = sheet_publish(sheet=submitted, by=analyst)
    published = sheet.published_version
    sections = dict(sheet.current_version.sections, recommandations="<p>Nouvelle édition.</p>")
    version_save(sheet=sheet, sections=sections, by=expert)
    sheet.refresh_from_db()

    assert sheet.status == SheetStatus.DRAFT and sheet.published_version == published
    page = client.get(f"/fiches/{sheet.pk}/").text
    assert "Associer le CCAS." in page and "Nouvelle édition." not in page


def test_a_fiche_is_not_published_once_the_initiative_is_no_longer_selected(reviewer, analyst, submitted):
    sheet_approve(sheet=submitted, by=reviewer)
    entry = submitted.initiative.shortlisting
    decision_record(entry=entry, outcome=Outcome.WAITING, rationale="Revue du budget.", by=analyst)
    with pytest.raises(ValidationError, match="n'est plus retenue"):
        sheet_publish(sheet=submitted, by=analyst)

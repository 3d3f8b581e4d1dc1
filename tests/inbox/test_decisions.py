"""Decisions: accept (create or update), merge (keep every source, take picked fields), reject."""

import pytest
from django.core.exceptions import ValidationError

from essaim.catalog.models import Initiative, Source, SourceKind, Status
from essaim.inbox.decisions import (
    AcceptEdits,
    candidate_accept,
    candidate_merge,
    candidate_reject,
    candidates_decide,
)
from essaim.inbox.models import CandidateStatus
from essaim.inbox.services import CandidateData
from essaim.inbox.signals import candidate_decided
from tests.factories import InitiativeFactory, UserFactory, territory
from tests.inbox.factories import from_contribution, from_watch, received

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst():
    return UserFactory(analyst=True, first_name="Léa", last_name="Martin")


@pytest.fixture
def decided():
    """The candidates `candidate_decided` was sent for."""
    seen = []

    def listener(sender, candidate, **kwargs):
        seen.append((candidate.pk, candidate.status))

    candidate_decided.connect(listener)
    yield seen
    candidate_decided.disconnect(listener)


def test_accept_and_publish_creates_the_initiative_with_its_source_and_edited_labels(analyst, decided):
    candidate = from_watch()
    edits = AcceptEdits(
        title="Repas à domicile pour les aînés de Roubaix",
        summary="Le CCAS livre des repas chauds aux personnes âgées isolées.",
        territory=territory("commune", "59512"),
        theme_codes=("alimentation_agriculture", "autonomie_age_handicap"),
        public_codes=("personnes_agees",),
        lead_actor_name="CCAS de Roubaix",
        lead_actor_type_code="ccas_cias",
    )
    initiative = candidate_accept(candidate=candidate, by=analyst, edits=edits, publish=True)

    assert initiative.status == Status.PUBLISHED
    assert initiative.title == "Repas à domicile pour les aînés de Roubaix"
    assert [link.theme.code for link in initiative.theme_links.all()] == [
        "alimentation_agriculture",
        "autonomie_age_handicap",
    ]
    assert initiative.lead_actor.type.code == "ccas_cias"
    assert initiative.contact_email == "claire.dubois@ccas-roubaix.example.fr"
    source = initiative.sources.get()
    assert source.kind == SourceKind.WATCH
    assert source.url == "https://presse.example.org/roubaix-repas"
    assert source.publisher == "La Voix du Nord"
    assert "livre des repas" in source.raw_text
    assert source.title == "Flux RSS « La Voix du Nord »"
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.ACCEPTED
    assert candidate.initiative == initiative
    assert candidate.decided_by == analyst
    assert decided == [(candidate.pk, CandidateStatus.ACCEPTED)]


def test_accept_without_publishing_leaves_the_initiative_qualified(analyst):
    initiative = candidate_accept(candidate=from_contribution(), by=analyst)
    assert initiative.status == Status.QUALIFIED
    assert initiative.sources.get().kind == SourceKind.CONTRIBUTION
    assert [public.code for public in initiative.publics.all()] == ["personnes_agees"]


def test_a_candidate_without_territory_cannot_be_accepted_until_one_is_given(analyst):
    candidate = received(
        CandidateData(title="Une épicerie solidaire", summary="Une épicerie solidaire ouvre.")
    )
    with pytest.raises(ValidationError) as error:
        candidate_accept(candidate=candidate, by=analyst)
    assert "territoire" in error.value.message_dict["territory"][0]
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.PENDING


def test_a_reopened_contribution_updates_its_initiative(analyst):
    """The contributor corrects the initiative: accepting the correction updates it, no second one."""
    initiative = candidate_accept(
        candidate=from_contribution(key="contribution:42"), by=analyst, publish=True
    )
    correction = from_contribution(
        key="contribution:42", title="Portage de repas (corrigé)", results="300 repas livrés par semaine."
    )
    updated = candidate_accept(candidate=correction, by=analyst)

    assert updated.pk == initiative.pk
    assert Initiative.objects.count() == 1
    updated.refresh_from_db()
    assert updated.title == "Portage de repas (corrigé)"
    assert updated.results == "300 repas livrés par semaine."
    assert updated.status == Status.PUBLISHED  # a correction does not withdraw it
    assert updated.sources.count() == 2  # both reports are kept
    assert updated.history.filter(title=initiative.title).exists()


def test_merge_keeps_every_source_and_takes_only_the_picked_fields(analyst, decided):
    target = InitiativeFactory(
        published=True, title="Repas aux aînés", summary="Résumé d'origine.", staff="", sources=2
    )
    candidate = from_contribution(staff="Deux agents du CCAS.", results="Cent repas par jour.")
    candidate_merge(candidate=candidate, target=target, by=analyst, take={"staff", "results"})

    target.refresh_from_db()
    assert target.title == "Repas aux aînés"
    assert target.summary == "Résumé d'origine."
    assert target.staff == "Deux agents du CCAS."
    assert target.results == "Cent repas par jour."
    assert target.sources.count() == 3
    assert target.status == Status.PUBLISHED
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.MERGED
    assert candidate.initiative == target
    assert decided == [(candidate.pk, CandidateStatus.MERGED)]


def test_merge_can_take_the_candidates_title_and_themes(analyst):
    target = InitiativeFactory(published=True, themes=["sante"])
    candidate = from_contribution()
    candidate_merge(candidate=candidate, target=target, by=analyst, take={"title", "themes"})
    target.refresh_from_db()
    assert target.title == candidate.title
    assert [link.theme.code for link in target.theme_links.all()] == ["autonomie_age_handicap"]
    assert target.history.filter(title__startswith="Portage de repas aux personnes âgées isolées").exists()


def test_reject_requires_a_reason(analyst):
    candidate = from_watch()
    with pytest.raises(ValidationError) as error:
        candidate_reject(candidate=candidate, by=analyst, reason="   ")
    assert error.value.message_dict["reason"] == ["Indiquez le motif du rejet."]
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.PENDING


def test_reject_records_the_reason_and_tells_listeners(analyst, decided):
    candidate = from_watch()
    candidate_reject(candidate=candidate, by=analyst, reason="Initiative hors champ social.")
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.REJECTED
    assert candidate.reason == "Initiative hors champ social."
    assert decided == [(candidate.pk, CandidateStatus.REJECTED)]


def test_a_decided_candidate_cannot_be_decided_twice(analyst):
    """The second analyst learns who was first, and nothing more is created."""
    candidate = from_watch()
    stale = type(candidate).objects.get(pk=candidate.pk)
    candidate_accept(candidate=candidate, by=analyst)
    with pytest.raises(ValidationError, match="Ce candidat a déjà été traité par Léa Martin"):
        candidate_reject(candidate=stale, by=UserFactory(analyst=True), reason="Doublon.")
    assert Initiative.objects.count() == 1
    assert Source.objects.count() == 1


def test_bulk_decisions_report_the_candidates_they_could_not_decide(analyst):
    good = from_watch()
    nowhere = received(CandidateData(title="Une épicerie solidaire", summary="Une épicerie solidaire ouvre."))
    report = candidates_decide(candidates=[good, nowhere], action="accept", by=analyst, publish=True)
    assert report.done == [good]
    assert report.failed[0][0] == nowhere
    assert "territoire" in report.failed[0][1]
    assert Initiative.objects.get().status == Status.PUBLISHED


def test_bulk_reject_needs_a_reason(analyst):
    with pytest.raises(ValidationError):
        candidates_decide(candidates=[from_watch()], action="reject", by=analyst)


def _partners_of(initiative):
    return sorted((actor.name, actor.type.code) for actor in initiative.partners.all())


def test_the_partners_a_report_names_reach_the_initiative_with_their_type(analyst, client):
    candidate = from_contribution(
        partners="Croix-Rouge française ; le CCAS de Roubaix,\n- Boulangerie Martin\n- Le Fil d'Ariane"
    )
    initiative = candidate_accept(candidate=candidate, by=analyst, publish=True)
    assert _partners_of(initiative) == [
        ("Boulangerie Martin", "entreprise"),
        ("CCAS de Roubaix", "ccas_cias"),
        ("Croix-Rouge française", "association"),
        ("Le Fil d'Ariane", "autre"),  # nothing in the name says what it is: an analyst will
    ]
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert (
        "Croix-Rouge française, CCAS de Roubaix, Boulangerie Martin" in page
        or "Croix-Rouge française" in page
    )


def test_a_correction_or_a_merge_adds_partners_and_removes_none(analyst):
    initiative = candidate_accept(
        candidate=from_contribution(key="contribution:7", partners="Secours populaire"), by=analyst
    )
    correction = from_contribution(key="contribution:7", partners="Département du Nord")
    candidate_accept(candidate=correction, by=analyst)
    assert _partners_of(initiative) == [
        ("Département du Nord", "departement"),
        ("Secours populaire", "association"),
    ]

    candidate_merge(
        candidate=from_contribution(partners="Secours populaire ; Ville de Lille"),
        target=initiative,
        by=analyst,
        take=set(),
    )
    assert _partners_of(initiative) == [
        ("Département du Nord", "departement"),
        ("Secours populaire", "association"),
        ("Ville de Lille", "commune"),
    ]

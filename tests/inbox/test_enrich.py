"""Enrichment: territory, themes, publics and actor type with evidence; near duplicates pointed out."""

import pytest

from essaim.inbox import enrich
from essaim.inbox.enrich import candidates_enrich, candidates_enrich_ids
from essaim.inbox.models import Candidate
from essaim.inbox.services import CandidateData
from tests.factories import InitiativeFactory, territory
from tests.inbox.factories import MEALS, from_watch, received

pytestmark = pytest.mark.django_db


def test_suggestions_come_with_the_words_that_justify_them():
    candidate = from_watch()
    suggestions = candidate.suggestions
    assert suggestions["territory"]["code"] == "59512"
    assert "Roubaix" in suggestions["territory"]["evidence"]
    assert suggestions["themes"][0]["code"] == "autonomie_age_handicap"
    assert suggestions["themes"][0]["evidence"]
    assert suggestions["publics"][0]["code"] == "personnes_agees"
    assert suggestions["actor_type"]["code"] == "ccas_cias"
    assert "CCAS" in suggestions["actor_type"]["evidence"]
    assert 0 < candidate.confidence <= 1
    assert candidate.departement_code == "59"


def test_the_lead_named_in_the_report_gives_the_actor_type():
    """The form's « Porteur » says who leads (« CCAS de Roubaix »): its type is proposed, asserted,
    whatever other actors the text names first."""
    candidate = received(
        CandidateData(
            title="Jardin partagé des Trois-Ponts",
            summary="La mairie prête le terrain : des habitants de tous âges y cultivent un jardin.",
            lead_actor_name="CCAS de Roubaix",
        )
    )
    actor = candidate.suggestions["actor_type"]
    assert actor["code"] == "ccas_cias"
    assert actor["score"] >= 0.5
    assert actor["evidence"] == ["CCAS"]


def test_a_near_duplicate_in_the_directory_is_pointed_out_with_reasons():
    existing = InitiativeFactory(
        published=True,
        title="Roubaix : le CCAS livre des repas chauds aux aînés isolés",
        summary=(
            "Depuis le début du confinement, le CCAS de Roubaix livre chaque jour des repas chauds "
            "aux personnes âgées isolées, aidé par des bénévoles du quartier."
        ),
        territory=territory("commune", "59512"),
    )
    InitiativeFactory(
        title="Distribution de masques aux commerçants",
        summary="La ville distribue des masques en tissu aux commerçants du centre.",
        territory=territory("commune", "59512"),
        themes=["sante"],
    )
    candidate = from_watch()
    duplicates = candidate.suggestions["duplicates"]
    assert [item["id"] for item in duplicates if item["kind"] == "initiative"] == [existing.pk]
    assert duplicates[0]["score"] > 0.22
    assert duplicates[0]["reasons"]
    assert candidate.has_duplicate


def test_a_near_duplicate_among_pending_candidates_is_pointed_out():
    first = from_watch()
    second = from_watch(publisher="Nord Éclair", source_url="https://autre.example.org/repas")
    assert [(item["kind"], item["id"]) for item in second.suggestions["duplicates"]] == [
        ("candidate", first.pk)
    ]


def test_an_unrelated_candidate_has_no_duplicate():
    InitiativeFactory(
        published=True,
        territory=territory("commune", "59512"),
        themes=["sante"],
        title="Dépistage gratuit en pharmacie",
        summary="Tests antigéniques offerts.",
    )
    candidate = from_watch()
    assert candidate.suggestions["duplicates"] == []
    assert not candidate.has_duplicate


def test_the_earlier_candidate_learns_of_the_later_duplicate():
    first = from_watch()
    second = from_watch(publisher="Nord Éclair", source_url="https://autre.example.org/repas")
    first.refresh_from_db()
    assert [(item["kind"], item["id"]) for item in first.suggestions["duplicates"]] == [
        ("candidate", second.pk)
    ]
    assert first.has_duplicate


def test_the_place_typed_in_the_crisis_form_is_geotagged():
    from essaim.inbox.models import Origin
    from essaim.inbox.services import CandidateData
    from tests.inbox.factories import received

    candidate = received(
        CandidateData(
            title="Maraude solidaire",
            summary="Des bénévoles distribuent des repas aux personnes sans abri chaque soir.",
            place_text="Marseille",
        ),
        origin=Origin.CRISIS,
    )
    assert candidate.suggestions["territory"]["code"] == "13055"
    assert candidate.departement_code == "13"


def test_candidates_enriched_together_find_each_other_and_only_each_other():
    """A file's candidates are enriched at once: two reports of one initiative point at each
    other; another initiative of the same town, in the same file, points at neither."""
    first = received(enrich=False)
    second = received(
        CandidateData(
            **{**MEALS.__dict__, "publisher": "Nord Éclair", "source_url": "https://b.example.org"}
        ),
        enrich=False,
    )
    other = received(
        CandidateData(
            title="Roubaix : la médiathèque prête des tablettes",
            summary="La médiathèque de Roubaix prête des tablettes aux familles sans ordinateur.",
        ),
        enrich=False,
    )
    assert candidates_enrich_ids([first.pk, second.pk, other.pk]) == 3
    assert candidates_enrich_ids([first.pk]) == 0  # already enriched: not again
    first, second, other = (Candidate.objects.get(pk=c.pk) for c in (first, second, other))
    assert [item["id"] for item in first.suggestions["duplicates"]] == [second.pk]
    assert [item["id"] for item in second.suggestions["duplicates"]] == [first.pk]
    assert other.suggestions["duplicates"] == [] and not other.has_duplicate
    assert first.has_duplicate and first.suggestions["territory"]["code"] == "59512"


def test_a_correction_is_not_its_own_initiatives_duplicate():
    """A report naming the initiative it corrects does not suggest merging into it."""
    existing = InitiativeFactory(
        published=True,
        territory=territory("commune", "59512"),
        title=MEALS.title,
        summary=MEALS.summary,
    )
    correction = received(target=existing)
    assert all(item["id"] != existing.pk for item in correction.suggestions["duplicates"])
    assert from_watch().suggestions["duplicates"][0]["id"] in {existing.pk, correction.pk}


def test_one_candidate_the_engine_fails_on_does_not_hold_back_the_others(monkeypatch):
    first, broken, last = (received(enrich=False) for _ in range(3))
    analyse = enrich._analysis

    def failing(candidate, *args):
        if candidate.pk == broken.pk:
            raise ValueError("texte illisible")
        return analyse(candidate, *args)

    monkeypatch.setattr(enrich, "_analysis", failing)
    assert candidates_enrich_ids([first.pk, broken.pk, last.pk]) == 2
    assert list(Candidate.objects.filter(enriched_at=None).values_list("pk", flat=True)) == [broken.pk]


def test_what_was_found_for_a_report_received_again_meanwhile_is_not_written():
    """The report changed while the engine read its old text: the new text is enriched anew."""
    candidate = received(enrich=False)
    stale = Candidate.objects.get(pk=candidate.pk)
    again = received(
        CandidateData(**{**MEALS.__dict__, "title": "Repas livrés : le dispositif est prolongé"}),
        key=candidate.origin_key,
        enrich=False,
    )
    assert candidates_enrich([stale]) == []
    again.refresh_from_db()
    assert again.title == "Repas livrés : le dispositif est prolongé" and again.enriched_at is None

"""The search service on the real engine of the database under test (Tantivy on SQLite,
PostgreSQL full-text search on PostgreSQL): ranking, facets, visibility, synchronisation."""

import datetime as dt
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import DatabaseError
from django.http import QueryDict

from essaim.catalog import services
from essaim.catalog.models import Status
from essaim.search import sync
from essaim.search.filters import SearchFilters
from essaim.search.models import IndexQueue
from essaim.search.service import search
from tests.factories import InitiativeFactory, territory

pytestmark = pytest.mark.django_db

VISITOR = (Status.PUBLISHED,)
STAFF = tuple(status for status in Status.values if status != Status.MERGED)


def _search(q="", statuses=VISITOR, **selected):
    filters = SearchFilters(q=q, selected={key: tuple(values) for key, values in selected.items()})
    return search(filters, statuses=statuses)


def published(**kwargs):
    return InitiativeFactory(published=True, **kwargs)


def test_accents_plurals_and_prefixes_find_the_same_initiative():
    wanted = published(title="Appels aux personnes âgées isolées", summary="Un appel chaque semaine.")
    published(title="Soutien scolaire", summary="Des tablettes pour les élèves.")
    for typed in ("personnes âgées", "personne agee", "AGÉES ISOLÉS", "isolement", "appel", "isol"):
        assert _search(typed).ids == [wanted.pk], typed


def test_a_half_typed_word_finds_every_word_it_begins_and_titles_come_first():
    in_title = published(title="Épicerie solidaire", summary="Des produits à petit prix.")
    in_text = published(title="Colis d'urgence", summary="Une chaîne de solidarité entre voisins.")
    published(title="Soutien scolaire", summary="Des tablettes pour les élèves.")
    for typed in ("soli", "solid", "SOLIDA", "colis soli"):
        found = _search(typed).ids
        assert set(found) <= {in_title.pk, in_text.pk} and found, typed
    assert _search("soli").ids == [in_title.pk, in_text.pk]
    assert _search("colis soli").ids == [in_text.pk]
    # A prefix longer than the indexed beginnings (20 letters) still finds its word.
    long_word = published(title="Anticonstitutionnellement parlant", summary="Un essai.")
    assert _search("anticonstitutionnelleme").ids == [long_word.pk]


def test_phrases_and_exclusions():
    food = published(title="Aide alimentaire d'urgence", summary="Colis pour les familles.")
    published(title="Aide aux devoirs", summary="Un soutien alimentaire et scolaire.")
    assert _search('"aide alimentaire"').ids == [food.pk]
    assert food.pk not in _search("aide -colis").ids


def test_title_weighs_more_than_text_and_recency_breaks_ties():
    now = dt.datetime.now(dt.UTC)
    in_text = published(title="Portage de repas", summary="Pour lutter contre la solitude des aînés.")
    in_title = published(title="Rompre la solitude des aînés", summary="Visites à domicile.")
    older = published(title="Visites de convivialité", summary="Un bénévole passe chaque semaine.")
    newer = published(title="Visites de convivialité", summary="Un bénévole passe chaque semaine.")
    for initiative, days in ((older, 30), (newer, 1), (in_text, 5), (in_title, 5)):
        initiative.published_at = now - dt.timedelta(days=days)
        initiative.save()
    assert _search("solitude").ids == [in_title.pk, in_text.pk]
    assert _search("convivialité").ids == [newer.pk, older.pk]


def test_facet_counts_ignore_their_own_selection_but_apply_the_others():
    published(themes=["sante"], territory=territory("commune", "59350"))
    published(themes=["sante"], territory=territory("commune", "13055"))
    published(themes=["culture"], territory=territory("commune", "59350"))
    outcome = _search(theme=["sante"])
    assert outcome.total == 2
    assert outcome.facets["theme"]["sante"] == 2
    assert outcome.facets["theme"]["culture"] == 1  # still offered, to widen the selection
    assert outcome.facets["departement"] == {"59": 1, "13": 1}
    both = _search(theme=["sante"], departement=["59"])
    assert both.total == 1
    assert both.facets["departement"] == {"59": 1, "13": 1}
    assert both.facets["region"] == {"32": 1}


def test_visitors_never_count_unpublished_initiatives_staff_do():
    published(title="Épicerie solidaire", themes=["alimentation_agriculture"])
    InitiativeFactory(title="Épicerie solidaire en projet", themes=["alimentation_agriculture"])
    visitor = _search("épicerie")
    assert visitor.total == 1
    assert visitor.facets["theme"] == {"alimentation_agriculture": 1}
    assert "statut" not in visitor.facets
    staff = _search("épicerie", statuses=STAFF)
    assert staff.total == 2
    assert staff.facets["statut"] == {Status.PUBLISHED: 1, Status.DRAFT: 1}


def test_staff_results_mix_published_and_unpublished_initiatives_by_relevance_and_recency():
    now = dt.datetime.now(dt.UTC)
    in_text = published(title="Visites à domicile", summary="Contre la solitude des aînés.")
    draft_title = InitiativeFactory(title="Solitude des aînés : un réseau de voisins", summary="Des visites.")
    in_title = published(title="Rompre la solitude des aînés", summary="Des appels.")
    for initiative, days in ((in_text, 3), (draft_title, 2), (in_title, 1)):
        initiative.published_at = initiative.created_at = now - dt.timedelta(days=days)
        initiative.save()
    assert _search("solitude").ids == [in_title.pk, in_text.pk]
    assert _search("solitude", statuses=STAFF).ids == [in_title.pk, draft_title.pk, in_text.pk]
    recent = search(SearchFilters(q="solitude", sort="recent"), statuses=STAFF)
    assert recent.ids == [in_title.pk, draft_title.pk, in_text.pk]
    second_page = search(SearchFilters(q="solitude", page=2), statuses=STAFF, page_size=2)
    assert second_page.ids == [in_text.pk]

    in_title.status = Status.QUALIFIED  # withdrawn from publication
    in_title.save()
    assert _search("solitude").ids == [in_text.pk]
    staff = _search("solitude", statuses=STAFF)
    assert sorted(staff.ids) == sorted([in_title.pk, draft_title.pk, in_text.pk])  # once each
    assert staff.facets["statut"] == {Status.PUBLISHED: 1, Status.QUALIFIED: 1, Status.DRAFT: 1}


def test_the_index_follows_updates_publication_merge_and_deletion():
    initiative = InitiativeFactory(title="Laverie solidaire", status=Status.QUALIFIED)
    assert _search("laverie").total == 0
    services.initiative_publish(initiative=initiative)
    assert _search("laverie").ids == [initiative.pk]

    initiative.title = "Blanchisserie solidaire"
    initiative.save()
    assert _search("laverie").total == 0
    assert _search("blanchisserie").ids == [initiative.pk]

    target = published(title="Blanchisserie solidaire du quartier")
    services.initiative_merge(target=target, duplicate=initiative)
    assert _search("blanchisserie").ids == [target.pk]

    removed = published(title="Ressourcerie mobile", sources=0)
    assert _search("ressourcerie").ids == [removed.pk]
    removed.delete()
    assert _search("ressourcerie").total == 0


def test_a_failing_index_keeps_the_change_queued_and_catches_up(caplog):
    initiative = published(title="Ressourcerie")
    with mock.patch.object(sync.backend(), "apply", side_effect=OSError("disque plein")):
        assert _search("ressourcerie").total == 0
    assert IndexQueue.objects.filter(initiative_id=initiative.pk).exists()
    assert _search("ressourcerie").ids == [initiative.pk]
    assert not IndexQueue.objects.exists()


def test_did_you_mean_offers_a_correction_that_finds_something():
    published(title="Violences conjugales : un numéro d'écoute", summary="Accueil des victimes de violences.")
    outcome = _search("violance")
    assert outcome.total == 0
    assert outcome.suggestion == "violences"
    assert _search("qwzxv").suggestion == ""


def test_suggestions_never_reveal_unpublished_words():
    InitiativeFactory(title="Projet confidentiel Zéphyrin")
    assert _search("zephyrim").suggestion == ""


def test_a_lost_index_fills_itself_again_and_the_rebuild_command_restores_it(tmp_path, settings):
    initiative = published(title="Jardin partagé")
    assert _search("jardin").ids == [initiative.pk]
    settings.ESSAIM_SEARCH_DIR = str(tmp_path / "autre-index")  # a new, empty index folder
    sync.reset_backend()
    assert _search("jardin").ids == [initiative.pk]
    sync.backend().rebuild([])  # an index emptied behind our back
    assert _search("jardin").total == 0
    call_command("search_rebuild")
    assert _search("jardin").ids == [initiative.pk]


def test_rebuilding_a_new_index_leaves_nothing_to_apply_again(tmp_path, settings):
    published(title="Jardin partagé")
    settings.ESSAIM_SEARCH_DIR = str(tmp_path / "nouvel-index")
    sync.reset_backend()
    call_command("search_rebuild")
    assert not IndexQueue.objects.exists()  # the first search does not index everything twice


def test_hostile_queries_give_a_normal_answer():
    published(title="Aide alimentaire")
    for typed in ['"aide', "aide AND NOT", "' OR 1=1 --", "x" * 10_000, "*", "NEAR(", "-", '""']:
        params = QueryDict(mutable=True)
        params["q"] = typed
        outcome = search(SearchFilters.from_params(params.getlist, allowed={}), statuses=VISITOR)
        assert outcome.total >= 0


def test_a_new_index_counts_as_filled_only_once_everything_is_queued(tmp_path, settings):
    garden = published(title="Jardin partagé")
    assert _search("jardin").ids == [garden.pk]  # indexed, nothing left in the queue
    # The embedded index, whatever the database (PostgreSQL's engine searches its own table).
    settings.ESSAIM_SEARCH_BACKEND = "tantivy"
    settings.ESSAIM_SEARCH_DIR = str(tmp_path / "index-neuf")
    sync.reset_backend()
    with mock.patch.object(IndexQueue.objects, "bulk_create", side_effect=DatabaseError("base occupée")):
        assert _search("jardin").total == 0
    assert sync.backend().needs_filling  # tried again at the next search
    assert _search("jardin").ids == [garden.pk]
    assert not sync.backend().needs_filling

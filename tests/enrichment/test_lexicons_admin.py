"""Lexicons edited in the admin drive the classifier; `essaim enrichment_train` learns from validated ones."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from essaim.catalog.models import Public
from essaim.enrichment.lexicons import Lexicon
from essaim.enrichment.model import Model
from essaim.enrichment.models import ClassifierModel, Kind, LexiconTerm
from essaim.enrichment.store import classifier_load, classifier_train, classifier_train_if_changed
from essaim.jobs.models import Job, JobStatus
from essaim.jobs.schedule import daily_start
from tests.factories import InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db

ZORGLUB_TITLE = "Le zorglub de Lille"
ZORGLUB_TEXT = "Chaque soir, un zorglub réunit les habitants du quartier."


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin-essaim", administrator=True))
    return client


def _main_theme(title: str, text: str) -> str | None:
    themes = classifier_load().classify(title, text).themes
    return themes[0].code if themes else None


def test_the_vendored_lexicons_are_seeded_in_the_database():
    """A fresh database holds every vendored term, ready to be edited."""
    assert LexiconTerm.objects.count() == len(list(Lexicon.vendored().rows()))
    term = LexiconTerm.objects.get(kind=Kind.THEME, code="violences_conjugales_intrafamiliales", term="3919")
    assert term.case_sensitive and term.weight > 3
    assert LexiconTerm.objects.filter(kind=Kind.ACTOR_TYPE, code="ccas_cias", term="CCAS").exists()


def test_a_term_added_or_edited_in_the_database_changes_the_classifier():
    """Analysts' edits apply to the next classifier loaded, without a deployment."""
    assert _main_theme(ZORGLUB_TITLE, ZORGLUB_TEXT) != "culture"
    term = LexiconTerm.objects.create(kind=Kind.THEME, code="culture", term="zorglub", weight=4)
    assert _main_theme(ZORGLUB_TITLE, ZORGLUB_TEXT) == "culture"

    term.weight = 0
    term.save()
    assert _main_theme(ZORGLUB_TITLE, ZORGLUB_TEXT) != "culture"


def test_an_empty_table_falls_back_on_the_vendored_lexicons():
    """Emptying the lexicons in the admin does not leave the classifier blind."""
    LexiconTerm.objects.all().delete()
    assert _main_theme("Violences conjugales", "Une ligne d'écoute pour les femmes victimes.") == (
        "violences_conjugales_intrafamiliales"
    )


def _validated(title: str, themes: list[str], publics: list[str], **kwargs):
    initiative = InitiativeFactory(title=title, themes=themes, published=True, **kwargs)
    initiative.publics.set(Public.objects.filter(code__in=publics))
    return initiative


def test_enrichment_train_learns_from_validated_initiatives_only_and_says_so_in_french():
    """Qualified and published initiatives are examples; drafts are not; the model is stored."""
    for town in ("Lille", "Roubaix", "Tourcoing", "Douai"):
        _validated(f"Un zorglub à {town}", ["culture"], ["tous_publics"], summary=ZORGLUB_TEXT)
    _validated("Portage de repas", ["autonomie_age_handicap"], ["personnes_agees"], status="qualifiee")
    InitiativeFactory(title="Brouillon sur le zorglub", themes=["sante"])  # a draft: not an example

    out = io.StringIO()
    call_command("enrichment_train", stdout=out)

    stored = ClassifierModel.objects.get()
    assert stored.examples == 5
    assert "Modèle entraîné sur 5 initiative(s) validée(s)" in out.getvalue()
    assert "thématiques" in out.getvalue()
    assert _main_theme("Un zorglub à Arras", ZORGLUB_TEXT) == "culture"


def test_training_without_validated_initiatives_stores_nothing():
    """No example, no model: the lexicons and the seed keep working without one."""
    InitiativeFactory(title="Un brouillon")
    out = io.StringIO()
    call_command("enrichment_train", stdout=out)
    assert "Aucune initiative validée" in out.getvalue()
    assert not ClassifierModel.objects.exists()


def test_the_latest_model_is_the_one_used():
    """Retraining replaces the model in use; older ones stay listed."""
    for town in ("Lille", "Roubaix", "Tourcoing"):
        _validated(f"Un zorglub à {town}", ["culture"], [], summary=ZORGLUB_TEXT)
    first = classifier_train().stored
    second = classifier_train().stored
    assert ClassifierModel.objects.count() == 2
    assert classifier_load().model.to_json() == second.data
    assert first.pk != second.pk


def test_a_model_trained_on_another_seed_waits_for_the_next_training():
    """After an upgrade that ships a new seed model, the directory's older model (which corrected
    the former seed) is set aside, and the daily job trains a new one on top of the new seed."""
    for town in ("Lille", "Roubaix", "Tourcoing"):
        _validated(f"Un zorglub à {town}", ["culture"], [], summary=ZORGLUB_TEXT)
    trained = classifier_train().stored
    assert trained.seed == Model.vendored_fingerprint() != ""
    assert classifier_train_if_changed() is None  # up to date
    ClassifierModel.objects.filter(pk=trained.pk).update(seed="0123456789abcdef")  # the former seed

    assert classifier_load().model is None
    assert _main_theme("Un zorglub à Arras", ZORGLUB_TEXT) != "culture"
    retrained = classifier_train_if_changed()
    assert retrained is not None and retrained.stored.seed == Model.vendored_fingerprint()
    assert _main_theme("Un zorglub à Arras", ZORGLUB_TEXT) == "culture"


def test_an_administrator_edits_the_lexicons_in_the_french_admin(admin_client):
    """The changelist lists, filters and searches terms; the trained models are listed read-only."""
    response = admin_client.get("/admin/enrichment/lexiconterm/", {"q": "conjugales", "kind__exact": "theme"})
    assert response.status_code == 200
    assert "violences conjugales" in response.content.decode()
    assert "termes des lexiques" in response.content.decode().lower()

    for town in ("Lille", "Roubaix", "Tourcoing"):
        _validated(f"Un zorglub à {town}", ["culture"], [], summary=ZORGLUB_TEXT)
    classifier_train()
    response = admin_client.get("/admin/enrichment/classifiermodel/")
    assert response.status_code == 200
    assert "sur le modèle de départ actuel" in response.content.decode().lower()
    assert admin_client.get("/admin/enrichment/classifiermodel/add/").status_code == 403


def test_the_admin_refuses_a_code_that_no_taxonomy_knows(admin_client):
    """A typo in a code is explained in French instead of silently creating a dead label."""
    response = admin_client.post(
        "/admin/enrichment/lexiconterm/add/",
        {"kind": "theme", "code": "sante-publique", "term": "vaccinodrome", "weight": "3"},
    )
    assert response.status_code == 200
    assert "Aucun code" in response.content.decode()

    response = admin_client.post(
        "/admin/enrichment/lexiconterm/add/",
        {"kind": "theme", "code": "sante", "term": "vaccibus géant", "weight": "3"},
    )
    assert response.status_code == 302
    assert LexiconTerm.objects.filter(term="vaccibus géant", code="sante").exists()


def test_new_vendored_terms_reach_an_existing_database_without_undoing_analysts_edits():
    """The lexicons' update migration adds what the vendored file gained, keeps edited weights."""
    import importlib

    from django.apps import apps

    update = importlib.import_module("essaim.enrichment.migrations.0003_lexicons_new_terms")
    LexiconTerm.objects.filter(term="MEL").delete()  # a database seeded before the term existed
    LexiconTerm.objects.filter(term="Grand Lyon").update(weight=0)  # an analyst neutralised this one
    update._seed(apps, None)
    assert LexiconTerm.objects.get(kind=Kind.ACTOR_TYPE, code="intercommunalite", term="MEL").case_sensitive
    assert LexiconTerm.objects.get(term="Grand Lyon").weight == 0
    actor = classifier_load().classify("La MEL vote une aide aux commerces", "").actor_type
    assert actor is not None and actor.code == "intercommunalite"


def test_the_collectivite_de_corse_moves_to_the_regions_unless_an_analyst_changed_it():
    import importlib

    from django.apps import apps

    move = importlib.import_module("essaim.enrichment.migrations.0004_corse_is_a_region").move
    term = "Collectivité de Corse"
    LexiconTerm.objects.filter(term=term).delete()
    LexiconTerm.objects.create(kind=Kind.ACTOR_TYPE, code="departement", term=term, weight=3)  # as seeded
    move(apps, None)
    assert list(LexiconTerm.objects.filter(term=term).values_list("code", "weight")) == [("region", 4)]
    actor = classifier_load().classify("La Collectivité de Corse adopte un plan de relance", "").actor_type
    assert actor is not None and actor.code == "region"

    LexiconTerm.objects.filter(term=term).delete()
    LexiconTerm.objects.create(kind=Kind.ACTOR_TYPE, code="departement", term=term, weight=5)  # an analyst's
    move(apps, None)
    assert list(LexiconTerm.objects.filter(term=term).values_list("code", "weight")) == [("departement", 5)]


def test_the_daily_job_learns_again_only_when_validated_initiatives_or_lexicons_changed(settings, tmp_path):
    """The worker retrains by itself once a day, and only when there is something new to learn."""
    settings.VAR_DIR = tmp_path
    settings.ESSAIM_DAILY_HOUR = 7

    def day(offset: int) -> dt.datetime:
        date = timezone.localdate() + dt.timedelta(days=offset)
        return timezone.make_aware(dt.datetime.combine(date, dt.time(8, 5)))

    for town in ("Lille", "Roubaix", "Tourcoing"):
        _validated(f"Un zorglub à {town}", ["culture"], [], summary=ZORGLUB_TEXT)

    daily_start(now=day(0))
    job = Job.objects.get(kind="enrichment.train")
    assert job.status == JobStatus.DONE
    assert ClassifierModel.objects.get().examples == 3
    assert _main_theme("Un zorglub à Arras", ZORGLUB_TEXT) == "culture"

    daily_start(now=day(1))  # nothing changed: the model stays
    assert ClassifierModel.objects.count() == 1
    assert Job.objects.filter(kind="enrichment.train", status=JobStatus.DONE).count() == 2

    _validated("Un zorglub à Douai", ["culture"], [], summary=ZORGLUB_TEXT)
    daily_start(now=day(2))  # a newly validated initiative: learnt from
    assert ClassifierModel.objects.count() == 2
    assert ClassifierModel.objects.first().examples == 4

    term = LexiconTerm.objects.filter(kind=Kind.THEME).first()
    term.weight += 1
    term.save()
    daily_start(now=day(3))  # a lexicon edited: the model starts from new lexicon scores
    assert ClassifierModel.objects.count() == 3

"""Receiving candidates: idempotent by origin key, reopened when received again, enriched after commit."""

import pytest
from django.core.exceptions import ValidationError

from essaim.inbox.decisions import candidate_accept, candidate_reject
from essaim.inbox.models import Candidate, CandidateStatus, Origin
from essaim.inbox.services import CandidateData, Provenance, candidate_receive
from tests.factories import UserFactory
from tests.inbox.factories import MEALS, from_contribution, received

pytestmark = pytest.mark.django_db


def test_receiving_the_same_key_twice_updates_the_one_candidate():
    """A contribution submitted again is the same line of the inbox, with its new text."""
    received(key="contribution:7", origin=Origin.CONTRIBUTION)
    again = received(
        CandidateData(title="Repas livrés aux aînés (version corrigée)", summary="Nouveau résumé."),
        key="contribution:7",
        origin=Origin.CONTRIBUTION,
    )
    assert Candidate.objects.count() == 1
    assert again.title == "Repas livrés aux aînés (version corrigée)"
    assert again.status == CandidateStatus.PENDING


def test_an_accepted_candidate_received_again_is_reopened_for_its_initiative():
    """A contributor's correction comes back pending, pointing to the initiative it produced."""
    candidate = from_contribution(key="contribution:8")
    initiative = candidate_accept(candidate=candidate, by=UserFactory(analyst=True))
    reopened = from_contribution(key="contribution:8", title="Titre corrigé par la contributrice")
    assert reopened.pk == candidate.pk
    assert reopened.status == CandidateStatus.PENDING
    assert reopened.initiative == initiative
    assert reopened.decided_by is None


def test_a_rejected_candidate_received_again_is_pending_again():
    candidate = received(key="veille:flux-1")
    candidate_reject(candidate=candidate, by=UserFactory(analyst=True), reason="Hors sujet.")
    again = received(key="veille:flux-1")
    assert again.status == CandidateStatus.PENDING
    assert again.reason == ""


def test_enrichment_runs_in_the_background_after_commit(django_capture_on_commit_callbacks):
    """The candidate is stored at once; its suggestions arrive once the transaction commits."""
    with django_capture_on_commit_callbacks(execute=True):
        candidate = received(enrich=False)
        assert Candidate.objects.get(pk=candidate.pk).enriched_at is None
    candidate.refresh_from_db()
    assert candidate.enriched_at is not None
    assert candidate.suggestions["territory"]["code"] == "59512"


def test_an_unknown_origin_is_refused_in_french():
    with pytest.raises(ValidationError, match="Origine de candidat inconnue"):
        candidate_receive(origin="fax", origin_key="fax:1", data=MEALS, provenance=Provenance(label="Fax"))
    assert not Candidate.objects.exists()


def test_a_very_long_title_is_cut_rather_than_lost():
    candidate = received(CandidateData(title="Repas " * 100, summary="Résumé."))
    assert len(candidate.title) == 250

"""A candidate whose enrichment was lost (a process died between receiving it and queueing the
work) is enriched by the worker's housekeeping, not left « en cours » forever."""

import datetime as dt

import pytest
from django.utils import timezone

from essaim.inbox.jobs import enrichment_forgotten_requeue
from essaim.inbox.models import Candidate, Origin
from essaim.inbox.services import CandidateData, Provenance, candidate_receive

pytestmark = pytest.mark.django_db


def test_forgotten_enrichment_is_queued_again_once():
    # In a test transaction the after-commit queueing never happens: the lost case, exactly.
    candidate = candidate_receive(
        origin=Origin.CRISIS,
        origin_key="crise:perdu",
        data=CandidateData(
            title="Aide aux devoirs à Roubaix", summary="Des étudiants aident les collégiens."
        ),
        provenance=Provenance(label="Formulaire de crise"),
    )
    assert Candidate.objects.get(pk=candidate.pk).enriched_at is None

    assert enrichment_forgotten_requeue() == 0  # too recent: its own task may still come
    later = timezone.now() + dt.timedelta(minutes=11)
    assert enrichment_forgotten_requeue(now=later) == 1

    enriched = Candidate.objects.get(pk=candidate.pk)
    assert enriched.enriched_at is not None
    assert enriched.suggestions["territory"]["code"] == "59512"  # Roubaix, found in the title
    assert enrichment_forgotten_requeue(now=later + dt.timedelta(minutes=30)) == 0

"""E-mails to contributors: submission received, and the analysts' decision (from the inbox)."""

import pytest
from django.core import mail
from django.utils import timezone

from essaim.accounts.roles import Role
from essaim.catalog.models import Status
from essaim.catalog.models.provenance import Attachment
from essaim.contributions.emails import submission_confirmation_send
from essaim.contributions.models import ContributionStatus
from essaim.inbox.decisions import candidate_reject
from essaim.inbox.models import Candidate, CandidateStatus, Origin
from essaim.inbox.signals import candidate_decided
from tests.contributions.factories import (
    ContributionAttachmentFactory,
    ContributionFactory,
    ContributorFactory,
)
from tests.factories import InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_author_is_told_the_contribution_was_received(django_capture_on_commit_callbacks):
    author = ContributorFactory(email="marie@nord.fr", first_name="Marie", last_name="Dupont")
    contribution = ContributionFactory(author=author, submitted=True, title="Épicerie solidaire")
    with django_capture_on_commit_callbacks(execute=True):
        submission_confirmation_send(contribution)
    [message] = mail.outbox
    assert message.to == ["marie@nord.fr"]
    assert "Épicerie solidaire" in message.subject
    assert "Bonjour Marie Dupont" in message.body
    assert "En cours de qualification" in message.body
    assert "http://" in message.body and "/espace/" in message.body
    assert "/espace/" in message.alternatives[0][0]


def test_nothing_is_sent_if_the_submission_is_rolled_back(django_capture_on_commit_callbacks):
    contribution = ContributionFactory(submitted=True)
    with django_capture_on_commit_callbacks(execute=False):
        submission_confirmation_send(contribution)
    assert mail.outbox == []


def _candidate(contribution, **fields):
    return Candidate.objects.create(
        origin=Origin.CONTRIBUTION, origin_key=contribution.origin_key, title=contribution.title, **fields
    )


def test_an_accepted_candidate_accepts_the_contribution_hands_over_documents_and_tells_the_author(
    django_capture_on_commit_callbacks,
):
    contribution = ContributionFactory(submitted=True, title="Épicerie solidaire")
    ContributionAttachmentFactory(contribution=contribution, original_name="bilan-2020.pdf")
    initiative = InitiativeFactory(published=True)
    candidate = _candidate(
        contribution, status=CandidateStatus.ACCEPTED, initiative=initiative, decided_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        candidate_decided.send(sender=Candidate, candidate=candidate)
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.ACCEPTED
    assert contribution.initiative == initiative
    assert contribution.decided_at is not None
    [copy] = Attachment.objects.filter(initiative=initiative)
    assert copy.title == "bilan-2020.pdf" and copy.is_public is False
    with copy.file.open("rb") as stream:
        assert stream.read() == b"%PDF-1.4 bilan"
    [message] = mail.outbox
    assert message.to == [contribution.author.email]
    assert "acceptée" in message.subject
    assert initiative.get_absolute_url() in message.body

    # Decided again (a correction accepted later): the document is not copied twice.
    with django_capture_on_commit_callbacks(execute=True):
        candidate_decided.send(sender=Candidate, candidate=candidate)
    assert Attachment.objects.filter(initiative=initiative).count() == 1


def test_a_merged_candidate_counts_as_accepted(django_capture_on_commit_callbacks):
    contribution = ContributionFactory(submitted=True)
    initiative = InitiativeFactory(status=Status.QUALIFIED)
    candidate = _candidate(contribution, status=CandidateStatus.MERGED, initiative=initiative)
    with django_capture_on_commit_callbacks(execute=True):
        candidate_decided.send(sender=Candidate, candidate=candidate)
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.ACCEPTED
    assert "une fois publiée" in mail.outbox[0].body


def test_a_rejection_in_the_inbox_reaches_the_contributor_with_its_reason(django_capture_on_commit_callbacks):
    contribution = ContributionFactory(submitted=True, title="Hors sujet")
    candidate = _candidate(contribution)
    with django_capture_on_commit_callbacks(execute=True):
        candidate_reject(
            candidate=candidate, by=UserFactory(analyst=True), reason="Action nationale, pas locale."
        )
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.REJECTED
    assert contribution.decision_reason == "Action nationale, pas locale."
    [message] = mail.outbox
    assert "non retenue" in message.subject
    assert "Motif : Action nationale, pas locale." in message.body


def test_decisions_on_other_origins_are_ignored(django_capture_on_commit_callbacks):
    candidate = Candidate.objects.create(
        origin=Origin.WATCH, origin_key="veille:42", title="Article", status=CandidateStatus.REJECTED
    )
    with django_capture_on_commit_callbacks(execute=True):
        candidate_decided.send(sender=Candidate, candidate=candidate)
    assert mail.outbox == []


def test_a_lost_document_does_not_block_the_decision(django_capture_on_commit_callbacks):
    contribution = ContributionFactory(submitted=True)
    document = ContributionAttachmentFactory(contribution=contribution)
    document.file.delete(save=False)
    candidate = _candidate(contribution, status=CandidateStatus.ACCEPTED, initiative=InitiativeFactory())
    with django_capture_on_commit_callbacks(execute=True):
        candidate_decided.send(sender=Candidate, candidate=candidate)
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.ACCEPTED
    assert not Attachment.objects.exists()
    assert len(mail.outbox) == 1


def test_documents_handed_over_are_stored_as_an_analyst_adds_them_with_who_accepted(
    django_capture_on_commit_callbacks,
):
    """Renamed at random in the private storage, and their arrival credited in the history."""
    analyst = UserFactory(username="lea.analyste", role=Role.ANALYST)
    contribution = ContributionFactory(submitted=True)
    ContributionAttachmentFactory(contribution=contribution, original_name="liste des bénévoles.pdf")
    initiative = InitiativeFactory(published=True)
    candidate = _candidate(
        contribution,
        status=CandidateStatus.ACCEPTED,
        initiative=initiative,
        decided_at=timezone.now(),
        decided_by=analyst,
    )
    with django_capture_on_commit_callbacks(execute=True):
        candidate_decided.send(sender=Candidate, candidate=candidate)
    [copy] = Attachment.objects.filter(initiative=initiative)
    assert "bénévoles" not in copy.file.name and copy.file.name.endswith(".pdf")
    assert copy.history.get().history_user == analyst

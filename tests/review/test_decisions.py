"""Comparison page, reconciliation, decisions with their history, and the message to the contributor."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from essaim.review.decisions import (
    contributor_message_send,
    contributor_message_write,
    contributor_messages_for,
    decision_history,
    decision_record,
)
from essaim.review.models import ContributorMessage, Outcome
from essaim.review.selectors import entry_aggregate, entry_get
from tests.factories import ShortlistEntryFactory, UserFactory, assessment_scored

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(client):
    user = UserFactory(analyst=True, first_name="Aline", last_name="Analyste")
    client.force_login(user)
    return user


@pytest.fixture
def disputed():
    """Two experts 3 points apart on effectiveness (5 vs 2), agreeing elsewhere (3)."""
    entry = ShortlistEntryFactory()
    first, second = entry.assessments.all()
    assessment_scored(first, efficacite=5)
    assessment_scored(second, efficacite=2)
    return entry


def test_comparison_page_flags_the_disagreement(client, analyst, disputed):
    response = client.get(f"/selection/{disputed.pk}/")

    assert response.status_code == 200
    assert "Désaccord à arbitrer" in response.text
    assert "1 désaccord à arbitrer" in response.text
    assert entry_aggregate(entry_get(disputed.pk)).unresolved == ("efficacite",)


def test_reconciliation_changes_the_final_score(client, analyst, disputed):
    """Mean 3.5 on effectiveness; reconciled at 5 with a reason, the weighted score goes up."""
    criterion = disputed.grid.criteria.get(code="efficacite")
    before = entry_aggregate(entry_get(disputed.pk))
    url = f"/selection/{disputed.pk}/arbitrage/{criterion.pk}/"

    refused = client.post(url, {"arbitrage-efficacite-value": "5", "arbitrage-efficacite-reason": ""})
    assert refused.status_code == 400
    assert "Indiquez le motif de la note retenue." in refused.text

    response = client.post(
        url, {"arbitrage-efficacite-value": "5", "arbitrage-efficacite-reason": "Évaluation externe de 2021."}
    )
    assert response.status_code == 302

    after = entry_aggregate(entry_get(disputed.pk))
    result = next(r for r in after.criteria if r.spec.code == "efficacite")
    assert result.mean == 3.5 and result.final == 5
    assert after.unresolved == ()
    # Core tier: four criteria of weight 2; effectiveness 3.5 → 5 raises it by 1.5 × 2 / 8.
    assert after.tier_scores["essentiel"] == pytest.approx(before.tier_scores["essentiel"] + 0.375)
    assert after.score > before.score
    page = client.get(f"/selection/{disputed.pk}/").text
    assert "Désaccord arbitré" in page and "Évaluation externe de 2021." in page


def test_no_reconciliation_without_disagreement(client, analyst, disputed):
    criterion = disputed.grid.criteria.get(code="partenariat")
    response = client.post(
        f"/selection/{disputed.pk}/arbitrage/{criterion.pk}/",
        {"arbitrage-partenariat-value": "5", "arbitrage-partenariat-reason": "Pourquoi pas."},
        follow=True,
    )
    assert "il n&#x27;y a rien à arbitrer" in response.text


def test_decision_history_kept_with_author_and_rationale(client, analyst, disputed):
    """A waiting-list decision, then a selection: both stay in the history, newest first."""
    url = f"/selection/{disputed.pk}/decision/"
    assert (
        client.post(url, {"outcome": "attente", "rationale": "À départager avec deux autres."}).status_code
        == 302
    )
    assert (
        client.post(url, {"outcome": "retenue", "rationale": "Retenue après arbitrage."}).status_code == 302
    )

    history = decision_history(disputed)
    assert [h.outcome for h in history] == [Outcome.SELECTED, Outcome.WAITING]
    assert [h.rationale for h in history] == ["Retenue après arbitrage.", "À départager avec deux autres."]
    assert all(h.history_user == analyst and h.decided_by == analyst for h in history)
    page = client.get(f"/selection/{disputed.pk}/").text
    assert "Historique des décisions" in page and "À départager avec deux autres." in page


def test_decision_refusals_in_french(client, analyst):
    """No rationale, too few submitted assessments, or selecting an initiative that fails a gate."""
    entry = ShortlistEntryFactory()
    first, second = entry.assessments.all()
    assessment_scored(first)
    url = f"/selection/{entry.pk}/decision/"

    response = client.post(url, {"outcome": "retenue", "rationale": ""})
    assert "Motivez la décision" in response.text
    response = client.post(url, {"outcome": "retenue", "rationale": "Très bien."})
    assert "Au moins 2 évaluations soumises sont nécessaires" in response.text

    assessment_scored(second, gates=0)
    first_gate_no = first.scores.get(criterion__code="legale_ethique")
    first_gate_no.value = 0
    first_gate_no.save()
    with pytest.raises(ValidationError, match="critère éliminatoire"):
        decision_record(entry=entry, outcome=Outcome.SELECTED, rationale="Très bien.", by=analyst)
    assert decision_record(entry=entry, outcome=Outcome.NOT_RETAINED, rationale="Hors champ.", by=analyst)


def test_message_to_contributor_stored_then_sent_by_email(client, analyst, disputed):
    """Only for a not-retained initiative; stored with the contact's address, sent once by e-mail."""
    refused = client.post(
        f"/selection/{disputed.pk}/message/", {"subject": "Objet", "body": "Texte"}, follow=True
    )
    assert "ne s&#x27;écrit que pour une initiative non retenue" in refused.text

    decision_record(
        entry=disputed, outcome=Outcome.NOT_RETAINED, rationale="Trop proche d'une autre.", by=analyst
    )
    response = client.post(
        f"/selection/{disputed.pk}/message/",
        {"subject": "Votre initiative et la sélection", "body": "Elle n'a pas été retenue, car…"},
    )
    assert response.status_code == 302
    assert "sera envoyé à camille.martin@mairie-exemple.fr" in client.get(response.url).text
    message = ContributorMessage.objects.get()
    assert message.recipient == disputed.initiative.contact_email
    assert message.sent_at is None
    assert list(contributor_messages_for(disputed.initiative)) == [message]
    assert not mail.outbox

    contributor_message_send(message=message)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["camille.martin@mairie-exemple.fr"]
    assert mail.outbox[0].subject == "Votre initiative et la sélection"
    with pytest.raises(ValidationError, match="déjà été envoyé"):
        contributor_message_send(message=message)


def test_message_without_address_is_kept_unsent(analyst, disputed):
    disputed.initiative.contact_email = ""
    disputed.initiative.save()
    decision_record(entry=disputed, outcome=Outcome.NOT_RETAINED, rationale="Hors champ.", by=analyst)
    message = contributor_message_write(entry=disputed, subject="Objet", body="Texte", by=analyst)

    with pytest.raises(ValidationError, match="Aucune adresse électronique"):
        contributor_message_send(message=message)
    assert ContributorMessage.objects.get().sent_at is None

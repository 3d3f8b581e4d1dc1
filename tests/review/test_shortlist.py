"""Shortlisting: analysts search the directory, shortlist an initiative, entrust it to two experts or more."""

import pytest

from essaim.review.models import Assessment, ShortlistEntry
from tests.factories import InitiativeFactory, ShortlistEntryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(client):
    user = UserFactory(analyst=True)
    client.force_login(user)
    return user


def test_search_page_finds_initiatives_of_every_status(client, analyst):
    """The search box uses the directory's search service; staff see drafts as well."""
    InitiativeFactory(title="Épicerie solidaire itinérante", summary="Un camion d'épicerie solidaire.")
    InitiativeFactory(
        title="Bibliothèque de rue", summary="Des livres au pied des immeubles.", published=True
    )

    response = client.get("/selection/ajouter/", {"q": "epiceries"})

    assert response.status_code == 200
    assert "Épicerie solidaire itinérante" in response.text
    assert "Bibliothèque de rue" not in response.text


def test_fewer_than_two_experts_refused_in_french(client, analyst):
    initiative = InitiativeFactory(published=True)
    expert = UserFactory(expert=True)

    response = client.post(f"/selection/ajouter/{initiative.pk}/", {"experts": [expert.pk]})

    assert response.status_code == 200
    assert "Confiez chaque initiative à au moins deux experts (vous en avez choisi 1)." in response.text
    assert not ShortlistEntry.objects.exists()


def test_shortlist_with_two_experts_creates_their_assessments(client, analyst):
    initiative = InitiativeFactory(published=True)
    experts = [UserFactory(expert=True), UserFactory(expert=True)]

    response = client.post(f"/selection/ajouter/{initiative.pk}/", {"experts": [e.pk for e in experts]})

    entry = ShortlistEntry.objects.get(initiative=initiative)
    assert response.status_code == 302 and response.url == f"/selection/{entry.pk}/"
    assert entry.grid.is_active and entry.added_by == analyst
    assert {a.expert for a in entry.assessments.all()} == set(experts)
    assert all(a.grid == entry.grid for a in entry.assessments.all())


def test_only_experts_can_be_assigned(client, analyst):
    """A contributor's account is not offered and is refused if forged into the request."""
    initiative = InitiativeFactory(published=True)
    contributor = UserFactory()
    expert = UserFactory(expert=True)

    response = client.post(f"/selection/ajouter/{initiative.pk}/", {"experts": [expert.pk, contributor.pk]})

    assert response.status_code == 200
    assert not ShortlistEntry.objects.exists()


def test_expert_who_submitted_cannot_be_withdrawn_and_two_remain_required(client, analyst):
    from tests.factories import assessment_scored

    entry = ShortlistEntryFactory()
    first, second = entry.assessments.all()
    assessment_scored(first)
    third = UserFactory(expert=True)

    response = client.post(f"/selection/{entry.pk}/experts/", {"experts": [second.expert_id, third.pk]})
    assert response.status_code == 400
    assert "a déjà soumis son évaluation" in response.text

    response = client.post(f"/selection/{entry.pk}/experts/", {"experts": [first.expert_id, third.pk]})
    assert response.status_code == 302
    assert set(Assessment.objects.filter(entry=entry).values_list("expert_id", flat=True)) == {
        first.expert_id,
        third.pk,
    }

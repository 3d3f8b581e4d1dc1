"""The inbox pages: who may see them, the queue and its filters, the decisions through HTTP."""

import re

import pytest
from django.urls import reverse

from essaim.catalog.models import Initiative, Status
from essaim.inbox.models import Candidate, CandidateStatus
from essaim.inbox.services import CandidateData
from tests.factories import InitiativeFactory, UserFactory, territory
from tests.inbox.factories import MEALS, from_contribution, from_watch, received

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst_client(client):
    client.force_login(UserFactory(analyst=True, first_name="Léa", last_name="Martin"))
    return client


def _urls(candidate, initiative):
    return [
        reverse("inbox:list"),
        reverse("inbox:detail", args=[candidate.pk]),
        reverse("inbox:accept", args=[candidate.pk]),
        reverse("inbox:reject", args=[candidate.pk]),
        reverse("inbox:merge", args=[candidate.pk, initiative.pk]),
    ]


@pytest.mark.parametrize("trait", ["contributor", "expert", "sponsor"])
def test_only_analysts_and_administrators_may_open_the_inbox(client, trait):
    candidate, initiative = from_watch(), InitiativeFactory()
    user = UserFactory() if trait == "contributor" else UserFactory(**{trait: True})
    client.force_login(user)
    for url in _urls(candidate, initiative):
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("inbox:bulk"), {"action": "reject", "reason": "x", "ids": [candidate.pk]})
    assert response.status_code == 403
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.PENDING


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    candidate = from_watch()
    response = client.get(reverse("inbox:detail", args=[candidate.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_administrators_see_the_inbox(client):
    client.force_login(UserFactory(administrator=True))
    assert client.get(reverse("inbox:list")).status_code == 200


def test_the_list_shows_pending_candidates_with_counts_per_source(analyst_client):
    from_watch()
    from_contribution(campaign="Confinement 2020")
    rejected = from_watch(title="Article sans rapport")
    rejected.status = CandidateStatus.REJECTED
    rejected.save()
    response = analyst_client.get(reverse("inbox:list"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "2 candidats" in content
    assert "Article sans rapport" not in content
    assert "Confinement 2020</a> (1)" in content
    assert "Raccourcis clavier" in content
    assert "inbox/inbox.js" in content


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"origine": "contribution"}, ["Contribution de Roubaix"]),
        ({"origine": "veille"}, ["Article de Lille"]),
        ({"campagne": "Confinement 2020"}, ["Contribution de Roubaix"]),
        ({"departement": "59"}, ["Article de Lille", "Contribution de Roubaix"]),
        ({"departement": "13"}, []),
        ({"theme": "autonomie_age_handicap"}, ["Article de Lille", "Contribution de Roubaix"]),
        ({"theme": "sante"}, []),
        ({"doublon": "1"}, ["Article de Lille", "Contribution de Roubaix"]),
        ({"statut": "rejetee"}, []),
    ],
)
def test_the_list_filters(analyst_client, params, expected):
    from_watch(title="Article de Lille")
    from_contribution(title="Contribution de Roubaix")
    content = analyst_client.get(reverse("inbox:list"), params).content.decode()
    shown = sorted(title for title in ["Article de Lille", "Contribution de Roubaix"] if title in content)
    assert shown == expected


def test_hostile_html_in_a_candidate_is_escaped_everywhere(analyst_client):
    hostile = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    candidate = received(
        CandidateData(
            **{**MEALS.__dict__, "title": f"Repas {hostile}", "summary": hostile, "raw_text": hostile}
        )
    )
    target = InitiativeFactory()
    for url in [
        reverse("inbox:list"),
        reverse("inbox:detail", args=[candidate.pk]),
        reverse("inbox:merge", args=[candidate.pk, target.pk]),
    ]:
        content = analyst_client.get(url).content.decode()
        assert "<script>alert" not in content, url
        assert "<img src=x" not in content, url
        assert "&lt;script&gt;" in content, url


def test_the_detail_shows_suggestions_evidence_duplicates_and_the_contact(analyst_client):
    existing = InitiativeFactory(
        published=True,
        title="Roubaix : le CCAS livre des repas chauds aux aînés isolés",
        summary="Depuis le confinement, le CCAS de Roubaix livre chaque jour des repas chauds aux personnes "
        "âgées isolées, aidé par des bénévoles du quartier.",
        territory=territory("commune", "59512"),
    )
    candidate = from_watch()
    content = analyst_client.get(reverse("inbox:detail", args=[candidate.pk])).content.decode()
    assert "Roubaix" in content
    assert "« CCAS »" in content  # the evidence of the actor type
    assert "Claire Dubois" in content
    assert reverse("inbox:merge", args=[candidate.pk, existing.pk]) in content
    assert "Ressemblance" in content


def test_accepting_through_the_form_uses_the_analysts_labels(analyst_client):
    candidate = from_watch()
    response = analyst_client.post(
        reverse("inbox:accept", args=[candidate.pk]),
        {
            "title": "Repas chauds pour les aînés",
            "summary": "Le CCAS livre des repas.",
            "territory_level": "departement",
            "territory_code": "59",
            "main_theme": "alimentation_agriculture",
            "themes": ["autonomie_age_handicap", "alimentation_agriculture"],
            "publics": ["personnes_agees", "personnes_handicapees"],
            "lead_actor_name": "CCAS de Roubaix",
            "lead_actor_type": "ccas_cias",
            "publish": "on",
        },
    )
    assert response.status_code == 302
    initiative = Initiative.objects.get()
    assert initiative.title == "Repas chauds pour les aînés"
    assert initiative.territory.code == "59"
    assert initiative.status == Status.PUBLISHED
    assert sorted(public.code for public in initiative.publics.all()) == [
        "personnes_agees",
        "personnes_handicapees",
    ]
    assert [link.theme.code for link in initiative.theme_links.all()] == [
        "alimentation_agriculture",
        "autonomie_age_handicap",
    ]
    messages = [str(message) for message in analyst_client.get(response["Location"]).context["messages"]]
    assert any("acceptée et publiée" in message for message in messages)


def test_an_unknown_territory_code_is_explained_and_nothing_is_created(analyst_client):
    candidate = from_watch()
    response = analyst_client.post(
        reverse("inbox:accept", args=[candidate.pk]),
        {
            "title": "Repas",
            "summary": "Résumé",
            "territory_level": "commune",
            "territory_code": "99999",
            "main_theme": "sante",
        },
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Le territoire « 99999 » (commune) n&#x27;existe pas dans la géographie officielle." in content
    assert 'aria-invalid="true"' in content
    assert not Initiative.objects.exists()


def test_accepting_without_a_theme_says_so_and_keeps_what_was_typed(analyst_client):
    candidate = from_watch()
    response = analyst_client.post(
        reverse("inbox:accept", args=[candidate.pk]),
        {
            "title": "Mon titre retouché",
            "summary": "Résumé",
            "territory_level": "commune",
            "territory_code": "59512",
        },
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Choisissez la thématique principale." in content
    assert 'value="Mon titre retouché"' in content
    assert 'class="error-summary"' in content


def test_rejecting_without_a_reason_gives_a_french_error(analyst_client):
    candidate = from_watch()
    response = analyst_client.post(reverse("inbox:reject", args=[candidate.pk]), {"reason": ""})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Indiquez le motif du rejet." in content
    # A screen reader reads the message with the field: the widget points at the message's id.
    described = re.search(r'<textarea[^>]*aria-describedby="([^"]+)"', content).group(1).split()
    assert any(f'id="{ident}"' in content and ident.endswith("_error") for ident in described)
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.PENDING


def test_the_second_analyst_is_told_who_decided_first(analyst_client):
    candidate = from_watch()
    analyst_client.post(reverse("inbox:reject", args=[candidate.pk]), {"reason": "Hors sujet."})
    other = analyst_client.__class__()
    other.force_login(UserFactory(analyst=True))
    response = other.post(reverse("inbox:reject", args=[candidate.pk]), {"reason": "Doublon."}, follow=True)
    assert "Ce candidat a déjà été traité par Léa Martin (rejeté)." in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.reason == "Hors sujet."


def test_the_merge_page_compares_side_by_side_and_applies_the_picks(analyst_client):
    target = InitiativeFactory(published=True, title="Repas aux aînés", staff="")
    candidate = from_contribution(staff="Deux agents du CCAS.")
    url = reverse("inbox:merge", args=[candidate.pk, target.pk])
    page = analyst_client.get(url).content.decode()
    assert "Repas aux aînés" in page
    assert "Deux agents du CCAS." in page
    assert 'name="staff" value="candidat"' in page  # it differs: it can be taken
    assert 'name="description" value="candidat"' not in page  # the candidate has none
    response = analyst_client.post(url, {"staff": "candidat", "title": "initiative"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.staff == "Deux agents du CCAS."
    assert target.title == "Repas aux aînés"
    assert target.sources.count() == 2


def test_bulk_reject_and_accept(analyst_client):
    first, second = from_watch(title="Premier"), from_watch(title="Second")
    response = analyst_client.post(
        reverse("inbox:bulk"), {"action": "reject", "ids": [first.pk]}, follow=True
    )
    assert "Indiquez le motif du rejet." in response.content.decode()
    analyst_client.post(
        reverse("inbox:bulk"), {"action": "reject", "reason": "Hors sujet.", "ids": [first.pk]}
    )
    response = analyst_client.post(
        reverse("inbox:bulk"), {"action": "accept_publish", "ids": [second.pk]}, follow=True
    )
    assert "1 candidat(s) accepté(s)." in response.content.decode()
    assert Candidate.objects.get(pk=first.pk).status == CandidateStatus.REJECTED
    assert Initiative.objects.get().status == Status.PUBLISHED


def test_the_list_does_not_query_per_candidate(analyst_client, django_assert_max_num_queries):
    """Fifty candidates cost no more queries than one (no N+1)."""
    for number in range(3):
        from_watch(title=f"Article n° {number}")
    with django_assert_max_num_queries(12):
        assert analyst_client.get(reverse("inbox:list")).status_code == 200


def test_candidates_are_read_only_in_the_admin(client):
    candidate = from_watch()
    client.force_login(UserFactory(administrator=True))
    assert client.get(reverse("admin:inbox_candidate_changelist")).status_code == 200
    page = client.get(reverse("admin:inbox_candidate_change", args=[candidate.pk]))
    assert page.status_code == 200
    assert "Portage de repas" in page.content.decode()
    assert client.get(reverse("admin:inbox_candidate_add")).status_code == 403


def test_any_initiative_can_be_chosen_for_a_merge_by_its_number(analyst_client):
    """A duplicate the engine missed can still be compared and merged."""
    candidate, other = from_watch(), InitiativeFactory(title="Une tout autre formulation")
    url = reverse("inbox:detail", args=[candidate.pk])
    response = analyst_client.get(url, {"fusionner": str(other.pk)})
    assert response["Location"] == reverse("inbox:merge", args=[candidate.pk, other.pk])
    response = analyst_client.get(url, {"fusionner": "999999"})
    assert "Aucune initiative n° 999999 dans le répertoire." in response.content.decode()


def test_the_detail_page_queries_do_not_grow_with_suggestions(analyst_client, django_assert_max_num_queries):
    candidate = from_watch()
    for number in range(3):
        from_watch(title=f"Copie n° {number}")
    with django_assert_max_num_queries(20):
        assert analyst_client.get(reverse("inbox:detail", args=[candidate.pk])).status_code == 200


def test_the_inbox_leads_to_the_watch_sources(client):
    from essaim.accounts.roles import Role
    from tests.factories import UserFactory

    client.force_login(UserFactory(role=Role.ANALYST))
    page = client.get("/veille/").content.decode()
    assert 'href="/veille/sources/"' in page and 'href="/veille/sources/nouvelle/"' in page
    assert '<a href="/veille/" aria-current="page">Candidats à traiter</a>' in page
    sources = client.get("/veille/sources/").content.decode()
    assert '<a href="/veille/sources/" aria-current="page">Sources de veille</a>' in sources


def test_the_detail_page_leads_to_the_previous_and_next_candidates_of_the_queue(analyst_client):
    first, second, third = (from_watch(title=f"Repas {n}") for n in range(3))
    # The queue: most confident first, then newest; equal confidences fall back to the newest.
    Candidate.objects.filter(pk=first.pk).update(confidence=0.9)
    Candidate.objects.filter(pk__in=[second.pk, third.pk]).update(confidence=0.5)

    def links(candidate, query=""):
        content = analyst_client.get(reverse("inbox:detail", args=[candidate.pk]) + query).content.decode()
        found = {}
        for rel in ("prev", "next"):
            match = re.search(rf'<a href="/[^"]*?/(\d+)/[^"]*" rel="{rel}"', content)
            found[rel] = int(match.group(1)) if match else None
        return found

    assert links(first) == {"prev": None, "next": third.pk}
    assert links(third) == {"prev": first.pk, "next": second.pk}
    assert links(second) == {"prev": third.pk, "next": None}
    # A candidate outside the filtered queue has no neighbours to walk to.
    Candidate.objects.filter(pk=third.pk).update(status=CandidateStatus.REJECTED)
    assert links(third) == {"prev": None, "next": None}
    assert links(first) == {"prev": None, "next": second.pk}

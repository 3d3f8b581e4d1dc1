"""The contribution form: drafts, steps, autosave, suggestions, submission to the inbox."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from essaim.catalog.models import Theme
from essaim.contributions.models import Contribution, ContributionStatus
from essaim.inbox.models import Candidate, Origin
from essaim.territories.models import Level
from tests.contributions.form_factories import (
    CampaignFactory,
    ContributionFactory,
    OrganisationFactory,
    contributor,
)
from tests.factories import InitiativeFactory, UserFactory, territory

pytestmark = pytest.mark.django_db


def edit_url(contribution, step=None):
    url = reverse("contributions:contribution_edit", args=[contribution.pk])
    return f"{url}?etape={step}" if step else url


def submit_url(contribution):
    return reverse("contributions:contribution_submit", args=[contribution.pk])


def signed_in(client, user):
    client.force_login(user)
    return client


# --- Who may use the form ------------------------------------------------------------------------


def test_an_invited_contributor_starts_a_draft_and_lands_on_the_first_step(client):
    campaign = CampaignFactory()
    user = contributor(campaign)
    signed_in(client, user)
    url = reverse("contributions:contribution_create", args=[campaign.slug])

    assert "Commencer la description" in client.get(url).content.decode()
    response = client.post(url)

    contribution = Contribution.objects.get()
    assert response.status_code == 302
    assert response["Location"] == edit_url(contribution, 1)
    assert contribution.organisation == user.organisation
    assert contribution.author == user
    assert contribution.status == ContributionStatus.DRAFT
    page = client.get(response["Location"]).content.decode()
    assert "Étape 1 sur 6 : L&#x27;initiative" in page


def test_an_organisation_that_is_not_invited_does_not_see_the_campaign(client):
    campaign = CampaignFactory()
    signed_in(client, contributor(None))

    response = client.post(reverse("contributions:contribution_create", args=[campaign.slug]))

    assert response.status_code == 404
    assert not Contribution.objects.exists()


def test_analysts_do_not_fill_the_form_and_visitors_must_sign_in(client):
    campaign = CampaignFactory()
    url = reverse("contributions:contribution_create", args=[campaign.slug])

    assert client.get(url)["Location"].startswith(reverse("accounts:login"))
    signed_in(client, UserFactory(analyst=True))
    assert client.post(url).status_code == 403


def test_a_closed_campaign_takes_no_new_draft(client):
    campaign = CampaignFactory(closed=True)
    signed_in(client, contributor(campaign))

    response = client.post(reverse("contributions:contribution_create", args=[campaign.slug]))

    assert "est close depuis le" in response.content.decode()
    assert not Contribution.objects.exists()


def test_colleagues_share_a_draft_but_other_organisations_get_a_404(client):
    contribution = ContributionFactory(title="Épicerie solidaire mobile")
    colleague = UserFactory(organisation=contribution.organisation)
    stranger = contributor(contribution.campaign)

    assert (
        "Épicerie solidaire mobile"
        in signed_in(client, colleague).get(edit_url(contribution)).content.decode()
    )
    signed_in(client, stranger)
    for url in (
        edit_url(contribution),
        submit_url(contribution),
        reverse("contributions:contribution_autosave", args=[contribution.pk]),
    ):
        assert client.post(url, {"etape": "1", "title": "Piraté"}).status_code == 404
    contribution.refresh_from_db()
    assert contribution.title == "Épicerie solidaire mobile"


# --- Steps ---------------------------------------------------------------------------------------


def test_a_draft_is_saved_by_the_step_buttons_and_resumed_later(client):
    contribution = ContributionFactory()
    signed_in(client, contribution.author)

    response = client.post(
        edit_url(contribution),
        {"etape": "1", "aller": "2", "title": "Épicerie solidaire mobile", "summary": "Un camion aménagé."},
    )

    assert response["Location"] == edit_url(contribution, 2)
    page = client.get(response["Location"]).content.decode()
    assert "Brouillon enregistré à" in page
    assert "Étape 2 sur 6 : Territoire et porteurs" in page
    resumed = client.get(edit_url(contribution, 1)).content.decode()
    assert 'value="Épicerie solidaire mobile"' in resumed
    assert "Un camion aménagé." in resumed


def test_the_save_draft_button_stays_on_the_step_without_javascript(client):
    contribution = ContributionFactory()
    signed_in(client, contribution.author)

    response = client.post(edit_url(contribution), {"etape": "4", "aller": "4", "budget": "12 500,50"})

    assert response["Location"] == edit_url(contribution, 4)
    contribution.refresh_from_db()
    assert str(contribution.budget) == "12500.50"
    assert 'value="12 500,50"' in client.get(edit_url(contribution, 4)).content.decode()


def test_step_errors_are_summarised_at_the_top_and_linked_to_their_fields(client):
    contribution = ContributionFactory(staff="Deux agents")
    signed_in(client, contribution.author)

    response = client.post(
        edit_url(contribution),
        {
            "etape": "4",
            "aller": "5",
            "start_date": "2020-05-11",
            "end_date": "2020-03-17",
            "staff": "Dix agents",
        },
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary" role="alert"' in page
    assert '<a href="#id_end_date">Date de fin : La date de fin doit suivre la date de début.</a>' in page
    assert re.search(r'<input[^>]*name="end_date"[^>]*aria-invalid="true"', page)
    assert 'aria-describedby="id_end_date_helptext id_end_date_error"' in page
    contribution.refresh_from_db()
    assert contribution.staff == "Deux agents"  # nothing of the faulty step is written


def test_links_must_be_web_addresses(client):
    contribution = ContributionFactory()
    signed_in(client, contribution.author)

    response = client.post(
        edit_url(contribution), {"etape": "5", "links": "https://ccas.fr/epicerie\njavascript:alert(1)"}
    )

    assert response.status_code == 400
    assert "n&#x27;est pas une adresse web" in response.content.decode()


def test_a_typed_territory_is_found_without_javascript_and_homonyms_are_offered(client):
    contribution = ContributionFactory()
    signed_in(client, contribution.author)

    client.post(edit_url(contribution), {"etape": "2", "aller": "3", "territory_text": "lille"})
    contribution.refresh_from_db()
    assert contribution.territory == territory(Level.COMMUNE, "59350")

    response = client.post(edit_url(contribution), {"etape": "2", "territory_text": "Saint-Denis"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Plusieurs territoires s&#x27;appellent « Saint-Denis »" in page
    saint_denis = territory(Level.COMMUNE, "93066")
    assert f'name="territory" value="{saint_denis.pk}"' in page

    client.post(
        edit_url(contribution), {"etape": "2", "territory_text": "Saint-Denis", "territory": saint_denis.pk}
    )
    contribution.refresh_from_db()
    assert contribution.territory == saint_denis
    assert 'value="Saint-Denis (93)"' in client.get(edit_url(contribution, 2)).content.decode()


def test_an_unknown_territory_is_explained(client):
    contribution = ContributionFactory(territory=territory(Level.COMMUNE, "59350"))
    signed_in(client, contribution.author)

    response = client.post(edit_url(contribution), {"etape": "2", "territory_text": "Lilleville-sur-Mer"})

    assert "Aucun territoire ne s&#x27;appelle « Lilleville-sur-Mer »" in response.content.decode()
    contribution.refresh_from_db()
    assert contribution.territory == territory(Level.COMMUNE, "59350")


def test_territory_autocompletion_lists_every_level_and_the_country(client):
    url = reverse("contributions:territory_autocomplete")

    lille = client.get(url, {"q": "lill"}).json()["resultats"]
    assert lille[0]["nom"] == "Lille (59)"
    assert lille[0]["niveau"] == "Commune"
    names = {(item["nom"], item["niveau"]) for item in client.get(url, {"q": "nor"}).json()["resultats"]}
    assert ("Nord (59)", "Département") in names
    assert ("Normandie", "Région") in names
    assert client.get(url, {"q": "france"}).json()["resultats"][0]["niveau"] == "National"
    assert client.get(url, {"q": "l"}).json() == {"resultats": []}


def test_themes_and_publics_are_suggested_from_the_text_with_their_words(client):
    contribution = ContributionFactory(
        title="Portage de repas aux personnes âgées isolées",
        summary="La commune livre chaque jour des repas aux personnes âgées isolées pendant le confinement.",
    )
    signed_in(client, contribution.author)

    page = client.get(edit_url(contribution, 3)).content.decode()

    assert "suggéré" in page
    assert re.search(r"d'après les mots « [^»]*(âgé|repas|isol)", page)
    assert 'type="checkbox"' in page
    assert "checked" not in page  # the contributor confirms: nothing is ticked for them


def test_ticked_themes_are_saved(client):
    contribution = ContributionFactory()
    signed_in(client, contribution.author)
    theme = Theme.objects.get(code="autonomie_age_handicap")

    client.post(edit_url(contribution), {"etape": "3", "themes": [theme.pk]})

    assert list(contribution.themes.all()) == [theme]


# --- Autosave ------------------------------------------------------------------------------------


def test_autosave_answers_the_time_and_keeps_the_valid_fields(client):
    contribution = ContributionFactory()
    signed_in(client, contribution.author)

    response = client.post(
        reverse("contributions:contribution_autosave", args=[contribution.pk]),
        {"etape": "5", "contact_name": "Camille Martin", "contact_email": "pas-un-courriel"},
    )

    data = response.json()
    assert response.status_code == 200
    assert re.fullmatch(r"\d{1,2} h \d{2}", data["enregistre_a"])
    assert data["erreurs"] == {"contact_email": ["Saisissez une adresse de courriel valide."]}
    contribution.refresh_from_db()
    assert contribution.contact_name == "Camille Martin"
    assert contribution.contact_email == ""


def test_an_autosave_from_an_older_page_writes_nothing_over_a_later_save(client):
    """An autosave still on its way when the step was saved (or sent from another tab) is refused:
    the summary just saved stays."""
    contribution = ContributionFactory(title="Jardin partagé", summary="")
    signed_in(client, contribution.author)
    page = client.get(edit_url(contribution, 1)).content.decode()
    version = re.search(r'name="version" value="([^"]+)"', page).group(1)
    autosave = reverse("contributions:contribution_autosave", args=[contribution.pk])

    saved = client.post(
        edit_url(contribution),
        {"etape": "1", "version": version, "title": "Jardin partagé", "summary": "Des habitants cultivent."},
    )
    late = client.post(autosave, {"etape": "1", "version": version, "title": "Jardin partagé", "summary": ""})

    assert saved.status_code == 302
    assert late.status_code == 409
    assert "rechargez celle-ci" in late.json()["erreur"]
    contribution.refresh_from_db()
    assert contribution.summary == "Des habitants cultivent."


def test_each_autosave_answers_the_version_the_next_one_is_built_on(client):
    contribution = ContributionFactory(title="Jardin partagé")
    signed_in(client, contribution.author)
    page = client.get(edit_url(contribution, 1)).content.decode()
    version = re.search(r'name="version" value="([^"]+)"', page).group(1)
    autosave = reverse("contributions:contribution_autosave", args=[contribution.pk])

    first = client.post(autosave, {"etape": "1", "version": version, "title": "Jardin", "summary": "Un"})
    second = client.post(
        autosave, {"etape": "1", "version": first.json()["version"], "title": "Jardin", "summary": "Deux"}
    )

    assert (first.status_code, second.status_code) == (200, 200)
    contribution.refresh_from_db()
    assert contribution.summary == "Deux"


def test_the_step_page_has_the_autosave_hooks_and_a_live_region(client):
    contribution = ContributionFactory()
    signed_in(client, contribution.author)

    page = client.get(edit_url(contribution, 1)).content.decode()

    assert (
        f'data-autosave-url="{reverse("contributions:contribution_autosave", args=[contribution.pk])}"'
        in page
    )
    assert 'id="autosave-status" role="status" aria-live="polite"' in page
    assert "contributions/form.js" in page
    assert "Enregistrer le brouillon" in page


# --- Submission ----------------------------------------------------------------------------------


def test_missing_fields_are_listed_with_links_to_their_step(client):
    contribution = ContributionFactory(title="Épicerie solidaire mobile")
    contribution.campaign.required_fields = ["start_date", "contact_email"]
    contribution.campaign.save()
    signed_in(client, contribution.author)

    page = client.get(submit_url(contribution)).content.decode()
    for label, step in (
        ("Résumé", 1),
        ("Territoire concerné", 2),
        ("Porteur de l&#x27;initiative", 2),
        ("Date de début", 4),
        ("Courriel du contact", 5),
    ):
        assert re.search(rf'\?etape={step}#id_\w+">{label}</a>', page), label
    response = client.post(submit_url(contribution))

    assert response.status_code == 400
    assert "Il manque encore : résumé, territoire concerné" in response.content.decode()
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.DRAFT
    assert not Candidate.objects.exists()


def test_a_closed_campaign_refuses_the_submission_clearly(client):
    contribution = ContributionFactory(complete=True, campaign=CampaignFactory(closed=True))
    signed_in(client, contribution.author)

    response = client.post(submit_url(contribution))

    assert response.status_code == 400
    assert "est close depuis le" in response.content.decode()
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.DRAFT


def test_a_similar_initiative_of_the_directory_is_pointed_out_before_submitting(
    client, django_capture_on_commit_callbacks
):
    existing = InitiativeFactory(
        published=True,
        title="Épicerie solidaire mobile dans les villages",
        summary="Un camion aménagé apporte chaque semaine des produits à petit prix "
        "dans les villages isolés.",
    )
    InitiativeFactory(published=True, title="Jardins partagés", summary="Des potagers au pied des immeubles.")
    contribution = ContributionFactory(complete=True)
    signed_in(client, contribution.author)

    page = client.get(submit_url(contribution)).content.decode()

    assert "Une initiative semblable existe déjà" in page
    assert f'href="/initiatives/{existing.pk}/"' in page
    assert "Jardins partagés" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit_url(contribution))
    assert response.status_code == 302  # seeing it does not prevent sending


def test_no_warning_for_a_new_kind_of_initiative(client):
    InitiativeFactory(published=True)
    contribution = ContributionFactory(complete=True)
    signed_in(client, contribution.author)

    assert "semblable" not in client.get(submit_url(contribution)).content.decode()


def test_submitting_sends_the_contribution_to_the_inbox_once_and_confirms_by_email(
    client, django_capture_on_commit_callbacks
):
    contribution = ContributionFactory(complete=True, contact_email="camille@ccas-lille.fr")
    contribution.themes.set([Theme.objects.get(code="autonomie_age_handicap")])
    signed_in(client, contribution.author)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit_url(contribution))
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(submit_url(contribution))

    assert response["Location"] == reverse("contributions:contribution_thanks", args=[contribution.pk])
    assert "Merci, votre contribution est envoyée" in client.get(response["Location"]).content.decode()
    assert "a déjà été envoyée" in again.content.decode()
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.SUBMITTED
    assert contribution.submitted_at is not None
    candidate = Candidate.objects.get()
    assert candidate.origin == Origin.CONTRIBUTION
    assert candidate.origin_key == f"contribution:{contribution.pk}"
    assert candidate.title == "Épicerie solidaire mobile"
    assert candidate.territory == territory(Level.COMMUNE, "59350")
    assert candidate.theme_codes == ["autonomie_age_handicap"]
    assert candidate.contact_email == "camille@ccas-lille.fr"
    assert candidate.provenance_label.startswith(
        f"Campagne « {contribution.campaign.title} » — Marie Dupont, CCAS"
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [contribution.author.email]


def test_a_failure_of_the_inbox_leaves_the_draft_untouched(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    contribution = ContributionFactory(complete=True)
    signed_in(client, contribution.author)

    def broken(**kwargs):
        raise RuntimeError("boîte de réception indisponible")

    monkeypatch.setattr("essaim.contributions.submission.candidate_receive", broken)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        client.post(submit_url(contribution))

    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.DRAFT
    assert contribution.submitted_at is None
    assert mail.outbox == []


def test_a_submitted_contribution_is_read_only(client, django_capture_on_commit_callbacks):
    contribution = ContributionFactory(complete=True)
    signed_in(client, contribution.author)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(submit_url(contribution))

    page = client.get(edit_url(contribution, 1)).content.decode()
    client.post(edit_url(contribution), {"etape": "1", "title": "Autre titre"})
    autosave = client.post(
        reverse("contributions:contribution_autosave", args=[contribution.pk]),
        {"etape": "1", "title": "Autre"},
    )

    assert "Elle ne peut plus être modifiée" in page
    assert "Enregistrer le brouillon" not in page
    assert "Épicerie solidaire mobile" in page
    assert autosave.status_code == 409
    contribution.refresh_from_db()
    assert contribution.title == "Épicerie solidaire mobile"


def test_hostile_html_is_shown_as_text(client):
    contribution = ContributionFactory(title='<script>alert("x")</script>', summary="<b>gras</b>")
    signed_in(client, contribution.author)

    page = client.get(submit_url(contribution)).content.decode()

    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page
    assert "<b>gras</b>" not in page


def test_contributions_of_one_organisation_stay_apart_from_another(client):
    one = ContributionFactory()
    other_org_user = UserFactory(organisation=OrganisationFactory(name="Département du Nord"))
    signed_in(client, other_org_user)

    assert client.get(submit_url(one)).status_code == 404


def test_analysts_see_contributions_through_the_inbox_not_the_form(client):
    contribution = ContributionFactory(title="Épicerie solidaire mobile")
    signed_in(client, UserFactory(analyst=True, organisation=contribution.organisation))

    assert client.get(edit_url(contribution)).status_code == 404

"""Invitations: importing contacts, personal links, sending, failures and reminders."""

import datetime as dt
import io

import pytest
from django.core import mail, signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from essaim.accounts.models import Organisation, User
from essaim.contributions import invitations
from essaim.contributions.models import Invitation, InvitationStatus
from tests.contributions.factories import (
    CampaignFactory,
    ContributionFactory,
    ContributorFactory,
    InvitationFactory,
    OrganisationFactory,
    today,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst_client(client):
    client.force_login(UserFactory(analyst=True))
    return client


def _upload(client, campaign, name, content, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            reverse("contributions:invitations_import", kwargs={"slug": campaign.slug}),
            {"file": SimpleUploadedFile(name, content)},
        )


# --- Reading contacts files --------------------------------------------------------------------


def test_a_windows_1252_semicolon_file_is_read_with_its_accents():
    content = (
        "Nom;Courriel;Organisation;Territoire\r\n"
        "Hélène Lefèvre;helene@nord.fr;Département du Nord;59\r\n"
        "Jérôme Bœuf;jerome@lille.fr;CCAS de Lille;59350\r\n"
    ).encode("cp1252")
    contacts = invitations.contacts_read("contacts.csv", content)
    assert [contact.name for contact in contacts] == ["Hélène Lefèvre", "Jérôme Bœuf"]
    assert contacts[0].territory.name == "Nord"
    assert contacts[1].territory.name == "Lille"


def test_a_utf8_file_with_bom_and_commas_and_a_territory_name():
    content = "\ufeffcourriel,nom,organisation,territoire\nanne@roubaix.fr,Anne,Mairie de Roubaix,Roubaix\n"
    [contact] = invitations.contacts_read("contacts.csv", content.encode("utf-8"))
    assert contact.email == "anne@roubaix.fr"
    assert contact.territory.code == "59512"


def test_a_tab_separated_file_without_territory_column():
    content = "nom\tcourriel\torganisation\nPaul\tPAUL@Example.org\tCIAS du Val\n"
    [contact] = invitations.contacts_read("contacts.txt", content.encode())
    assert contact.email == "paul@example.org"
    assert contact.territory is None


def test_an_excel_file_is_read_even_with_a_code_that_lost_its_zero():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nom", "Courriel", "Organisation", "Territoire"])
    sheet.append(["Lucie", "lucie@nord.fr", "Département du Nord", None])
    sheet.append(["Léo", "leo@ain.fr", "Mairie d'Ambérieu", 1004])  # a code typed as a number: 01004
    buffer = io.BytesIO()
    workbook.save(buffer)
    lucie, leo = invitations.contacts_read("contacts.xlsx", buffer.getvalue())
    assert (lucie.name, lucie.organisation, lucie.territory) == ("Lucie", "Département du Nord", None)
    assert leo.territory.name == "Ambérieu-en-Bugey"


def test_every_bad_row_is_reported_with_its_line_number():
    content = (
        b"nom;courriel;organisation;territoire\n"
        b"Bon;bon@example.org;Mairie;\n"
        b"Sans arobase;pas-une-adresse;Mairie;\n"
        b"Sans organisation;x@example.org;;\n"
        b"Doublon;bon@example.org;Mairie;\n"
        b"Lieu inconnu;y@example.org;Mairie;Zzyzxville\n"
    )
    with pytest.raises(invitations.ContactsError) as caught:
        invitations.contacts_read("contacts.csv", content)
    messages = [str(error) for error in caught.value.errors]
    assert "Ligne 3 : le courriel « pas-une-adresse » n'est pas valide." in messages
    assert "Ligne 4 : l'organisation manque." in messages
    assert "Ligne 5 : le courriel « bon@example.org » figure déjà ligne 2." in messages
    assert any(message.startswith("Ligne 6 : territoire « Zzyzxville » inconnu") for message in messages)


def test_a_file_without_the_needed_columns_says_which_are_missing():
    with pytest.raises(invitations.ContactsError) as caught:
        invitations.contacts_read("contacts.csv", b"nom,telephone\nAnne,0600000000\n")
    assert "il manque : courriel, organisation" in str(caught.value.errors[0])


# --- Importing through the campaign page -----------------------------------------------------


def test_importing_contacts_invites_each_by_email_with_a_personal_link(
    analyst_client, django_capture_on_commit_callbacks
):
    campaign = CampaignFactory(title="Confinement 2020")
    content = (
        "nom;courriel;organisation\n"
        "Hélène;helene@nord.fr;Département du Nord\n"
        "Paul;paul@lille.fr;CCAS de Lille\n"
    )
    response = _upload(
        analyst_client, campaign, "contacts.csv", content.encode(), django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    assert Invitation.objects.filter(campaign=campaign, status=InvitationStatus.SENT).count() == 2
    assert Organisation.objects.filter(name="CCAS de Lille").exists()
    assert len(mail.outbox) == 2
    message = next(item for item in mail.outbox if item.to == ["helene@nord.fr"])
    assert "Confinement 2020" in message.subject
    assert "/contribuer/invitation/" in message.body
    assert "Département du Nord" in message.body
    html = message.alternatives[0][0]
    assert "Répondre à l&#x27;invitation" in html or "Répondre à l'invitation" in html
    page = analyst_client.get(response.url).content.decode()
    assert "2 invitations créées" in page


def test_a_bad_row_imports_nothing_and_its_line_is_shown(analyst_client, django_capture_on_commit_callbacks):
    campaign = CampaignFactory()
    content = (
        "nom;courriel;organisation\nHélène;helene@nord.fr;Département du Nord\nPaul;paul-at-lille;CCAS\n"
    )
    response = _upload(
        analyst_client, campaign, "contacts.csv", content.encode(), django_capture_on_commit_callbacks
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Ligne 3 : le courriel « paul-at-lille » n&#x27;est pas valide." in page
    assert "aucune invitation créée" in page
    assert not Invitation.objects.exists()
    assert not Organisation.objects.filter(name="Département du Nord").exists()
    assert mail.outbox == []


def test_importing_the_same_file_twice_invites_nobody_twice(
    analyst_client, django_capture_on_commit_callbacks
):
    campaign = CampaignFactory()
    content = b"nom,courriel,organisation\nAnne,anne@example.org,Mairie\n"
    _upload(analyst_client, campaign, "contacts.csv", content, django_capture_on_commit_callbacks)
    response = _upload(analyst_client, campaign, "contacts.csv", content, django_capture_on_commit_callbacks)
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1
    assert "1 adresse déjà invitée" in analyst_client.get(response.url).content.decode()


def test_a_closed_campaign_accepts_no_more_invitations(analyst_client, django_capture_on_commit_callbacks):
    campaign = CampaignFactory(closed=True)
    page = analyst_client.get(reverse("contributions:campaign_manage", kwargs={"slug": campaign.slug}))
    assert "La campagne est close" in page.content.decode()
    response = _upload(
        analyst_client,
        campaign,
        "c.csv",
        b"nom,courriel,organisation\nA,a@example.org,M\n",
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_a_failed_send_is_shown_with_its_error_and_can_be_resent(
    analyst_client, django_capture_on_commit_callbacks, mail_refused, settings
):
    campaign = CampaignFactory()
    _upload(
        analyst_client,
        campaign,
        "c.csv",
        b"nom,courriel,organisation\nAnne,anne@example.org,Mairie\n",
        django_capture_on_commit_callbacks,
    )
    invitation = Invitation.objects.get()
    assert invitation.status == InvitationStatus.FAILED
    manage = reverse("contributions:campaign_manage", kwargs={"slug": campaign.slug})
    page = analyst_client.get(manage).content.decode()
    assert "Envois en échec" in page
    assert "Connexion refusée par le serveur SMTP" in page
    assert "Renvoyer" in page

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = analyst_client.post(
            reverse("contributions:invitation_resend", kwargs={"slug": campaign.slug, "pk": invitation.pk})
        )
    invitation.refresh_from_db()
    assert response.status_code == 302
    assert invitation.status == InvitationStatus.SENT
    assert invitation.last_error == ""
    assert [item.to for item in mail.outbox] == [["anne@example.org"]]
    assert "Envois en échec" not in analyst_client.get(manage).content.decode()


def test_contributors_cannot_import_or_resend(client):
    invitation = InvitationFactory(failed=True)
    client.force_login(ContributorFactory())
    slug = invitation.campaign.slug
    assert client.post(reverse("contributions:invitations_import", kwargs={"slug": slug})).status_code == 403
    url = reverse("contributions:invitation_resend", kwargs={"slug": slug, "pk": invitation.pk})
    assert client.post(url).status_code == 403


# --- The personal link -----------------------------------------------------------------------


def _link(invitation):
    return reverse("contributions:invitation", kwargs={"token": invitations.invitation_token(invitation)})


def test_the_link_creates_the_account_in_the_organisation_and_signs_in(client):
    invitation = InvitationFactory(email="helene@nord.fr", name="Hélène Lefèvre")
    page = client.get(_link(invitation)).content.decode()
    assert "helene@nord.fr" in page and invitation.organisation.name in page
    assert 'value="Hélène"' in page  # the name is suggested
    response = client.post(
        _link(invitation),
        {
            "first_name": "Hélène",
            "last_name": "Lefèvre",
            "password1": "ruche-solidaire-2026",
            "password2": "ruche-solidaire-2026",
        },
    )
    assert response.status_code == 302 and response.url == reverse("contributions:space")
    user = User.objects.get(username="helene@nord.fr")
    assert user.organisation == invitation.organisation
    assert user.check_password("ruche-solidaire-2026")
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED and invitation.user == user
    assert "Mon espace" in client.get(reverse("contributions:space")).content.decode()


def test_a_weak_password_is_refused_in_french_and_no_account_is_made(client):
    invitation = InvitationFactory()
    response = client.post(
        _link(invitation),
        {"first_name": "A", "last_name": "B", "password1": "12345678", "password2": "12345678"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ce mot de passe est trop court" in page
    assert 'aria-describedby="id_password1_erreurs' in page
    assert not User.objects.filter(username=invitation.email).exists()


def test_an_existing_account_is_asked_to_sign_in_then_takes_the_invitation(client):
    user = ContributorFactory(username="anne@example.org", email="anne@example.org", organisation=None)
    invitation = InvitationFactory(email="anne@example.org")
    page = client.get(_link(invitation)).content.decode()
    assert "Un compte existe déjà" in page
    assert "Se connecter" in page
    client.force_login(user)
    response = client.get(_link(invitation))
    user.refresh_from_db()
    assert response.status_code == 302
    assert user.organisation == invitation.organisation


def test_someone_of_another_organisation_cannot_take_the_invitation(client):
    invitation = InvitationFactory()
    client.force_login(ContributorFactory())
    response = client.get(_link(invitation))
    assert response.status_code == 403
    assert "destinée à une autre personne" in response.content.decode()


def test_a_forged_link_is_refused_with_a_clear_page(client):
    invitation = InvitationFactory()
    token = invitations.invitation_token(invitation)
    forged = signing.TimestampSigner(salt="autre").sign_object({"i": invitation.pk, "e": invitation.email})
    for bad in (token[:-3] + "abc", forged, "n-importe-quoi"):
        response = client.get(reverse("contributions:invitation", kwargs={"token": bad}))
        assert response.status_code == 400
        assert "Ce lien d'invitation n'est pas valide" in response.content.decode()
    assert not User.objects.filter(username=invitation.email).exists()


def test_a_link_to_a_closed_campaign_has_expired(client):
    invitation = InvitationFactory(campaign=CampaignFactory(closed=True, title="Canicule 2019"))
    response = client.get(_link(invitation))
    assert response.status_code == 410
    page = response.content.decode()
    assert "Cette invitation a expiré" in page and "Canicule 2019" in page
    response = client.post(
        _link(invitation),
        {
            "first_name": "A",
            "last_name": "B",
            "password1": "ruche-solidaire-2026",
            "password2": "ruche-solidaire-2026",
        },
    )
    assert response.status_code == 410
    assert not User.objects.filter(username=invitation.email).exists()


def test_a_link_older_than_any_campaign_has_expired(client, monkeypatch):
    invitation = InvitationFactory()
    token = invitations.invitation_token(invitation)
    monkeypatch.setattr(invitations, "TOKEN_MAX_AGE", dt.timedelta(seconds=-1))
    assert client.get(reverse("contributions:invitation", kwargs={"token": token})).status_code == 410


# --- Reminders -------------------------------------------------------------------------------


def test_reminders_go_before_closing_to_silent_organisations_once_a_day(django_capture_on_commit_callbacks):
    campaign = CampaignFactory(title="Confinement 2020", closes_on=today() + dt.timedelta(days=7))
    silent = InvitationFactory(campaign=campaign, email="silence@example.org")
    answered_organisation = OrganisationFactory()
    InvitationFactory(campaign=campaign, email="repondu@example.org", organisation=answered_organisation)
    ContributionFactory(
        campaign=campaign, submitted=True, author=ContributorFactory(organisation=answered_organisation)
    )
    InvitationFactory(campaign=campaign, email="jamais-envoyee@example.org", status=InvitationStatus.FAILED)
    InvitationFactory(
        campaign=CampaignFactory(closes_on=today() + dt.timedelta(days=5)), email="pas-encore@example.org"
    )

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
    assert [message.to for message in mail.outbox] == [["silence@example.org"]]
    assert mail.outbox[0].subject.startswith("Rappel")
    assert "Confinement 2020" in mail.outbox[0].body
    silent.refresh_from_db()
    assert silent.reminded_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
    assert len(mail.outbox) == 1  # never twice the same day


def test_a_draft_does_not_spare_the_reminder(django_capture_on_commit_callbacks):
    campaign = CampaignFactory(closes_on=today() + dt.timedelta(days=2))
    invitation = InvitationFactory(campaign=campaign)
    ContributionFactory(campaign=campaign, author=ContributorFactory(organisation=invitation.organisation))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
    assert [message.to for message in mail.outbox] == [[invitation.email]]

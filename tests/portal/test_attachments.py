"""Initiatives' documents: private by default, public only with an analyst's consent, and that
consent (given or withdrawn) is in the initiative's history."""

import io
import os
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from essaim.accounts.roles import Role
from essaim.catalog.models import Attachment
from essaim.catalog.services import attachment_set_public
from tests.factories import InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n" + os.urandom(2000)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + os.urandom(2000)


def attachment_of(initiative, *, title="Bilan de l'action", public=False, content=PDF) -> Attachment:
    """A document as the inbox hands it over (or an analyst adds it): stored privately."""
    attachment = Attachment(
        initiative=initiative,
        title=title,
        content_type="application/pdf",
        size=len(content),
        is_public=public,
    )
    attachment.file.save("bilan.pdf", ContentFile(content), save=False)
    attachment.save()
    return attachment


def page_url(initiative) -> str:
    return reverse("portal:initiative", args=[initiative.pk])


def download_url(attachment) -> str:
    return reverse("portal:attachment_download", args=[attachment.initiative_id, attachment.pk])


def visibility_url(attachment) -> str:
    return reverse("portal:attachment_visibility", args=[attachment.initiative_id, attachment.pk])


def upload_url(initiative) -> str:
    return reverse("portal:attachment_upload", args=[initiative.pk])


def signed_in(client, role):
    client.force_login(UserFactory(username=f"compte-{role}", role=role))
    return client


def body(response) -> bytes:
    content = b"".join(response.streaming_content)  # the test client then closes the file
    return content


@pytest.fixture
def published():
    return InitiativeFactory(published=True)


def test_a_private_document_is_never_reachable_by_a_visitor(client, published):
    """Neither on the page nor through its direct address: the visitor gets a 404."""
    private = attachment_of(published, title="Liste des bénéficiaires")

    page = client.get(page_url(published))
    direct = client.get(download_url(private))

    assert "Liste des bénéficiaires" not in page.content.decode()
    assert download_url(private) not in page.content.decode()
    assert direct.status_code == 404


@pytest.mark.parametrize("role", [Role.CONTRIBUTOR, Role.SPONSOR])
def test_signed_in_people_without_access_to_contacts_do_not_reach_private_documents(client, published, role):
    """Contributors and sponsors are treated as visitors for private documents."""
    private = attachment_of(published, title="Liste des bénéficiaires")
    signed_in(client, role)

    assert "Liste des bénéficiaires" not in client.get(page_url(published)).content.decode()
    assert client.get(download_url(private)).status_code == 404


def test_consent_makes_a_document_downloadable_and_withdrawal_hides_it_again(client, published):
    """An analyst's « Rendre public » shows it to visitors; « Rendre privé » hides it at once."""
    attachment = attachment_of(published, title="Bilan de l'action")
    analyst = UserFactory(username="analyste", role=Role.ANALYST)

    client.force_login(analyst)
    made_public = client.post(visibility_url(attachment), {"public": "1"}, follow=True)
    assert "Document « Bilan de l&#x27;action » rendu visible des visiteurs." in made_public.content.decode()
    client.logout()

    page = client.get(page_url(published)).content.decode()
    download = client.get(download_url(attachment))
    assert "Bilan de l&#x27;action" in page
    assert download.status_code == 200
    assert body(download) == PDF
    assert download["Content-Disposition"] == 'attachment; filename="Bilan de l\'action.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "application/pdf"
    assert "no-store" in download["Cache-Control"]

    client.force_login(analyst)
    client.post(visibility_url(attachment), {"public": "0"})
    client.logout()

    assert "Bilan de l&#x27;action" not in client.get(page_url(published)).content.decode()
    assert client.get(download_url(attachment)).status_code == 404


def test_a_public_document_of_an_unpublished_initiative_stays_hidden(client):
    """Consent is not enough while the initiative itself is not published."""
    draft = InitiativeFactory()
    attachment = attachment_of(draft, public=True)

    assert client.get(download_url(attachment)).status_code == 404


def test_a_document_is_only_reachable_under_its_own_initiative(client, published):
    """Changing the initiative number in the address does not lead to another one's document."""
    other = InitiativeFactory(published=True)
    attachment = attachment_of(published, public=True)

    wrong = reverse("portal:attachment_download", args=[other.pk, attachment.pk])

    assert client.get(wrong).status_code == 404


@pytest.mark.parametrize("role", [Role.ANALYST, Role.EXPERT, Role.ADMINISTRATOR])
def test_staff_who_see_contacts_see_private_documents_marked_private(client, role):
    """Analysts, experts and administrators see every document, with a « privé » marker, and may
    download it even on a draft."""
    draft = InitiativeFactory()
    private = attachment_of(draft, title="Convention signée")
    signed_in(client, role)

    page = client.get(page_url(draft)).content.decode()

    assert "Convention signée" in page
    assert ">privé</span>" in page
    assert body(client.get(download_url(private))) == PDF


def test_only_analysts_and_administrators_get_the_consent_buttons(client, published):
    """Experts see private documents but cannot publish them: no button, and a post is refused."""
    attachment = attachment_of(published)
    signed_in(client, Role.EXPERT)

    page = client.get(page_url(published)).content.decode()
    refused = client.post(visibility_url(attachment), {"public": "1"})

    assert "Rendre public" not in page
    assert refused.status_code == 403
    attachment.refresh_from_db()
    assert attachment.is_public is False


def test_a_visitor_posting_consent_is_sent_to_sign_in(client, published):
    attachment = attachment_of(published)

    response = client.post(visibility_url(attachment), {"public": "1"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    attachment.refresh_from_db()
    assert attachment.is_public is False


def test_the_page_offers_make_public_then_make_private(client, published):
    attachment = attachment_of(published)
    signed_in(client, Role.ANALYST)

    assert "Rendre public" in client.get(page_url(published)).content.decode()
    attachment_set_public(attachment=attachment, public=True)
    page = client.get(page_url(published)).content.decode()
    assert "Rendre privé" in page
    assert ">public</span>" in page


def test_consent_changes_are_in_the_initiative_history(client, published):
    """Who made a document public, then private again, shows in the page's history."""
    attachment = attachment_of(published, title="Rapport d'activité")
    analyst = UserFactory(username="claire.analyste", role=Role.ANALYST)
    client.force_login(analyst)

    client.post(visibility_url(attachment), {"public": "1"})
    client.post(visibility_url(attachment), {"public": "0"})
    page = client.get(page_url(published)).content.decode()

    assert "Document « Rapport d&#x27;activité » rendu public" in page
    assert "Document « Rapport d&#x27;activité » rendu privé" in page
    records = attachment.history.order_by("history_date", "history_id")
    assert [record.is_public for record in records] == [False, True, False]
    assert [record.history_user for record in records][1:] == [analyst, analyst]


def test_an_analyst_uploads_a_document_that_stays_private(client, published):
    signed_in(client, Role.ANALYST)

    response = client.post(
        upload_url(published),
        {
            "document-file": SimpleUploadedFile("compte-rendu.pdf", PDF, "application/pdf"),
            "document-title": "",
        },
        follow=True,
    )

    attachment = Attachment.objects.get(initiative=published)
    assert "Document « compte-rendu.pdf » ajouté ; il reste privé." in response.content.decode()
    assert attachment.is_public is False
    assert attachment.content_type == "application/pdf"
    client.logout()
    assert client.get(download_url(attachment)).status_code == 404


def test_an_upload_with_a_disguised_type_is_refused_in_french(client, published):
    """A program renamed « rapport.pdf » and announced as a PDF is refused, by its content."""
    signed_in(client, Role.ANALYST)

    response = client.post(
        upload_url(published),
        {
            "document-file": SimpleUploadedFile("rapport.pdf", EXE, "application/pdf"),
            "document-title": "Rapport",
        },
    )

    assert response.status_code == 400
    assert "n&#x27;est pas un PDF, une image ou un document bureautique" in response.content.decode()
    assert not Attachment.objects.filter(initiative=published).exists()


def test_an_office_document_keeps_its_title_and_gets_its_real_extension(client, published):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"<w:document/>")
    signed_in(client, Role.ANALYST)

    client.post(
        upload_url(published),
        {
            "document-file": SimpleUploadedFile("doc.bin", buffer.getvalue(), "application/octet-stream"),
            "document-title": "Charte des bénévoles",
        },
    )
    attachment = Attachment.objects.get(initiative=published)
    download = client.get(download_url(attachment))
    b"".join(download.streaming_content)

    assert attachment.title == "Charte des bénévoles"
    assert "Charte%20des%20b%C3%A9n%C3%A9voles.docx" in download["Content-Disposition"]


def test_an_expert_cannot_upload(client, published):
    signed_in(client, Role.EXPERT)

    response = client.post(
        upload_url(published), {"document-file": SimpleUploadedFile("a.pdf", PDF, "application/pdf")}
    )

    assert response.status_code == 403
    assert not Attachment.objects.exists()


def test_hostile_titles_are_escaped(client, published):
    attachment_of(published, title="<script>alert(1)</script>", public=True)

    page = client.get(page_url(published)).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def delete_url(attachment) -> str:
    return reverse("portal:attachment_delete", args=[attachment.initiative_id, attachment.pk])


def test_an_analyst_removes_a_document_after_confirming_and_its_file_is_erased(
    client, published, django_capture_on_commit_callbacks
):
    attachment = attachment_of(published, title="Liste nominative <envoyée par erreur>", public=True)
    path, url = attachment.file.path, download_url(attachment)
    analyst = UserFactory(username="claire.analyste", role=Role.ANALYST)
    client.force_login(analyst)

    page = client.get(page_url(published)).content.decode()
    assert f'href="{delete_url(attachment)}"' in page
    confirm = client.get(delete_url(attachment)).content.decode()
    assert "Supprimer définitivement" in confirm and "&lt;envoyée par erreur&gt;" in confirm
    assert os.path.exists(path)  # asking removes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url(attachment), follow=True)

    assert "Document « Liste nominative &lt;envoyée par erreur&gt; » supprimé." in response.content.decode()
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not os.path.exists(path)
    assert "Document retiré : « Liste nominative &lt;envoyée par erreur&gt; »" in response.content.decode()
    assert attachment.history.latest("history_date").history_user == analyst
    client.logout()
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("role", [Role.EXPERT, Role.CONTRIBUTOR])
def test_only_analysts_remove_documents(client, published, role):
    attachment = attachment_of(published)
    signed_in(client, role)

    assert "Supprimer" not in client.get(page_url(published)).content.decode()
    assert client.post(delete_url(attachment)).status_code == 403
    assert client.get(delete_url(attachment)).status_code == 403
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_a_document_is_removed_only_under_its_own_initiative(client, published):
    attachment = attachment_of(published)
    other = InitiativeFactory(published=True)
    signed_in(client, Role.ANALYST)

    response = client.post(reverse("portal:attachment_delete", args=[other.pk, attachment.pk]))

    assert response.status_code == 404
    assert Attachment.objects.filter(pk=attachment.pk).exists()

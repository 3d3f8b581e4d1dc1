"""Attachments: checked by content, limited in size and number, private, deletable while a draft."""

import io
import os
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from essaim.contributions.attachments import MAX_FILES, attachment_add
from essaim.contributions.models import ContributionAttachment, ContributionStatus
from tests.contributions.form_factories import ContributionFactory, contributor
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n" + os.urandom(2000)  # a PDF header on random bytes is accepted
PNG = b"\x89PNG\r\n\x1a\n" + os.urandom(500)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + os.urandom(2000)


def office_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = office_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODS = office_zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<office/>"})


def zip_bomb() -> bytes:
    """A « Word document » of a few hundred ko that would unpack to more than 300 Mo."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(310):
                member.write(chunk)
    return buffer.getvalue()


def upload_url(contribution):
    return reverse("contributions:attachment_upload", args=[contribution.pk])


def download_url(attachment):
    return reverse("contributions:attachment_download", args=[attachment.contribution_id, attachment.pk])


def upload(client, contribution, name, content, content_type="application/pdf"):
    return client.post(upload_url(contribution), {"file": SimpleUploadedFile(name, content, content_type)})


@pytest.fixture
def draft(client):
    contribution = ContributionFactory()
    client.force_login(contribution.author)
    return contribution


def test_a_pdf_is_stored_privately_under_a_random_name(client, draft):
    response = upload(client, draft, "bilan 2020.pdf", PDF)

    assert response["Location"].endswith("?etape=5#pieces-jointes")
    attachment = ContributionAttachment.objects.get()
    assert attachment.original_name == "bilan 2020.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(PDF)
    assert "bilan" not in attachment.file.name
    stored = os.path.join(settings.ESSAIM_PRIVATE_DIR, attachment.file.name)
    with open(stored, "rb") as file:
        assert file.read() == PDF
    page = client.get(
        reverse("contributions:contribution_edit", args=[draft.pk]) + "?etape=5"
    ).content.decode()
    assert "« bilan 2020.pdf » est ajouté à la contribution." in page
    assert download_url(attachment) in page


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("affiche.png", PNG, "image/png"),
        (
            "compte-rendu.docx",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("budget.ods", ODS, "application/vnd.oasis.opendocument.spreadsheet"),
    ],
)
def test_images_and_office_documents_are_recognised_by_their_content(
    client, draft, name, content, content_type
):
    upload(client, draft, name, content, "application/octet-stream")

    assert ContributionAttachment.objects.get().content_type == content_type


def test_a_program_renamed_pdf_is_refused(client, draft):
    response = upload(client, draft, "rapport.pdf", EXE)

    page = response.content.decode()
    assert response.status_code == 400
    assert "Ce fichier n&#x27;est pas un PDF, une image ou un document bureautique." in page
    assert 'aria-invalid="true"' in page
    assert not ContributionAttachment.objects.exists()
    assert not os.path.exists(settings.ESSAIM_PRIVATE_DIR) or not any(os.scandir(settings.ESSAIM_PRIVATE_DIR))


def test_a_zip_that_is_no_office_document_is_refused(client, draft):
    response = upload(client, draft, "photos.docx", office_zip({"photo.txt": b"bonjour"}))

    assert "n&#x27;est pas un PDF, une image ou un document bureautique" in response.content.decode()
    assert not ContributionAttachment.objects.exists()


def test_a_zip_bomb_is_refused(client, draft):
    bomb = zip_bomb()
    assert len(bomb) < 2 * 1000 * 1000

    response = upload(client, draft, "note.docx", bomb)

    assert "Ce document compressé est anormal" in response.content.decode()
    assert not ContributionAttachment.objects.exists()


def test_an_oversized_file_is_refused_with_its_size(client, draft):
    response = upload(client, draft, "scan.pdf", b"%PDF-1.7\n" + b"0" * 12_300_000)

    assert "Fichier trop volumineux (12,3 Mo ; 10 Mo au plus)." in response.content.decode()
    assert not ContributionAttachment.objects.exists()


def test_ten_files_at_most(client, draft):
    for number in range(MAX_FILES):
        attachment_add(contribution=draft, upload=SimpleUploadedFile(f"p{number}.pdf", PDF), by=draft.author)

    page = client.get(
        reverse("contributions:contribution_edit", args=[draft.pk]) + "?etape=5"
    ).content.decode()
    response = upload(client, draft, "onzieme.pdf", PDF)

    assert "10 documents au plus : supprimez-en un pour en ajouter un autre." in page
    assert "10 pièces jointes au plus par contribution" in response.content.decode()
    assert draft.attachments.count() == MAX_FILES


def test_download_by_colleagues_and_analysts_only(client, draft):
    upload(client, draft, "bilan.pdf", PDF)
    attachment = ContributionAttachment.objects.get()

    response = client.get(download_url(attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="bilan.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"

    client.force_login(UserFactory(analyst=True))
    response = client.get(download_url(attachment))
    assert response.status_code == 200
    b"".join(response.streaming_content)  # read it (the test client then closes the file)
    client.force_login(contributor(draft.campaign))
    assert client.get(download_url(attachment)).status_code == 404
    client.force_login(UserFactory(expert=True))
    assert client.get(download_url(attachment)).status_code == 404
    client.logout()
    assert client.get(download_url(attachment))["Location"].startswith(reverse("accounts:login"))


def test_another_organisation_cannot_upload_or_delete(client, draft):
    upload(client, draft, "bilan.pdf", PDF)
    attachment = ContributionAttachment.objects.get()
    client.force_login(contributor(draft.campaign))

    assert upload(client, draft, "intrus.pdf", PDF).status_code == 404
    delete = reverse("contributions:attachment_delete", args=[draft.pk, attachment.pk])
    assert client.post(delete).status_code == 404
    assert draft.attachments.count() == 1


def test_deletion_while_a_draft_only(client, draft, django_capture_on_commit_callbacks):
    upload(client, draft, "bilan.pdf", PDF)
    upload(client, draft, "annexe.pdf", PDF)
    first, second = ContributionAttachment.objects.order_by("pk")
    stored = os.path.join(settings.ESSAIM_PRIVATE_DIR, first.file.name)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("contributions:attachment_delete", args=[draft.pk, first.pk]))
    assert "« bilan.pdf » est supprimé." in client.get(response["Location"]).content.decode()
    assert not os.path.exists(stored)

    draft.status = ContributionStatus.SUBMITTED
    draft.save()
    response = client.post(
        reverse("contributions:attachment_delete", args=[draft.pk, second.pk]), follow=True
    )
    assert "ses pièces jointes ne peuvent plus changer" in response.content.decode()
    assert list(draft.attachments.all()) == [second]

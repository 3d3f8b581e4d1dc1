"""An initiative's PDF: the public version only, never a network fetch, cached until it changes.

Rendering costs a few hundred milliseconds: each test renders as few PDFs as its rule needs.
"""

import io
import socket

import pytest
import weasyprint
from pypdf import PdfReader

from essaim.catalog.models import SourceKind, Status
from essaim.catalog.services import initiative_merge
from essaim.core.pdf import StaticFilesOnlyFetcher
from tests.factories import InitiativeFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_in_tmp(settings, tmp_path):
    """Cached PDFs go to a throwaway directory, not to the developer's var/."""
    settings.VAR_DIR = tmp_path
    return tmp_path / "cache" / "pdf"


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """Counts WeasyPrint renders (the expensive part that the cache saves)."""
    calls: list[str] = []
    real_html = weasyprint.HTML

    def counting_html(*args, **kwargs):
        calls.append(kwargs.get("string", ""))
        return real_html(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", counting_html)
    return calls


def _text(content: bytes) -> str:
    """The PDF's text, whitespace collapsed (lines wrap wherever the layout puts them)."""
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_visitor_downloads_the_public_version_and_staff_get_the_same(client, _cache_in_tmp):
    """A published initiative's PDF holds what its page shows a visitor, never the contact or a
    contributor's text; an analyst downloads the very same public document."""
    initiative = InitiativeFactory(published=True, title="Épicerie solidaire mobile", sources=0)
    SourceFactory(
        initiative=initiative, publisher="La Voix du Nord", kind=SourceKind.WATCH, raw_text="Un camion"
    )
    SourceFactory(
        initiative=initiative,
        publisher="Contribution du CCAS",
        kind=SourceKind.CONTRIBUTION,
        raw_text="Note interne : rappeler la directrice au 06 12 34 56 78",
    )

    response = client.get(f"/initiatives/{initiative.pk}/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="essaim-initiative-{initiative.pk}.pdf"'
    assert response.content.startswith(b"%PDF")
    text = _text(response.content)
    assert "Épicerie solidaire mobile" in text
    assert "Lille (commune, Nord, Hauts-de-France)" in text
    assert "Premier confinement" in text and "17 mars 2020" in text
    assert "La Voix du Nord" in text and "Un camion" in text
    assert "Population (2018)" in text
    assert "Page 1 sur" in text and "Licence Ouverte 2.0" in text
    assert f"http://testserver/initiatives/{initiative.pk}/" in text
    assert "camille.martin@mairie-exemple.fr" not in text and "Camille Martin" not in text
    assert "Contribution du CCAS" in text and "rappeler la directrice" not in text

    client.force_login(UserFactory(analyst=True))
    assert client.get(f"/initiatives/{initiative.pk}/pdf/").content == response.content
    assert len(list(_cache_in_tmp.iterdir())) == 1


@pytest.mark.parametrize("role", [None, "contributeur"])
def test_unpublished_initiative_pdf_is_a_404_for_visitors(client, role, renders):
    """A draft's PDF does not exist for visitors and contributors, as its page does not."""
    draft = InitiativeFactory(title="Projet encore en brouillon")
    if role:
        client.force_login(UserFactory(role=role))

    assert client.get(f"/initiatives/{draft.pk}/pdf/").status_code == 404
    assert client.get("/initiatives/999999/pdf/").status_code == 404
    assert renders == []


def test_staff_pdf_of_a_draft_says_it_is_not_published(client):
    """Staff may download a draft's PDF, marked as a working document not to be circulated."""
    draft = InitiativeFactory(title="Projet encore en brouillon", status=Status.QUALIFIED)
    client.force_login(UserFactory(expert=True))

    text = _text(client.get(f"/initiatives/{draft.pk}/pdf/").content)

    assert "Projet encore en brouillon" in text
    assert "Initiative non publiée (statut : qualifiée)" in text
    assert "camille.martin@mairie-exemple.fr" not in text


def test_merged_initiative_pdf_redirects_to_its_target(client, renders):
    """Old links to a merged initiative's PDF lead to the PDF of the one it was merged into."""
    target = InitiativeFactory(published=True)
    duplicate = InitiativeFactory(published=True)
    initiative_merge(target=target, duplicate=duplicate)

    response = client.get(f"/initiatives/{duplicate.pk}/pdf/")

    assert response.status_code == 301
    assert response["Location"] == f"/initiatives/{target.pk}/pdf/"
    assert renders == []


def test_hostile_text_is_printed_literally_and_nothing_is_fetched(client, monkeypatch):
    """Markup typed by a contributor is text in the PDF, and no address they typed is fetched."""
    fetched: list[str] = []
    real_fetch = StaticFilesOnlyFetcher.fetch

    def spying_fetch(self, url, headers=None):
        fetched.append(url)
        return real_fetch(self, url, headers)

    def no_network(*args, **kwargs):
        raise AssertionError("Le rendu du PDF a tenté une connexion réseau.")

    monkeypatch.setattr(StaticFilesOnlyFetcher, "fetch", spying_fetch)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    initiative = InitiativeFactory(
        published=True,
        title="<script>alert(1)</script> Repas",
        description='Voir <img src="http://exemple.invalid/pixel.png"> et <link rel="stylesheet" '
        'href="http://exemple.invalid/style.css">.',
    )

    response = client.get(f"/initiatives/{initiative.pk}/pdf/")

    text = _text(response.content)
    assert "<script>alert(1)</script> Repas" in text
    assert '<img src="http://exemple.invalid/pixel.png">' in text
    assert fetched == ["http://testserver/static/essaim/favicon.svg"]


def test_fetcher_serves_only_the_projects_static_files():
    """WeasyPrint's fetcher reads Essaim's static files and refuses any other address."""
    fetcher = StaticFilesOnlyFetcher(base_url="http://testserver/")

    logo = fetcher.fetch("http://testserver/static/essaim/favicon.svg")

    assert logo.read().startswith(b"<svg") and logo.content_type == "image/svg+xml"
    for url in [
        "http://exemple.invalid/pixel.png",
        "https://testserver.exemple.invalid/static/essaim/favicon.svg",
        "file:///etc/passwd",
        "data:text/css,body{}",
        "http://testserver/static/../../../../etc/passwd",
        "http://testserver/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "http://testserver/static//etc/passwd",
        "http://testserver/static/",
        "http://testserver/static/essaim",
        "http://testserver/static/essaim/absent.css",
    ]:
        with pytest.raises(ValueError, match="Adresse refusée"):
            fetcher.fetch(url)


def test_second_download_is_cached_and_an_edit_gives_a_new_pdf(client, renders, _cache_in_tmp):
    """The second download does not render again; after an edit, the PDF shows the new text and
    only the new file stays in the cache."""
    initiative = InitiativeFactory(published=True, title="Ancien titre")
    url = f"/initiatives/{initiative.pk}/pdf/"

    first = client.get(url).content
    second = client.get(url).content
    assert second == first
    assert len(renders) == 1

    initiative.title = "Nouveau titre"
    initiative.save()
    third = client.get(url).content

    assert len(renders) == 2
    assert "Nouveau titre" in _text(third) and "Ancien titre" not in _text(third)
    assert [path.name.split("-")[0] for path in _cache_in_tmp.iterdir()] == [str(initiative.pk)]


def test_initiative_page_links_to_its_pdf(client):
    """The initiative page offers the PDF, saying in the link that it is a PDF file."""
    initiative = InitiativeFactory(published=True)

    page = client.get(f"/initiatives/{initiative.pk}/").text

    assert f'href="/initiatives/{initiative.pk}/pdf/"' in page
    assert "Télécharger la fiche en PDF" in page

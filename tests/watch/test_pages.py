"""The sources pages, as an analyst uses them: add, run, follow, fix the columns, read the text."""

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from essaim.inbox.models import Candidate
from essaim.jobs.models import Job
from essaim.jobs.progress import Progress
from essaim.watch.ingestion import source_run
from essaim.watch.models import Document, Source, SourceKind
from tests.factories import UserFactory
from tests.inbox.factories import from_watch
from tests.watch import documents as docs
from tests.watch.conftest import Route
from tests.watch.factories import WatchSourceFactory, file_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(client):
    user = UserFactory(analyst=True)
    client.force_login(user)
    return user


def test_visitors_and_contributors_are_kept_out(client):
    url = reverse("watch:list")
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


def test_a_broken_source_is_red_and_first_on_the_sources_page(client, analyst, site):
    WatchSourceFactory(name="Agence de presse")
    broken = WatchSourceFactory(kind=SourceKind.FEED, url=site.url("/disparu"), name="Flux disparu")
    source_run(broken)
    page = client.get(reverse("watch:list")).content.decode()
    assert page.index("Flux disparu") < page.index("Agence de presse")
    assert 'class="source-broken"' in page and "En échec" in page
    assert "erreur 404" in page and "1 source en échec" in page


def test_adding_a_feed_runs_it_as_a_job_with_its_progress(client, analyst, site):
    site.routes["/rss"] = Route(body=docs.feed_xml(), content_type="application/rss+xml")
    response = client.post(
        reverse("watch:create"),
        {
            "name": "Lettre des solidarités",
            "kind": "flux",
            "url": site.url("/rss"),
            "schedule": "quotidien",
            "is_active": "on",
        },
    )
    job = Job.objects.get()
    assert response.url == reverse("jobs:detail", args=[job.pk])
    # Its last step: the three candidates the feed's entries made, enriched together.
    assert job.status == "terminee"
    assert (job.done, job.total, job.unit) == (3, 3, "candidats")
    assert Candidate.objects.count() == 3
    assert not Candidate.objects.filter(enriched_at=None).exists()
    # The job's page leads to the candidates of this source, and to them only.
    from_watch(title="Signalement d'une autre source")
    page = client.get(response.url).content.decode()
    link = re.search(r'<a href="([^"]+)">Voir les candidats de cette source', page)
    listed = client.get(html.unescape(link[1])).content.decode()
    assert listed.count("data-candidate ") == 3 and "autre source" not in listed
    source = Source.objects.get()
    assert source.owner == analyst and source.schedule == "quotidien"


def test_a_form_error_is_summarised_and_linked_to_its_field(client, analyst):
    response = client.post(
        reverse("watch:create"), {"name": "Presse", "kind": "flux", "url": "ftp://x", "schedule": "manuel"}
    )
    page = response.content.decode()
    assert "Le formulaire contient 1 erreur" in page
    assert "commençant par http:// ou https://" in page
    assert not Source.objects.exists()


def test_uploading_a_spreadsheet_asks_for_its_columns_then_imports_it(client, analyst):
    upload = SimpleUploadedFile("remontees.csv", docs.csv_cp1252(), content_type="text/csv")
    response = client.post(
        reverse("watch:create"),
        {
            "name": "Réseau des élus",
            "kind": "tableau",
            "file": upload,
            "schedule": "manuel",
            "is_active": "on",
        },
    )
    source = Source.objects.get()
    assert response.url == reverse("watch:mapping", args=[source.pk])
    page = client.get(response.url).content.decode()
    assert "« Nom de l&#x27;action »" in page and "Correspondance devinée" in page
    response = client.post(
        response.url,
        {"title": "Nom de l'action", "lead_actor_name": "Structure porteuse", "place": "Commune"},
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.mapping == {
        "title": "Nom de l'action",
        "lead_actor_name": "Structure porteuse",
        "place": "Commune",
    }
    assert Candidate.objects.count() == 3


def test_the_mapping_page_refuses_a_mapping_without_a_title(client, analyst):
    source = file_source(docs.csv_cp1252(), "t.csv", kind=SourceKind.SPREADSHEET)
    page = client.post(
        reverse("watch:mapping", args=[source.pk]), {"summary": "Description"}
    ).content.decode()
    assert "Choisissez la colonne qui contient l&#x27;intitulé" in page
    assert not Candidate.objects.exists()


def test_a_source_page_shows_its_runs_and_documents_and_scripts_are_escaped(client, analyst, site):
    hostile = [("<script>alert('titre')</script>Portage de repas", docs.MEALS[1]), docs.TABLETS]
    site.routes["/lettre"] = Route(body=docs.newsletter_html(hostile))
    source = WatchSourceFactory(url=site.url("/lettre"), name="Journal")
    source_run(source)
    page = client.get(reverse("watch:detail", args=[source.pk])).content.decode()
    assert "Réussie" in page and "Lettre des solidarités d&#x27;avril" in page
    document = Document.objects.get()
    page = client.get(reverse("watch:document", args=[document.pk])).content.decode()
    assert "<script>alert" not in page
    assert "CCAS de Lille" in page


def test_running_a_source_from_its_page(client, analyst, site):
    site.routes["/lettre"] = Route(body=docs.newsletter_html())
    source = WatchSourceFactory(url=site.url("/lettre"))
    response = client.post(reverse("watch:run", args=[source.pk]))
    job = Job.objects.get()
    assert response.url == reverse("jobs:detail", args=[job.pk])
    assert Candidate.objects.count() == 3
    page = client.get(response.url).content.decode()
    assert "Veille" in page


def test_a_failed_run_fails_its_job_with_the_french_reason(client, analyst, site):
    source = WatchSourceFactory(url=site.url("/absent"))
    client.post(reverse("watch:run", args=[source.pk]))
    job = Job.objects.get()
    assert job.status == "echec" and "erreur 404" in job.error


def test_a_spreadsheet_job_shows_its_progress_in_rows_then_candidates(client, analyst, monkeypatch):
    source = file_source(docs.csv_cp1252(), "t.csv", kind=SourceKind.SPREADSHEET)
    seen = []
    write = Progress._write

    def spy(progress, *, force=False):
        seen.append(f"{progress.job.step} : {progress.job.done} / {progress.job.total} {progress.job.unit}")
        write(progress, force=force)

    monkeypatch.setattr(Progress, "_write", spy)
    response = client.post(reverse("watch:run", args=[source.pk]))
    assert "Import : 3 / 3 lignes" in seen
    assert seen[-1] == "Enrichissement : 3 / 3 candidats"
    assert "3 / 3 candidats" in client.get(response.url).content.decode()


def test_a_file_over_20_mb_is_refused_on_upload(client, analyst):
    upload = SimpleUploadedFile(
        "enorme.pdf", b"%PDF-1.4\n" + b"0" * (50 * 1024 * 1024), content_type="application/pdf"
    )
    page = client.post(
        reverse("watch:create"), {"name": "Gros", "kind": "document", "file": upload, "schedule": "manuel"}
    ).content.decode()
    assert "Ce fichier dépasse 20 Mo." in page
    assert not Source.objects.exists()

"""Running a source: every initiative to the inbox once, never twice, and a loud failure."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from essaim.inbox.models import Candidate, CandidateStatus, Origin
from essaim.watch.ingestion import source_run
from essaim.watch.models import Document, RunStatus, SourceKind
from essaim.watch.sources import source_save
from tests.watch import documents as docs
from tests.watch.conftest import Route
from tests.watch.factories import WatchSourceFactory, file_source

pytestmark = pytest.mark.django_db

TITLES = {docs.MEALS[0], docs.TABLETS[0], docs.LISTENING[0]}


def _titles():
    return set(Candidate.objects.filter(origin=Origin.WATCH).values_list("title", flat=True))


def test_a_feed_sends_each_entry_to_the_inbox_once(site):
    site.routes["/rss"] = Route(body=docs.feed_xml(), content_type="application/rss+xml")
    source = WatchSourceFactory(kind=SourceKind.FEED, url=site.url("/rss"), name="Lettre des solidarités")
    run = source_run(source).run
    assert run.status == RunStatus.SUCCESS
    assert _titles() == TITLES
    candidate = Candidate.objects.get(title=docs.MEALS[0])
    assert candidate.provenance_label == "Veille — Lettre des solidarités"
    assert candidate.source_url == "https://presse.example.org/0"
    assert candidate.origin_key.startswith(f"veille:{source.pk}:")
    assert Document.objects.filter(source=source).count() == 3
    assert site.requests[0][1]["User-Agent"] == f"Essaim-veille/1.0 (+{settings.ESSAIM_SITE_URL})"

    again = source_run(source).run
    assert Candidate.objects.count() == 3 and Document.objects.count() == 3
    assert again.candidates_new == 0 and again.documents_unchanged == 3


def test_a_304_is_a_success_with_nothing_new(site):
    site.routes["/rss"] = Route(body=docs.feed_xml(), content_type="application/rss+xml", etag='"v1"')
    source = WatchSourceFactory(kind=SourceKind.FEED, url=site.url("/rss"))
    source_run(source)
    run = source_run(source).run
    source.refresh_from_db()
    assert run.not_modified and run.status == RunStatus.SUCCESS
    assert source.items_found == 3 and source.consecutive_failures == 0
    assert site.requests[-1][1]["If-None-Match"] == '"v1"'


def test_a_rejected_candidate_is_not_reopened_when_its_page_is_fetched_again(site):
    site.routes["/lettre"] = Route(body=docs.newsletter_html())
    source = WatchSourceFactory(url=site.url("/lettre"))
    source_run(source)
    Candidate.objects.filter(title=docs.MEALS[0]).update(status=CandidateStatus.REJECTED, reason="Hors sujet")
    site.routes["/lettre"] = Route(
        body=docs.newsletter_html().replace(b"trois initiatives", b"3 initiatives")
    )
    run = source_run(source).run
    assert run.documents_new == 1 and run.candidates_new == 0 and run.candidates_updated == 0
    assert Candidate.objects.get(title=docs.MEALS[0]).status == CandidateStatus.REJECTED


def test_a_changed_section_updates_its_candidate_instead_of_doubling_it(site):
    site.routes["/lettre"] = Route(body=docs.newsletter_html())
    source = WatchSourceFactory(url=site.url("/lettre"))
    source_run(source)
    changed = [(docs.MEALS[0], docs.MEALS[1] + " Le service continue en mai."), docs.TABLETS, docs.LISTENING]
    site.routes["/lettre"] = Route(body=docs.newsletter_html(changed))
    run = source_run(source).run
    assert run.candidates_updated == 1 and Candidate.objects.count() == 3
    assert "continue en mai" in Candidate.objects.get(title=docs.MEALS[0]).description


def test_an_unreachable_source_is_broken_loudly(site):
    source = WatchSourceFactory(kind=SourceKind.FEED, url=site.url("/disparu"))
    source_run(source)
    run = source_run(source).run
    source.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert source.is_broken and source.consecutive_failures == 2
    assert "erreur 404" in source.last_error


def test_a_redirect_to_a_private_address_fails_the_run_and_stores_nothing(site):
    site.routes["/piege"] = Route(status=302, headers={"Location": "http://10.0.0.5/admin"})
    source = WatchSourceFactory(url=site.url("/piege"))
    run = source_run(source).run
    assert run.status == RunStatus.FAILED and "adresse privée" in run.errors[0]
    assert not Document.objects.exists() and not Candidate.objects.exists()


@pytest.mark.parametrize(
    "builder, name",
    [(docs.pdf_bytes, "retex.pdf"), (docs.docx_bytes, "retex.docx"), (docs.odt_bytes, "retex.odt")],
)
def test_an_uploaded_report_becomes_one_candidate_per_initiative(builder, name):
    source = file_source(builder(), name)
    stored = Path(source.file.path)
    assert stored.is_relative_to(Path(settings.ESSAIM_PRIVATE_DIR)) and stored.is_file()
    with pytest.raises(ValueError, match="pas d'adresse publique"):
        source.file.url  # noqa: B018 -- private: never served by a URL
    run = source_run(source).run
    assert run.status == RunStatus.SUCCESS and run.candidates_new == 3
    assert _titles() == TITLES
    source_run(source)
    assert Candidate.objects.count() == 3


def test_a_spreadsheet_guesses_its_columns_saves_them_and_says_so():
    source = file_source(docs.csv_cp1252(), "actions.csv", kind=SourceKind.SPREADSHEET)
    run = source_run(source).run
    source.refresh_from_db()
    assert run.candidates_new == 3
    assert source.mapping["title"] == "Nom de l'action"
    assert any("Colonnes devinées" in note for note in run.notes)
    candidate = Candidate.objects.get(title=docs.MEALS[0])
    assert candidate.lead_actor_name == "CCAS de Lille"
    assert candidate.place_text == "Lille, Nord"
    assert (candidate.territory.level, candidate.territory.code) == ("commune", "59350")
    tablets = Candidate.objects.get(title=docs.TABLETS[0])
    assert (tablets.territory.level, tablets.territory.code) == ("departement", "59")
    assert candidate.start_date.isoformat() == "2020-03-17"


def test_the_next_file_of_the_same_partner_uses_the_saved_mapping_and_doubles_nothing():
    source = file_source(
        docs.csv_cp1252(headers=["Réf", "Action menée", "Qui"], data=[["1", docs.MEALS[0], "CCAS"]]),
        "a.csv",
        kind=SourceKind.SPREADSHEET,
    )
    source.mapping = {"title": "Action menée", "lead_actor_name": "Qui", "key": "Réf"}
    source.save()
    source_run(source)
    rows = [["1", docs.MEALS[0], "CCAS"], ["2", docs.TABLETS[0], "Département"]]
    source_save(
        source,
        file_name="b.xlsx",
        file_content=docs.xlsx_bytes(headers=["Réf", "Action menée", "Qui"], data=rows),
    )
    run = source_run(source).run
    assert run.candidates_new == 1 and run.items_unchanged == 1
    assert Candidate.objects.count() == 2


def test_a_spreadsheet_without_a_title_column_fails_clearly_and_keeps_its_headers():
    source = file_source(
        docs.csv_cp1252(headers=["A", "B"], data=[["x", "y"]]), "t.csv", kind=SourceKind.SPREADSHEET
    )
    run = source_run(source).run
    source.refresh_from_db()
    assert run.status == RunStatus.FAILED and "intitulé" in run.errors[0]
    assert source.headers == ["A", "B"]
    assert not Candidate.objects.exists() and not Document.objects.exists()


@pytest.mark.parametrize(
    "content, name, kind, message",
    [
        (docs.pdf_without_text(), "scan.pdf", SourceKind.DOCUMENT, "Ce PDF ne contient pas de texte"),
        (docs.zip_bomb("docx"), "bombe.docx", SourceKind.DOCUMENT, "bombe de décompression"),
        (docs.zip_bomb("xlsx"), "bombe.xlsx", SourceKind.SPREADSHEET, "bombe de décompression"),
    ],
)
def test_hostile_files_fail_with_a_french_message_and_store_nothing(content, name, kind, message):
    source = file_source(content, name, kind=kind)
    run = source_run(source).run
    assert run.status == RunStatus.FAILED and message in run.errors[0]
    assert not Document.objects.exists() and not Candidate.objects.exists()


def test_an_empty_file_is_refused_when_uploaded():
    with pytest.raises(ValidationError, match="vide"):
        file_source(b"", "vide.csv", kind=SourceKind.SPREADSHEET)


def test_a_failed_document_leaves_nothing_half_imported(monkeypatch, site):
    site.routes["/lettre"] = Route(body=docs.newsletter_html())
    source = WatchSourceFactory(url=site.url("/lettre"))
    from essaim.watch import ingestion

    real = ingestion.candidate_receive
    calls = []

    def fails_on_the_second(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise ValidationError("Un candidat doit avoir un titre.")
        return real(**kwargs)

    monkeypatch.setattr(ingestion, "candidate_receive", fails_on_the_second)
    run = source_run(source).run
    assert run.status == RunStatus.FAILED and "n'a pas été importé" in run.errors[0]
    assert not Candidate.objects.exists() and not Document.objects.exists()
    monkeypatch.setattr(ingestion, "candidate_receive", real)
    assert source_run(source).run.candidates_new == 3


def test_a_spreadsheet_interrupted_midway_keeps_its_complete_rows_and_resumes(monkeypatch):
    from essaim.watch import ingestion

    monkeypatch.setattr(ingestion, "BATCH_ROWS", 2)
    source = file_source(docs.csv_cp1252(data=docs.rows(5)), "cinq.csv", kind=SourceKind.SPREADSHEET)
    real = ingestion.candidate_receive
    calls = []

    def fails_on_the_fourth(**kwargs):
        calls.append(1)
        if len(calls) == 4:
            raise ValidationError("Panne simulée.")
        return real(**kwargs)

    monkeypatch.setattr(ingestion, "candidate_receive", fails_on_the_fourth)
    run = source_run(source).run
    assert run.status == RunStatus.FAILED and "Import interrompu à la ligne 3" in run.errors[0]
    assert Candidate.objects.count() == 2  # the first batch, whole; nothing of the second
    assert not Document.objects.get().is_complete
    monkeypatch.setattr(ingestion, "candidate_receive", real)
    again = source_run(source).run
    assert again.status == RunStatus.SUCCESS
    assert again.items_unchanged == 2 and again.candidates_new == 3
    assert Candidate.objects.count() == 5 and Document.objects.get().is_complete
    assert source_run(source).run.documents_unchanged == 1


def test_a_feed_that_suddenly_gives_nothing_is_broken_not_silently_empty(site):
    site.routes["/rss"] = Route(body=docs.feed_xml(), content_type="application/rss+xml")
    source = WatchSourceFactory(kind=SourceKind.FEED, url=site.url("/rss"))
    source_run(source)
    site.routes["/rss"] = Route(body=docs.feed_xml(entries=[]), content_type="application/rss+xml")
    run = source_run(source).run
    source.refresh_from_db()
    assert run.status == RunStatus.FAILED and source.is_broken
    assert "ne donne plus aucune initiative" in source.last_error
    assert Candidate.objects.count() == 3


def test_an_administrator_allows_a_private_host_in_the_admin(site, settings, client):
    """127.0.0.1 is refused like any private address until an administrator allows it."""
    from essaim.accounts.roles import Role
    from essaim.watch.models import AllowedHost
    from tests.factories import UserFactory

    settings.ESSAIM_WATCH_ALLOWED_HOSTS = []
    site.routes["/intranet"] = Route(body=docs.single_page_html())
    source = WatchSourceFactory(url=site.url("/intranet"))
    refused = source_run(source).run
    assert refused.status == RunStatus.FAILED and "adresse privée" in refused.errors[0]

    client.force_login(UserFactory(role=Role.ADMINISTRATOR))
    response = client.post(
        "/admin/watch/allowedhost/add/", {"host": " 127.0.0.1 ", "reason": "Serveur du partenaire (test)"}
    )
    assert response.status_code == 302
    assert AllowedHost.objects.get().host == "127.0.0.1"

    assert source_run(source).run.status == RunStatus.SUCCESS
    assert Document.objects.count() == 1


def test_the_inbox_counts_pending_candidates_per_source(site, client):
    from essaim.accounts.roles import Role
    from tests.factories import UserFactory

    site.routes["/rss"] = Route(body=docs.feed_xml(), content_type="application/rss+xml")
    source_run(WatchSourceFactory(kind=SourceKind.FEED, url=site.url("/rss"), name="Presse du Nord"))

    client.force_login(UserFactory(role=Role.ANALYST))
    page = client.get("/veille/").content.decode()
    assert "Par campagne ou source" in page
    assert "Source « Presse du Nord »</a> (3)" in page

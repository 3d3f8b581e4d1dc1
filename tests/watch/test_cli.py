"""`essaim ingest` and `essaim watch_due`, as an operator runs them; `essaim status --json` counts."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from essaim.inbox.models import Candidate
from essaim.jobs.models import Job
from essaim.watch.models import Schedule, Source, SourceKind
from tests.watch import documents as docs
from tests.watch.conftest import Route
from tests.watch.factories import WatchSourceFactory

pytestmark = pytest.mark.django_db


def _ingest(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("ingest", *args, stdout=out)
    return out.getvalue()


def test_ingest_a_spreadsheet_says_what_it_guessed_and_prints_a_summary(tmp_path):
    path = tmp_path / "remontees-nord.csv"
    path.write_bytes(docs.csv_cp1252())
    out = _ingest(str(path), "--source", "Réseau des élus du Nord")
    assert "Colonnes devinées" in out and "Intitulé de l'action ← « Nom de l'action »" in out
    assert "Candidats : 3 nouveaux" in out and "Doublons possibles :" in out and "Erreurs : 0" in out
    assert Candidate.objects.count() == 3
    assert Source.objects.get(name="Réseau des élus du Nord").mapping["title"] == "Nom de l'action"

    again = _ingest(str(path), "--source", "Réseau des élus du Nord")
    assert "Documents : 0 nouveau, 1 déjà lu" in again
    assert Candidate.objects.count() == 3


def test_ingest_with_a_mapping_file(tmp_path):
    path = tmp_path / "liste.xlsx"
    path.write_bytes(docs.xlsx_bytes(headers=["Quoi", "Où"], data=[[docs.MEALS[0], "Lille"]]))
    mapping = tmp_path / "colonnes.json"
    mapping.write_text(json.dumps({"intitulé": "Quoi", "commune": "Où"}), encoding="utf-8")
    out = _ingest(str(path), "--mapping", str(mapping))
    assert "Candidats : 1 nouveau" in out
    assert Candidate.objects.get().place_text == "Lille"


def test_ingest_refuses_a_spreadsheet_without_a_title_column_clearly(tmp_path):
    path = tmp_path / "sans-titre.csv"
    path.write_bytes(docs.csv_cp1252(headers=["A", "B"], data=[["x", "y"]]))
    with pytest.raises(CommandError, match="Aucune colonne ne ressemble à l'intitulé"):
        _ingest(str(path))
    assert not Candidate.objects.exists()


def test_ingest_fails_clearly_on_a_missing_file_and_an_empty_one(tmp_path):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        _ingest(str(tmp_path / "absent.pdf"))
    empty = tmp_path / "vide.txt"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="vide"):
        _ingest(str(empty))


def test_ingest_a_scanned_pdf_exits_with_the_reason(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(docs.pdf_without_text())
    with pytest.raises(CommandError, match="Ce PDF ne contient pas de texte"):
        _ingest(str(path))


def test_ingest_a_feed_url(site):
    site.routes["/rss.xml"] = Route(body=docs.feed_xml(), content_type="application/rss+xml")
    out = _ingest(site.url("/rss.xml"), "--source", "Presse")
    assert "Candidats : 3 nouveaux" in out
    assert Source.objects.get(name="Presse").kind == SourceKind.FEED


def test_ingest_refuses_a_private_url(settings):
    settings.ESSAIM_WATCH_ALLOWED_HOSTS = []
    with pytest.raises(CommandError, match="adresse privée"):
        _ingest("http://127.0.0.1:9/x")


def test_watch_due_runs_daily_sources_as_jobs(site):
    site.routes["/rss"] = Route(body=docs.feed_xml(), content_type="application/rss+xml")
    due = WatchSourceFactory(kind=SourceKind.FEED, url=site.url("/rss"), schedule=Schedule.DAILY)
    WatchSourceFactory(kind=SourceKind.FEED, url=site.url("/rss"), schedule=Schedule.MANUAL)
    WatchSourceFactory(
        kind=SourceKind.FEED,
        url=site.url("/rss"),
        schedule=Schedule.WEEKLY,
        last_run_at=timezone.now() - dt.timedelta(days=2),
    )
    call_command("watch_due", stdout=__import__("io").StringIO())
    job = Job.objects.get()
    assert job.params["source_id"] == due.pk and job.status == "terminee"
    assert Candidate.objects.count() == 3


def test_status_json_counts_documents_and_candidates(site):
    from io import StringIO

    site.routes["/rss"] = Route(body=docs.feed_xml(), content_type="application/rss+xml")
    _ingest(site.url("/rss"))
    out = StringIO()
    call_command("status", "--json", stdout=out)
    status = json.loads(out.getvalue())
    assert status["documents"] == 3 and status["candidates"] == 3


def test_ingest_refuses_a_50_mb_file_without_reading_it(tmp_path):
    path = tmp_path / "enorme.pdf"
    with path.open("wb") as file:
        file.truncate(50 * 1024 * 1024)  # sparse: nothing to read
    with pytest.raises(CommandError, match="dépasse 20 Mo"):
        _ingest(str(path))
    assert not Source.objects.exists()

"""E-mail digests of saved searches (`essaim send_alerts`) and their one-click unsubscribe."""

import base64
import datetime as dt
import json
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from essaim.catalog.models import Initiative
from essaim.catalog.services import initiative_transition
from essaim.publication.digests import digests_send
from essaim.publication.models import SavedSearch
from tests.factories import InitiativeFactory, SavedSearchFactory

pytestmark = pytest.mark.django_db


def _published(title: str, *, ago: dt.timedelta, themes=("alimentation_agriculture",)) -> Initiative:
    initiative = InitiativeFactory(published=True, title=title, themes=list(themes))
    Initiative.objects.filter(pk=initiative.pk).update(published_at=timezone.now() - ago)
    return initiative


def _send() -> str:
    call_command("send_alerts", site="https://essaim.example.org")
    return mail.outbox[-1].body if mail.outbox else ""


@pytest.fixture
def alert():
    """A weekly alert on food initiatives, last checked eight days ago (so it is due)."""
    return SavedSearchFactory(
        query="theme=alimentation_agriculture",
        name="Alimentation",
        checked_until=timezone.now() - dt.timedelta(days=8),
    )


def test_digest_lists_only_new_published_matching_initiatives(alert):
    """New and matching: listed. Published before the last digest, on another theme, or still a
    draft: not listed."""
    _published("Épicerie solidaire itinérante", ago=dt.timedelta(days=2))
    _published("Paniers de producteurs", ago=dt.timedelta(hours=3))
    _published("Ancienne banque alimentaire", ago=dt.timedelta(days=20))
    _published("Bibliothèque hors les murs", ago=dt.timedelta(days=1), themes=["culture"])
    InitiativeFactory(title="Brouillon de cantine", themes=["alimentation_agriculture"])
    body = _send()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [alert.user.email]
    assert message.subject == "Essaim — 2 nouvelles initiatives : Alimentation"
    assert "Épicerie solidaire itinérante" in body and "Paniers de producteurs" in body
    for absent in ("Ancienne banque alimentaire", "Bibliothèque hors les murs", "Brouillon de cantine"):
        assert absent not in body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Paniers de producteurs" in html and "Brouillon de cantine" not in html
    assert "https://essaim.example.org/initiatives/" in body


def test_second_run_sends_nothing(alert):
    """Running the command again sends nothing: neither the same initiatives nor an empty e-mail,
    even a day later when the alert is due again."""
    _published("Épicerie solidaire itinérante", ago=dt.timedelta(days=2))
    _send()
    assert len(mail.outbox) == 1
    _send()
    assert len(mail.outbox) == 1
    report = digests_send(now=timezone.now() + dt.timedelta(days=8))
    assert (report.checked, report.sent) == (1, 0)
    assert len(mail.outbox) == 1


def test_initiative_published_after_the_digest_comes_in_the_next_one(alert):
    """An initiative published through the workflow after a digest is in the next one only."""
    _published("Épicerie solidaire itinérante", ago=dt.timedelta(days=2))
    _send()
    later = InitiativeFactory(
        status="qualifiee", title="Jardins partagés", themes=["alimentation_agriculture"]
    )
    initiative_transition(initiative=later, to_status="publiee")
    digests_send(now=timezone.now() + dt.timedelta(days=7))
    assert len(mail.outbox) == 2
    assert "Jardins partagés" in mail.outbox[1].body
    assert "Épicerie solidaire itinérante" not in mail.outbox[1].body


def test_nothing_new_sends_nothing(alert):
    """No e-mail when no new initiative matches."""
    _published("Ancienne banque alimentaire", ago=dt.timedelta(days=20))
    _send()
    assert mail.outbox == []


def test_daily_alert_is_not_due_twice_a_day(alert):
    """A daily alert checked an hour ago is not due yet."""
    SavedSearch.objects.filter(pk=alert.pk).update(
        frequency="quotidienne", checked_until=timezone.now() - dt.timedelta(hours=1)
    )
    _published("Paniers de producteurs", ago=dt.timedelta(minutes=30))
    _send()
    assert mail.outbox == []


def _unsubscribe_link(body: str) -> str:
    return re.search(r"Se désabonner de cette alerte : https://essaim\.example\.org(\S+)", body).group(1)


def test_unsubscribe_link_confirms_then_unsubscribes(client, alert):
    """The link of the e-mail (also in List-Unsubscribe) shows a confirmation on GET; the POST
    stops the alert without signing in; no e-mail is sent for it afterwards."""
    _published("Épicerie solidaire itinérante", ago=dt.timedelta(days=2))
    body = _send()
    link = _unsubscribe_link(body)
    assert mail.outbox[0].extra_headers["List-Unsubscribe"] == f"<https://essaim.example.org{link}>"
    assert mail.outbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    confirmation = client.get(link)
    assert confirmation.status_code == 200
    assert "Se désabonner de l'alerte « Alimentation » ?" in confirmation.content.decode()
    alert.refresh_from_db()
    assert alert.frequency == "hebdomadaire"
    done = Client(enforce_csrf_checks=True).post(link)  # as a mail client's one-click POST: no CSRF token
    assert done.status_code == 200
    assert "Désabonnement confirmé" in done.content.decode()
    alert.refresh_from_db()
    assert alert.frequency == "aucune"
    _published("Paniers de producteurs", ago=dt.timedelta(hours=1))
    digests_send(now=timezone.now() + dt.timedelta(days=30))
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "token",
    ["n-importe-quoi", "WzEsMV0:1vK3xA:forged-signature-aaaaaaaaaaaaaaaaaaaaaa"],
)
def test_forged_unsubscribe_link_is_refused_in_french(client, alert, token):
    """A made-up or altered token is refused (400) with a French message; nothing changes."""
    for method in (client.get, client.post):
        response = method(f"/alertes/desabonnement/{token}/")
        assert response.status_code == 400
        assert "Ce lien de désabonnement n'est pas valide" in response.content.decode()
    alert.refresh_from_db()
    assert alert.frequency == "hebdomadaire"


def test_token_of_one_alert_cannot_be_edited_into_another(client, alert):
    """Changing the id inside a genuine token breaks its signature."""
    _published("Épicerie solidaire itinérante", ago=dt.timedelta(days=2))
    link = _unsubscribe_link(_send())
    other = SavedSearchFactory()
    token = link.rstrip("/").rsplit("/", 1)[1]
    payload = base64.urlsafe_b64encode(json.dumps([other.pk, other.user_id]).replace(" ", "").encode())
    forged = ":".join([payload.decode().rstrip("="), *token.split(":")[1:]])
    assert forged != token
    assert client.post(f"/alertes/desabonnement/{forged}/").status_code == 400
    other.refresh_from_db()
    assert other.frequency == "hebdomadaire"

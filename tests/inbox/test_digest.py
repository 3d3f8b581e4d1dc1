"""The analysts' daily digest (`essaim inbox_digest`): once a day, the candidates since the previous one."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from essaim.inbox.digest import digest_send
from tests.factories import UserFactory
from tests.inbox.factories import from_contribution, from_watch

pytestmark = pytest.mark.django_db


@pytest.fixture
def analysts():
    return [
        UserFactory(analyst=True),
        UserFactory(administrator=True),
        UserFactory(),
        UserFactory(expert=True),
    ]


def test_the_digest_goes_to_analysts_with_counts_and_a_link(analysts, capsys):
    from_watch(title="Repas livrés à Roubaix")
    from_contribution(title="Épicerie solidaire", campaign="Confinement 2020")
    call_command("inbox_digest", site="https://essaim.example.org")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([analysts[0].email, analysts[1].email])
    assert message.subject == "Essaim — veille : 2 nouveaux candidats à traiter"
    assert "Veille : 1" in message.body
    assert "Contribution : 1" in message.body
    assert "Confinement 2020 : 1" in message.body
    assert "Repas livrés à Roubaix" in message.body
    assert "https://essaim.example.org/veille/" in message.body
    html = message.alternatives[0][0]
    assert 'href="https://essaim.example.org/veille/"' in html
    assert "claire.dubois" not in message.body + html  # contacts stay in the inbox
    assert "Récapitulatif envoyé à 2 analyste(s)" in capsys.readouterr().out


def test_the_digest_is_sent_once_a_day_even_if_run_twice(analysts, capsys):
    from_watch()
    call_command("inbox_digest")
    from_watch(title="Arrivé entre deux passages")
    call_command("inbox_digest")
    assert len(mail.outbox) == 1
    assert "Le récapitulatif du jour a déjà été envoyé." in capsys.readouterr().out


def test_the_next_digest_lists_only_what_arrived_since(analysts):
    from_watch(title="Déjà annoncé")
    assert digest_send().sent
    from_watch(title="Tout nouveau")
    outcome = digest_send(now=timezone.now() + dt.timedelta(days=1))
    assert outcome.sent
    assert outcome.candidates == 1
    assert "Tout nouveau" in mail.outbox[1].body
    assert "Déjà annoncé" not in mail.outbox[1].body


def test_nothing_is_sent_when_nothing_arrived(analysts):
    outcome = digest_send()
    assert not outcome.sent
    assert outcome.reason == "Aucun nouveau candidat depuis le précédent récapitulatif."
    assert mail.outbox == []

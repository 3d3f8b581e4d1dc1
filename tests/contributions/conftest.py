"""Fixtures of the calls for contributions' tests."""

import pytest
from django.core.mail.backends.base import BaseEmailBackend


class RefusingEmailBackend(BaseEmailBackend):
    """An SMTP server that refuses every message."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("Connexion refusée par le serveur SMTP")


@pytest.fixture
def mail_refused(settings):
    """Every e-mail fails to leave, as with a server down."""
    settings.EMAIL_BACKEND = "tests.contributions.conftest.RefusingEmailBackend"

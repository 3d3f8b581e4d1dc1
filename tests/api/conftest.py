"""Helpers of the API tests: a staff token, JSON reads."""

import pytest

from essaim.api.tokens import token_create
from tests.factories import UserFactory


@pytest.fixture
def staff_token(db) -> str:
    """The raw value of an analyst's token."""
    _, raw = token_create(owner=UserFactory(analyst=True), name="Script de l'observatoire")
    return raw


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

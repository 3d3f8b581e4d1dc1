"""Fixtures of the fiche tests: the people who write, review and publish fiches."""

import pytest

from tests.factories import UserFactory


@pytest.fixture
def expert():
    return UserFactory(expert=True, first_name="Emma", last_name="Experte")


@pytest.fixture
def reviewer():
    return UserFactory(expert=True, first_name="Rémi", last_name="Relecteur")


@pytest.fixture
def analyst():
    return UserFactory(analyst=True, first_name="Aline", last_name="Analyste")

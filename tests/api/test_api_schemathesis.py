"""Schemathesis fuzzes every operation of the OpenAPI description, in-process (WSGI):
no server error, and every answer conforms to the description (status, content type, body)."""

import warnings

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import InitiativeFactory

with warnings.catch_warnings():
    # Tests serve no collected static files: WhiteNoise's warning about them is irrelevant here.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    application = WSGIHandler()

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)

CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def _published(db, settings):
    settings.ESSAIM_API_RATE_LIMIT = 100_000
    InitiativeFactory(published=True)


@pytest.fixture
def _keep_test_connection():
    """The WSGI handler closes database connections around each request, as in production; the
    test database lives in one transaction, so keep it open (as Django's test client does)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("_published", "_keep_test_connection")
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_description(case):
    case.call_and_validate(checks=CHECKS)

"""Strict test harness: warnings are errors, unknown template variables fail, random order.

The official geography is loaded once per test database (it is reference data, read-only in
tests), so every test sees the real communes, EPCI, départements and régions.
"""

import pytest
from django.conf import settings


class _InvalidTemplateVariable(str):
    """Makes `{{ typo }}` in a template fail the test instead of rendering as empty."""

    def __mod__(self, other):
        raise AssertionError(f"Variable de gabarit inconnue : {other}")


@pytest.fixture(autouse=True, scope="session")
def _strict_templates():
    for template in settings.TEMPLATES:
        template["OPTIONS"]["string_if_invalid"] = _InvalidTemplateVariable("%s")


@pytest.fixture(autouse=True)
def _static_files_from_apps(settings):
    """Tests serve static files from the apps (no collectstatic, no manifest)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = True
    settings.WHITENOISE_USE_FINDERS = True


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Background tasks run when they are queued, so a test sees their effect; the worker itself
    is tested in tests/jobs."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    """Private attachments go to the test's own folder, never to the checkout's var/."""
    settings.ESSAIM_PRIVATE_DIR = tmp_path / "prive"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from essaim.territories.loading import geography_load

    with django_db_blocker.unblock():
        geography_load()


@pytest.fixture(autouse=True)
def _search_index(settings, tmp_path):
    """Each test gets its own embedded search index (database rows roll back, files do not)."""
    from django.core.cache import cache

    from essaim.search.sync import reset_backend

    settings.ESSAIM_SEARCH_DIR = str(tmp_path / "search")
    reset_backend()
    cache.clear()  # cached pages are keyed by an index generation that restarts with each test
    yield
    reset_backend()

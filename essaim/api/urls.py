"""URLs of api (French, stable: DESIGN.md). Every route goes through the guard (CORS, token, rate),
then, for anonymous readers, the answer cache."""

from django.urls import path, re_path

from essaim.api import docs
from essaim.api.caching import cached_for_anonymous
from essaim.api.guard import guarded
from essaim.api.main import api
from essaim.api.views import not_found

app_name = "api"

_patterns, _app_name, _namespace = api.urls
for _pattern in _patterns:
    # The OpenAPI description does not depend on the data: only data answers are cached.
    data = "openapi" not in str(_pattern.pattern)
    _pattern.callback = guarded(cached_for_anonymous(_pattern.callback) if data else _pattern.callback)

urlpatterns = [
    path("docs", docs.api_docs, name="docs"),
    path("docs/", docs.api_docs),
    path("", docs.api_docs, name="index"),
    *_patterns,
    re_path(r"^.*$", guarded(not_found), name="not_found"),
]

"""URLs of api (French, stable: DESIGN.md). Every route goes through the guard (CORS, token, rate)."""

from django.urls import path, re_path

from essaim.api import docs
from essaim.api.guard import guarded
from essaim.api.main import api
from essaim.api.views import not_found

app_name = "api"

_patterns, _app_name, _namespace = api.urls
for _pattern in _patterns:
    _pattern.callback = guarded(_pattern.callback)

urlpatterns = [
    path("docs", docs.api_docs, name="docs"),
    path("docs/", docs.api_docs),
    path("", docs.api_docs, name="index"),
    *_patterns,
    re_path(r"^.*$", guarded(not_found), name="not_found"),
]

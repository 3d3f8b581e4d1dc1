"""Root URLs. Paths are French and stable: people share them (see DESIGN.md)."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Essaim — administration"
admin.site.site_title = "Essaim"
admin.site.index_title = "Administration"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("compte/", include("essaim.accounts.urls")),
    path("api/", include("essaim.api.urls")),
    path("selection/", include("essaim.review.urls")),
    path("fiches/", include("essaim.sheets.urls")),
    path("veille/sources/", include("essaim.watch.urls")),
    path("veille/", include("essaim.inbox.urls")),
    path("taches/", include("essaim.jobs.urls")),
    path("", include("essaim.contributions.urls")),
    path("", include("essaim.publication.urls")),
    path("", include("essaim.portal.urls")),
]

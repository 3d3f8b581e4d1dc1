"""Public pages. Paths are French and stable (DESIGN.md)."""

from django.urls import path

from essaim.portal import downloads, feeds, views
from essaim.portal.page_cache import cached_for_visitors

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("repertoire/", views.directory, name="directory"),
    path("initiatives/<int:pk>/", views.initiative_detail, name="initiative"),
    path("initiatives/<int:pk>/adoptions/", views.adoption_create, name="adoption_create"),
    path("initiatives/<int:pk>/suivi/", views.follow_up_create, name="follow_up_create"),
    path("initiatives/<int:pk>/pdf/", downloads.initiative_pdf, name="initiative_pdf"),
    path("initiatives/<int:pk>/documents/", views.attachment_upload, name="attachment_upload"),
    path(
        "initiatives/<int:pk>/documents/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "initiatives/<int:pk>/documents/<int:attachment_pk>/visibilite/",
        views.attachment_visibility,
        name="attachment_visibility",
    ),
    path(
        "initiatives/<int:pk>/documents/<int:attachment_pk>/supprimer/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path("territoires/<str:level>/<str:code>/", views.territory_detail, name="territory"),
    path("flux/initiatives.atom", cached_for_visitors(feeds.InitiativesFeed()), name="feed"),
]

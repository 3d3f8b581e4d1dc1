"""URLs of the watch's sources, under /veille/sources/."""

from django.urls import path

from essaim.watch import views

app_name = "watch"

urlpatterns = [
    path("", views.source_list, name="list"),
    path("nouvelle/", views.source_create, name="create"),
    path("<int:pk>/", views.source_detail, name="detail"),
    path("<int:pk>/modifier/", views.source_edit, name="edit"),
    path("<int:pk>/executer/", views.source_run_view, name="run"),
    path("<int:pk>/colonnes/", views.source_mapping, name="mapping"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
]

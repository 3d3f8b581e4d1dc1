"""URLs of the contribution form, its attachments and the crisis form (included by urls.py)."""

from django.urls import path

from essaim.contributions import views_form

urlpatterns = [
    path(
        "espace/campagnes/<slug:slug>/nouvelle/",
        views_form.contribution_create,
        name="contribution_create",
    ),
    path("espace/contributions/<int:pk>/", views_form.contribution_edit, name="contribution_edit"),
    path(
        "espace/contributions/<int:pk>/brouillon/",
        views_form.contribution_autosave,
        name="contribution_autosave",
    ),
    path(
        "espace/contributions/<int:pk>/soumettre/",
        views_form.contribution_submit,
        name="contribution_submit",
    ),
    path("espace/contributions/<int:pk>/merci/", views_form.contribution_thanks, name="contribution_thanks"),
    path("espace/contributions/<int:pk>/pieces/", views_form.attachment_upload, name="attachment_upload"),
    path(
        "espace/contributions/<int:pk>/pieces/<int:attachment_pk>/",
        views_form.attachment_download,
        name="attachment_download",
    ),
    path(
        "espace/contributions/<int:pk>/pieces/<int:attachment_pk>/supprimer/",
        views_form.attachment_delete,
        name="attachment_delete",
    ),
    path("contribuer/territoires.json", views_form.territory_autocomplete, name="territory_autocomplete"),
    path("contribuer/<slug:slug>/signaler/", views_form.crisis_submit, name="crisis_submit"),
    path("contribuer/<slug:slug>/merci/", views_form.crisis_thanks, name="crisis_thanks"),
]

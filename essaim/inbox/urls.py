"""URLs of the analysts' inbox, under /veille/ (French and stable: analysts share them)."""

from django.urls import path

from essaim.inbox import views

app_name = "inbox"

urlpatterns = [
    path("", views.candidate_list, name="list"),
    path("candidats/<int:pk>/", views.candidate_detail, name="detail"),
    path("candidats/<int:pk>/accepter/", views.candidate_accept_view, name="accept"),
    path("candidats/<int:pk>/rejeter/", views.candidate_reject_view, name="reject"),
    path("candidats/<int:pk>/fusionner/<int:initiative_id>/", views.candidate_merge_view, name="merge"),
    path("lot/", views.bulk, name="bulk"),
]

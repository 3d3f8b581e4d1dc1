"""URLs of the analysts' inbox, under /veille/."""

from django.urls import path

from essaim.inbox import views

app_name = "inbox"

urlpatterns = [
    path("", views.candidate_list, name="list"),
]

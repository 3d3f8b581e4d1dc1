"""URLs of the calls for contributions (/contribuer/) and the contributor's space (/espace/)."""

from django.urls import path

from essaim.contributions import views

app_name = "contributions"

urlpatterns = [
    path("contribuer/", views.home, name="home"),
    path("espace/", views.space, name="space"),
]

"""URLs of the calls for contributions (/contribuer/) and the contributor's space (/espace/)."""

from django.urls import include, path

from essaim.contributions import urls_form, views

app_name = "contributions"

urlpatterns = [
    path("contribuer/", views.home, name="home"),
    path("espace/", views.space, name="space"),
    path("", include(urls_form)),
]

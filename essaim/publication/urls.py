"""URLs of publication (French, stable: DESIGN.md)."""

from django.urls import path

from essaim.publication import views

app_name = "publication"

urlpatterns = [
    path("donnees/", views.open_data, name="open_data"),
    path("donnees/<str:name>", views.download, name="download"),
]

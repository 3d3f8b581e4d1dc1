"""URLs of the background jobs' pages, under /taches/."""

from django.urls import path

from essaim.jobs import views

app_name = "jobs"

urlpatterns = [
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/etat.json", views.job_state_json, name="state"),
    path("<int:pk>/fichier/", views.job_download, name="download"),
]

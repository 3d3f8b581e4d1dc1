"""URLs of the selection (staff), under /selection/ (DESIGN.md)."""

from django.urls import path

from essaim.review import views

app_name = "review"

urlpatterns = [
    path("", views.home, name="index"),
    path("classement.csv", views.ranking_export, {"fmt": "csv"}, name="export_csv"),
    path("classement.xlsx", views.ranking_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("ajouter/", views.shortlist_search, name="shortlist_search"),
    path("ajouter/<int:initiative_id>/", views.shortlist_create, name="shortlist"),
    path("<int:pk>/", views.entry_detail, name="entry"),
    path("<int:pk>/experts/", views.entry_experts, name="experts"),
    path("<int:pk>/arbitrage/<int:criterion_id>/", views.entry_reconcile, name="reconcile"),
    path("<int:pk>/decision/", views.entry_decide, name="decide"),
    path("<int:pk>/message/", views.entry_message, name="message"),
    path("evaluations/<int:pk>/", views.assessment_detail, name="assessment"),
]

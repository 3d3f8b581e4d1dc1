"""URLs of publication (French, stable: DESIGN.md)."""

from django.urls import path

from essaim.publication import alert_views, statistics_views, views

app_name = "publication"

urlpatterns = [
    path("donnees/", views.open_data, name="open_data"),
    path("donnees/<str:name>", views.download, name="download"),
    path("statistiques/", statistics_views.statistics_page, name="statistics"),
    path(
        "statistiques/<slug:slug>.<str:fmt>",
        statistics_views.chart_download,
        name="chart_download",
    ),
    path("alertes/", alert_views.alerts, name="alerts"),
    path("alertes/<int:pk>/modifier/", alert_views.alert_edit, name="alert_edit"),
    path("alertes/<int:pk>/supprimer/", alert_views.alert_delete, name="alert_delete"),
    path("alertes/desabonnement/<str:token>/", alert_views.unsubscribe, name="unsubscribe"),
]

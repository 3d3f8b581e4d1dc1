"""URLs of the calls for contributions (/contribuer/) and the contributor's space (/espace/)."""

from django.urls import include, path

from essaim.contributions import urls_form, views, views_adoption

app_name = "contributions"

urlpatterns = [
    path("contribuer/", views.home, name="home"),
    path("contribuer/campagnes/", views.campaign_list, name="campaign_list"),
    path("contribuer/campagnes/nouvelle/", views.campaign_create, name="campaign_create"),
    path("contribuer/campagnes/<slug:slug>/", views.campaign_manage, name="campaign_manage"),
    path("contribuer/campagnes/<slug:slug>/modifier/", views.campaign_edit, name="campaign_edit"),
    path("contribuer/campagnes/<slug:slug>/importer/", views.invitations_import, name="invitations_import"),
    path(
        "contribuer/campagnes/<slug:slug>/invitations/<int:pk>/renvoyer/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path("contribuer/invitation/<str:token>/", views.invitation, name="invitation"),
    path("espace/", views.space, name="space"),
    path(
        "espace/reprises/<int:initiative_id>/", views_adoption.adoption_declare_view, name="adoption_declare"
    ),
    path("", include(urls_form)),
    # Last: a campaign's public page takes any remaining /contribuer/<slug>/.
    path("contribuer/<slug:slug>/", views.campaign_detail, name="campaign_detail"),
]

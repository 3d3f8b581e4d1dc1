"""URLs of the fiches action, under /fiches/ (DESIGN.md): public pages and the staff's editing."""

from django.urls import path

from essaim.sheets import views

app_name = "sheets"

urlpatterns = [
    path("", views.sheet_list, name="list"),
    path("livret.pdf", views.sheet_booklet, name="booklet"),
    path("annexe.pdf", views.directory_annex, {"fmt": "pdf"}, name="annex_pdf"),
    path("annexe.csv", views.directory_annex, {"fmt": "csv"}, name="annex_csv"),
    path("annexe.xlsx", views.directory_annex, {"fmt": "xlsx"}, name="annex_xlsx"),
    path("annexe.ods", views.directory_annex, {"fmt": "ods"}, name="annex_ods"),
    path("nouvelle/<int:initiative_id>/", views.sheet_create_view, name="create"),
    path("<int:pk>/", views.sheet_detail, name="detail"),
    path("<int:pk>/modifier/", views.sheet_edit, name="edit"),
    path("<int:pk>/versions/", views.sheet_versions, name="versions"),
    path("<int:pk>/versions/comparer/", views.sheet_diff, name="diff"),
    path("<int:pk>/versions/<int:number>/restaurer/", views.sheet_restore, name="restore"),
    path("<int:pk>/soumettre/", views.sheet_transition, {"action": "submit"}, name="submit"),
    path("<int:pk>/approuver/", views.sheet_transition, {"action": "approve"}, name="approve"),
    path("<int:pk>/renvoyer/", views.sheet_transition, {"action": "request_changes"}, name="request_changes"),
    path("<int:pk>/publier/", views.sheet_transition, {"action": "publish"}, name="publish"),
    path("<int:pk>/pdf/", views.sheet_export, {"fmt": "pdf"}, name="pdf"),
    path("<int:pk>/docx/", views.sheet_export, {"fmt": "docx"}, name="docx"),
    path("<int:pk>/odt/", views.sheet_export, {"fmt": "odt"}, name="odt"),
]

"""Lexicons and trained models in the admin: analysts tune terms, the latest model is listed."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from essaim.enrichment.model import Model
from essaim.enrichment.models import ClassifierModel, LexiconTerm


@admin.register(LexiconTerm)
class LexiconTermAdmin(SimpleHistoryAdmin):
    list_display = ("term", "kind", "code", "weight", "case_sensitive", "updated_at")
    list_editable = ("weight",)
    list_filter = ("kind", "code", "case_sensitive")
    search_fields = ("term", "code")
    ordering = ("kind", "code", "term")
    list_per_page = 100


@admin.register(ClassifierModel)
class ClassifierModelAdmin(admin.ModelAdmin):
    """Models are trained by `essaim enrichment_train`, never typed in: read-only here."""

    list_display = ("trained_at", "examples", "labels", "on_current_seed")
    fields = ("trained_at", "examples", "labels", "seed", "on_current_seed")
    readonly_fields = fields

    @admin.display(boolean=True, description="sur le modèle de départ actuel (utilisable)")
    def on_current_seed(self, obj: ClassifierModel) -> bool:
        return obj.seed == Model.vendored_fingerprint()

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

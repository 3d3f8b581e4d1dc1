"""The watch's records in the Django admin (administrators): read mostly, sources editable."""

from django.contrib import admin

from essaim.watch.models import AllowedHost, Document, Entry, Run, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "schedule", "is_active", "last_success_at", "consecutive_failures"]
    list_filter = ["kind", "schedule", "is_active"]
    search_fields = ["name", "url"]
    readonly_fields = [
        "etag",
        "last_modified",
        "last_run_at",
        "last_success_at",
        "last_error",
        "last_error_at",
    ]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "source", "content_type", "items_count", "fetched_at"]
    list_filter = ["source"]
    search_fields = ["title", "url", "file_name", "content_hash"]
    readonly_fields = [field.name for field in Document._meta.fields]


@admin.register(Run)
class RunAdmin(admin.ModelAdmin):
    list_display = ["source", "started_at", "status", "documents_new", "candidates_new", "candidates_updated"]
    list_filter = ["status", "source"]
    readonly_fields = [field.name for field in Run._meta.fields]


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "origin_key", "updated_at"]
    search_fields = ["title", "origin_key"]
    readonly_fields = [field.name for field in Entry._meta.fields]


@admin.register(AllowedHost)
class AllowedHostAdmin(admin.ModelAdmin):
    """Administrators allow a partner's intranet host: everything else private stays refused."""

    list_display = ["host", "reason", "added_by", "added_at"]
    search_fields = ["host", "reason"]
    readonly_fields = ["added_by", "added_at"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)

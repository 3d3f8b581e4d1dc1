"""Fiches action in the admin: read-only (they are written and reviewed on /fiches/, never here)."""

from django.contrib import admin

from essaim.sheets.models import Sheet, SheetTransition, SheetVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Sheet)
class SheetAdmin(ReadOnlyAdmin):
    list_display = ["initiative", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["initiative__title"]


@admin.register(SheetVersion)
class SheetVersionAdmin(ReadOnlyAdmin):
    list_display = ["sheet", "number", "author", "created_at", "is_generated"]


@admin.register(SheetTransition)
class SheetTransitionAdmin(ReadOnlyAdmin):
    list_display = ["sheet", "from_status", "to_status", "by", "at"]

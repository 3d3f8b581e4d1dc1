"""Candidates in the admin: read-mostly (decisions are taken in the inbox, where they are checked)."""

from django.contrib import admin

from essaim.inbox.models import Candidate, Digest


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ("title", "origin", "status", "campaign", "departement_code", "confidence", "received_at")
    list_filter = ("origin", "status", "has_duplicate")
    search_fields = ("title", "origin_key", "campaign", "organisation")
    date_hierarchy = "received_at"
    readonly_fields = [
        field.name for field in Candidate._meta.get_fields() if field.concrete and not field.many_to_many
    ]

    def has_add_permission(self, request) -> bool:
        return False  # candidates arrive through `candidate_receive` only

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a decision's trace is kept


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ("day", "sent_at", "candidates", "recipients")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

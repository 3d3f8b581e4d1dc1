"""Calls for contributions in the admin (administrators; analysts use the campaigns' pages)."""

from django.contrib import admin

from essaim.contributions.models import Campaign, Contribution, ContributionAttachment, Invitation


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "opens_on", "closes_on")
    list_filter = ("kind",)
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    raw_id_fields = ("created_by",)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "name", "organisation", "campaign", "status", "sent_at", "reminded_at")
    list_filter = ("status", "campaign")
    search_fields = ("email", "name", "organisation__name")
    raw_id_fields = ("organisation", "territory", "user")


class AttachmentInline(admin.TabularInline):
    model = ContributionAttachment
    extra = 0
    fields = ("original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    can_delete = False


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "campaign", "organisation", "author", "status", "updated_at")
    list_filter = ("status", "campaign")
    search_fields = ("title", "organisation__name", "author__username")
    raw_id_fields = ("organisation", "author", "territory", "initiative", "lead_actor_type")
    inlines = [AttachmentInline]

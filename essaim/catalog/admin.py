"""Catalogue in the admin: taxonomies editable by administrators; initiatives with history.

Status changes and merges go through the catalogue services (as admin actions), never by editing
the status field, so that every change leaves its history row.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from essaim.catalog.models import (
    Actor,
    ActorType,
    Adoption,
    Attachment,
    FollowUp,
    Initiative,
    InitiativeLink,
    InitiativeTheme,
    InitiativeTransition,
    Public,
    Source,
    Status,
    Theme,
)
from essaim.catalog.services import initiative_merge, initiative_transition


class TaxonomyAdmin(SimpleHistoryAdmin):
    list_display = ("label", "code", "position", "is_active")
    list_editable = ("position", "is_active")
    search_fields = ("label", "code", "description")


admin.site.register(Theme, TaxonomyAdmin)
admin.site.register(Public, TaxonomyAdmin)
admin.site.register(ActorType, TaxonomyAdmin)


@admin.register(Actor)
class ActorAdmin(SimpleHistoryAdmin):
    list_display = ("name", "type", "territory")
    list_filter = ("type",)
    search_fields = ("name",)
    autocomplete_fields = ("territory",)


class ThemeInline(admin.TabularInline):
    model = InitiativeTheme
    extra = 0
    min_num = 1
    verbose_name = "thématique (la première est la thématique principale)"


class SourceInline(admin.StackedInline):
    model = Source
    extra = 0
    fields = ("kind", "publisher", "title", "url", "published_on", "external_key", "raw_text")
    readonly_fields = ("external_key",)
    min_num = 1  # every initiative keeps at least one source (provenance)
    can_delete = False  # nothing reported is ever lost


class LinkInline(admin.TabularInline):
    model = InitiativeLink
    extra = 0


class AttachmentInline(admin.TabularInline):
    """Documents are added on the initiative page (content checked there); the private storage gives
    no URL, so the file itself is not shown here."""

    model = Attachment
    extra = 0
    fields = ("title", "content_type", "size", "is_public", "added_at")
    readonly_fields = ("content_type", "size", "added_at")


class TransitionInline(admin.TabularInline):
    model = InitiativeTransition
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "by", "at", "note")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


def _transition_action(to_status: str, label: str):
    def action(modeladmin, request, queryset) -> None:
        done = 0
        for initiative in queryset:
            try:
                initiative_transition(initiative=initiative, to_status=to_status, by=request.user)
                done += 1
            except ValidationError as error:
                modeladmin.message_user(request, f"{initiative} : {error.messages[0]}", messages.ERROR)
        if done:
            modeladmin.message_user(request, f"{done} initiative(s) : statut « {Status(to_status).label} ».")

    action.__name__ = f"to_{to_status}"
    action.short_description = label
    return action


@admin.action(description="Fusionner les initiatives sélectionnées dans la plus ancienne")
def merge_into_oldest(modeladmin, request, queryset) -> None:
    initiatives = list(queryset.order_by("pk"))
    if len(initiatives) < 2:
        modeladmin.message_user(
            request, "Sélectionnez au moins deux initiatives à fusionner.", messages.WARNING
        )
        return
    target, *duplicates = initiatives
    try:
        with transaction.atomic():  # all merged, or none
            for duplicate in duplicates:
                initiative_merge(target=target, duplicate=duplicate, by=request.user)
    except ValidationError as error:
        modeladmin.message_user(request, error.messages[0], messages.ERROR)
        return
    modeladmin.message_user(request, f"{len(duplicates)} initiative(s) fusionnée(s) dans « {target} ».")


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    list_display = ("title", "status", "territory", "crisis_period", "start_date", "published_at")
    list_filter = ("status", "crisis_period", "evidence_level", "territory__level", "themes")
    search_fields = ("title", "summary", "territory__name")
    autocomplete_fields = ("territory", "lead_actor", "partners")
    readonly_fields = ("status", "crisis_period", "merged_into", "created_by", "created_at", "published_at")
    inlines = (ThemeInline, SourceInline, LinkInline, AttachmentInline, TransitionInline)
    actions = (
        _transition_action(Status.SUBMITTED, "Marquer comme soumises"),
        _transition_action(Status.QUALIFIED, "Marquer comme qualifiées"),
        _transition_action(Status.PUBLISHED, "Publier"),
        _transition_action(Status.ARCHIVED, "Archiver"),
        merge_into_oldest,
    )
    fieldsets = (
        (None, {"fields": ("title", "summary", "description", "status", "territory")}),
        ("Acteurs et publics", {"fields": ("lead_actor", "partners", "publics")}),
        ("Dates", {"fields": ("start_date", "start_precision", "end_date", "crisis_period")}),
        ("Moyens et résultats", {"fields": ("staff", "budget", "funding", "results", "evidence_level")}),
        ("Contact (privé)", {"fields": ("contact_name", "contact_role", "contact_email", "contact_phone")}),
        ("Suivi", {"fields": ("merged_into", "created_by", "created_at", "published_at")}),
    )

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            # Every initiative's lifecycle starts with a history row, whatever created it.
            InitiativeTransition.objects.create(
                initiative=obj, from_status="", to_status=obj.status, by=request.user
            )


class _DeclaredOnThePage(admin.ModelAdmin):
    """Adoptions and follow-ups are declared on the initiative's page (`catalog.adoption`,
    `catalog.follow_up` validate them); the admin lists them, corrects the note and deletes."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Adoption)
class AdoptionAdmin(_DeclaredOnThePage):
    list_display = ("adopter", "kind", "original", "adopted_on", "declared_by")
    list_filter = ("kind",)
    search_fields = ("original__title", "adopter__title")
    readonly_fields = ("original", "adopter", "kind", "adopted_on", "declared_by", "declared_at")


@admin.register(FollowUp)
class FollowUpAdmin(_DeclaredOnThePage):
    list_display = ("initiative", "status", "observed_on", "author")
    list_filter = ("status",)
    search_fields = ("initiative__title", "source_text")
    readonly_fields = ("initiative", "status", "observed_on", "author", "created_at")

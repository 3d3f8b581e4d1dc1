"""The grid in the admin: administrators edit criteria, levels and weights, version by version.

A version that assessments already use is frozen: the forms refuse any change to it with a French
message, and the « Créer une nouvelle version » action gives an editable copy instead.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from essaim.review.decisions import contributor_message_send
from essaim.review.models import (
    FROZEN_MESSAGE,
    ContributorMessage,
    Criterion,
    CriterionLevel,
    Decision,
    Grid,
)
from essaim.review.versions import grid_activate, grid_new_version


def _grid_of(instance) -> Grid | None:
    if isinstance(instance, Grid):
        return instance if instance.pk else None
    if isinstance(instance, Criterion):
        return instance.grid if instance.grid_id else None
    return None


class FrozenGridFormSet(forms.BaseInlineFormSet):
    """Refuses any added, changed or deleted row under a grid version that assessments use."""

    def clean(self) -> None:
        super().clean()
        grid = _grid_of(self.instance)
        if grid is None or not grid.is_frozen:
            return
        touched = any(form.has_changed() for form in self.forms) or bool(self.deleted_forms)
        if touched:
            raise ValidationError(FROZEN_MESSAGE.format(grid=grid))


class CriterionInline(admin.StackedInline):
    model = Criterion
    formset = FrozenGridFormSet
    extra = 0
    fields = (("tier", "code", "weight", "position"), "label", "description")
    show_change_link = True  # the levels' descriptors are edited on the criterion's page


class CriterionLevelInline(admin.TabularInline):
    model = CriterionLevel
    formset = FrozenGridFormSet
    extra = 0
    fields = ("value", "descriptor")


@admin.register(Grid)
class GridAdmin(admin.ModelAdmin):
    list_display = ("name", "version", "is_active", "criteria_count", "assessments_count")
    readonly_fields = ("version", "is_active", "previous", "created_at")
    fields = ("name", "version", "is_active", "notes", "previous", "created_at")
    inlines = [CriterionInline]
    actions = ["new_version", "activate"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_criteria=Count("criteria", distinct=True), n_assessments=Count("assessments", distinct=True)
            )
        )

    @admin.display(description="critères")
    def criteria_count(self, grid: Grid) -> int:
        return grid.n_criteria

    @admin.display(description="évaluations")
    def assessments_count(self, grid: Grid) -> int:
        return grid.n_assessments

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        return (*fields, "name") if obj is not None and obj.is_frozen else fields

    def change_view(self, request, object_id, form_url="", extra_context=None):
        grid = self.get_object(request, object_id)
        if request.method == "GET" and grid is not None and grid.is_frozen:
            messages.warning(request, FROZEN_MESSAGE.format(grid=grid))
        return super().change_view(request, object_id, form_url, extra_context)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.is_frozen)

    @admin.action(description="Créer une nouvelle version (copie modifiable)")
    def new_version(self, request, queryset) -> None:
        for grid in queryset:
            copy = grid_new_version(grid=grid)
            self.message_user(
                request,
                f"Version {copy.version} de « {copy.name} » créée : modifiez-la, puis mettez-la en service.",
                messages.SUCCESS,
            )

    @admin.action(description="Mettre en service (pour les nouvelles présélections)")
    def activate(self, request, queryset) -> None:
        if queryset.count() != 1:
            self.message_user(request, "Choisissez une seule version à mettre en service.", messages.ERROR)
            return
        grid = queryset.get()
        try:
            grid_activate(grid=grid)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(
            request, f"« {grid} » est en service pour les nouvelles présélections.", messages.SUCCESS
        )


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["grid", "tier", "code", "label", "description", "weight", "position"]

    def clean(self):
        cleaned = super().clean()
        grid = self.instance.grid if self.instance.grid_id else cleaned.get("grid")
        if grid is not None and grid.is_frozen and self.has_changed():
            raise ValidationError(FROZEN_MESSAGE.format(grid=grid))
        return cleaned


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    form = CriterionForm
    list_display = ("label", "grid", "tier", "weight", "position")
    list_filter = ("grid", "tier")
    search_fields = ("label", "code")
    inlines = [CriterionLevelInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.grid.is_frozen)


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ("entry", "outcome", "decided_by", "decided_at")
    list_filter = ("outcome",)
    readonly_fields = ("entry", "outcome", "rationale", "decided_by", "decided_at")

    def has_add_permission(self, request) -> bool:
        return False  # decisions are recorded from the selection pages, with their checks


@admin.register(ContributorMessage)
class ContributorMessageAdmin(admin.ModelAdmin):
    list_display = ("subject", "entry", "recipient", "written_at", "sent_at")
    list_filter = ("sent_at",)
    readonly_fields = ("entry", "written_by", "written_at", "sent_at")
    actions = ["send"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Envoyer par courriel")
    def send(self, request, queryset) -> None:
        for message in queryset:
            try:
                contributor_message_send(message=message)
            except ValidationError as error:
                self.message_user(request, f"« {message} » : {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(request, f"« {message} » envoyé à {message.recipient}.", messages.SUCCESS)

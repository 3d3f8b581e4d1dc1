"""Read-only admin of the official geography: it changes only through `essaim load_territories`.

Editing a commune by hand would be lost at the next load and would disagree with the vendored
file, so the admin lists, searches and shows, but neither adds, changes nor deletes.
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from essaim.territories.models import GeographyRelease, Indicators, Territory, TerritoryAlias
from essaim.territories.names import normalize_name


class ReadOnlyAdminMixin:
    """View permission only: the loader is the one writer of reference data."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class IndicatorsInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = Indicators
    can_delete = False
    fieldsets = [
        (
            "Population et territoire",
            {"fields": ["population_2018", "population_2013", "growth_rate", "area_km2", "density"]},
        ),
        (
            "Logement",
            {
                "fields": [
                    "housing_units",
                    "vacant_housing",
                    "vacant_share",
                    "secondary_housing",
                    "secondary_share",
                ]
            },
        ),
        ("Emploi", {"fields": ["active_15_64", "unemployed_15_64", "unemployment_rate"]}),
        (
            "Revenus et pauvreté",
            {"fields": ["median_income", "median_income_population", "poverty_rate", "poverty_population"]},
        ),
    ]


class TerritoryAliasInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = TerritoryAlias
    fields = ["kind", "code", "name"]
    extra = 0


@admin.register(Territory)
class TerritoryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "level", "zone", "kind", "population", "departement", "region"]
    list_filter = ["level", "zone", "kind"]
    # Also used by the autocomplete widgets of other apps (an initiative's territory).
    search_fields = ["name", "code"]
    list_select_related = ["departement", "region"]
    list_per_page = 50
    fields = [
        "level",
        "code",
        "name",
        "name_type",
        "search_name",
        "zone",
        "kind",
        "population",
        "postal_codes",
        "region",
        "departement",
        "epci",
    ]
    inlines = [IndicatorsInline, TerritoryAliasInline]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Territory], search_term: str
    ) -> tuple[QuerySet[Territory], bool]:
        # "st etienne" or "Saint Etienne" should find "Saint-Étienne": also match the normalised name.
        base = queryset
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        key = normalize_name(search_term)
        if key:
            queryset |= base.filter(search_name__contains=key)
        return queryset, may_have_duplicates


@admin.register(TerritoryAlias)
class TerritoryAliasAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "kind", "territory"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "search_name"]
    list_select_related = ["territory"]


@admin.register(GeographyRelease)
class GeographyReleaseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["loaded_at", "checksum"]
    fields = ["checksum", "loaded_at", "summary"]
    readonly_fields = ["loaded_at"]

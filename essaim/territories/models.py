"""Official French geography: one table of territories at every level, aliases, indicators.

A single `Territory` table (level + official code) lets an initiative's perimeter be exactly one
row, whatever its level, and lets every level share pages, facets and similarity code.
"""

from django.db import models


class Level(models.TextChoices):
    """Levels, from the widest to the narrowest. The values are the URL's `<niveau>`."""

    NATIONAL = "national", "National"
    REGION = "region", "Région"
    DEPARTEMENT = "departement", "Département"
    EPCI = "epci", "Intercommunalité (EPCI)"
    COMMUNE = "commune", "Commune"


class Zone(models.TextChoices):
    METRO = "metro", "Métropole"
    DROM = "drom", "Département ou région d'outre-mer"
    COM = "com", "Collectivité d'outre-mer"


class Territory(models.Model):
    """A région, département, EPCI, commune or the whole country, by its official code.

    Codes are INSEE codes (région, département, commune) or SIREN (EPCI); the country is "FR".
    """

    level = models.CharField("niveau", max_length=12, choices=Level.choices)
    code = models.CharField("code officiel", max_length=9)
    name = models.CharField("nom", max_length=150)
    # INSEE's "type de nom en clair" (TNCC, 0-8) says which article the name takes: "du Nord",
    # "de l'Ain" (see wording.name_with_of). From the COG; unknown for EPCI and the country.
    name_type = models.PositiveSmallIntegerField("type de nom (TNCC)", null=True, blank=True)
    # Lower-case, accent-free, "saint"-expanded form used for look-ups (see names.normalize_name).
    search_name = models.CharField("nom normalisé", max_length=150, db_index=True)
    zone = models.CharField("zone", max_length=5, choices=Zone.choices, blank=True)
    kind = models.CharField("nature", max_length=10, blank=True, help_text="CC, CA, CU, METRO… pour un EPCI")
    population = models.PositiveIntegerField("population", null=True, blank=True)
    postal_codes = models.CharField("codes postaux", max_length=200, blank=True)
    # False for a territory that a newer official geography no longer lists (merged communes,
    # dissolved EPCI): kept because initiatives may point to it, left out of counts and look-ups.
    is_current = models.BooleanField("en vigueur", default=True, db_index=True)
    region = models.ForeignKey(
        "self", verbose_name="région", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    departement = models.ForeignKey(
        "self", verbose_name="département", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    epci = models.ForeignKey(
        "self", verbose_name="EPCI", null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )

    class Meta:
        verbose_name = "territoire"
        verbose_name_plural = "territoires"
        ordering = ["level", "code"]
        constraints = [models.UniqueConstraint(fields=["level", "code"], name="territory_unique_level_code")]
        indexes = [models.Index(fields=["level", "search_name"], name="territory_level_name")]

    def __str__(self) -> str:
        if self.level == Level.COMMUNE and self.departement_id:
            return f"{self.name} ({self.departement_code})"
        if self.level == Level.DEPARTEMENT:
            return f"{self.name} ({self.code})"
        return self.name

    @property
    def departement_code(self) -> str:
        # Commune codes start with their département's code (2 characters, 3 overseas).
        return self.code[:3] if self.code[:2] in {"97", "98"} else self.code[:2]


class AliasKind(models.TextChoices):
    DELEGATED = "deleguee", "Commune déléguée"
    ASSOCIATED = "associee", "Commune associée"
    ARRONDISSEMENT = "arrondissement", "Arrondissement municipal"


class TerritoryAlias(models.Model):
    """A former or infra-communal name (commune déléguée, associée, arrondissement) resolving to a commune."""

    kind = models.CharField("nature", max_length=15, choices=AliasKind.choices)
    code = models.CharField("code INSEE", max_length=5)
    name = models.CharField("nom", max_length=150)
    search_name = models.CharField("nom normalisé", max_length=150, db_index=True)
    territory = models.ForeignKey(
        Territory, verbose_name="commune", on_delete=models.CASCADE, related_name="aliases"
    )

    class Meta:
        verbose_name = "ancienne commune ou arrondissement"
        verbose_name_plural = "anciennes communes et arrondissements"
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="alias_unique_kind_code")]

    def __str__(self) -> str:
        return f"{self.name} → {self.territory.name}"


class Indicators(models.Model):
    """INSEE comparateur figures of a territory (communes: as published; other levels: aggregated).

    Sums are kept so that rates aggregate exactly; a blank (statistical secrecy) stays NULL, never 0.
    The derived rates are computed by `territories.indicators` and stored for sorting and ranking.
    """

    territory = models.OneToOneField(
        Territory, primary_key=True, on_delete=models.CASCADE, related_name="indicators"
    )
    population_2018 = models.PositiveIntegerField("population 2018", null=True)
    population_2013 = models.PositiveIntegerField("population 2013", null=True)
    area_km2 = models.FloatField("superficie (km²)", null=True)
    housing_units = models.FloatField("logements", null=True)
    vacant_housing = models.FloatField("logements vacants", null=True)
    secondary_housing = models.FloatField("résidences secondaires", null=True)
    active_15_64 = models.FloatField("actifs 15-64 ans", null=True)
    unemployed_15_64 = models.FloatField("chômeurs 15-64 ans", null=True)
    # Medians and poverty rates cannot be summed: other levels get a population-weighted mean over
    # the communes where the figure is known, and the population it covers.
    median_income = models.FloatField("niveau de vie médian (€)", null=True)
    median_income_population = models.PositiveIntegerField("population couverte (niveau de vie)", null=True)
    poverty_rate = models.FloatField("taux de pauvreté (%)", null=True)
    poverty_population = models.PositiveIntegerField("population couverte (pauvreté)", null=True)
    density = models.FloatField("densité (hab./km²)", null=True)
    growth_rate = models.FloatField("évolution de la population 2013-2018 (%)", null=True)
    unemployment_rate = models.FloatField("taux de chômage des 15-64 ans (%)", null=True)
    vacant_share = models.FloatField("part des logements vacants (%)", null=True)
    secondary_share = models.FloatField("part des résidences secondaires (%)", null=True)

    class Meta:
        verbose_name = "indicateurs"
        verbose_name_plural = "indicateurs"

    def __str__(self) -> str:
        return f"Indicateurs de {self.territory}"


class GeographyRelease(models.Model):
    """Which vendored geography file is loaded: loading the same file again is a no-op."""

    checksum = models.CharField("empreinte", max_length=64, unique=True)
    loaded_at = models.DateTimeField("chargé le", auto_now_add=True)
    summary = models.JSONField("résumé", default=dict)

    class Meta:
        verbose_name = "millésime de la géographie"
        verbose_name_plural = "millésimes de la géographie"

    def __str__(self) -> str:
        return f"Géographie {self.checksum[:12]} ({self.loaded_at:%d/%m/%Y})"

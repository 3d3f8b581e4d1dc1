"""The assessment grid's rules, as plain data: tiers, their scales and how one score is checked.

Pure (no Django): the models, the forms and the aggregation all read the tiers and scales from here,
so a score that one accepts the others never refuse.
"""

from __future__ import annotations

from dataclasses import dataclass

GATE = "eliminatoire"
CORE = "essentiel"
QUALIFIER = "complementaire"

TIER_LABELS: dict[str, str] = {
    GATE: "Critère éliminatoire (oui / non)",
    CORE: "Critère essentiel (1 à 5)",
    QUALIFIER: "Critère complémentaire (1 à 5)",
}
TIER_TITLES: dict[str, str] = {
    GATE: "Critères éliminatoires",
    CORE: "Critères essentiels",
    QUALIFIER: "Critères complémentaires",
}
TIERS: tuple[str, ...] = (GATE, CORE, QUALIFIER)
SCORED_TIERS: tuple[str, ...] = (CORE, QUALIFIER)

# Inclusive bounds of each tier's scale. A gate criterion is answered "non" (0) or "oui" (1).
SCALES: dict[str, tuple[int, int]] = {GATE: (0, 1), CORE: (1, 5), QUALIFIER: (1, 5)}
GATE_NO, GATE_YES = 0, 1


def scale_of(tier: str) -> range:
    """The levels of a tier's scale, lowest first."""
    low, high = SCALES[tier]
    return range(low, high + 1)


def level_label(tier: str, value: int) -> str:
    """How a level is named on pages and in exports: "oui"/"non" for gates, the number otherwise."""
    if tier == GATE:
        return "oui" if value == GATE_YES else "non"
    return str(value)


@dataclass(frozen=True)
class CriterionSpec:
    """One criterion of one grid version, as the scoring and the aggregation need it."""

    code: str
    label: str
    tier: str
    weight: float

    @property
    def is_gate(self) -> bool:
        return self.tier == GATE


def missing_levels(tier: str, described: set[int]) -> list[int]:
    """Levels of the tier's scale that have no descriptor yet (a grid is complete without any)."""
    return [value for value in scale_of(tier) if value not in described]


def check_score(spec: CriterionSpec, raw: object, *, required: bool) -> tuple[int | None, str | None]:
    """The score read from a form or a service call, or a French message saying what is wrong.

    `raw` may be an int, a string of digits, or empty (None / ""). Empty is fine for a draft and
    refused when `required` (submission).
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if not required:
            return None, None
        if spec.is_gate:
            return None, "Répondez par oui ou par non à ce critère avant de soumettre."
        return None, "Choisissez une note de 1 à 5 pour ce critère avant de soumettre."
    low, high = SCALES[spec.tier]
    try:
        value = int(str(raw).strip()) if not isinstance(raw, bool) else None
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        if spec.is_gate:
            return None, "Réponse invalide : choisissez « oui » ou « non »."
        return None, f"Note invalide : la note doit être un nombre entier entre {low} et {high}."
    return value, None

"""The contribution form's steps and the fields required at submission. Pure (no database).

One place says which field lives on which step, so that the step pages, the summary, the list of
missing fields (with a link to their step) and the campaign's `required_fields` all agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    fields: tuple[str, ...]  # Contribution fields edited on this step


STEPS: tuple[Step, ...] = (
    Step(1, "L'initiative", ("title", "summary", "description")),
    Step(2, "Territoire et porteurs", ("territory", "lead_actor_name", "lead_actor_type", "partners")),
    Step(3, "Publics et thèmes", ("publics", "themes")),
    Step(4, "Dates et moyens", ("start_date", "end_date", "staff", "budget", "funding")),
    Step(
        5,
        "Résultats, contact et documents",
        ("results", "contact_name", "contact_role", "contact_email", "contact_phone", "links", "attachments"),
    ),
    Step(6, "Vérifier et envoyer", ()),
)
LAST_STEP = STEPS[-1].number
EDIT_STEPS = tuple(step for step in STEPS if step.fields)

# Required by every campaign.
ALWAYS_REQUIRED = ("title", "summary", "territory", "lead_actor_name")

# French names of the fields, as the missing-fields list and the summary say them.
FIELD_LABELS: dict[str, str] = {
    "title": "Intitulé de l'initiative",
    "summary": "Résumé",
    "description": "Description détaillée",
    "territory": "Territoire concerné",
    "lead_actor_name": "Porteur de l'initiative",
    "lead_actor_type": "Type de porteur",
    "partners": "Partenaires",
    "publics": "Publics",
    "themes": "Thèmes",
    "start_date": "Date de début",
    "end_date": "Date de fin",
    "staff": "Moyens humains",
    "budget": "Budget",
    "funding": "Financements",
    "results": "Résultats observés",
    "contact_name": "Personne à contacter",
    "contact_role": "Fonction du contact",
    "contact_email": "Courriel du contact",
    "contact_phone": "Téléphone du contact",
    "links": "Liens",
    "attachments": "Pièces jointes",
}


def step_get(number: int) -> Step:
    """The step of that number; the first one for anything unknown."""
    for step in STEPS:
        if step.number == number:
            return step
    return STEPS[0]


def step_number(raw: str | None) -> int:
    """A step number from a query string or a button (`?etape=3`), within bounds."""
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return min(max(number, 1), LAST_STEP)


def step_of(field: str) -> int:
    for step in STEPS:
        if field in step.fields:
            return step.number
    return 1


def required_fields(campaign_required: Iterable[str]) -> tuple[str, ...]:
    """The fields to fill before submitting: the usual ones and the campaign's (unknown names ignored)."""
    extra = [name for name in campaign_required if name in FIELD_LABELS and name not in ALWAYS_REQUIRED]
    return (*ALWAYS_REQUIRED, *dict.fromkeys(extra))


@dataclass(frozen=True)
class Missing:
    field: str
    label: str
    step: int


def missing_fields(required: Iterable[str], filled: Iterable[str]) -> list[Missing]:
    """The required fields that are not filled, in the form's order, each with its step."""
    done = set(filled)
    wanted = set(required)
    order = [name for step in STEPS for name in step.fields]
    return [
        Missing(field=name, label=FIELD_LABELS[name], step=step_of(name))
        for name in order
        if name in wanted and name not in done
    ]

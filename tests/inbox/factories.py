"""Candidates as the inbox receives them: from the watch, a contribution or the crisis form.

They go through `candidate_receive` (the only way in) and are enriched at once, as the
background task would do after commit.
"""

import datetime as dt

from essaim.inbox.enrich import candidate_enrich
from essaim.inbox.models import Origin
from essaim.inbox.services import CandidateData, Provenance, candidate_receive
from tests.factories import territory

_counter = iter(range(1, 1_000_000))

MEALS = CandidateData(
    title="Portage de repas pour les aînés isolés à Roubaix",
    summary=(
        "Pendant le confinement, le CCAS de Roubaix livre chaque jour des repas chauds aux personnes "
        "âgées isolées, avec l'aide de bénévoles du quartier."
    ),
    raw_text="Article de presse : le CCAS de Roubaix livre des repas aux personnes âgées isolées.",
    source_url="https://presse.example.org/roubaix-repas",
    publisher="La Voix du Nord",
    published_on=dt.date(2020, 4, 2),
    contact_name="Claire Dubois",
    contact_email="claire.dubois@ccas-roubaix.example.fr",
    contact_phone="03 20 11 22 33",
)


def received(
    data: CandidateData = MEALS,
    *,
    origin: str = Origin.WATCH,
    key: str | None = None,
    provenance: Provenance | None = None,
    target=None,
    enrich: bool = True,
):
    """A candidate received (and enriched) under a fresh key unless one is given."""
    candidate = candidate_receive(
        origin=origin,
        origin_key=key or f"{origin}:test-{next(_counter)}",
        data=data,
        provenance=provenance or Provenance(label="Flux RSS « La Voix du Nord »"),
        target=target,
    )
    return candidate_enrich(candidate) if enrich else candidate


def from_watch(**fields):
    """A report found by the watch in the local press."""
    return received(CandidateData(**{**MEALS.__dict__, **fields}))


def from_contribution(*, key: str | None = None, campaign: str = "Confinement 2020", **fields):
    """A contributor's initiative: territory, themes and actor type chosen in the form."""
    defaults = {
        **MEALS.__dict__,
        "territory": territory("commune", "59512"),
        "lead_actor_name": "CCAS de Roubaix",
        "lead_actor_type_code": "ccas_cias",
        "theme_codes": ("autonomie_age_handicap",),
        "public_codes": ("personnes_agees",),
        "raw_text": "",
        "source_url": "",
        "publisher": "",
    }
    return received(
        CandidateData(**{**defaults, **fields}),
        origin=Origin.CONTRIBUTION,
        key=key,
        provenance=Provenance(
            label=f"Campagne « {campaign} » — Marie Dupont, CCAS de Roubaix",
            campaign=campaign,
            contributor="Marie Dupont",
            organisation="CCAS de Roubaix",
        ),
    )

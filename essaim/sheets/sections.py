"""The sections of a fiche action (DESIGN.md), in their reading order, and the draft marker.

Pure data: the editor, the drafting service and every export walk this one list, so a PDF, a DOCX
and an ODT always have the same structure as the page.
"""

from typing import NamedTuple


class Section(NamedTuple):
    code: str
    title: str


SECTIONS: tuple[Section, ...] = (
    Section("contexte", "Contexte local"),
    Section("objectifs", "Objectifs"),
    Section("publics", "Publics"),
    Section("modalites", "Modalités de mise en œuvre"),
    Section("moyens", "Moyens et partenaires"),
    Section("impact_social", "Impact social"),
    Section("impact_financier", "Impact financier et coûts"),
    Section("points_forts", "Points forts"),
    Section("limites", "Limites"),
    Section("enseignements", "Enseignements"),
    Section("perennisation", "Conditions de pérennisation"),
    Section("essaimage", "Conditions d'essaimage"),
    Section("recommandations", "Recommandations"),
    Section("contacts", "Contacts"),
    Section("sources", "Sources"),
)

SECTION_CODES: tuple[str, ...] = tuple(section.code for section in SECTIONS)
SECTION_TITLES: dict[str, str] = dict(SECTIONS)

DRAFT_MARKER = "Brouillon généré automatiquement — à relire"

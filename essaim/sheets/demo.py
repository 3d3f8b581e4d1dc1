"""The demo worked example, end to end: the selection (`essaim.review.demo`), then the fiche action
of each retained demo initiative — drafted, edited a little, submitted, approved by a second person
and published — through the fiches' own services.

Each fiche opens its « Contexte local » section with a line saying it is an « Exemple de
démonstration ». Idempotent: a demo initiative that already has its fiche is left as it is; the
whole example is written in one transaction, so an interrupted run leaves nothing half done.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.html import format_html

from essaim.review.demo import (
    ANALYST,
    CASES,
    DEMO_MARK,
    EXPERT,
    EXPERT2,
    DemoMissing,
    demo_people,
    demo_selection_load,
)
from essaim.review.models import Outcome
from essaim.sheets.models import Sheet
from essaim.sheets.versions import version_save
from essaim.sheets.workflow import is_selected, sheet_approve, sheet_create, sheet_publish, sheet_submit

DEMO_CONTEXT_LINE = format_html(
    "<p><strong>{}</strong> : cette fiche illustre le fonctionnement d'Essaim ; les notes, "
    "les avis et la décision qui l'accompagnent ne sont pas une expertise réelle.</p>",
    DEMO_MARK,
)
DEMO_RECOMMENDATION = (
    "<p>Recommandation d'exemple : associer dès le départ le CCAS et les associations locales, "
    "et prévoir la mesure des résultats avant de lancer le dispositif.</p>"
)

__all__ = ["DEMO_MARK", "DemoMissing", "WorkedExampleReport", "demo_worked_example_load"]


@dataclass
class WorkedExampleReport:
    shortlisted: int = 0
    unchanged: int = 0
    sheets_published: int = 0


def _demo_sheet_publish(initiative, people) -> Sheet:
    """Draft (analyst), edit and submit (expert), approve (second expert), publish (analyst)."""
    sheet = sheet_create(initiative=initiative, by=people[ANALYST])
    sections = dict(sheet.current_version.sections)
    sections["contexte"] = DEMO_CONTEXT_LINE + sections.get("contexte", "")
    sections["recommandations"] = DEMO_RECOMMENDATION
    version_save(
        sheet=sheet, sections=sections, by=people[EXPERT], note=f"{DEMO_MARK} : relecture du brouillon"
    )
    sheet_submit(sheet=sheet, by=people[EXPERT])
    sheet_approve(sheet=sheet, by=people[EXPERT2], note=f"{DEMO_MARK} : approuvée en relecture")
    return sheet_publish(sheet=sheet, by=people[ANALYST])


@transaction.atomic
def demo_worked_example_load() -> WorkedExampleReport:
    """Load the worked example (see the module's docstring); raises `DemoMissing` when the demo
    accounts or initiatives are not loaded yet."""
    selection = demo_selection_load()
    people = demo_people()
    report = WorkedExampleReport(shortlisted=selection.shortlisted, unchanged=selection.unchanged)
    for case, initiative in zip(CASES, selection.initiatives, strict=True):
        if case.outcome != Outcome.SELECTED or not is_selected(initiative):
            continue
        if Sheet.objects.filter(initiative=initiative).exists():
            continue
        _demo_sheet_publish(initiative, people)
        report.sheets_published += 1
    return report

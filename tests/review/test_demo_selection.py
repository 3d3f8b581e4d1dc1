"""`essaim load_demo_selection`: the demo worked example of the selection and the fiches action."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.utils.html import escape

from essaim.accounts.demo import demo_accounts_create
from essaim.accounts.models import User
from essaim.catalog.demo import demo_load
from essaim.review.models import (
    Assessment,
    AssessmentStatus,
    Decision,
    Outcome,
    Reconciliation,
    Score,
    ShortlistEntry,
)
from essaim.sheets.models import Sheet, SheetStatus, SheetTransition, SheetVersion
from essaim.sheets.sections import DRAFT_MARKER

pytestmark = pytest.mark.django_db

MARK = "Exemple de démonstration"


@pytest.fixture
def demo_site():
    """What `make run` loads before the worked example: the demo initiatives and accounts."""
    demo_load()
    demo_accounts_create()


def _counts() -> dict[str, int]:
    models = (
        ShortlistEntry,
        Assessment,
        Score,
        Reconciliation,
        Reconciliation.history.model,
        Decision,
        Decision.history.model,
        Sheet,
        SheetVersion,
        SheetTransition,
    )
    return {model.__name__: model.objects.count() for model in models}


def test_worked_example_publishes_three_marked_fiches(demo_site, client, capsys):
    call_command("load_demo_selection")
    assert "3 fiches action publiées" in capsys.readouterr().out

    page = client.get("/fiches/")
    assert page.status_code == 200
    published = Sheet.objects.filter(status=SheetStatus.PUBLISHED).select_related("initiative")
    assert published.count() == 3
    links = re.findall(r'href="(/fiches/\d+/)"', page.content.decode())
    assert sorted(links) == sorted(sheet.get_absolute_url() for sheet in published)
    for sheet in published:
        assert escape(sheet.initiative.title) in page.content.decode()
        html = client.get(sheet.get_absolute_url()).content.decode()
        assert MARK in html  # the first line of « Contexte local »
        assert DRAFT_MARKER not in html  # edited by a person: no longer the generated draft
        assert sheet.published_version.sections["contexte"].startswith(f"<p><strong>{MARK}</strong>")
        # Drafted by the analyst, edited and submitted by an expert, approved by the other one.
        steps = {t.to_status: t.by.username for t in sheet.transitions.select_related("by")}
        assert steps[SheetStatus.IN_REVIEW] == "expert"
        assert steps[SheetStatus.APPROVED] == "expert2"
        assert steps[SheetStatus.PUBLISHED] == "analyste"


def test_worked_example_scores_reconciles_and_decides(demo_site, client):
    call_command("load_demo_selection")

    assert ShortlistEntry.objects.count() == 5
    assessments = Assessment.objects.select_related("expert")
    assert {a.expert.username for a in assessments} == {"expert", "expert2"}
    assert all(a.status == AssessmentStatus.SUBMITTED and a.comment.startswith(MARK) for a in assessments)
    values = set(Score.objects.filter(criterion__tier="essentiel").values_list("value", flat=True))
    assert len(values) >= 4  # plausible, varied scores
    outcomes = sorted(Decision.objects.values_list("outcome", flat=True))
    assert outcomes == sorted([Outcome.SELECTED] * 3 + [Outcome.WAITING, Outcome.NOT_RETAINED])
    assert all(MARK in rationale for rationale in Decision.objects.values_list("rationale", flat=True))

    reconciliation = Reconciliation.objects.select_related("entry__initiative", "by").get()
    assert reconciliation.by.username == "analyste"
    assert MARK in reconciliation.reason
    experts = reconciliation.entry.assessments.all()
    gap = [s.value for s in Score.objects.filter(assessment__in=experts, criterion=reconciliation.criterion)]
    assert max(gap) - min(gap) >= 2

    client.force_login(User.objects.get(username="analyste"))
    ranking = client.get("/selection/").content.decode()
    title = reconciliation.entry.initiative.title
    row = next(row for row in ranking.split("<tr") if title in row)
    assert re.search(r'<td class="num">1</td>', row)  # one disagreement…
    assert "à arbitrer" not in row  # …reconciled
    detail = client.get(f"/selection/{reconciliation.entry.pk}/").content.decode()
    assert "Désaccord arbitré" in detail
    assert escape(reconciliation.reason) in detail


def test_second_run_adds_nothing(demo_site, capsys):
    call_command("load_demo_selection")
    before = _counts()

    call_command("load_demo_selection")

    assert _counts() == before
    assert "déjà chargé" in capsys.readouterr().out


def test_refused_without_demo_accounts_and_nothing_written():
    demo_load()
    with pytest.raises(CommandError, match="create_demo_accounts"):
        call_command("load_demo_selection")
    assert not ShortlistEntry.objects.exists()

"""The grid is data: seeded by a migration, edited in the admin, frozen once assessments use it."""

import pytest

from essaim.review.models import Criterion, CriterionLevel, Grid, GridFrozen
from essaim.review.selectors import entry_aggregate
from essaim.review.versions import grid_activate, grid_criteria, grid_in_service, grid_new_version
from tests.factories import ShortlistEntryFactory, UserFactory, assessment_scored

pytestmark = pytest.mark.django_db


def test_default_grid_seeded_in_service_with_every_level_described():
    """4 gates (oui/non), 4 core and 5 qualifier criteria, each with a descriptor per level."""
    grid = grid_in_service()
    criteria = grid_criteria(grid)

    assert [c.tier for c in criteria].count("eliminatoire") == 4
    assert [c.tier for c in criteria].count("essentiel") == 4
    assert [c.tier for c in criteria].count("complementaire") == 5
    assert {c.label for c in criteria} >= {"Dans le champ de l'action sociale", "Valeur en temps de crise"}
    for criterion in criteria:
        expected = {0, 1} if criterion.is_gate else {1, 2, 3, 4, 5}
        assert {level.value for level in criterion.levels.all()} == expected, criterion.code
        assert criterion.description


def test_frozen_grid_refuses_changes_and_keeps_old_assessments_intact():
    """Once used, a version cannot change; edits go to a new version and old scores stay as they were."""
    entry = ShortlistEntryFactory()
    first, second = entry.assessments.all()
    assessment_scored(first, default=4)
    assessment_scored(second, default=2, efficacite=4)
    before = entry_aggregate(entry)
    old_grid = entry.grid
    efficacy = old_grid.criteria.get(code="efficacite")

    efficacy.weight = 10
    with pytest.raises(GridFrozen, match="a déjà servi à des évaluations"):
        efficacy.save()
    with pytest.raises(GridFrozen):
        efficacy.levels.first().delete()

    new_grid = grid_new_version(grid=old_grid)
    grid_activate(grid=new_grid)
    changed = new_grid.criteria.get(code="efficacite")
    changed.weight = 10
    changed.label = "Efficacité mesurée"
    changed.save()
    new_grid.criteria.get(code="nouveaute").delete()

    entry.refresh_from_db()
    first.refresh_from_db()
    assert new_grid.version == old_grid.version + 1 and new_grid.is_active
    assert not Grid.objects.get(pk=old_grid.pk).is_active
    assert first.grid_id == old_grid.pk and entry.grid_id == old_grid.pk
    assert old_grid.criteria.get(code="efficacite").weight == 2
    assert old_grid.criteria.filter(code="nouveaute").exists()
    assert entry_aggregate(entry).score == pytest.approx(before.score)
    # New shortlists use the new version.
    assert ShortlistEntryFactory().grid == new_grid


def test_admin_refuses_editing_a_frozen_grid_with_a_french_message(client):
    """Posting a changed weight on a used version shows the French refusal and changes nothing."""
    entry = ShortlistEntryFactory()
    grid = entry.grid
    client.force_login(UserFactory(administrator=True))
    url = f"/admin/review/criterion/{grid.criteria.get(code='efficacite').pk}/change/"
    criterion = grid.criteria.get(code="efficacite")
    levels = list(criterion.levels.all())
    data = {
        "grid": grid.pk,
        "tier": criterion.tier,
        "code": criterion.code,
        "label": criterion.label,
        "description": criterion.description,
        "weight": "7",
        "position": criterion.position,
        "levels-TOTAL_FORMS": len(levels),
        "levels-INITIAL_FORMS": len(levels),
        "levels-MIN_NUM_FORMS": 0,
        "levels-MAX_NUM_FORMS": 1000,
    }
    for index, level in enumerate(levels):
        data |= {
            f"levels-{index}-id": level.pk,
            f"levels-{index}-criterion": criterion.pk,
            f"levels-{index}-value": level.value,
            f"levels-{index}-descriptor": level.descriptor,
        }

    response = client.post(url, data)

    assert response.status_code == 200
    assert "a déjà servi à des évaluations" in response.text
    assert "Créez une nouvelle version" in response.text
    criterion.refresh_from_db()
    assert criterion.weight == 2


def test_admin_new_version_action_and_unused_grid_stays_editable(client):
    """The admin action copies a version; the copy (unused) can be edited freely."""
    grid = grid_in_service()
    client.force_login(UserFactory(administrator=True))

    response = client.post(
        "/admin/review/grid/", {"action": "new_version", "_selected_action": [grid.pk]}, follow=True
    )

    assert "Version 2" in response.text
    copy = Grid.objects.get(name=grid.name, version=2)
    assert copy.criteria.count() == grid.criteria.count()
    assert CriterionLevel.objects.filter(criterion__grid=copy).count() == 5 * 9 + 2 * 4
    criterion = copy.criteria.get(code="partenariat")
    criterion.weight = 3
    criterion.save()
    assert Criterion.objects.get(pk=criterion.pk).weight == 3


def test_incomplete_version_cannot_be_put_in_service():
    grid = grid_new_version(grid=grid_in_service())
    grid.criteria.get(code="partenariat").levels.get(value=3).delete()

    with pytest.raises(Exception, match="descripteur manquant pour 3"):
        grid_activate(grid=grid)
    assert not Grid.objects.get(pk=grid.pk).is_active


def test_admin_pages_of_the_grid_open_and_warn_when_frozen(client):
    """Grid list, a grid with its criteria, a criterion with its levels; a used grid says it is frozen."""
    entry = ShortlistEntryFactory()
    client.force_login(UserFactory(administrator=True))
    criterion = entry.grid.criteria.get(code="efficacite")

    assert client.get("/admin/review/grid/").status_code == 200
    page = client.get(f"/admin/review/grid/{entry.grid.pk}/change/")
    assert page.status_code == 200
    assert "a déjà servi à des évaluations" in page.text
    assert "Efficacité pour les personnes concernées" in page.text
    level_page = client.get(f"/admin/review/criterion/{criterion.pk}/change/")
    assert "Des effets importants et durables" in level_page.text

"""Independent scoring: drafts, submission, French refusals, and others' scores only after submitting."""

import re

import pytest
from django.core.exceptions import ValidationError

from essaim.review.models import AssessmentStatus
from essaim.review.scoring import assessment_save
from tests.factories import ShortlistEntryFactory, assessment_scored

pytestmark = pytest.mark.django_db


def _form(assessment, *, action: str, default: str = "3", **overrides) -> dict:
    data = {"action": action, "evidence_level": "documente", "transfer_type": "adapter", "comment": ""}
    for criterion in assessment.grid.criteria.all():
        data[f"note_{criterion.code}"] = "1" if criterion.is_gate else default
        data[f"commentaire_{criterion.code}"] = ""
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def entry():
    return ShortlistEntryFactory()


def test_expert_sees_only_their_assignments(client, entry):
    """The expert's home lists their assessment; another expert's assessment answers 404."""
    mine, theirs = entry.assessments.all()
    client.force_login(mine.expert)

    home = client.get("/selection/")
    assert home.status_code == 200
    assert entry.initiative.title in home.text
    assert client.get(f"/selection/evaluations/{mine.pk}/").status_code == 200
    assert client.get(f"/selection/evaluations/{theirs.pk}/").status_code == 404
    assert (
        client.post(f"/selection/evaluations/{theirs.pk}/", _form(theirs, action="soumettre")).status_code
        == 404
    )


def test_out_of_range_score_refused_with_a_french_message(client, entry):
    """A forged score of 7 is refused on its field, in French, and nothing is saved."""
    assessment = entry.assessments.first()
    client.force_login(assessment.expert)

    response = client.post(
        f"/selection/evaluations/{assessment.pk}/", _form(assessment, action="brouillon", note_efficacite="7")
    )

    assert response.status_code == 400
    assert "Note invalide : la note doit être un nombre entier entre 1 et 5." in response.text
    assert not assessment.scores.exists()
    with pytest.raises(ValidationError) as error:
        assessment_save(assessment=assessment, scores={"efficacite": 0}, comments={}, submit=False)
    assert error.value.message_dict == {
        "note_efficacite": ["Note invalide : la note doit être un nombre entier entre 1 et 5."]
    }


def test_missing_scores_refused_on_submit_per_field(client, entry):
    """Submitting with an unscored criterion and no evidence level names each missing field."""
    assessment = entry.assessments.first()
    client.force_login(assessment.expert)

    response = client.post(
        f"/selection/evaluations/{assessment.pk}/",
        _form(
            assessment, action="soumettre", note_partenariat=None, note_legale_ethique=None, evidence_level=""
        ),
    )

    assert response.status_code == 400
    assert "Choisissez une note de 1 à 5 pour ce critère avant de soumettre." in response.text
    assert "Répondez par oui ou par non à ce critère avant de soumettre." in response.text
    assert "Indiquez le niveau de preuve avant de soumettre." in response.text
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT


def test_draft_saved_then_resumed_then_submitted(client, entry):
    """A partial draft is kept (radio checked again on return); submission then freezes it."""
    assessment = entry.assessments.first()
    client.force_login(assessment.expert)
    url = f"/selection/evaluations/{assessment.pk}/"

    response = client.post(
        url,
        _form(
            assessment,
            action="brouillon",
            note_partenariat=None,
            note_efficacite="4",
            commentaire_efficacite="Bon suivi.",
        ),
        follow=True,
    )
    assert "Brouillon enregistré" in response.text
    page = client.get(url).text
    assert re.search(r'name="note_efficacite" value="4"[^>]*checked', page)
    assert not re.search(r'name="note_partenariat" value="\d"[^>]*checked', page)
    assert "Bon suivi." in page

    response = client.post(url, _form(assessment, action="soumettre"), follow=True)
    assert "Évaluation soumise" in response.text
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert assessment.scores.get(criterion__code="efficacite").value == 3
    with pytest.raises(ValidationError, match="déjà été soumise"):
        assessment_save(assessment=assessment, scores={}, comments={}, submit=False)


def test_expert_sees_others_scores_only_after_submitting(client, entry):
    """Before submitting, another expert's submitted scores and comments are hidden; after, shown."""
    mine, other = entry.assessments.all()
    assessment_scored(other, default=5)
    other.scores.filter(criterion__code="efficacite").update(
        comment="Remarque confidentielle de l'autre expert"
    )
    client.force_login(mine.expert)
    url = f"/selection/evaluations/{mine.pk}/"

    before = client.get(url).text
    assert "Remarque confidentielle" not in before
    assert str(other.expert) not in before

    client.post(url, _form(mine, action="soumettre"))
    after = client.get(url).text
    assert "Remarque confidentielle" in after
    assert str(other.expert) in after

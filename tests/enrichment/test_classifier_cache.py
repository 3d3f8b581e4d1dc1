"""The classifier is loaded once per process and rebuilt as soon as an analyst edits a lexicon."""

import pytest

from essaim.enrichment.models import LexiconTerm
from essaim.enrichment.store import classifier_current

pytestmark = pytest.mark.django_db


def test_classifier_is_reused_until_a_lexicon_term_changes():
    first = classifier_current()
    assert classifier_current() is first
    before = first.classify("Ateliers de tricot", "Des ateliers de tricot pour tous").themes

    LexiconTerm.objects.create(kind="theme", code="culture", term="tricot", weight=5)

    changed = classifier_current()
    assert changed is not first
    after = changed.classify("Ateliers de tricot", "Des ateliers de tricot pour tous").themes
    assert after[0].code == "culture"
    assert [label.code for label in before][:1] != ["culture"] or before[0].score < after[0].score

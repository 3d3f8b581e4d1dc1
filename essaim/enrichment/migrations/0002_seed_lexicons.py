"""Seed the editable lexicons with the vendored ones (`essaim/enrichment/data/lexicons.json`).

Only missing terms are created: analysts' edits are never overwritten. Reverting empties the table
(the classifier then falls back on the vendored file).
"""

import json
from pathlib import Path

from django.db import migrations

VENDORED = Path(__file__).resolve().parent.parent / "data" / "lexicons.json"
KINDS = ("theme", "public", "actor_type")
CASE_MARK = "="


def seed(apps, schema_editor):
    LexiconTerm = apps.get_model("enrichment", "LexiconTerm")
    data = json.loads(VENDORED.read_text(encoding="utf-8"))
    existing = set(LexiconTerm.objects.values_list("kind", "code", "term"))
    rows = []
    for kind in KINDS:
        for code, terms in data.get(kind, {}).items():
            for text, weight in terms.items():
                case_sensitive = text.startswith(CASE_MARK)
                term = text[len(CASE_MARK) :] if case_sensitive else text
                if (kind, code, term) not in existing:
                    existing.add((kind, code, term))
                    rows.append(
                        LexiconTerm(
                            kind=kind, code=code, term=term, weight=weight, case_sensitive=case_sensitive
                        )
                    )
    LexiconTerm.objects.bulk_create(rows, batch_size=500)


def unseed(apps, schema_editor):
    apps.get_model("enrichment", "LexiconTerm").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("enrichment", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]

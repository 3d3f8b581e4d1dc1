"""`essaim dedupe FILE.jsonl`: one JSON line per cluster of records describing the same initiative."""

import json

from essaim.enrichment.management.commands._batch import BatchCommand, annotator

SCORE_DIGITS = 3


class Command(BatchCommand):
    help = "Trouve les doublons d'un fichier JSON lines (id, title, summary) : une ligne par groupe."

    def handle(self, *args, **options) -> None:
        records = list(self.records(options["file"]))
        original_ids = {str(record.id): record.id for record in records}
        for cluster in annotator().dedupe(records):
            line = {
                "ids": [original_ids[key] for key in cluster.ids],
                "score": round(cluster.score, SCORE_DIGITS),
            }
            self.stdout.write(json.dumps(line, ensure_ascii=False))
        self.finish()

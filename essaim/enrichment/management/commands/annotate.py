"""`essaim annotate FILE.jsonl`: place and classify each record; one JSON line out per line in."""

import json

from essaim.enrichment.management.commands._batch import BatchCommand, annotator


class Command(BatchCommand):
    help = (
        "Annote un fichier JSON lines (id, title, summary) : département, commune, thématiques, "
        "publics et type de porteur, avec des scores de confiance."
    )

    def handle(self, *args, **options) -> None:
        engine = annotator()
        for record in self.records(options["file"]):
            self.stdout.write(json.dumps(engine.annotate(record).as_json(), ensure_ascii=False))
        self.finish()

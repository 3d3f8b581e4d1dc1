"""Annotate and de-duplicate batches of records: the CLI's logic, pure and testable.

`annotate_one` gives the stable JSON contract of `essaim annotate`; `dedupe_records` geotags
and classifies each record first (the input has only id, title and summary) then clusters.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from essaim.enrichment.classify import Classification, Classifier
from essaim.enrichment.dedupe import Cluster, Record, find_duplicates
from essaim.enrichment.geotag import GeoResult, Geotagger
from essaim.enrichment.jsonl import InputRecord

SCORE_DIGITS = 3


@dataclass(frozen=True)
class Annotation:
    record: InputRecord
    geo: GeoResult
    labels: Classification

    def as_json(self) -> dict[str, Any]:
        actor = self.labels.actor_type
        return {
            "id": self.record.id,
            "departement_code": self.geo.departement_code,
            "commune_code": self.geo.commune_code,
            "themes": [
                {"code": label.code, "score": round(label.score, SCORE_DIGITS)}
                for label in self.labels.themes
            ],
            "publics": [
                {"code": label.code, "score": round(label.score, SCORE_DIGITS)}
                for label in self.labels.publics
            ],
            "actor_type": {"code": actor.code, "score": round(actor.score, SCORE_DIGITS)} if actor else None,
        }


class Annotator:
    def __init__(self, geotagger: Geotagger, classifier: Classifier) -> None:
        self.geotagger = geotagger
        self.classifier = classifier

    def annotate(self, record: InputRecord) -> Annotation:
        geo = self.geotagger.tag(f"{record.title}\n{record.summary}")
        return Annotation(
            record=record,
            geo=geo,
            labels=self.classifier.classify(record.title, record.summary, epcis=geo.epci_names()),
        )

    def dedupe(self, records: Iterable[InputRecord]) -> list[Cluster]:
        """Clusters of two or more records describing the same initiative."""
        prepared = []
        for record in records:
            annotation = self.annotate(record)
            actor = annotation.labels.actor_type
            prepared.append(
                Record(
                    id=str(record.id),
                    title=record.title,
                    text=record.summary,
                    departement_code=annotation.geo.departement_code,
                    commune_code=annotation.geo.commune_code,
                    actor=actor.code if actor and actor.score >= 0.5 else None,
                    places=annotation.geo.cited_names(),
                    region_code=annotation.geo.region_code,
                )
            )
        return find_duplicates(prepared)

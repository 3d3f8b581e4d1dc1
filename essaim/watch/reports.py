"""French summaries of runs, for the CLI and the pages; duplicates found among a run's candidates."""

from __future__ import annotations

from essaim.enrichment.store import classifier_load
from essaim.inbox.enrich import candidate_enrich
from essaim.inbox.models import Candidate
from essaim.watch.models import Run


def duplicates_count(candidate_ids: list[int], *, enrich: bool = False) -> int:
    """How many of these candidates the enrichment found a possible duplicate for; with `enrich`,
    the ones not enriched yet are enriched now (the CLI runs the whole pipeline synchronously)."""
    if not candidate_ids:
        return 0
    if enrich:
        pending = list(Candidate.objects.filter(pk__in=candidate_ids, enriched_at__isnull=True))
        classifier = classifier_load() if pending else None  # once, not once per candidate
        for candidate in pending:
            candidate_enrich(candidate, classifier=classifier)
    return Candidate.objects.filter(pk__in=candidate_ids, has_duplicate=True).count()


def _n(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count <= 1 else plural}"


def run_summary(run: Run, *, duplicates: int | None = None) -> str:
    lines = [
        f"Source : {run.source.name} — {run.get_status_display().lower()}",
        "Documents : "
        + ", ".join(
            [_n(run.documents_new, "nouveau", "nouveaux"), _n(run.documents_unchanged, "déjà lu", "déjà lus")]
        ),
        "Initiatives trouvées : " + str(run.items_found),
        "Candidats : "
        + ", ".join(
            [
                _n(run.candidates_new, "nouveau", "nouveaux"),
                _n(run.candidates_updated, "mis à jour", "mis à jour"),
                _n(run.items_unchanged, "inchangé", "inchangés"),
            ]
        ),
    ]
    lines.append(f"Doublons possibles : {duplicates if duplicates is not None else 'non calculés'}")
    lines.append(f"Erreurs : {len(run.errors)}")
    lines += [f"  – {error}" for error in run.errors]
    return "\n".join(lines)

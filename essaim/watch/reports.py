"""French summaries of runs, for the CLI and the pages; duplicates found among a run's candidates."""

from __future__ import annotations

from essaim.inbox.enrich import candidates_enrich_ids
from essaim.inbox.models import Candidate
from essaim.watch.models import Run


def duplicates_count(candidate_ids: list[int], *, enrich: bool = False) -> int:
    """How many of these candidates the enrichment found a possible duplicate for; with `enrich`,
    the ones not enriched yet are enriched now, together (the CLI runs the whole pipeline)."""
    if not candidate_ids:
        return 0
    if enrich:
        candidates_enrich_ids(candidate_ids)
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

"""Background work of the inbox: enriching candidates (the engine may be slow on long texts)."""

from django_tasks import task

from essaim.inbox.enrich import candidate_enrich, candidates_enrich_ids
from essaim.inbox.models import Candidate


@task()
def candidate_enrich_task(candidate_id: int) -> None:
    """Enrich a candidate still waiting for a decision (a decided or deleted one is left alone)."""
    candidate = Candidate.objects.select_related("territory__departement").filter(pk=candidate_id).first()
    if candidate is not None and candidate.is_pending:
        candidate_enrich(candidate)


@task()
def candidates_enrich_task(candidate_ids: list[int]) -> None:
    """Enrich together those of these candidates still waiting for it (a file's, a sweep's)."""
    candidates_enrich_ids(candidate_ids)

"""Background work of the inbox: enriching candidates (the engine may be slow on long texts)."""

from django_tasks import task

from essaim.inbox.enrich import candidates_enrich_ids


@task()
def candidate_enrich_task(candidate_id: int) -> None:
    """Enrich a candidate still waiting for it (a decided, deleted or enriched one is left alone)."""
    candidates_enrich_ids([candidate_id])


@task()
def candidates_enrich_task(candidate_ids: list[int]) -> None:
    """Enrich together those of these candidates still waiting for it (a file's, a sweep's)."""
    candidates_enrich_ids(candidate_ids)

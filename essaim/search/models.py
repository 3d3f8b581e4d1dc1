"""Search bookkeeping: the outbox that keeps the index in step with the catalogue,
the vocabulary for "did you mean", and the PostgreSQL search table."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class IndexQueue(models.Model):
    """An initiative to (re)index, written in the same transaction as the change itself.

    The index is brought up to date from this outbox after commit and before every search:
    a crash between the two only delays the update, it never loses it.
    """

    initiative_id = models.BigIntegerField("initiative")
    queued_at = models.DateTimeField("en attente depuis", auto_now_add=True)

    class Meta:
        verbose_name = "initiative à indexer"
        verbose_name_plural = "initiatives à indexer"

    def __str__(self) -> str:
        return f"Initiative n° {self.initiative_id} à indexer"


class SearchWord(models.Model):
    """A folded word of the published texts with the number of documents holding it."""

    word = models.CharField("mot", max_length=40, primary_key=True)
    display = models.CharField("forme affichée", max_length=40, blank=True)
    doc_count = models.PositiveIntegerField("documents", default=0)

    class Meta:
        verbose_name = "mot du vocabulaire"
        verbose_name_plural = "vocabulaire de la recherche"

    def __str__(self) -> str:
        return self.display or self.word


class SearchDocument(models.Model):
    """One row per initiative for the PostgreSQL backend (unused on SQLite).

    Multi-valued facets are stored as space-separated codes so the table is portable.
    `sample` is the document's sample bucket (`backends.base.sample_bucket`): counts beyond the
    exact limit are estimated on the first buckets.
    """

    initiative_id = models.BigIntegerField(primary_key=True)
    sample = models.SmallIntegerField(default=0)
    status = models.CharField(max_length=12)
    theme = models.TextField(blank=True)
    public = models.TextField(blank=True)
    region = models.CharField(max_length=3, blank=True)
    departement = models.CharField(max_length=3, blank=True)
    porteur = models.CharField(max_length=60, blank=True)
    periode = models.CharField(max_length=20, blank=True)
    annee = models.CharField(max_length=4, blank=True)
    preuve = models.CharField(max_length=12, blank=True)
    sort_ts = models.BigIntegerField(default=0)
    vector = SearchVectorField(null=True)

    class Meta:
        verbose_name = "document de recherche"

    def __str__(self) -> str:
        return f"Document de recherche n° {self.initiative_id}"


class SearchState(models.Model):
    """One row: a number that changes whenever the index changes (keys of cached result pages)."""

    generation = models.BigIntegerField("génération", default=0)

    class Meta:
        verbose_name = "état de l'index"

    def __str__(self) -> str:
        return f"Index, génération {self.generation}"

"""The classifier the application uses, built from the database, and its training.

`classifier_load` reads the lexicons analysts edit in the admin (the vendored file when the table is
empty), the seed model shipped with the code and the latest trained model; `classifier_train`
learns a model from the validated initiatives of the catalogue (qualified or published), as
corrections of the lexicons and seed, and stores it; `classifier_train_if_changed`
does so only when those initiatives, the lexicons or the seed changed since the latest model (the
worker's daily job). The classification itself is
pure (`classify.py`); this module only adapts the ORM to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max

from essaim.catalog.models import Initiative, Status
from essaim.enrichment.classify import MODEL_MIN_POSITIVES, Classifier, Labelled
from essaim.enrichment.geotag import Geotagger
from essaim.enrichment.lexicons import Lexicon, Row
from essaim.enrichment.model import Model
from essaim.enrichment.models import ClassifierModel, LexiconTerm

VALIDATED = (Status.QUALIFIED, Status.PUBLISHED)


@dataclass(frozen=True)
class TrainingSummary:
    examples: int
    learnt: dict[str, int]  # kind -> codes with enough examples to be used (MODEL_MIN_POSITIVES)
    seen: dict[str, int]  # kind -> codes met at least once
    stored: ClassifierModel | None  # None when there was nothing to learn from


def lexicon_load() -> Lexicon:
    """The lexicons as edited in the admin, or the vendored ones while the table is empty."""
    rows = [
        Row(*values)
        for values in LexiconTerm.objects.values_list("kind", "code", "term", "weight", "case_sensitive")
    ]
    return Lexicon.from_rows(rows) if rows else Lexicon.vendored()


def _usable_models():
    """Models trained on top of the seed shipped now: one trained on another seed (or none) learnt
    corrections of what this seed no longer says; it waits for the next training."""
    return ClassifierModel.objects.filter(seed=Model.vendored_fingerprint())  # ordered by -trained_at


def model_load() -> Model | None:
    latest = _usable_models().only("data").first()
    return Model.from_json(latest.data) if latest else None


def classifier_load() -> Classifier:
    """The classifier with the current lexicons, the seed model and the latest trained model, if any."""
    return Classifier(lexicon_load(), model_load(), seed=Model.vendored())


# One classifier per process, with the version it was built from.
_current: dict[str, tuple[tuple, Classifier]] = {}


def _version() -> tuple:
    """What the classifier is built from, cheaply: lexicon terms (count, last edit) and the latest
    model. Any edit in the admin or retraining changes it, in every process."""
    terms = LexiconTerm.objects.aggregate(count=Count("pk"), edited=Max("updated_at"))
    return terms["count"], terms["edited"], _usable_models().values_list("pk", flat=True).first()


def classifier_current() -> Classifier:
    """The classifier, rebuilt only when its lexicons or model changed (the watch enriches
    thousands of candidates in a row: loading it costs more than classifying one)."""
    version = _version()
    cached = _current.get("classifier")
    if cached is None or cached[0] != version:
        cached = _current["classifier"] = (version, classifier_load())
    return cached[1]


def validated_initiatives() -> list[Labelled]:
    """The catalogue's validated initiatives with the labels analysts set, in a stable order."""
    initiatives = (
        Initiative.objects.filter(status__in=VALIDATED)
        .select_related("lead_actor__type")
        .prefetch_related("theme_links__theme", "publics")
        .order_by("pk")
    )
    geotagger = Geotagger.vendored()  # the EPCI each text names, as `classify` is given them
    return [
        Labelled(
            title=initiative.title,
            text=initiative.summary,
            themes=tuple(
                link.theme.code
                for link in sorted(initiative.theme_links.all(), key=lambda link: link.position)
            ),
            publics=tuple(sorted(public.code for public in initiative.publics.all())),
            actor_type=initiative.lead_actor.type.code if initiative.lead_actor else None,
            epcis=tuple(geotagger.tag(f"{initiative.title}\n{initiative.summary}").epci_names()),
        )
        for initiative in initiatives
    ]


def classifier_train() -> TrainingSummary:
    """Train a model on the validated initiatives and store it (nothing is stored without any)."""
    labelled = validated_initiatives()
    if not labelled:
        return TrainingSummary(examples=0, learnt={}, seen={}, stored=None)
    model = Classifier(lexicon_load(), seed=Model.vendored()).train(labelled)
    learnt: dict[str, int] = {}
    seen: dict[str, int] = {}
    for kind, code in model.slots:
        seen[kind] = seen.get(kind, 0) + 1
        if model.positives_of(kind, code) >= MODEL_MIN_POSITIVES:
            learnt[kind] = learnt.get(kind, 0) + 1
    with transaction.atomic():
        stored = ClassifierModel.objects.create(
            examples=len(labelled),
            labels=sum(learnt.values()),
            data=model.to_json(),
            seed=Model.vendored_fingerprint(),
        )
    return TrainingSummary(examples=len(labelled), learnt=learnt, seen=seen, stored=stored)


def classifier_train_if_changed() -> TrainingSummary | None:
    """Train again when validated initiatives were added, removed or edited, or lexicon terms edited,
    since the latest model, or when the seed model changed (a new version of the application);
    None when it is up to date (nothing is stored then)."""
    latest = _usable_models().only("trained_at", "examples").first()
    if latest is not None:
        validated = Initiative.objects.filter(status__in=VALIDATED).aggregate(
            count=Count("pk"), edited=Max("updated_at")
        )
        lexicons_edited = LexiconTerm.objects.aggregate(edited=Max("updated_at"))["edited"]
        edits = [moment for moment in (validated["edited"], lexicons_edited) if moment is not None]
        if validated["count"] == latest.examples and all(moment <= latest.trained_at for moment in edits):
            return None
    return classifier_train()

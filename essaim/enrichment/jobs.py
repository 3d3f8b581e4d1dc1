"""The enrichment's daily work: learn again from what analysts validated (as `essaim enrichment_train`),
so that the classification improves without anyone running a command."""

import logging

from essaim.enrichment.store import classifier_train_if_changed
from essaim.jobs.schedule import register_daily

logger = logging.getLogger(__name__)


@register_daily("enrichment.train", "Réentraînement du classement")
def classifier_daily_train(job, progress) -> None:
    summary = classifier_train_if_changed()
    if summary is None:
        logger.info("Classifier model up to date: nothing validated or edited since")
    else:
        logger.info("Classifier model trained on %d validated initiatives", summary.examples)

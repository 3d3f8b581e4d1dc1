"""`essaim enrichment_train`: learn the classification model from the validated initiatives."""

from django.core.management.base import BaseCommand

from essaim.enrichment.classify import MODEL_MIN_POSITIVES
from essaim.enrichment.store import classifier_train

KIND_NAMES = {"theme": "thématiques", "public": "publics", "actor_type": "types de porteur"}


class Command(BaseCommand):
    help = (
        "Entraîne le modèle de classement sur les initiatives validées (qualifiées ou publiées) ; "
        "il corrige les lexiques et le modèle de départ pour les étiquettes qui ont assez d'exemples."
    )

    def handle(self, *args, **options) -> None:
        summary = classifier_train()
        if summary.stored is None:
            self.stdout.write(
                "Aucune initiative validée (qualifiée ou publiée) : aucun modèle entraîné, "
                "le classement reste celui des lexiques et du modèle de départ."
            )
            return
        learnt = ", ".join(
            f"{summary.learnt.get(kind, 0)} {name} sur {summary.seen.get(kind, 0)}"
            for kind, name in KIND_NAMES.items()
        )
        self.stdout.write(
            f"Modèle entraîné sur {summary.examples} initiative(s) validée(s). "
            f"Étiquettes apprises (au moins {MODEL_MIN_POSITIVES} exemples) : {learnt}."
        )

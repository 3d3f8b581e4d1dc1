"""The selection part of the demo worked example: five demo initiatives shortlisted, scored by the
two demo experts, one disagreement reconciled by the demo analyst, and a decision on each.

Everything goes through the selection's own services (shortlist, scoring, reconciliation,
decisions), and everything written is marked « Exemple de démonstration » so that nobody takes it
for a real expertise. Idempotent: an initiative already shortlisted is left as it is, so a second
run changes nothing. The fiches of the retained initiatives are written by `essaim.sheets.demo`.
"""

from dataclasses import dataclass, field

from essaim.accounts.models import User
from essaim.accounts.roles import Role
from essaim.catalog.models import Initiative, Source
from essaim.review.decisions import decision_record, reconciliation_record
from essaim.review.models import Criterion, Outcome, ShortlistEntry
from essaim.review.scoring import assessment_save
from essaim.review.shortlist import shortlist_add
from essaim.review.versions import grid_criteria

DEMO_MARK = "Exemple de démonstration"
ANALYST, EXPERT, EXPERT2 = "analyste", "expert", "expert2"


@dataclass(frozen=True)
class DemoOpinion:
    """One demo expert's assessment: scores by criterion code (gates answered « oui » unless given),
    comments on a few criteria, and a general appreciation."""

    scores: dict[str, int]
    comments: dict[str, str]
    general: str
    evidence_level: str = "documente"
    transfer_type: str = "adapter"


@dataclass(frozen=True)
class DemoCase:
    """A demo initiative (found by the key of one of its corpus records) and what happens to it."""

    source_key: str
    opinions: dict[str, DemoOpinion]  # expert username -> opinion
    outcome: str
    rationale: str
    reconciliation: tuple[str, int, str] | None = None  # (criterion code, final score, reason)


def _mark(text: str) -> str:
    return f"{DEMO_MARK} — {text}"


CASES: tuple[DemoCase, ...] = (
    DemoCase(
        source_key="corpus:A087",  # Seine-Saint-Denis : 150 agents appellent 50 000 aînés confinés
        opinions={
            EXPERT: DemoOpinion(
                scores={
                    "efficacite": 4,
                    "efficience_cout": 4,
                    "plus_vulnerables": 5,
                    "nouveaute": 3,
                    "transferabilite": 5,
                    "perennite": 3,
                    "partenariat": 3,
                    "participation": 2,
                    "valeur_crise": 5,
                },
                comments={
                    "plus_vulnerables": _mark(
                        "les appels vont au-devant des aînés isolés qui ne demandent rien."
                    ),
                    "transferabilite": _mark(
                        "reproductible par tout département disposant d'un fichier APA."
                    ),
                },
                general=_mark("une mobilisation simple et massive des agents, à documenter davantage."),
                transfer_type="dupliquer",
            ),
            EXPERT2: DemoOpinion(
                scores={
                    "efficacite": 4,
                    "efficience_cout": 3,
                    "plus_vulnerables": 5,
                    "nouveaute": 3,
                    "transferabilite": 4,
                    "perennite": 3,
                    "partenariat": 3,
                    "participation": 2,
                    "valeur_crise": 5,
                },
                comments={
                    "efficacite": _mark(
                        "les besoins repérés ont été suivis d'un ravitaillement ou d'une visite."
                    ),
                    "perennite": _mark("le dispositif dépend de la réaffectation temporaire des agents."),
                },
                general=_mark("une pratique de veille sociale à retenir pour les prochaines crises."),
            ),
        },
        outcome=Outcome.SELECTED,
        rationale=_mark(
            "retenue : une veille téléphonique à grande échelle, facile à reprendre par un département."
        ),
    ),
    DemoCase(
        source_key="corpus:A057",  # Aude : le RSA maintenu pour les saisonniers agricoles
        opinions={
            EXPERT: DemoOpinion(
                scores={
                    "efficacite": 5,
                    "efficience_cout": 4,
                    "plus_vulnerables": 4,
                    "nouveaute": 4,
                    "transferabilite": 4,
                    "perennite": 4,
                    "partenariat": 4,
                    "participation": 3,
                    "valeur_crise": 4,
                },
                comments={
                    "efficacite": _mark(
                        "les allocataires ont travaillé aux récoltes sans perdre leur RSA : effet direct."
                    ),
                    "partenariat": _mark("la chambre d'agriculture et Pôle emploi sont associés."),
                },
                general=_mark("un levier d'insertion reconduit et élargi, avec un bilan chiffré."),
                evidence_level="evalue",
            ),
            EXPERT2: DemoOpinion(
                scores={
                    "efficacite": 2,
                    "efficience_cout": 4,
                    "plus_vulnerables": 4,
                    "nouveaute": 4,
                    "transferabilite": 5,
                    "perennite": 4,
                    "partenariat": 4,
                    "participation": 3,
                    "valeur_crise": 4,
                },
                comments={
                    "efficacite": _mark(
                        "les effets sur l'insertion durable des allocataires ne sont pas mesurés."
                    ),
                    "transferabilite": _mark("d'autres départements agricoles l'ont déjà repris."),
                },
                general=_mark("intéressant, mais l'efficacité au-delà de la saison reste à établir."),
            ),
        },
        reconciliation=(
            "efficacite",
            4,
            _mark(
                "le bilan publié par le Département montre un retour à l'emploi saisonnier effectif ; "
                "l'effet durable reste à mesurer, d'où 4 et non 5."
            ),
        ),
        outcome=Outcome.SELECTED,
        rationale=_mark("retenue : un dispositif évalué, reconduit, déjà repris ailleurs."),
    ),
    DemoCase(
        source_key="corpus:A029",  # Seine-Saint-Denis : une cuisine de collèges rouverte (aide alimentaire)
        opinions={
            EXPERT: DemoOpinion(
                scores={
                    "efficacite": 4,
                    "efficience_cout": 3,
                    "plus_vulnerables": 5,
                    "nouveaute": 4,
                    "transferabilite": 3,
                    "perennite": 2,
                    "partenariat": 4,
                    "participation": 2,
                    "valeur_crise": 5,
                },
                comments={
                    "plus_vulnerables": _mark("les repas vont aux familles et aux personnes à la rue."),
                    "perennite": _mark("une réponse d'urgence, arrêtée avec la réouverture des collèges."),
                },
                general=_mark("mobiliser un équipement public fermé : une idée simple à essaimer."),
                transfer_type="s_inspirer",
            ),
            EXPERT2: DemoOpinion(
                scores={
                    "efficacite": 4,
                    "efficience_cout": 4,
                    "plus_vulnerables": 4,
                    "nouveaute": 4,
                    "transferabilite": 3,
                    "perennite": 2,
                    "partenariat": 4,
                    "participation": 2,
                    "valeur_crise": 5,
                },
                comments={
                    "partenariat": _mark("associations d'aide alimentaire et agents de restauration réunis."),
                },
                general=_mark("une bonne pratique de crise, à condition de prévoir le cadre à l'avance."),
                transfer_type="s_inspirer",
            ),
        },
        outcome=Outcome.SELECTED,
        rationale=_mark("retenue : réemploi rapide d'un équipement public au service de l'aide alimentaire."),
    ),
    DemoCase(
        source_key="corpus:B054",  # Villeneuve-d'Ascq : un local d'accueil des victimes dans la galerie V2
        opinions={
            EXPERT: DemoOpinion(
                scores={
                    "efficacite": 3,
                    "efficience_cout": 3,
                    "plus_vulnerables": 4,
                    "nouveaute": 4,
                    "transferabilite": 4,
                    "perennite": 2,
                    "partenariat": 4,
                    "participation": 2,
                    "valeur_crise": 4,
                },
                comments={"efficacite": _mark("peu de personnes accueillies, d'après le bilan nuancé.")},
                general=_mark("un lieu d'écoute discret, dont la fréquentation est restée faible."),
                evidence_level="declaratif",
            ),
            EXPERT2: DemoOpinion(
                scores={
                    "efficacite": 3,
                    "efficience_cout": 2,
                    "plus_vulnerables": 4,
                    "nouveaute": 4,
                    "transferabilite": 3,
                    "perennite": 2,
                    "partenariat": 4,
                    "participation": 2,
                    "valeur_crise": 4,
                },
                comments={"perennite": _mark("fermé à la fin du confinement.")},
                general=_mark("à suivre : d'autres points d'accueil en galerie ont mieux fonctionné."),
                evidence_level="declaratif",
                transfer_type="s_inspirer",
            ),
        },
        outcome=Outcome.WAITING,
        rationale=_mark("liste d'attente : résultats trop modestes pour l'instant, à réexaminer."),
    ),
    DemoCase(
        source_key="corpus:A079",  # Locminé offre un chèque cadeau de 10 euros à ses habitants majeurs
        opinions={
            EXPERT: DemoOpinion(
                scores={
                    "efficacite": 2,
                    "efficience_cout": 2,
                    "plus_vulnerables": 1,
                    "nouveaute": 2,
                    "transferabilite": 3,
                    "perennite": 1,
                    "partenariat": 2,
                    "participation": 1,
                    "valeur_crise": 2,
                },
                comments={"plus_vulnerables": _mark("une aide identique pour tous, sans ciblage social.")},
                general=_mark("un soutien au commerce local plus qu'une action sociale."),
                evidence_level="declaratif",
                transfer_type="s_inspirer",
            ),
            EXPERT2: DemoOpinion(
                scores={
                    "efficacite": 2,
                    "efficience_cout": 2,
                    "plus_vulnerables": 1,
                    "nouveaute": 2,
                    "transferabilite": 3,
                    "perennite": 1,
                    "partenariat": 2,
                    "participation": 1,
                    "valeur_crise": 2,
                },
                comments={"efficacite": _mark("aucun effet observé sur la situation des plus fragiles.")},
                general=_mark("hors du cœur de l'étude, qui porte sur l'action sociale."),
                evidence_level="declaratif",
                transfer_type="s_inspirer",
            ),
        },
        outcome=Outcome.NOT_RETAINED,
        rationale=_mark(
            "non retenue : une aide de 10 euros pour tous les habitants ne cible pas les personnes "
            "fragiles ; elle relève du soutien au commerce plus que de l'action sociale."
        ),
    ),
)


class DemoMissing(Exception):
    """What the worked example needs is not there (demo accounts or demo initiatives)."""


@dataclass
class SelectionReport:
    shortlisted: int = 0
    unchanged: int = 0
    initiatives: list[Initiative] = field(default_factory=list)  # of every case, in order


def demo_people() -> dict[str, User]:
    """The demo accounts the worked example uses, by username."""
    people = {user.username: user for user in User.objects.filter(username__in=(ANALYST, EXPERT, EXPERT2))}
    missing = [name for name in (ANALYST, EXPERT, EXPERT2) if name not in people]
    if missing:
        raise DemoMissing(
            f"Comptes de démonstration manquants ({', '.join(missing)}) : "
            "lancez d'abord « essaim create_demo_accounts »."
        )
    if any(people[name].role != Role.EXPERT for name in (EXPERT, EXPERT2)):
        raise DemoMissing("Les comptes « expert » et « expert2 » doivent avoir le rôle Expert.")
    return people


def demo_initiative(case: DemoCase) -> Initiative:
    source = Source.objects.select_related("initiative").filter(external_key=case.source_key).first()
    if source is None:
        raise DemoMissing(
            f"Initiative de démonstration introuvable ({case.source_key}) : "
            "lancez d'abord « essaim load_demo »."
        )
    return source.initiative


def _score_all(criteria: list[Criterion], opinion: DemoOpinion) -> dict[str, int]:
    """A score for every criterion of the grid in use: gates « oui », the others from the opinion
    (3 when it gives none, e.g. for a criterion added to a later grid version)."""
    return {
        criterion.code: 1 if criterion.is_gate else opinion.scores.get(criterion.code, 3)
        for criterion in criteria
    }


def _case_play(case: DemoCase, initiative: Initiative, people: dict[str, User]) -> ShortlistEntry:
    analyst = people[ANALYST]
    entry = shortlist_add(initiative=initiative, experts=[people[name] for name in case.opinions], by=analyst)
    criteria = grid_criteria(entry.grid)
    for assessment in entry.assessments.select_related("expert"):
        opinion = case.opinions[assessment.expert.username]
        assessment_save(
            assessment=assessment,
            scores=_score_all(criteria, opinion),
            comments=opinion.comments,
            evidence_level=opinion.evidence_level,
            transfer_type=opinion.transfer_type,
            comment=opinion.general,
            submit=True,
        )
    if case.reconciliation is not None:
        code, value, reason = case.reconciliation
        criterion = next(criterion for criterion in criteria if criterion.code == code)
        reconciliation_record(entry=entry, criterion=criterion, value=value, reason=reason, by=analyst)
    decision_record(entry=entry, outcome=case.outcome, rationale=case.rationale, by=analyst)
    return entry


def demo_selection_load() -> SelectionReport:
    """Play the selection of the worked example for each demo initiative not yet shortlisted.

    Runs inside the caller's transaction (see `essaim.sheets.demo.demo_worked_example_load`).
    Raises `DemoMissing` when the demo accounts or initiatives are missing, `ValidationError` if a
    service refuses a step (e.g. no grid in service).
    """
    people = demo_people()
    report = SelectionReport()
    for case in CASES:
        initiative = demo_initiative(case)
        report.initiatives.append(initiative)
        if ShortlistEntry.objects.filter(initiative=initiative).exists():
            report.unchanged += 1
            continue
        _case_play(case, initiative, people)
        report.shortlisted += 1
    return report

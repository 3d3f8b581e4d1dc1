"""Seed the default assessment grid (version 1, in service): gates, core criteria, qualifiers."""

from django.db import migrations

GRID_NAME = "Grille de sélection des pratiques"

# (tier, code, label, weight, description, {level: descriptor})
CRITERIA = [
    (
        "eliminatoire",
        "champ_action_sociale",
        "Dans le champ de l'action sociale",
        1,
        "L'initiative répond à un besoin social (accès aux droits, isolement, alimentation, hébergement, "
        "autonomie, protection de l'enfance…) et s'adresse à des personnes en situation de fragilité.",
        {
            1: "L'initiative relève de l'action sociale ou médico-sociale.",
            0: "Elle relève d'un autre champ sans visée sociale identifiable.",
        },
    ),
    (
        "eliminatoire",
        "mise_en_oeuvre",
        "Effectivement mise en œuvre",
        1,
        "L'initiative a réellement fonctionné auprès de personnes concernées ; elle n'a pas seulement été "
        "annoncée ou projetée.",
        {
            1: "Des éléments attestent sa mise en œuvre (dates, bénéficiaires, moyens engagés).",
            0: "Elle est seulement annoncée, projetée, ou abandonnée avant de démarrer.",
        },
    ),
    (
        "eliminatoire",
        "legale_ethique",
        "Légale et éthique",
        1,
        "L'initiative respecte le droit, dont la protection des données personnelles, et la dignité des "
        "personnes ; son accès ne repose sur aucune condition discriminatoire.",
        {
            1: "Aucun manquement au droit ni à l'éthique n'est relevé.",
            0: "Un manquement est relevé (discrimination, atteinte à la vie privée, pratique illégale…).",
        },
    ),
    (
        "eliminatoire",
        "informations_suffisantes",
        "Informations suffisantes",
        1,
        "Les informations disponibles (description, sources, documents) permettent de noter les autres "
        "critères avec sérieux.",
        {
            1: "Objectifs, public, moyens et résultats sont décrits.",
            0: "Les informations manquent pour évaluer l'initiative.",
        },
    ),
    (
        "essentiel",
        "efficacite",
        "Efficacité pour les personnes concernées",
        2,
        "Les effets observés sur la situation des personnes concernées, au regard des objectifs annoncés.",
        {
            1: "Aucun effet constaté, ou des effets contraires aux objectifs.",
            2: "Des effets supposés, sans élément pour les constater.",
            3: "Des effets constatés de façon ponctuelle ou partielle.",
            4: "Des effets constatés pour la plupart des bénéficiaires, appuyés par un suivi.",
            5: "Des effets importants et durables, mesurés ou évalués de façon indépendante.",
        },
    ),
    (
        "essentiel",
        "efficience_cout",
        "Efficience et coût",
        2,
        "Le rapport entre les moyens engagés (budget, personnel, bénévolat, locaux) et les résultats obtenus.",
        {
            1: "Coût inconnu, ou disproportionné au regard des résultats.",
            2: "Coût élevé pour des résultats modestes.",
            3: "Coût raisonnable pour les résultats obtenus.",
            4: "Moyens mesurés et bien employés, résultats nets.",
            5: "Résultats importants pour un coût faible, attestés par un bilan financier.",
        },
    ),
    (
        "essentiel",
        "plus_vulnerables",
        "Atteinte des plus vulnérables",
        2,
        "La capacité à toucher les personnes les plus éloignées des dispositifs : isolées, sans domicile, "
        "sans accès au numérique, qui ne recourent pas à leurs droits.",
        {
            1: "Les personnes les plus vulnérables ne sont pas atteintes.",
            2: "Elles sont atteintes par hasard, sans démarche prévue pour elles.",
            3: "Une démarche vers elles existe mais reste limitée.",
            4: "Une démarche d'aller-vers organisée en touche une part notable.",
            5: "L'initiative est conçue pour elles et les atteint de façon avérée.",
        },
    ),
    (
        "essentiel",
        "nouveaute",
        "Nouveauté dans son contexte",
        2,
        "Ce que l'initiative apporte de nouveau sur son territoire ou pour son public, même si elle existe "
        "ailleurs.",
        {
            1: "Reprise à l'identique d'un dispositif déjà présent sur le territoire.",
            2: "Variation mineure d'un dispositif existant.",
            3: "Nouvelle sur le territoire, selon un modèle connu ailleurs.",
            4: "Démarche nouvelle dans son contexte, par sa méthode ou ses partenaires.",
            5: "Réponse inédite à un besoin jusqu'alors mal couvert.",
        },
    ),
    (
        "complementaire",
        "transferabilite",
        "Transférabilité",
        1,
        "La possibilité de reproduire l'initiative ailleurs : conditions requises, outils disponibles, "
        "dépendance à une personne ou à un contexte particulier.",
        {
            1: "Liée à un contexte ou à une personne, difficilement reproductible.",
            2: "Reproductible au prix d'adaptations importantes et mal connues.",
            3: "Reproductible avec des adaptations identifiées.",
            4: "Reproductible : méthode et outils sont décrits.",
            5: "Déjà reproduite ailleurs avec succès, ou accompagnée d'une méthode de transfert.",
        },
    ),
    (
        "complementaire",
        "perennite",
        "Pérennité du financement et de la gouvernance",
        1,
        "La capacité de l'initiative à durer : financements assurés, pilotage identifié, inscription dans les "
        "politiques locales.",
        {
            1: "Arrêtée, ou sans financement au-delà de la crise.",
            2: "Financement ponctuel et pilotage fragile.",
            3: "Financement assuré à court terme, pilotage identifié.",
            4: "Financement pluriannuel ou inscrit au budget, gouvernance établie.",
            5: "Intégrée durablement aux politiques et aux budgets des partenaires.",
        },
    ),
    (
        "complementaire",
        "partenariat",
        "Partenariat",
        1,
        "La qualité et la diversité des coopérations : collectivités, services de l'État, associations, "
        "entreprises, habitants.",
        {
            1: "Un porteur seul, sans partenaire.",
            2: "Des partenaires peu nombreux, au rôle limité.",
            3: "Plusieurs partenaires aux rôles définis.",
            4: "Un partenariat diversifié, aux engagements formalisés.",
            5: "Une coopération étroite et durable, au pilotage partagé.",
        },
    ),
    (
        "complementaire",
        "participation",
        "Participation des personnes concernées",
        1,
        "La place donnée aux personnes concernées dans la conception, la conduite et l'évaluation de "
        "l'initiative.",
        {
            1: "Aucune : les personnes sont seulement bénéficiaires.",
            2: "Elles sont informées ou consultées ponctuellement.",
            3: "Leur avis est recueilli et pris en compte.",
            4: "Elles contribuent à la conduite de l'action.",
            5: "Elles participent à sa conception, à sa conduite et à son évaluation.",
        },
    ),
    (
        "complementaire",
        "valeur_crise",
        "Valeur en temps de crise",
        1,
        "La rapidité de mise en place et l'utilité de l'initiative face à une crise (confinement, "
        "catastrophe, choc économique).",
        {
            1: "Sans lien avec une situation de crise.",
            2: "Utile en crise, mais lente à mettre en place.",
            3: "Mise en place rapidement, d'une utilité réelle pendant la crise.",
            4: "Réponse rapide à un besoin urgent, qui a fait ses preuves pendant la crise.",
            5: "Réponse rapide et décisive, prête à être remobilisée lors d'une prochaine crise.",
        },
    ),
]


def seed(apps, schema_editor):
    Grid = apps.get_model("review", "Grid")
    Criterion = apps.get_model("review", "Criterion")
    CriterionLevel = apps.get_model("review", "CriterionLevel")
    if Grid.objects.filter(name=GRID_NAME).exists():
        return
    grid = Grid.objects.create(
        name=GRID_NAME,
        version=1,
        is_active=not Grid.objects.filter(is_active=True).exists(),
        notes="Grille par défaut : critères éliminatoires, essentiels et complémentaires.",
    )
    for position, (tier, code, label, weight, description, levels) in enumerate(CRITERIA):
        criterion = Criterion.objects.create(
            grid=grid,
            tier=tier,
            code=code,
            label=label,
            weight=weight,
            description=description,
            position=position,
        )
        CriterionLevel.objects.bulk_create(
            CriterionLevel(criterion=criterion, value=value, descriptor=text)
            for value, text in levels.items()
        )


def unseed(apps, schema_editor):
    Grid = apps.get_model("review", "Grid")
    Grid.objects.filter(name=GRID_NAME, version=1, assessments__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("review", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]

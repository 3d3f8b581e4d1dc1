"""Seed the taxonomies with the observatory's codes (the corpus vocabularies), French labels and descriptions.

Administrators may reword labels or add codes in the admin; this migration only creates missing codes.
"""

from django.db import migrations

THEMES = [
    (
        "accompagnement_publics",
        "Accompagnement des publics",
        "Information, repérage et accompagnement des plus fragiles, lutte contre l'isolement, sans-abri.",
    ),
    (
        "alimentation_agriculture",
        "Alimentation et agriculture",
        "Aide alimentaire, circuits courts, soutien aux producteurs.",
    ),
    (
        "autonomie_age_handicap",
        "Autonomie : personnes âgées et personnes handicapées",
        "Maintien à domicile, établissements, aidants, accessibilité.",
    ),
    ("culture", "Culture", "Bibliothèques, spectacle vivant, patrimoine et pratiques culturelles."),
    (
        "economie_entreprises",
        "Économie et accompagnement des entreprises",
        "Soutien aux commerces, artisans, entreprises et à l'emploi local.",
    ),
    (
        "enfance_education",
        "Enfance et éducation",
        "Accueil des enfants, continuité éducative, soutien à la parentalité.",
    ),
    (
        "protection_enfance",
        "Protection de l'enfance",
        "Aide sociale à l'enfance, prévention, repérage de l'enfance en danger.",
    ),
    (
        "violences_conjugales_intrafamiliales",
        "Lutte contre les violences conjugales et intrafamiliales",
        "Alerte, mise à l'abri et accompagnement des victimes, prise en charge des auteurs.",
    ),
    ("sante", "Santé", "Accès aux soins, prévention, santé mentale, vaccination."),
    (
        "insertion",
        "Insertion",
        "Insertion sociale et professionnelle, minima sociaux, accompagnement vers l'emploi.",
    ),
]

PUBLICS = [
    ("personnes_agees", "Personnes âgées"),
    ("personnes_handicapees", "Personnes handicapées"),
    ("enfants", "Enfants"),
    ("jeunes", "Jeunes"),
    ("familles", "Familles"),
    ("femmes_victimes", "Femmes victimes de violences"),
    ("sans_abri", "Personnes sans abri"),
    ("personnes_precaires", "Personnes en situation de précarité"),
    ("entreprises_commercants", "Entreprises et commerçants"),
    ("etudiants", "Étudiants"),
    ("tous_publics", "Tous publics"),
    ("professionnels", "Professionnels"),
    ("benevoles", "Bénévoles"),
]

ACTOR_TYPES = [
    ("departement", "Département"),
    ("commune", "Commune"),
    ("intercommunalite", "Intercommunalité"),
    ("ccas_cias", "CCAS / CIAS"),
    ("region", "Région"),
    ("etat", "État et services déconcentrés"),
    ("association", "Association"),
    ("entreprise", "Entreprise"),
    ("collectif_citoyen", "Collectif citoyen"),
    ("autre", "Autre"),
]


def seed(apps, schema_editor):
    for model_name, rows in (("Theme", THEMES), ("Public", PUBLICS), ("ActorType", ACTOR_TYPES)):
        model = apps.get_model("catalog", model_name)
        for position, row in enumerate(rows):
            code, label, *rest = row
            model.objects.get_or_create(
                code=code,
                defaults={"label": label, "description": rest[0] if rest else "", "position": position},
            )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

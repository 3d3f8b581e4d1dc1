"""Factories that speak the domain: published initiatives, drafts, initiatives from the watch…

Territories are never built by factories: the real geography is loaded once per test database.
"""

import datetime as dt

import factory
from django.db.models.signals import post_save

from essaim.accounts.models import User
from essaim.accounts.roles import Role
from essaim.catalog.models import (
    Adoption,
    AdoptionKind,
    FollowUp,
    FollowUpStatus,
    Initiative,
    InitiativeTheme,
    Source,
    SourceKind,
    Status,
    Theme,
)
from essaim.review.models import Assessment, Grid, ShortlistEntry
from essaim.territories.models import Level, Territory


def territory(level: str, code: str) -> Territory:
    return Territory.objects.get(level=level, code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"personne{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    role = Role.CONTRIBUTOR
    password = factory.django.Password("mot-de-passe-de-test")

    class Params:
        analyst = factory.Trait(role=Role.ANALYST)
        expert = factory.Trait(role=Role.EXPERT)
        sponsor = factory.Trait(role=Role.SPONSOR)
        administrator = factory.Trait(role=Role.ADMINISTRATOR)


@factory.django.mute_signals(post_save)
class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    kind = SourceKind.MANUAL
    publisher = factory.Sequence(lambda n: f"Journal local n° {n}")
    url = factory.Sequence(lambda n: f"https://presse.example.org/article-{n}")
    raw_text = "Texte tel que rapporté par la source."

    class Params:
        from_watch = factory.Trait(kind=SourceKind.WATCH)


class InitiativeFactory(factory.django.DjangoModelFactory):
    """A draft initiative in Lille, started on the first day of the first lockdown."""

    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Portage de repas aux personnes âgées isolées n° {n}")
    summary = "La commune livre des repas chaque jour aux personnes âgées isolées pendant le confinement."
    territory = factory.LazyFunction(lambda: territory(Level.COMMUNE, "59350"))
    start_date = dt.date(2020, 3, 17)
    status = Status.DRAFT
    contact_name = "Camille Martin"
    contact_email = "camille.martin@mairie-exemple.fr"
    contact_phone = "03 20 00 00 00"

    class Params:
        published = factory.Trait(
            status=Status.PUBLISHED, published_at=factory.LazyFunction(lambda: dt.datetime.now(dt.UTC))
        )
        submitted = factory.Trait(status=Status.SUBMITTED)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if not create:
            return
        codes = extracted or ["autonomie_age_handicap"]
        for position, code in enumerate(codes):
            InitiativeTheme.objects.create(
                initiative=self, theme=Theme.objects.get(code=code), position=position
            )

    @factory.post_generation
    def sources(self, create, extracted, **kwargs):
        if create:
            for _ in range(extracted if extracted is not None else 1):
                SourceFactory(initiative=self)


class AdoptionFactory(factory.django.DjangoModelFactory):
    """A practice of Lille adapted by a published initiative of Roubaix."""

    class Meta:
        model = Adoption

    original = factory.SubFactory(InitiativeFactory, published=True)
    adopter = factory.SubFactory(
        InitiativeFactory,
        published=True,
        territory=factory.LazyFunction(lambda: territory(Level.COMMUNE, "59512")),
    )
    kind = AdoptionKind.ADAPTED
    adopted_on = dt.date(2021, 9, 1)

    class Params:
        adopted_as_is = factory.Trait(kind=AdoptionKind.ADOPTED)


class FollowUpFactory(factory.django.DjangoModelFactory):
    """A practice still running a year after the first lockdown, says the local press."""

    class Meta:
        model = FollowUp

    initiative = factory.SubFactory(InitiativeFactory, published=True)
    status = FollowUpStatus.CONTINUED
    observed_on = dt.date(2021, 3, 17)
    source_text = "La Voix du Nord, 17 mars 2021"

    class Params:
        stopped = factory.Trait(status=FollowUpStatus.STOPPED)
        generalised = factory.Trait(status=FollowUpStatus.GENERALISED)


# --- Selection (review) -------------------------------------------------------------------------


class ShortlistEntryFactory(factory.django.DjangoModelFactory):
    """A published initiative shortlisted on the grid in service and entrusted to two experts."""

    class Meta:
        model = ShortlistEntry
        skip_postgeneration_save = True

    initiative = factory.SubFactory(InitiativeFactory, published=True)
    grid = factory.LazyFunction(lambda: Grid.objects.get(is_active=True))
    added_by = factory.SubFactory(UserFactory, analyst=True)

    @factory.post_generation
    def experts(self, create, extracted, **kwargs):
        if not create:
            return
        experts = extracted if extracted is not None else [UserFactory(expert=True) for _ in range(2)]
        for expert in experts:
            Assessment.objects.create(entry=self, expert=expert, grid=self.grid, assigned_by=self.added_by)


def assessment_scored(assessment, *, default: int = 3, gates: int = 1, submit: bool = True, **values):
    """An expert's complete assessment: every gate answered `gates`, every other criterion `default`,
    except the criteria named in `values` (by code). Goes through the scoring service."""
    from essaim.review.scoring import assessment_save

    scores = {
        criterion.code: values.get(criterion.code, gates if criterion.is_gate else default)
        for criterion in assessment.grid.criteria.all()
    }
    return assessment_save(
        assessment=assessment,
        scores=scores,
        comments={code: f"Commentaire sur {code}" for code in scores},
        evidence_level="documente",
        transfer_type="adapter",
        submit=submit,
    )


class SavedSearchFactory(factory.django.DjangoModelFactory):
    """A directory search a person saved, with a weekly alert, last checked two weeks ago."""

    class Meta:
        model = "publication.SavedSearch"

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Mes initiatives n° {n}")
    query = "theme=alimentation_agriculture"
    frequency = "hebdomadaire"
    checked_until = factory.LazyFunction(lambda: dt.datetime.now(dt.UTC) - dt.timedelta(days=14))

    class Params:
        daily = factory.Trait(frequency="quotidienne")
        switched_off = factory.Trait(frequency="aucune")


# --- Fiches action (sheets) ---------------------------------------------------------------------


def initiative_selected(**initiative_fields):
    """A published initiative shortlisted, scored by two experts (with comments) and « retenue »."""
    from essaim.review.decisions import decision_record
    from essaim.review.models import Outcome

    entry = ShortlistEntryFactory(initiative=InitiativeFactory(published=True, **initiative_fields))
    for assessment in entry.assessments.all():
        assessment_scored(assessment, efficacite=5, transferabilite=4)
    decision_record(
        entry=entry, outcome=Outcome.SELECTED, rationale="Pratique exemplaire.", by=entry.added_by
    )
    return entry.initiative


def sheet_drafted(*, by=None, **initiative_fields):
    """The generated first draft of the fiche of a selected initiative."""
    from essaim.sheets.workflow import sheet_create

    return sheet_create(
        initiative=initiative_selected(**initiative_fields), by=by or UserFactory(expert=True)
    )


def sheet_published(**initiative_fields):
    """A fiche edited by an expert, approved by another expert and published by an analyst."""
    from essaim.sheets.versions import version_save
    from essaim.sheets.workflow import sheet_approve, sheet_publish, sheet_submit

    author = UserFactory(expert=True)
    sheet = sheet_drafted(by=author, **initiative_fields)
    sections = dict(sheet.current_version.sections)
    sections["recommandations"] = "<p>Associer le CCAS dès le départ.</p>"
    version_save(sheet=sheet, sections=sections, by=author)
    sheet_submit(sheet=sheet, by=author)
    sheet_approve(sheet=sheet, by=UserFactory(expert=True))
    return sheet_publish(sheet=sheet, by=UserFactory(analyst=True))

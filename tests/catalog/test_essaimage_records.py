"""Adoptions and follow-ups through their services, and the share of continued lockdown practices."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from essaim.catalog.adoption import adopters_of, adoption_declare, can_record_essaimage, originals_of
from essaim.catalog.continuation import CONTINUED_STATUSES, STOPPED_STATUSES, continued_share
from essaim.catalog.follow_up import follow_up_add, follow_ups_of, lockdown_continuation
from essaim.catalog.models import Adoption, AdoptionKind, FollowUpStatus
from essaim.territories.models import Level
from tests.factories import (
    AdoptionFactory,
    FollowUpFactory,
    InitiativeFactory,
    UserFactory,
    territory,
)

ROUBAIX = "59512"


def test_continued_share_counts_the_latest_status_of_each_lockdown_initiative():
    """Continued, generalised and adapted count as continued; stopped does not; no follow-up is unknown."""
    share = continued_share(["poursuivie", "generalisee", "adaptee", "arretee", None, None])

    assert (share.total, share.followed, share.continued, share.stopped) == (6, 4, 3, 1)
    assert share.share_of_followed == 0.75
    assert continued_share([]).share_of_followed is None


def test_continuation_statuses_are_the_follow_up_statuses():
    """The pure module's status codes are exactly the model's (one list for both)."""
    assert set(FollowUpStatus.values) == CONTINUED_STATUSES | STOPPED_STATUSES


@pytest.mark.django_db
def test_lockdown_continuation_counts_a_hand_made_set():
    """Only published lockdown initiatives count, each by its latest follow-up."""
    continued = InitiativeFactory(published=True, start_date=dt.date(2020, 3, 20))
    FollowUpFactory(initiative=continued, stopped=True, observed_on=dt.date(2020, 6, 1))
    FollowUpFactory(initiative=continued, generalised=True, observed_on=dt.date(2021, 6, 1))
    stopped = InitiativeFactory(published=True, start_date=dt.date(2020, 11, 5))  # second lockdown
    FollowUpFactory(initiative=stopped, observed_on=dt.date(2021, 1, 1))
    FollowUpFactory(initiative=stopped, stopped=True, observed_on=dt.date(2021, 9, 1))
    InitiativeFactory(published=True, start_date=dt.date(2021, 4, 10))  # third lockdown, not followed
    adapted_late = InitiativeFactory(published=True, start_date=dt.date(2020, 7, 1))  # between lockdowns
    FollowUpFactory(initiative=adapted_late)
    draft = InitiativeFactory(start_date=dt.date(2020, 3, 20))
    FollowUpFactory(initiative=draft)

    share = lockdown_continuation()

    assert (share.total, share.followed, share.continued) == (3, 2, 1)


@pytest.mark.django_db
def test_follow_ups_of_lists_the_latest_first():
    """The timeline reads from the most recent status to the oldest."""
    initiative = InitiativeFactory(published=True)
    old = FollowUpFactory(initiative=initiative, observed_on=dt.date(2020, 6, 1))
    new = FollowUpFactory(initiative=initiative, stopped=True, observed_on=dt.date(2022, 1, 1))

    assert list(follow_ups_of(initiative)) == [new, old]


@pytest.mark.django_db
def test_follow_up_needs_a_source_and_a_date_after_the_start():
    """A status without source, or dated before the initiative began, is refused in French."""
    initiative = InitiativeFactory(published=True, start_date=dt.date(2020, 3, 17))

    with pytest.raises(ValidationError) as error:
        follow_up_add(initiative=initiative, status="poursuivie", observed_on=dt.date(2020, 1, 1))

    assert "Indiquez la source" in " ".join(error.value.messages)
    assert "précéder le début" in " ".join(error.value.messages)


@pytest.mark.django_db
def test_adoption_links_the_copy_to_its_original():
    """The adoption is read from both sides: the original's adopters, the copy's originals."""
    analyst = UserFactory(analyst=True)
    original = InitiativeFactory(published=True)
    copy = InitiativeFactory(published=True, territory=territory(Level.COMMUNE, ROUBAIX))

    adoption = adoption_declare(
        original=original, adopter=copy, kind=AdoptionKind.ADAPTED, adopted_on=dt.date(2021, 1, 5), by=analyst
    )

    assert adoption.declared_by == analyst
    assert list(adopters_of(original)) == [adoption]
    assert list(originals_of(copy)) == [adoption]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("same_territory", "autre territoire"),
        ("itself", "elle-même"),
        ("twice", "déjà déclarée"),
        ("reversed", "déjà déclarée comme l'originale"),
        ("future", "futur"),
    ],
)
def test_adoption_refuses_what_makes_no_sense(case, message):
    """Same territory, itself, twice, a cycle or a future date: refused with a French message."""
    original = InitiativeFactory(published=True)
    copy = InitiativeFactory(published=True, territory=territory(Level.COMMUNE, ROUBAIX))
    adopter, day = copy, dt.date(2021, 1, 5)
    if case == "same_territory":
        adopter = InitiativeFactory(published=True)
    elif case == "itself":
        adopter = original
    elif case == "twice":
        AdoptionFactory(original=original, adopter=copy)
    elif case == "reversed":
        AdoptionFactory(original=copy, adopter=original)
    elif case == "future":
        day = dt.date.today() + dt.timedelta(days=2)  # noqa: DTZ011

    with pytest.raises(ValidationError) as error:
        adoption_declare(original=original, adopter=adopter, kind="adaptee", adopted_on=day)

    assert message in " ".join(error.value.messages)
    assert Adoption.objects.filter(original=original, adopter=adopter).count() == (case == "twice")


@pytest.mark.django_db
def test_visitors_do_not_see_unpublished_adopters():
    """A draft copy is listed for staff, never for visitors."""
    published = AdoptionFactory()
    draft = AdoptionFactory(
        original=published.original,
        adopter__status="brouillon",
        adopter__territory=territory(Level.COMMUNE, "59009"),
    )

    assert list(adopters_of(published.original)) == [published]
    assert set(adopters_of(published.original, user=UserFactory(analyst=True))) == {published, draft}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (None, False),
        ("contributeur", False),
        ("expert", False),
        ("commanditaire", False),
        ("analyste", True),
        ("administrateur", True),
    ],
)
def test_only_analysts_and_administrators_record_essaimage(role, allowed):
    """Declaring adoptions and follow-ups is the work of the people who qualify initiatives."""
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if role is None else UserFactory(role=role)

    assert can_record_essaimage(user) is allowed


@pytest.mark.django_db
def test_merging_a_duplicate_keeps_its_follow_ups_and_adoptions():
    """The merged duplicate's follow-ups and adoptions now belong to the initiative it joined;
    an adoption that would link the target to itself is dropped."""
    from essaim.catalog.services import initiative_merge

    target = InitiativeFactory(published=True)
    duplicate = InitiativeFactory(published=True, territory=territory(Level.COMMUNE, ROUBAIX))
    elsewhere = InitiativeFactory(published=True, territory=territory(Level.COMMUNE, "59009"))
    follow_up = FollowUpFactory(initiative=duplicate)
    copy = AdoptionFactory(original=duplicate, adopter=elsewhere)
    AdoptionFactory(original=target, adopter=duplicate)

    initiative_merge(target=target, duplicate=duplicate)

    follow_up.refresh_from_db()
    assert follow_up.initiative == target
    assert list(adopters_of(target)) == [copy]
    assert not Adoption.objects.filter(adopter=target).exists()

"""Crisis periods of the COVID-19 lockdowns in France, derived from an initiative's start date.

Pure: no Django. A start known to the day falls in the period that contains that day; a start
known to the month belongs to a lockdown when at least a week of that month was under lockdown
(an initiative reported as "started in March 2020" is a first-lockdown initiative, one "started in
October 2020" is not a second-lockdown one for two days of overlap), otherwise to the period of
the middle of the month; a start known only to the year, or no start, gives an unknown period.
"""

import calendar
import datetime as dt
from enum import StrEnum


class Period(StrEnum):
    BEFORE = "avant"
    LOCKDOWN_1 = "confinement_1"
    BETWEEN = "entre_confinements"
    LOCKDOWN_2 = "confinement_2"
    LOCKDOWN_3 = "confinement_3"
    AFTER = "apres"
    UNKNOWN = "inconnue"


class Precision(StrEnum):
    DAY = "jour"
    MONTH = "mois"
    YEAR = "annee"


PERIOD_LABELS: dict[Period, str] = {
    Period.BEFORE: "Avant le premier confinement",
    Period.LOCKDOWN_1: "Premier confinement (17 mars – 10 mai 2020)",
    Period.BETWEEN: "Entre deux confinements",
    Period.LOCKDOWN_2: "Deuxième confinement (30 octobre – 14 décembre 2020)",
    Period.LOCKDOWN_3: "Troisième confinement (3 avril – 2 mai 2021)",
    Period.AFTER: "Après les confinements (depuis le 3 mai 2021)",
    Period.UNKNOWN: "Période inconnue",
}

# First and last day of each lockdown, both inclusive (official dates of the decrees).
LOCKDOWNS: tuple[tuple[Period, dt.date, dt.date], ...] = (
    (Period.LOCKDOWN_1, dt.date(2020, 3, 17), dt.date(2020, 5, 10)),
    (Period.LOCKDOWN_2, dt.date(2020, 10, 30), dt.date(2020, 12, 14)),
    (Period.LOCKDOWN_3, dt.date(2021, 4, 3), dt.date(2021, 5, 2)),
)


# How many lockdown days make a month-precise start a lockdown start.
MIN_LOCKDOWN_DAYS_IN_MONTH = 7


def period_of_day(day: dt.date) -> Period:
    """The period that contains one day."""
    for period, first, last in LOCKDOWNS:
        if first <= day <= last:
            return period
    if day < LOCKDOWNS[0][1]:
        return Period.BEFORE
    if day > LOCKDOWNS[-1][2]:
        return Period.AFTER
    return Period.BETWEEN


def crisis_period(start: dt.date | None, precision: Precision | str = Precision.DAY) -> Period:
    """The crisis period of an initiative that started on `start`, known with `precision`."""
    if start is None or precision == Precision.YEAR:
        return Period.UNKNOWN
    if precision == Precision.DAY:
        return period_of_day(start)
    month_first = start.replace(day=1)
    month_last = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    for period, first, last in LOCKDOWNS:
        overlap = (min(month_last, last) - max(month_first, first)).days + 1
        if overlap >= MIN_LOCKDOWN_DAYS_IN_MONTH:
            return period
    return period_of_day(month_first.replace(day=15))

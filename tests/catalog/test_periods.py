"""Crisis periods derived from start dates, at the lockdowns' boundaries."""

import datetime as dt

import pytest

from essaim.catalog.periods import Period, Precision, crisis_period


@pytest.mark.parametrize(
    ("day", "period"),
    [
        (dt.date(2020, 3, 16), Period.BEFORE),
        (dt.date(2020, 3, 17), Period.LOCKDOWN_1),
        (dt.date(2020, 5, 10), Period.LOCKDOWN_1),
        (dt.date(2020, 5, 11), Period.BETWEEN),
        (dt.date(2020, 10, 29), Period.BETWEEN),
        (dt.date(2020, 10, 30), Period.LOCKDOWN_2),
        (dt.date(2020, 12, 14), Period.LOCKDOWN_2),
        (dt.date(2020, 12, 15), Period.BETWEEN),
        (dt.date(2021, 4, 2), Period.BETWEEN),
        (dt.date(2021, 4, 3), Period.LOCKDOWN_3),
        (dt.date(2021, 5, 2), Period.LOCKDOWN_3),
        (dt.date(2021, 5, 3), Period.AFTER),
    ],
)
def test_day_precision_boundaries(day, period):
    """A start known to the day falls in the period containing that day, first and last days included."""
    assert crisis_period(day, Precision.DAY) == period


@pytest.mark.parametrize(
    ("month", "period"),
    [
        (dt.date(2020, 2, 1), Period.BEFORE),
        (dt.date(2020, 3, 1), Period.LOCKDOWN_1),
        (dt.date(2020, 5, 1), Period.LOCKDOWN_1),  # 10 days of lockdown
        (dt.date(2020, 6, 1), Period.BETWEEN),
        (dt.date(2020, 10, 1), Period.BETWEEN),  # only 30-31 October under lockdown
        (dt.date(2020, 12, 1), Period.LOCKDOWN_2),  # 14 days of lockdown
        (dt.date(2021, 5, 1), Period.AFTER),  # only 1-2 May under lockdown
        (dt.date(2020, 11, 1), Period.LOCKDOWN_2),
        (dt.date(2021, 4, 1), Period.LOCKDOWN_3),
        (dt.date(2021, 9, 1), Period.AFTER),
    ],
)
def test_month_precision_belongs_to_a_lockdown_covering_a_week_of_it(month, period):
    """A start known to the month belongs to a lockdown covering at least a week of that month."""
    assert crisis_period(month, Precision.MONTH) == period


def test_unknown_start_gives_unknown_period():
    """Without a start date, or with only a year, the period is unknown rather than guessed."""
    assert crisis_period(None) == Period.UNKNOWN
    assert crisis_period(dt.date(2020, 1, 1), Precision.YEAR) == Period.UNKNOWN

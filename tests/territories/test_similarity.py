"""Territorial similarity and profiles: the maths, the weights, missing figures, the French reasons. Pure."""

import math
import random

import pytest

from essaim.territories import profile
from essaim.territories.similarity import (
    DEFAULT_WEIGHTS,
    INDICATORS,
    KEYS,
    Matrix,
    french_number,
    weights_from,
)

POP, DENS, INCOME, POVERTY, UNEMPLOYMENT, GROWTH, VACANT, SECONDARY = range(len(KEYS))


def _row(  # noqa: PLR0917 - one argument per indicator, named as in the tests
    population=1000.0,
    density=100.0,
    income=21000.0,
    poverty=14.0,
    unemployment=10.0,
    growth=1.0,
    vacant=8.0,
    secondary=5.0,
):
    return [population, density, income, poverty, unemployment, growth, vacant, secondary]


def _population(seed: int = 7, n: int = 400) -> dict[int, list[float | None]]:
    """A level of `n` made-up territories with plausible, varied figures (some secret)."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    rows: dict[int, list[float | None]] = {}
    for territory_id in range(1, n + 1):
        row: list[float | None] = _row(
            population=math.exp(rng.uniform(4, 11)),
            density=math.exp(rng.uniform(1, 8)),
            income=rng.gauss(21000, 2500),
            poverty=rng.uniform(5, 30),
            unemployment=rng.uniform(4, 20),
            growth=rng.gauss(0.5, 3),
            vacant=rng.uniform(3, 15),
            secondary=rng.uniform(0, 40),
        )
        if rng.random() < 0.6:
            row[POVERTY] = None  # statistical secrecy, as for most small communes
        rows[territory_id] = row
    return rows


def _brute_force(matrix: Matrix, values, weights, exclude):
    distances = [
        (d, territory_id)
        for territory_id, row in matrix.raw.items()
        if territory_id not in exclude and (d := matrix.distance(values, row, weights=weights)) is not None
    ]
    return sorted(distances)


def test_nearest_returns_the_k_closest_by_the_weighted_distance():
    """The grouped, cached search finds exactly the k closest a brute-force pass finds."""
    rows = _population()
    matrix = Matrix(rows)
    for weights in (DEFAULT_WEIGHTS, (2.0, 0.5, 1.0, 2.0, 0.0, 1.0, 1.0, 0.5)):
        for territory_id in (1, 2, 3, 50):
            found = matrix.nearest(rows[territory_id], weights=weights, k=10, exclude=[territory_id])
            expected = _brute_force(matrix, rows[territory_id], weights, {territory_id})[:10]
            assert [i for _d, i in found] == [i for _d, i in expected]
            assert [round(d, 9) for d, _i in found] == [round(d, 9) for d, _i in expected]


@pytest.mark.parametrize(
    "weights",
    [DEFAULT_WEIGHTS, (0.0, 2.0, 1.0, 1.0, 0.5, 1.0, 1.0, 2.0), (2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.5, 0.5)],
)
def test_the_search_that_stops_early_is_exact_on_a_large_level(weights):
    """Scanning outwards from the query and stopping on the bound gives what a full pass gives,
    with a filter too, and whichever figure comes first (population ignored, mostly ignored)."""
    rows = _population(seed=11, n=3000)
    matrix = Matrix(rows)
    for territory_id in (1, 17, 404, 2999):
        found = matrix.nearest(rows[territory_id], weights=weights, k=20, exclude=[territory_id])
        expected = _brute_force(matrix, rows[territory_id], weights, {territory_id})[:20]
        assert [(round(d, 9), i) for d, i in found] == [(round(d, 9), i) for d, i in expected]
        odd = matrix.nearest(rows[territory_id], weights=weights, k=5, accept=lambda i: i % 2 == 1)
        expected_odd = [p for p in _brute_force(matrix, rows[territory_id], weights, set()) if p[1] % 2][:5]
        assert [i for _d, i in odd] == [i for _d, i in expected_odd]


def test_a_territory_is_nearest_to_its_twin_and_never_returned_for_itself():
    """A territory with the same figures is at distance 0; the territory itself is excluded."""
    rows = _population()
    rows[1000] = list(rows[5])

    found = dict((i, d) for d, i in Matrix(rows).nearest(rows[5], k=3, exclude=[5]))

    assert 5 not in found
    assert found[1000] == 0.0


def test_missing_figures_are_ignored_and_the_distance_renormalised_not_read_as_zero():
    """A secret poverty rate leaves the pair compared on the other figures, as if it were not there."""
    rows = _population()
    matrix = Matrix(rows)
    a = _row(poverty=12.0)
    secret = _row(poverty=None)
    zero = _row(poverty=0.0)

    # Identical except for the secret figure: nothing else differs, so the distance is 0.
    assert matrix.distance(a, secret) == 0.0
    # Read as 0 %, the same territory would be far.
    assert matrix.distance(a, zero) > 0.3
    rows[999] = secret
    rows[998] = zero
    assert Matrix(rows).nearest(a, k=1)[0] == (0.0, 999)


def test_renormalised_distance_is_the_weighted_mean_over_the_shared_figures():
    """Hand-checked: the root of the weighted mean of squared scaled gaps over the figures both know."""
    rows = _population()
    matrix = Matrix(rows)
    a, b = _row(population=2000.0, poverty=None), _row(population=500.0, unemployment=14.0)
    sa, sb = matrix.scaled(a), matrix.scaled(b)
    weights = (2.0, 1.0, 1.0, 1.0, 1.0, 0.0, 1.0, 1.0)
    shared = [i for i in range(len(KEYS)) if sa[i] is not None and sb[i] is not None and weights[i]]
    expected = math.sqrt(
        sum(weights[i] * (sa[i] - sb[i]) ** 2 for i in shared) / sum(weights[i] for i in shared)
    )

    assert matrix.distance(a, b, weights=weights) == pytest.approx(expected)
    assert POVERTY not in shared and GROWTH not in shared


def test_territories_sharing_too_few_figures_are_not_compared():
    """Two territories that both know less than half of what the query weighs are left out."""
    matrix = Matrix(_population())
    query = _row()
    almost_blank = [1000.0, 100.0, None, None, None, None, None, None]

    assert matrix.distance(query, almost_blank) is None


def test_weights_change_the_ranking():
    """Weighing poverty brings the territory alike in poverty first; weighing size, the one alike in size."""
    rows = _population()
    a = _row(population=1000.0, poverty=12.0)
    rows[901] = _row(population=1100.0, poverty=25.0)  # same size, poorer
    rows[902] = _row(population=9000.0, poverty=12.5)  # bigger, same poverty
    matrix = Matrix(rows)

    def rank(weights):
        order = [i for _d, i in matrix.nearest(a, weights=weights, k=len(rows))]
        return order.index(901) < order.index(902)

    size_first = (3.0, 0.0, 0.0, 0.5, 0.0, 0.0, 0.0, 0.0)
    poverty_first = (0.5, 0.0, 0.0, 3.0, 0.0, 0.0, 0.0, 0.0)
    assert rank(size_first) is True
    assert rank(poverty_first) is False


def test_nearest_filters_candidates_before_keeping_the_k_best():
    """A région or size filter keeps k answers among the accepted territories only."""
    rows = _population()
    matrix = Matrix(rows)

    found = matrix.nearest(rows[1], k=5, exclude=[1], accept=lambda territory_id: territory_id % 2 == 0)

    assert len(found) == 5
    assert all(territory_id % 2 == 0 for _d, territory_id in found)


def test_reasons_of_a_hand_checked_pair_in_plain_french():
    """Close figures are named, closest first, with « x contre y » (the comparable one first)."""
    matrix = Matrix(_population())
    here = _row(population=1000.0, density=100.0, poverty=19.0, unemployment=10.0, secondary=5.0)
    there = _row(population=1020.0, density=101.0, poverty=18.0, unemployment=10.0, secondary=30.0)
    weights = (1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0)

    reasons = matrix.explain(here, there, weights=weights)

    assert reasons == (
        "population et densité proches ; taux de pauvreté proche : 18\u00a0% contre 19\u00a0% ; "
        "mais part de résidences secondaires plus élevée : 30,0\u00a0% contre 5,0\u00a0%"
    )


def test_reasons_cite_only_figures_both_know_and_round_like_people():
    """A secret figure is never cited; euros are shown to the ten, percentages ≥ 10 without decimals."""
    matrix = Matrix(_population())
    here = _row(income=21_444.0, poverty=None, unemployment=16.0)
    there = _row(income=21_761.0, poverty=14.0, unemployment=15.6)

    reasons = matrix.explain(here, there)

    assert "pauvreté" not in reasons
    assert "niveau de vie médian proche : 21\u00a0760\u00a0€ contre 21\u00a0440\u00a0€" in reasons
    assert "taux de chômage proche : 16\u00a0% contre 16\u00a0%" not in reasons  # equal-looking: 0.1
    assert "taux de chômage proche : 15,6\u00a0% contre 16,0\u00a0%" in reasons


def test_french_numbers_never_show_minus_zero():
    assert french_number(-0.04, 1) == "0,0"
    assert french_number(-1.26, 1) == "-1,3"
    assert french_number(233098.0) == "233\u00a0098"


def test_weights_from_the_query_string():
    """Unknown levels count as normal; ignoring everything falls back to the default weights."""
    params = {"population": "3", "pauvrete": "0", "chomage": "n'importe quoi"}
    weights, chosen = weights_from(params.get)

    assert weights[POP] == 2.0 and weights[POVERTY] == 0.0 and weights[UNEMPLOYMENT] == 1.0
    assert chosen["chomage"] == "2"
    everything_ignored = {indicator.param: "0" for indicator in INDICATORS}
    assert weights_from(everything_ignored.get)[0] == DEFAULT_WEIGHTS


def test_profile_lines_give_positions_and_say_secret_figures_are_unknown():
    """Each known figure has its percentile among the level; a secret one is said unknown, as secret."""
    rows = {i: _row(population=float(i), poverty=None if i > 50 else float(i)) for i in range(1, 101)}
    matrix = Matrix(rows)

    lines = profile.lines(matrix, "commune", _row(population=75.5, poverty=None))

    population, poverty = lines[POP], lines[POVERTY]
    assert population.percentile == pytest.approx(75.0)
    assert population.position == "au-dessus de 75 % des communes"
    assert poverty.value is None and poverty.percentile is None
    assert poverty.position == "non connu (secret statistique)"
    assert lines[GROWTH].position == "au-dessus de 50 % des communes"


def test_aggregated_figures_mention_their_coverage():
    """An EPCI's poverty rate known over part of its population says so."""
    matrix = Matrix(_population())
    lines = profile.lines(matrix, "epci", _row(), {"poverty_rate": 0.62, "median_income": 1.0})

    assert lines[POVERTY].note == "calculé sur les communes où il est connu (62 % de la population)"
    assert lines[INCOME].note == ""


def test_density_and_size_classes():
    assert profile.density_class(6692.0) == "urbain dense"
    assert profile.density_class(400.0) == "urbain de densité intermédiaire"
    assert profile.density_class(30.0) == "rural peu dense"
    assert profile.density_class(3.0) == "rural très peu dense"
    assert profile.density_class(None) is None
    assert profile.size_class("commune", 450) == "xs"
    assert profile.size_class("commune", 233_098) == "xl"
    assert profile.size_class("departement", 2_600_000) == "xl"
    assert profile.size_class("commune", None) is None

"""Every state of the directory is a URL; unknown values are dropped, not errors."""

from django.http import QueryDict

from essaim.search.filters import MAX_PAGE, SearchFilters

ALLOWED = {"theme": ["sante", "culture"], "departement": ["59", "2A"]}


def _filters(query: str) -> SearchFilters:
    return SearchFilters.from_params(QueryDict(query).getlist, allowed=ALLOWED)


def test_known_values_are_kept_and_unknown_ones_dropped():
    filters = _filters("q=aide&theme=sante&theme=inconnu&departement=2A&statut=brouillon")
    assert filters.selected == {"theme": ("sante",), "departement": ("2A",)}


def test_page_numbers_out_of_range_are_brought_back():
    assert _filters("page=-3").page == 1
    assert _filters("page=abc").page == 1
    assert _filters("page=99999999999").page == MAX_PAGE


def test_toggling_adds_then_removes_and_goes_back_to_page_one():
    filters = _filters("theme=sante&page=3")
    added = filters.toggled("theme", "culture")
    assert added.values("theme") == ("culture", "sante")
    assert added.page == 1
    assert added.toggled("theme", "culture").toggled("theme", "sante").selected == {}


def test_the_query_string_round_trips():
    filters = _filters("q=aide+alimentaire&theme=sante&departement=59&tri=recent&page=2")
    assert _filters(filters.query_string()) == filters

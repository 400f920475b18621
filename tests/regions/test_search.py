"""Area search: forgiving spelling, parents named in the query, and scope that fails closed."""

import pytest

from sigap.people import access
from sigap.regions.search import AreaMatch, search_areas
from tests import personas

pytestmark = pytest.mark.django_db


def first(query, **kwargs):
    return search_areas(query, **kwargs)[0].code


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Ketawang Gede", personas.KETAWANGGEDE),
        ("ketawanggede", personas.KETAWANGGEDE),
        ("Ketawangede", personas.KETAWANGGEDE),  # a letter missing
        ("Kelurahan Ketawang Gede", personas.KETAWANGGEDE),
        ("medan marelan", personas.MEDAN_MARELAN),
        ("Medan-Marelan", personas.MEDAN_MARELAN),
        ("medan marelna", personas.MEDAN_MARELAN),  # letters swapped
        ("marelan", personas.MEDAN_MARELAN),  # one word of the name
        ("Terjun", personas.TERJUN),
        ("Kel. Terjun", personas.TERJUN),
        ("terjun medan", personas.TERJUN),
        ("terjun, medan marelan", personas.TERJUN),
        ("klojen malang", "35.73.02"),
        ("malang klojen", "35.73.02"),
        ("Medan", personas.MEDAN),
        ("kota malang", personas.MALANG),
        ("kab malang", "35.07"),
        ("12.71.12.1003", personas.TERJUN),
    ],
)
def test_finds_the_area_people_mean(areas, query, code):
    assert first(query) == code


def test_match_says_where_the_area_is(areas):
    match = search_areas("Terjun")[0]
    assert match == AreaMatch(
        code=personas.TERJUN,
        name="Terjun",
        level=4,
        score=100.0,
        display="Kel. Terjun, Kec. Medan Marelan, Kota Medan",
    )
    assert search_areas("medan marelan")[0].display == "Kec. Medan Marelan, Kota Medan"


def test_the_area_inside_the_named_parent_ranks_first(areas):
    # Medan and Malang both have a Tanjung Rejo (Tanjungrejo); naming the kecamatan picks one.
    codes = [m.code for m in search_areas("tanjung rejo medan sunggal")]
    assert codes[0] == "12.71.02.1005"


def test_results_are_ranked_and_limited(areas):
    matches = search_areas("medan", limit=5)
    assert len(matches) == 5
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    assert search_areas("medan", limit=0) == []


def test_level_filter(areas):
    matches = search_areas("klojen", level=4)
    assert [m.code for m in matches] == ["35.73.02.1001"]


@pytest.mark.parametrize("query", ["", "   ", "a", "%", "x" * 101, "zzzzqqqq", "'; DROP TABLE"])
def test_bad_or_hopeless_queries_give_an_empty_list(areas, query):
    assert search_areas(query) == []


def test_scope_restricts_results_and_fails_closed(areas):
    assert search_areas("Ketawang Gede", scope=[]) == []
    assert search_areas("Ketawang Gede", scope=[personas.MEDAN]) == []
    assert first("Ketawang Gede", scope=[personas.MALANG]) == personas.KETAWANGGEDE
    assert first("Ketawang Gede", scope=["*"]) == personas.KETAWANGGEDE
    # A misspelling inside a small scope still finds the area there.
    assert first("terjunn", scope=[personas.TERJUN]) == personas.TERJUN


def test_ambassador_cannot_find_malang(terjun_ambassador):
    scope = access.scopes(terjun_ambassador, "area.view")
    assert search_areas("Ketawang Gede", scope=scope) == []
    assert search_areas("Malang", scope=scope) == []
    assert [m.code for m in search_areas("Terjun", scope=scope)] == [personas.TERJUN]


def test_outsider_finds_nothing(outsider):
    assert search_areas("Terjun", scope=access.scopes(outsider, "area.view")) == []


def test_index_follows_changes_to_the_areas(areas):
    from sigap.regions import search
    from sigap.regions.models import Area

    assert search_areas("Terjun")[0].code == personas.TERJUN
    Area.objects.filter(code=personas.TERJUN).update(name="Terjun Baru", search_key="terjunbaru")
    search.invalidate()
    assert search_areas("Terjun Baru")[0].code == personas.TERJUN

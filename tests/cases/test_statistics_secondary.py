"""Small cells stay hidden even against subtraction from the total of the area above."""

from sigap.cases import exports
from sigap.people import access
from sigap.regions.models import Level
from tests import personas
from tests.cases.conftest import make_report

RENGAS_PULAU = "12.71.12.1001"  # another kelurahan of Medan Marelan
BELAWAN = "12.71.13.1001"


def shown(user, level):
    rows, _k = exports.area_statistics(
        area_q=access.area_q(user, "aggregates.view", field="area_id"),
        level=level,
        date_from=None,
        date_to=None,
    )
    return {area.code: cells["reports"] for area, cells in rows}


def test_a_lone_small_cell_is_not_given_away_by_its_kecamatan(medan_analyst):
    for _ in range(12):
        make_report(personas.TERJUN)
    for _ in range(2):
        make_report(RENGAS_PULAU)
    assert shown(medan_analyst, Level.DISTRICT)["12.71.12"] == "14"
    villages = shown(medan_analyst, Level.VILLAGE)
    # 14 - 12 would tell that Rengas Pulau has 2: Terjun's 12 is hidden as well, truthfully.
    assert villages == {personas.TERJUN: "≥11", RENGAS_PULAU: "<11"}


def test_no_extra_hiding_where_subtraction_gives_nothing_away(medan_analyst):
    for _ in range(11):
        make_report(personas.TERJUN)
    make_report(BELAWAN)  # alone in its kecamatan, whose total is below k too
    assert shown(medan_analyst, Level.VILLAGE) == {personas.TERJUN: "11", BELAWAN: "<11"}
    assert (
        exports.secondary_cells({"a1": {"n": 3}, "a2": {"n": 4}, "a3": {"n": 20}}, 1, 11) == set()
    )  # two small cells: their sum is known, neither value is

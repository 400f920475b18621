"""The full Kemendagri import and the prefix queries every scoped read relies on."""

import pytest

from sigap.regions.importer import import_areas
from sigap.regions.models import Area, Level
from sigap.regions.search import search_areas
from tests import personas

pytestmark = pytest.mark.django_db


def level_counts():
    return {level: Area.objects.at_level(level).count() for level in Level}


def test_full_import_counts_and_is_idempotent(areas):
    # One full import (about 7 s), rolled back with the test's transaction afterwards.
    import_areas()
    assert level_counts() == {1: 38, 2: 514, 3: 7285, 4: 83762}
    second = import_areas()
    assert second == {"created": 0, "updated": 0, "unchanged": 91599}
    assert Area.objects.count() == 91599

    # The acceptance cases hold against the whole country, not just the pilot cities.
    assert search_areas("Ketawang Gede")[0].code == personas.KETAWANGGEDE
    assert search_areas("Terjun")[0].code == personas.TERJUN
    assert search_areas("medan marelan")[0].code == personas.MEDAN_MARELAN
    assert search_areas("ketawangede")[0].code == personas.KETAWANGGEDE


def test_descendants_of_a_city_are_its_kecamatan_and_kelurahan(areas):
    medan = Area.objects.descendants_of(personas.MEDAN)
    assert medan.filter(level=Level.DISTRICT).count() == 21
    assert medan.filter(level=Level.VILLAGE).count() == 151
    assert not medan.filter(code=personas.MEDAN).exists()
    assert Area.objects.descendants_of(personas.MEDAN, include_self=True).count() == 173


def test_descendants_stop_at_the_code_boundary(areas):
    # "12.7" is no ancestor of "12.71": a prefix must end at a dot.
    assert not Area.objects.descendants_of("12.7").exists()
    assert set(
        Area.objects.descendants_of(personas.MEDAN_MARELAN).values_list("code", flat=True)
    ) >= {personas.TERJUN}
    assert Area.objects.descendants_of(personas.TERJUN).count() == 0


def test_ancestors_of_terjun_are_province_city_and_kecamatan(areas):
    names = list(Area.objects.ancestors_of(personas.TERJUN).values_list("name", flat=True))
    assert names == ["Sumatera Utara", "Kota Medan", "Medan Marelan"]
    terjun = Area.objects.get(code=personas.TERJUN)
    assert terjun.display_name == "Kelurahan Terjun"
    assert terjun.is_within(personas.MEDAN) and not terjun.is_within(personas.MALANG)

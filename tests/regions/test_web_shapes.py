"""Outlines simplified once at import for the web's maps."""

import json

import pytest

from sigap.regions.boundaries import import_boundaries, simplify_ring
from sigap.regions.models import Area, AreaShape
from tests import personas

pytestmark = pytest.mark.django_db

MEDAN = ["geojson/kota_medan_12.71_kelurahan.geojson", "geojson/kota_medan_12.71_kecamatan.geojson"]


def test_a_straight_run_of_points_keeps_only_its_ends_and_corners():
    square = [[0, 0], [0.5, 0], [1, 0], [1, 0.5], [1, 1], [0, 1], [0, 0]]
    assert simplify_ring(square, 0.01) == [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]


def test_import_stores_smaller_outlines_and_fills_missing_ones_on_a_rerun(areas, boundaries_dir):
    files = [boundaries_dir / name for name in MEDAN]
    import_boundaries(files)
    shapes = AreaShape.objects.filter(area__code__startswith="12.71.")
    assert shapes.count() == 151 + 21
    full = sum(
        len(a.geometry) for a in Area.objects.filter(code__startswith="12.71.").only("geometry")
    )
    web = sum(len(s.geometry) for s in shapes)
    assert web < full  # the pilot files are coarse already; the national ones shrink more
    terjun = json.loads(AreaShape.objects.get(area=personas.TERJUN).geometry)
    assert terjun["type"] in {"Polygon", "MultiPolygon"}
    AreaShape.objects.filter(area=personas.TERJUN).delete()
    import_boundaries(files)
    assert AreaShape.objects.filter(area=personas.TERJUN).exists()

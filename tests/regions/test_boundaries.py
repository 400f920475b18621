"""Boundary import from the GeoJSON and cahyadsn SQL files, and the SVG map drawn from them."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sigap.regions.boundaries import import_boundaries
from sigap.regions.maps import svg_map
from sigap.regions.models import Area
from tests import personas

pytestmark = pytest.mark.django_db

MEDAN_KEL = "geojson/kota_medan_12.71_kelurahan.geojson"
MEDAN_KEC = "geojson/kota_medan_12.71_kecamatan.geojson"
MALANG_KEL = "geojson/kota_malang_35.73_kelurahan.geojson"
MALANG_KEC = "geojson/kota_malang_35.73_kecamatan.geojson"


def run(*args) -> str:
    out = StringIO()
    call_command("import_boundaries", *[str(a) for a in args], stdout=out)
    return out.getvalue()


def geometry(code) -> dict:
    return json.loads(Area.objects.get(code=code).geometry)


def test_geojson_import_for_medan_and_malang_is_idempotent(areas, boundaries_dir):
    files = [boundaries_dir / name for name in (MEDAN_KEL, MEDAN_KEC, MALANG_KEL, MALANG_KEC)]
    first = import_boundaries(files)
    assert (first.updated, first.unknown, first.invalid) == (151 + 21 + 57 + 5, 0, 0)
    terjun = Area.objects.get(code=personas.TERJUN)
    assert json.loads(terjun.geometry)["type"] in {"Polygon", "MultiPolygon"}
    assert 3.6 < terjun.lat < 3.8 and 98.6 < terjun.lng < 98.7  # north Medan, [lat, lng] right
    again = import_boundaries(files)
    assert (again.updated, again.unchanged) == (0, 234)


def test_sql_rows_are_swapped_to_geojson_order(areas, boundaries_dir):
    out = run(boundaries_dir / "cahyadsn-sql/kel")
    assert "208 updated" in out
    ring = geometry(personas.KETAWANGGEDE)["coordinates"][0]
    lng, lat = ring[0]
    assert 112 < lng < 113 and -8.1 < lat < -7.8
    assert ring[0] == ring[-1]
    assert "0 updated, 208 unchanged" in run(boundaries_dir / "cahyadsn-sql/kel")


def test_sql_and_geojson_agree_on_a_kelurahan(areas, boundaries_dir):
    run(boundaries_dir / MALANG_KEL)
    from_geojson = Area.objects.get(code=personas.KETAWANGGEDE)
    run(boundaries_dir / "cahyadsn-sql/kel/wilayah_boundaries_kel_35.73.sql")
    from_sql = Area.objects.get(code=personas.KETAWANGGEDE)
    assert from_sql.geometry == from_geojson.geometry
    assert (from_sql.lat, from_sql.lng) == pytest.approx((from_geojson.lat, from_geojson.lng))


def test_unknown_codes_are_counted_and_skipped(areas, boundaries_dir):
    # All of Jawa Timur's kecamatan; the test database holds only Kota Malang's five.
    out = run(boundaries_dir / "cahyadsn-sql/kec/wilayah_boundaries_kec_35.sql")
    assert "5 updated" in out
    assert "Skipped 661 unknown area codes" in out
    assert not Area.objects.filter(code="35.07.01").exists()


def test_whitespace_multipolygons_and_unclosed_rings(areas, tmp_path):
    sql = tmp_path / "rows.sql"
    sql.write_text(
        "INSERT INTO wilayah_boundaries(kode,nama,lat,lng,path) VALUES\n"
        "\t('12.71.12.1003','Terjun', 3.75 ,  98.66 ,"
        "'[[[[3.7,98.6],[3.7,98.7],[3.8,98.7]]],[[[3.9,98.9],[3.9,99.0],[4.0,99.0],[3.9,98.9]]]]'),\n"
        "\t('35.73.02','Klojen',-7.97,112.62,'[[[-7.9,112.6],[-7.9,112.6]]]'),\n"
        "\t('99.99.99','Tidak Ada',NULL,NULL,'[[[0,1],[0,2],[1,2],[0,1]]]');\n"
    )
    report = import_boundaries([sql])
    assert (report.updated, report.invalid, report.unknown) == (1, 1, 1)
    terjun = geometry(personas.TERJUN)
    assert terjun["type"] == "MultiPolygon"
    assert terjun["coordinates"][0][0] == [[98.6, 3.7], [98.7, 3.7], [98.7, 3.8], [98.6, 3.7]]
    assert Area.objects.get(code=personas.TERJUN).lat == 3.75
    assert Area.objects.get(code="35.73.02").geometry == ""


def test_centroid_is_computed_when_the_file_has_none(areas, tmp_path):
    square = {"type": "Polygon", "coordinates": [[[98, 3], [99, 3], [99, 4], [98, 4]]]}
    path = tmp_path / "square.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "properties": {"kode": personas.TERJUN}, "geometry": square}
                ],
            }
        )
    )
    import_boundaries([path])
    terjun = Area.objects.get(code=personas.TERJUN)
    assert (terjun.lat, terjun.lng) == pytest.approx((3.5, 98.5))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.geojson", None, "no such file"),
        ("broken.geojson", "{not json", "invalid JSON"),
        ("list.geojson", "[1, 2]", "not a GeoJSON FeatureCollection"),
        ("empty.sql", "-- nothing here", "holds no boundaries"),
        ("shapes.shp", "binary", "unknown format"),
    ],
)
def test_bad_files_stop_with_a_clear_message(areas, tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    with pytest.raises(CommandError, match=message):
        run(path)


def test_svg_map_of_medan_kecamatan(areas, boundaries_dir):
    import_boundaries([boundaries_dir / MEDAN_KEC])
    kecamatan = list(Area.objects.get(code=personas.MEDAN).children.all())
    svg = svg_map(kecamatan, highlighted={personas.MEDAN_MARELAN})
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<path") == 21
    assert svg.count('class="reached"') == 1
    assert "<title>Kecamatan Medan Marelan</title>" in svg
    assert f'href="/wilayah/{personas.MEDAN_MARELAN}/"' in svg
    assert "<a " not in svg_map(kecamatan, links=False)


def test_svg_map_escapes_names_and_skips_areas_without_geometry(areas):
    shape = json.dumps({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]})
    odd = Area(code="99.01", level=2, name='<script>alert("x")</script>', geometry=shape)
    plain = Area(code="99.02", level=2, name="Kosong")
    svg = svg_map([odd, plain])
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg.count("<path") == 1
    assert svg_map([plain]) == ""

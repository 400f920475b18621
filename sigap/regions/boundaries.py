"""Import area boundaries into ``Area.geometry`` (GeoJSON text) and ``Area.lat``/``lng``.

Two sources are read, without GDAL, PostGIS or shapely:

- GeoJSON FeatureCollections whose features carry the area code in the ``kode`` property and a
  Polygon or MultiPolygon geometry in [lng, lat] order;
- cahyadsn/wilayah_boundaries SQL dumps: ``INSERT ... VALUES ('kode','nama',lat,lng,'path')``
  rows whose ``path`` is JSON in [lat, lng] order: three levels deep for a Polygon, four for a
  MultiPolygon.

Only trivially invalid rings are repaired (an unclosed ring is closed, rings with fewer than
three distinct points are dropped). Self-intersecting polygons (about 275 of the national
kecamatan ones) are stored as given: repairing them needs a geometry engine, and drawing and
centroids work on them as they are. Coordinates are rounded to 6 decimals (about 11 cm), which
halves the stored text.

Idempotent: an area is written only when its geometry or centroid changed. Codes that are not
in the area table are counted and skipped, never created.

Each imported outline is also simplified once for the web (``simplify_geometry``: Douglas-Peucker
with a tolerance per level, about a pixel of a map of that level) and stored as an AreaShape, so
that a choropleth of a city's 151 kelurahan or a country's 7,285 kecamatan never reads or
projects the full outlines.
"""

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from sigap.regions.models import Area, AreaShape

DECIMALS = 6
WEB_DECIMALS = 5  # about 1 m: finer than any map of a kelurahan on a screen
# Douglas-Peucker tolerance in degrees per level (1 province … 4 kelurahan): about one pixel of
# a 1000-unit-wide map of the level above (a province of ~5°, a city of ~0.3°, a kecamatan of
# ~0.1°).
WEB_TOLERANCE = {1: 0.01, 2: 0.002, 3: 0.0004, 4: 0.0001}
BATCH = 500
SUFFIXES = {".geojson": "geojson", ".json": "geojson", ".sql": "sql"}

_QUOTED = r"'((?:[^'\\]|\\.|'')*)'"
_NUMBER = r"\s*([-+0-9.eE\s]+?|NULL)\s*"
_SQL_ROW = re.compile(
    r"\(\s*"
    + _QUOTED
    + r"\s*,\s*"
    + _QUOTED
    + r"\s*,"
    + _NUMBER
    + ","
    + _NUMBER
    + r",\s*'(\[[^']*\])'\s*\)",
    re.IGNORECASE,
)


class BoundaryFileError(ValueError):
    """A boundary file that cannot be read; the message says which and why."""


@dataclass(frozen=True)
class Boundary:
    code: str
    geometry: dict
    lat: float
    lng: float


@dataclass
class Report:
    updated: int = 0
    unchanged: int = 0
    unknown: int = 0
    invalid: int = 0
    unknown_codes: list[str] = field(default_factory=list)
    invalid_codes: list[str] = field(default_factory=list)


# --- reading -----------------------------------------------------------------------------


def read_file(path: Path) -> list[Boundary | str]:
    """Boundaries in one file; an invalid geometry comes back as its code (a str)."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise BoundaryFileError(f"{path}: unknown format (use .geojson, .json or .sql)")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise BoundaryFileError(f"{path}: cannot be read ({error.strerror})")
    except UnicodeDecodeError:
        raise BoundaryFileError(f"{path}: is not UTF-8 text")
    rows = list(_geojson_rows(path, text) if kind == "geojson" else _sql_rows(path, text))
    if not rows:
        raise BoundaryFileError(f"{path}: holds no boundaries")
    return [_boundary(code, geometry, lat, lng) for code, geometry, lat, lng in rows]


def _geojson_rows(path: Path, text: str) -> Iterator[tuple]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BoundaryFileError(f"{path}: invalid JSON at line {error.lineno}: {error.msg}")
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise BoundaryFileError(f"{path}: is not a GeoJSON FeatureCollection")
    for feature in data.get("features") or []:
        properties = (feature or {}).get("properties") or {}
        code = str(properties.get("kode") or "").strip()
        if code:
            yield code, feature.get("geometry"), properties.get("lat"), properties.get("lng")


def _sql_rows(path: Path, text: str) -> Iterator[tuple]:
    for match in _SQL_ROW.finditer(text):
        code, _name, lat, lng, raw_path = match.groups()
        try:
            coordinates = json.loads(raw_path)
        except json.JSONDecodeError:
            yield code.strip(), None, None, None
            continue
        yield code.strip(), _from_lat_lng(coordinates), _number(lat), _number(lng)


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    cleaned = re.sub(r"\s+", "", text)
    try:
        return float(cleaned)
    except ValueError:
        return None


def _from_lat_lng(coordinates) -> dict | None:
    """cahyadsn's [lat, lng] path as a GeoJSON geometry: depth 3 Polygon, depth 4 MultiPolygon."""
    depth, probe = 0, coordinates
    while isinstance(probe, list) and probe:
        depth, probe = depth + 1, probe[0]
    if depth == 3:
        return {"type": "Polygon", "coordinates": _swap(coordinates)}
    if depth == 4:
        return {"type": "MultiPolygon", "coordinates": [_swap(p) for p in coordinates]}
    return None


def _swap(polygon):
    return [[[point[1], point[0]] for point in ring] for ring in polygon]


# --- cleaning ----------------------------------------------------------------------------


def _boundary(code: str, geometry, lat, lng) -> Boundary | str:
    polygons = clean_polygons(geometry)
    if not polygons:
        return code
    if len(polygons) == 1:
        clean = {"type": "Polygon", "coordinates": polygons[0]}
    else:
        clean = {"type": "MultiPolygon", "coordinates": polygons}
    # The source's own label point is kept when it has one: it was chosen to lie inside.
    lat, lng = _valid(lat, 90), _valid(lng, 180)
    if lat is None or lng is None:
        lat, lng = centroid(polygons)
    return Boundary(code, clean, round(float(lat), DECIMALS), round(float(lng), DECIMALS))


def _valid(value, bound: float) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if -bound <= number <= bound else None


def clean_polygons(geometry) -> list:
    """The geometry as a list of polygons of closed rings; [] when nothing usable is left."""
    if not isinstance(geometry, dict):
        return []
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if not isinstance(coordinates, list):
        return []
    if kind == "Polygon":
        polygons = [coordinates]
    elif kind == "MultiPolygon":
        polygons = coordinates
    else:
        return []
    cleaned = []
    for polygon in polygons:
        rings = [_clean_ring(ring) for ring in polygon] if isinstance(polygon, list) else []
        # Without its outer ring a polygon's holes mean nothing.
        if rings and rings[0]:
            cleaned.append([ring for ring in rings if ring])
    return cleaned


def _clean_ring(ring) -> list | None:
    try:
        points = [[round(float(p[0]), DECIMALS), round(float(p[1]), DECIMALS)] for p in ring]
    except (TypeError, ValueError, IndexError):
        return None
    if any(not (-180 <= x <= 180 and -90 <= y <= 90) for x, y in points):
        return None
    if points and points[0] != points[-1]:
        points.append(points[0])
    distinct = {tuple(p) for p in points}
    return points if len(distinct) >= 3 else None


def centroid(polygons: list) -> tuple[float, float]:
    """Area-weighted centroid (lat, lng) by the shoelace formula, on the plane of the degrees.

    At Indonesia's latitudes the distortion of treating degrees as flat is well under the size of
    any area; a polygon with no area falls back to the mean of its points.
    """
    total = cx = cy = 0.0
    for polygon in polygons:
        for n, ring in enumerate(polygon):
            area, mx, my = _ring_moments(ring)
            if area:
                weight = abs(area) if n == 0 else -abs(area)  # holes subtract
                total += weight
                cx += mx / (6.0 * area) * weight
                cy += my / (6.0 * area) * weight
    if total:
        return cy / total, cx / total
    points = [p for polygon in polygons for ring in polygon for p in ring]
    return (sum(p[1] for p in points) / len(points), sum(p[0] for p in points) / len(points))


def _ring_moments(ring) -> tuple[float, float, float]:
    """Signed area and first moments of a closed ring (shoelace)."""
    area = mx = my = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        cross = x0 * y1 - x1 * y0
        area += cross
        mx += (x0 + x1) * cross
        my += (y0 + y1) * cross
    return area / 2.0, mx, my


# --- simplifying for the web ------------------------------------------------------------


def simplify_geometry(geometry: dict, tolerance: float) -> dict:
    """The geometry with each ring simplified (Douglas-Peucker); rings that collapse below a
    triangle are dropped, except a polygon's outer ring, which is then kept as it was."""
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    out = []
    for polygon in polygons:
        rings = [simplify_ring(ring, tolerance) for ring in polygon]
        outer = rings[0] if len(rings[0]) >= 4 else _rounded(polygon[0])
        out.append([outer] + [ring for ring in rings[1:] if len(ring) >= 4])
    if len(out) == 1:
        return {"type": "Polygon", "coordinates": out[0]}
    return {"type": "MultiPolygon", "coordinates": out}


def _rounded(ring: list) -> list:
    return [[round(x, WEB_DECIMALS), round(y, WEB_DECIMALS)] for x, y in ring]


def simplify_ring(ring: list, tolerance: float) -> list:
    """Douglas-Peucker on a closed ring, with an explicit stack (no recursion limit on rings of
    tens of thousands of points); the first and last points (the same point) are kept."""
    if len(ring) < 4:
        return _rounded(ring)
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    # A closed ring's ends coincide, so split it at its farthest point from the start first.
    far = max(range(len(ring)), key=lambda i: _distance2(ring[i], ring[0]))
    keep[far] = True
    stack = [(0, far), (far, len(ring) - 1)]
    limit = tolerance * tolerance
    while stack:
        first, last = stack.pop()
        best, index = 0.0, -1
        for i in range(first + 1, last):
            d = _segment_distance2(ring[i], ring[first], ring[last])
            if d > best:
                best, index = d, i
        if index >= 0 and best > limit:
            keep[index] = True
            stack += [(first, index), (index, last)]
    points = _rounded([p for p, kept in zip(ring, keep, strict=True) if kept])
    deduplicated = [p for n, p in enumerate(points) if n == 0 or p != points[n - 1]]
    return deduplicated


def _distance2(a, b) -> float:
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2


def _segment_distance2(p, a, b) -> float:
    """Squared distance from p to the segment a-b."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return _distance2(p, a)
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    return _distance2(p, (a[0] + t * dx, a[1] + t * dy))


def web_shape(area: Area, geometry: dict) -> AreaShape:
    simplified = simplify_geometry(geometry, WEB_TOLERANCE.get(area.level, 0.0001))
    return AreaShape(area=area, geometry=json.dumps(simplified, separators=(",", ":")))


# --- writing -----------------------------------------------------------------------------


def files_in(paths: Iterable[Path]) -> list[Path]:
    """The given files, and the boundary files inside given folders, in name order."""
    found = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in SUFFIXES and p.is_file() and not p.name.startswith("ddl_")
            )
        elif path.is_file():
            found.append(path)
        else:
            raise BoundaryFileError(f"{path}: no such file or folder")
    return found


def import_boundaries(paths: Iterable[Path]) -> Report:
    """Read every file first, so that a bad file changes nothing, then write what changed."""
    boundaries: dict[str, Boundary] = {}
    report = Report()
    for path in files_in(paths):
        for item in read_file(path):
            if isinstance(item, str):
                report.invalid += 1
                report.invalid_codes.append(item)
            else:
                boundaries[item.code] = item
    existing = Area.objects.filter(code__in=list(boundaries)).only(
        "code", "level", "geometry", "lat", "lng"
    )
    shaped = set(
        AreaShape.objects.filter(area__in=list(boundaries)).values_list("area_id", flat=True)
    )
    changed, shapes = [], []
    for area in existing.iterator(chunk_size=BATCH):
        new = boundaries.pop(area.code)
        geometry = json.dumps(new.geometry, separators=(",", ":"))
        if (area.geometry, area.lat, area.lng) == (geometry, new.lat, new.lng):
            report.unchanged += 1
            if area.code not in shaped:
                shapes.append(web_shape(area, new.geometry))
            continue
        area.geometry, area.lat, area.lng = geometry, new.lat, new.lng
        changed.append(area)
        shapes.append(web_shape(area, new.geometry))
    with transaction.atomic():
        Area.objects.bulk_update(changed, ["geometry", "lat", "lng"], batch_size=BATCH)
        AreaShape.objects.filter(area__in=[shape.area_id for shape in shapes]).delete()
        AreaShape.objects.bulk_create(shapes, batch_size=BATCH)
    report.updated = len(changed)
    report.unknown = len(boundaries)
    report.unknown_codes = sorted(boundaries)
    return report

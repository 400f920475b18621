"""Choropleth maps as inline SVG from the outlines simplified at import (regions.AreaShape): no
tiles, no JavaScript, no network, so they work on an intranet and offline.

An area without an outline of its own (a kota, a province: the pilot files hold kecamatan and
kelurahan) is drawn with its kecamatan's outlines, all in its colour. Classes: "no data" (a
count of zero that may be shown), "hidden (<k)" (a suppressed count), then four ranges.
"""

import hashlib
import json
import math
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Q
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from sigap.dashboards.queries import AreaRow
from sigap.regions.boundaries import WEB_TOLERANCE, simplify_ring
from sigap.regions.models import AreaShape, Level, prefix_bounds

WIDTH = 1000.0
LABELLED_AT_MOST = 40  # more areas than this and names would cover the map: the table has them
SHAPES_CACHE_SECONDS = 3600


@dataclass(frozen=True)
class LegendClass:
    css: str
    label: str
    count: int = 0


def classes_for(values: list[int], k: int) -> list[tuple[int, int]]:
    """Four ranges from k up to the largest count (each at least one wide)."""
    top = max(values, default=k)
    step = max(math.ceil((top - k + 1) / 4), 1)
    return [(k + i * step, k + (i + 1) * step - 1) for i in range(4)]


def classify(shown: str, value: int, ranges: list[tuple[int, int]]) -> str:
    if not shown.isdigit():
        return "hidden"
    if value == 0:
        return "nodata"
    for n, (_low, high) in enumerate(ranges):
        if value <= high:
            return f"c{n}"
    return f"c{len(ranges) - 1}"


def legend(ranges: list[tuple[int, int]], k: int, used: dict[str, int]) -> list[LegendClass]:
    items = [
        LegendClass("nodata", _("no data"), used.get("nodata", 0)),
        LegendClass("hidden", _("hidden (<%(k)d)") % {"k": k}, used.get("hidden", 0)),
    ]
    for n, (low, high) in enumerate(ranges):
        label = f"{low}–{high}" if n < len(ranges) - 1 else f"≥{low}"
        items.append(LegendClass(f"c{n}", label, used.get(f"c{n}", 0)))
    return items


def shapes_for(rows: list[AreaRow]) -> dict[str, list]:
    """Polygons per child area: its own simplified outline, else its kecamatan's. Kept in the
    cache for SHAPES_CACHE_SECONDS under the areas' codes and the number of outlines stored
    (an import that adds or removes outlines is seen at once; one that redraws the same ones
    within the hour)."""
    codes = [row.area.code for row in rows]
    if not codes:
        return {}
    digest = hashlib.sha256(",".join(codes).encode()).hexdigest()[:32]
    key = f"dashboards:shapes:{digest}:{AreaShape.objects.count()}"
    found = cache.get(key)
    if found is None:
        found = _shapes(rows, codes)
        if found:
            cache.set(key, found, SHAPES_CACHE_SECONDS)
    return found


def _shapes(rows: list[AreaRow], codes: list[str]) -> dict[str, list]:
    own = dict(AreaShape.objects.filter(area__in=codes).values_list("area_id", "geometry"))
    out = {code: _polygons(text) for code, text in own.items()}
    missing = [code for code in codes if code not in own]
    if missing:
        query = Q(pk__in=[])
        for code in missing:
            low, high = prefix_bounds(code)
            query |= Q(area__gt=low, area__lt=high)
        rows_below = AreaShape.objects.filter(query, area__level=Level.DISTRICT)
        # Kecamatan outlines drawn as a kota or province: simplified again for that scale,
        # or a country's map would carry every kecamatan's detail.
        tolerance = WEB_TOLERANCE[rows[0].area.level]
        for code, text in rows_below.values_list("area_id", "geometry").iterator(chunk_size=500):
            parent = next((m for m in missing if code.startswith(m + ".")), None)
            if parent:
                out.setdefault(parent, []).extend(_coarser(_polygons(text), tolerance))
    return out


def _coarser(polygons: list, tolerance: float) -> list:
    """Each polygon's outer ring only (holes vanish at this scale), simplified; polygons
    smaller than the tolerance are dropped."""
    out = []
    for polygon in polygons:
        ring = simplify_ring(polygon[0], tolerance)
        if len(ring) >= 4:
            out.append([ring])
    return out


def _polygons(text: str) -> list:
    try:
        data = json.loads(text)
    except ValueError:
        return []
    if data.get("type") == "Polygon":
        return [data["coordinates"]]
    return data.get("coordinates", []) if data.get("type") == "MultiPolygon" else []


def choropleth(
    rows: list[AreaRow], measure: str, k: int, marks: dict[str, str] | None = None
) -> tuple[SafeString, list[LegendClass]]:
    """The SVG map of ``rows`` coloured by ``measure`` (what ``row.shown`` allows), with a mark
    on each area of ``marks`` (code -> text, e.g. an open alert), and its legend."""
    marks = marks or {}
    shapes = shapes_for(rows)
    drawn = [(row, shapes[row.area.code]) for row in rows if shapes.get(row.area.code)]
    values = [row.counts[measure] for row in rows if row.shown.get(measure, "").isdigit()]
    ranges = classes_for(values, k)
    if not drawn:
        return mark_safe(""), legend(ranges, k, {})  # noqa: S308 - empty
    project, height = _projection([p for _, polygons in drawn for p in polygons])
    used: dict[str, int] = {}
    parts = [
        f'<svg class="choropleth" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH:.0f} {height:.0f}" role="img" '
        f'aria-label="{escape(_("Map"))}">'
    ]
    labels = []
    for row, polygons in drawn:
        css = classify(row.shown[measure], row.counts[measure], ranges)
        used[css] = used.get(css, 0) + 1
        parts.append(_area(row, polygons, project, css))
        if row.area.lat is not None and len(drawn) <= LABELLED_AT_MOST:
            labels.append(_label(row, project, marks.get(row.area.code)))
    parts += labels
    parts.append("</svg>")
    # Names, codes and mark texts are escaped; the rest is numbers and fixed markup.
    return mark_safe("".join(parts)), legend(ranges, k, used)  # noqa: S308


def _projection(polygons: list):
    xs = [p[0] for polygon in polygons for p in polygon[0]]
    ys = [p[1] for polygon in polygons for p in polygon[0]]
    west, east, south, north = min(xs), max(xs), min(ys), max(ys)
    squeeze = math.cos(math.radians((south + north) / 2))
    scale = WIDTH / max((east - west) * squeeze, 1e-9)
    height = max((north - south) * scale, 1.0)

    def project(lng: float, lat: float) -> tuple[float, float]:
        return (lng - west) * squeeze * scale, (north - lat) * scale

    return project, height


def _area(row: AreaRow, polygons: list, project, css: str) -> str:
    d = []
    for polygon in polygons:
        for ring in polygon:
            points = [project(lng, lat) for lng, lat in ring]
            d.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z")
    name = escape(row.area.display_name)
    value = escape(row.shown.get("reports", ""))
    href = escape(reverse("dashboard_area", args=[row.area.code]))
    return (
        f'<a href="{href}"><path class="{css}" fill-rule="evenodd" d="{"".join(d)}">'
        f"<title>{name}: {value}</title></path></a>"
    )


def _label(row: AreaRow, project, mark: str | None) -> str:
    x, y = project(row.area.lng, row.area.lat)
    name = escape(row.area.name)
    text = f'<text x="{x:.0f}" y="{y:.0f}" class="map-label" text-anchor="middle">{name}</text>'
    if mark:
        text += (
            f'<g class="map-alert"><circle cx="{x:.0f}" cy="{y - 40:.0f}" r="18"/>'
            f'<text x="{x:.0f}" y="{y - 31:.0f}" text-anchor="middle">!</text>'
            f"<title>{escape(mark)}</title></g>"
        )
    return text

"""Inline SVG maps of areas from their stored GeoJSON: no tiles, no JavaScript, no network.

An equirectangular projection (x = longitude × cos(mid latitude), y = −latitude) scaled to the
areas' bounding box is exact enough for one city or regency, and keeps the page self-contained.
"""

import json
import math
from collections.abc import Iterable

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 1000.0  # viewBox units; the CSS scales the drawing to the screen


def svg_map(
    areas: Iterable, highlighted: set[str] | frozenset[str] = frozenset(), links: bool = True
) -> SafeString:
    """One <path> per area with a geometry (class "reached" when its code is highlighted).

    Returns "" when none of the areas has a geometry, so templates can test the result.
    """
    shapes = [(area, _polygons(area.geometry)) for area in areas]
    shapes = [(area, polygons) for area, polygons in shapes if polygons]
    if not shapes:
        return mark_safe("")  # noqa: S308 - empty
    project, height = _projection([p for _, polygons in shapes for p in polygons])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0f} {height:.0f}" '
        'role="img" preserveAspectRatio="xMidYMid meet">'
    ]
    for area, polygons in shapes:
        parts.append(_shape(area, polygons, project, area.code in highlighted, links))
    parts.append("</svg>")
    # Every name and code is escaped above; the rest is numbers and fixed markup.
    return mark_safe("".join(parts))  # noqa: S308


def _polygons(geometry: str) -> list:
    if not geometry:
        return []
    try:
        data = json.loads(geometry)
    except ValueError:
        return []
    if data.get("type") == "Polygon":
        return [data["coordinates"]]
    if data.get("type") == "MultiPolygon":
        return data["coordinates"]
    return []


def _projection(polygons: list):
    xs = [p[0] for polygon in polygons for p in polygon[0]]
    ys = [p[1] for polygon in polygons for p in polygon[0]]
    west, east, south, north = min(xs), max(xs), min(ys), max(ys)
    squeeze = math.cos(math.radians((south + north) / 2))
    span_x = max((east - west) * squeeze, 1e-9)
    scale = WIDTH / span_x
    height = max((north - south) * scale, 1.0)

    def project(lng: float, lat: float) -> tuple[float, float]:
        return (lng - west) * squeeze * scale, (north - lat) * scale

    return project, height


def _shape(area, polygons, project, reached: bool, links: bool) -> str:
    d = "".join(_ring_path(ring, project) for polygon in polygons for ring in polygon)
    css = ' class="reached"' if reached else ""
    name = escape(getattr(area, "display_name", area.name))
    path = f'<path{css} fill-rule="evenodd" d="{d}"><title>{name}</title></path>'
    if not links:
        return path
    href = escape(reverse("regions:detail", args=[area.code]))
    return f'<a href="{href}">{path}</a>'


def _ring_path(ring, project) -> str:
    # One decimal of a 1000-unit drawing is finer than any screen; points that round onto the
    # previous one are dropped, which shrinks detailed kelurahan outlines several times over.
    out, last = [], None
    for lng, lat in ring:
        x, y = project(lng, lat)
        point = f"{x:.1f} {y:.1f}"
        if point != last:
            out.append(point)
            last = point
    if len(out) < 3:
        return ""
    return "M" + "L".join(out) + "Z"

"""The area browser: province → regency/city → kecamatan → desa/kelurahan, and area search.

Every page is scoped through ``sigap.people.access``: a user sees only areas inside their
memberships, and an unknown or forbidden code gets the same 404 page.
"""

from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _

from sigap.people import access
from sigap.regions.maps import svg_map
from sigap.regions.models import Area, Level
from sigap.regions.search import MAX_QUERY, search_areas

COLUMNS = {
    Level.REGENCY: _("Regencies/cities"),
    Level.DISTRICT: _("Kecamatan"),
    Level.VILLAGE: _("Desa/kelurahan"),
}
SEARCH_LIMIT = 20


def browse(request):
    areas = access.home_scope(request.user)
    return render(request, "regions/browse.html", {"table": _table(areas)})


def detail(request, code):
    area = access.access_area(request.user, code)
    children = list(area.children.order_by("name"))
    return render(
        request,
        "regions/detail.html",
        {
            "area": area,
            "breadcrumb": [
                (a, access.can(request.user, "area.view", a.code)) for a in area.ancestors()
            ],
            "table": _table(children),
            "map": svg_map(children),
        },
    )


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    scope = access.scopes(request.user, "area.view")
    matches = search_areas(query, limit=SEARCH_LIMIT, scope=scope) if query else []
    partial = request.headers.get("HX-Request") == "true"
    template = "regions/_results.html" if partial else "regions/search.html"
    response = render(request, template, {"query": query, "matches": matches})
    # The same address answers htmx with a fragment and browsers with a page.
    patch_vary_headers(response, ["HX-Request"])
    return response


def _table(areas: list[Area]) -> dict:
    """Rows of (area, counts of its sub-areas per lower level) and the matching column titles."""
    if not areas:
        return {"columns": [], "rows": []}
    levels = [lvl for lvl in COLUMNS if lvl > min(a.level for a in areas)]
    counts = Area.objects.descendants_counts(areas)
    rows = [
        (a, [counts[a.code].get(lvl) if lvl > a.level else None for lvl in levels]) for a in areas
    ]
    return {"columns": [COLUMNS[lvl] for lvl in levels], "rows": rows}

"""``/areas``: the Kemendagri areas the caller may see, one area's detail, and area search."""

import re
from typing import Annotated

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import AfterValidator

from sigap.people import access
from sigap.regions.models import Area, Level
from sigap.regions.search import search_areas

from .strict import Pages

router = Router(tags=["areas"])

# 12 · 12.71 · 12.71.12 · 12.71.12.1003
AREA_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


def _area_code(value: str) -> str:
    if not AREA_CODE.match(value):
        raise ValueError(
            _("An area code looks like 12, 12.71, 12.71.12 or 12.71.12.1003 (Kemendagri codes).")
        )
    return value


AreaCode = Annotated[str, AfterValidator(_area_code)]
LEVEL_HELP = gettext_noop(
    "Only this level: 1 province, 2 regency/city, 3 kecamatan, 4 desa/kelurahan."
)


class AreaOut(Schema):
    code: str
    level: int
    level_label: str
    name: str
    display_name: str
    parent: str | None

    @staticmethod
    def resolve_level_label(area):
        return str(Level(area.level).label)

    @staticmethod
    def resolve_parent(area):
        return area.parent_id


class LevelCount(Schema):
    level: int
    level_label: str
    count: int


class AreaDetailOut(AreaOut):
    ancestors: list[str]
    descendants: list[LevelCount]
    lat: float | None
    lng: float | None

    @staticmethod
    def resolve_ancestors(area):
        return [a.display_name for a in area.ancestors()]

    @staticmethod
    def resolve_descendants(area):
        counts = Area.objects.descendants_counts([area])[area.code]
        return [
            {"level": level, "level_label": str(Level(level).label), "count": n}
            for level, n in sorted(counts.items())
        ]


class AreaMatchOut(Schema):
    code: str
    name: str
    level: int
    display: str
    score: float


class AreaFilter(Schema):
    parent: AreaCode | None = Field(
        None, description=gettext_noop("Only the areas directly below this area code.")
    )
    level: int | None = Field(None, ge=1, le=4, description=LEVEL_HELP)


@router.get(
    "/areas",
    response=list[AreaOut],
    summary=gettext_noop("Areas you can see"),
    description=gettext_noop(
        "The areas within your memberships, by code; filter by "
        "parent area or level. Paginated: page, page_size."
    ),
)
@paginate(Pages, page_size=100, max_page_size=500)
def area_list(request, filters: Query[AreaFilter]):
    areas = access.areas_visible_to(request.auth)
    if filters.parent:
        areas = areas.filter(parent_id=filters.parent)
    if filters.level:
        areas = areas.at_level(filters.level)
    return areas


@router.get(
    "/areas/search",
    response=list[AreaMatchOut],
    summary=gettext_noop("Search areas"),
    description=gettext_noop(
        "Areas you can see whose names resemble q; forgives spelling and spacing (“Ketawang Gede”)."
    ),
)
def area_search(
    request,
    q: str = Query(
        ...,
        min_length=2,
        max_length=100,
        description=gettext_noop("What to look for: an area name."),
    ),
    level: int | None = Query(None, ge=1, le=4, description=LEVEL_HELP),
    limit: int = Query(10, ge=1, le=50, description=gettext_noop("At most this many.")),
):
    scope = access.scopes(request.auth, "area.view")
    return search_areas(q, limit=limit, scope=scope, level=level)


@router.get(
    "/areas/{code}",
    response=AreaDetailOut,
    summary=gettext_noop("One area"),
    description=gettext_noop(
        "An area you can see, with the names of the areas above "
        "it and how many areas lie within it at each level."
    ),
)
def area_detail(request, code: Path[AreaCode]):
    try:
        area = access.access_area(request.auth, code)
    except Http404:
        raise HttpError(
            404,
            _(
                "Area %(code)s was not found, or you do not have access to it. "
                "Check the code, or search with /api/v1/areas/search?q=."
            )
            % {"code": code},
        )
    return area

"""The task force's pages: only for its members (refugees.access), aggregates only."""

from django.http import Http404
from django.shortcuts import redirect, render

from sigap.refugees import access, queries
from sigap.regions.models import Area


def index(request):
    """The areas of the person's task forces; straight to the area when there is one."""
    codes = access.task_force_areas(request.user)
    if not codes:
        raise Http404("not found")
    if len(codes) == 1 and codes[0] != "*":
        return redirect("refugees:area", codes[0])
    areas = Area.objects.filter(code__in=codes) if "*" not in codes else Area.objects.none()
    return render(request, "refugees/index.html", {"areas": areas, "national": "*" in codes})


def area(request, code: str):
    place = access.access_area(request.user, code)
    data = queries.overview(code)
    points = [(d.strftime("%m/%Y"), n) for d, n in data.over_time]
    chart = queries.line_chart(points, str(place.display_name))
    return render(request, "refugees/area.html", {"area": place, "data": data, "chart": chart})

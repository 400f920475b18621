"""The task force's pages: only for its members (refugees.access), aggregates only."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sigap.refugees import access, actions, queries
from sigap.refugees.forms import HeadcountForm
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


def headcount_new(request, code: str):
    """Enter a count date's figures for the area (task-force members)."""
    place = access.access_area(request.user, code)
    form = HeadcountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        total = actions.headcount_record(
            actor=request.user,
            area=place,
            counted_on=form.cleaned_data["counted_on"],
            cells=form.cells(),
            source=form.cleaned_data["source"],
        )
        messages.success(request, _("Headcount saved: %(n)d refugees.") % {"n": total})
        return redirect("refugees:area", code)
    return render(request, "refugees/headcount_form.html", {"area": place, "form": form})

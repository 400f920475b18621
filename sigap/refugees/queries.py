"""The task force's figures: the latest headcount broken down, the total over time, sites
with their capacity, incidents. Aggregates in the database; nothing per person exists."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Q, Sum
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from sigap.refugees.models import AgeGroup, Headcount, Incident, Nationality, Sex, Site
from sigap.regions.models import prefix_bounds

WIDTH = 360


def in_area(code: str) -> Q:
    low, high = prefix_bounds(code)
    return Q(area=code) | Q(area__gt=low, area__lt=high)


@dataclass
class Overview:
    counted_on: date | None
    total: int
    by_nationality: list[tuple[str, int]]
    by_sex: list[tuple[str, int]]
    by_age: list[tuple[str, int]]
    over_time: list[tuple[date, int]]
    sites: list
    capacity: int
    incidents: list


def overview(code: str) -> Overview:
    counts = Headcount.objects.filter(in_area(code))
    latest = counts.aggregate(last=Max("counted_on"))["last"]
    current = counts.filter(counted_on=latest)
    sites = list(Site.objects.filter(in_area(code), is_active=True).select_related("area"))
    return Overview(
        counted_on=latest,
        total=current.aggregate(n=Sum("count"))["n"] or 0,
        by_nationality=_sums(current, "nationality", dict(Nationality.choices)),
        by_sex=_sums(current, "sex", dict(Sex.choices)),
        by_age=_sums(current, "age_group", dict(AgeGroup.choices)),
        over_time=[
            (row["counted_on"], row["n"])
            for row in counts.values("counted_on").annotate(n=Sum("count")).order_by("counted_on")
        ],
        sites=sites,
        capacity=sum(site.capacity for site in sites),
        incidents=list(Incident.objects.filter(in_area(code)).select_related("area")[:50]),
    )


def _sums(queryset, key: str, labels: dict) -> list[tuple[str, int]]:
    rows = queryset.values(key).annotate(n=Sum("count")).order_by("-n", key)
    return [(str(labels.get(row[key], row[key])), row["n"]) for row in rows]


def line_chart(points: list[tuple[str, int]], title: str) -> SafeString:
    """A small line of totals over time (labels on the first and last point only)."""
    if not points:
        return mark_safe("")  # noqa: S308 - empty
    top = max(n for _, n in points) or 1
    height, left, right = 140, 8, WIDTH - 8
    step = (right - left) / max(len(points) - 1, 1)
    xy = [(left + i * step, 110 - 90 * n / top) for i, (_, n) in enumerate(points)]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-label="{escape(title)}">',
        f'<polyline points="{line}" class="chart-line" fill="none"/>',
    ]
    for x, y in xy:
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" class="chart-dot"/>')
    for index, anchor in ((0, "start"), (len(points) - 1, "end")):
        label, n = points[index]
        x, y = xy[index]
        parts.append(
            f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="{anchor}" class="chart-value">'
            f"{n:,}</text>"
            f'<text x="{x:.1f}" y="132" text-anchor="{anchor}" class="chart-label">'
            f"{escape(label)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308

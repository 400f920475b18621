"""Downloads of the dashboards' numbers. The dashboard pages themselves are the shell's
(sigap/views.py), which adds what other apps know about an area, such as open alerts."""

from django.http import Http404, HttpResponse
from django.utils.text import slugify

from sigap.dashboards import downloads, pages, queries, suppression
from sigap.dashboards.forms import PeriodForm

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def download(request, key: str, fmt: str):
    """One table of an area's dashboard (``?area=``; none: the country) as CSV or XLSX."""
    code = request.GET.get("area") or None
    if fmt not in CONTENT_TYPES or not pages.can_view(request.user, code):
        raise Http404("not found")
    dashboard = queries.build(code, PeriodForm(request.GET).period())
    suppression.apply(dashboard, hide_small=pages.hides_small_cells(request.user, code))
    found = downloads.table_rows(dashboard, key)
    if found is None:
        raise Http404("not found")
    title, header, rows = found
    if fmt == "csv":
        body = downloads.as_csv(header, rows)
    else:
        body = downloads.as_xlsx([(title, header, rows)])
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    period = dashboard.period
    name = f"sigap-{slugify(code or 'indonesia')}-{key}-{period.start}-{period.end}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response

"""Downloads of the dashboards' numbers. The dashboard pages themselves are the shell's
(sigap/views.py), which adds what other apps know about an area, such as open alerts."""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify

from sigap.dashboards import actions, downloads, pages, queries, suppression
from sigap.dashboards.forms import PeriodForm, ReportForm
from sigap.dashboards.models import LeadershipReport
from sigap.people import access
from sigap.regions.models import Area, Level

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


def _report_areas(user) -> list[Area]:
    """Areas one may ask a report for: those of one's aggregate scope and their kota/kabupaten."""
    codes = access.scopes(user, "aggregates.view")
    if access.NATIONAL in codes:
        return list(Area.objects.filter(level__lte=Level.REGENCY).defer("geometry"))
    query = Q(code__in=codes)
    for code in codes:
        query |= Q(parent_id=code, level__lte=Level.DISTRICT)
    return list(Area.objects.filter(query).defer("geometry").order_by("code"))


def leadership_reports(request):
    """Monthly reports the person may see, and a form to ask for one (any area, any month)."""
    if not access.scopes(request.user, "aggregates.view"):
        raise Http404("not found")
    form = ReportForm(request.POST or None, areas=_report_areas(request.user))
    if request.method == "POST" and form.is_valid():
        area = access.access_area(request.user, form.cleaned_data["area"], "aggregates.view")
        report = actions.leadership_report_request(
            area=area, period=form.cleaned_data["month"], requested_by=request.user
        )
        return redirect("dashboards:report", report.pk)
    visible = LeadershipReport.objects.filter(
        access.area_q(request.user, "aggregates.view", field="area_id")
    ).select_related("area")[:50]
    return render(request, "dashboards/reports.html", {"form": form, "reports": visible})


def _access_report(user, pk: int) -> LeadershipReport:
    report = LeadershipReport.objects.select_related("area").filter(pk=pk).first()
    if report is None or not access.can(user, "aggregates.view", report.area_id):
        raise Http404("not found")
    return report


def leadership_report(request, pk: int):
    report = _access_report(request.user, pk)
    return render(request, "dashboards/report.html", {"report": report})


def leadership_report_file(request, pk: int, kind: str):
    report = _access_report(request.user, pk)
    stored = {"pdf": report.pdf, "xlsx": report.xlsx}.get(kind)
    if not stored:
        raise Http404("not found")
    name = f"laporan-{slugify(report.area.name)}-{report.period_start:%Y-%m}.{kind}"
    response = FileResponse(stored.open("rb"), as_attachment=True, filename=name)
    response["Cache-Control"] = "no-store"
    return response


OPEN_DEPTH = 2  # open statistics go down to a kota's kecamatan, never to a kelurahan


@login_not_required
def open_statistics(request):
    """Public CSV, HXL-tagged: counts per area below ``?area=`` (none: per province) over the
    period, small cells always suppressed."""
    code = request.GET.get("area") or None
    if code and (code.count(".") >= OPEN_DEPTH or not Area.objects.filter(code=code).exists()):
        raise Http404("not found")
    period = PeriodForm(request.GET).period()
    rows, level = queries.child_rows(code, period)
    area = Area.objects.filter(code=code).first() if code else None
    board = queries.Dashboard(area, period, [], rows, level)
    suppression.apply(board, hide_small=True)
    body = downloads.as_csv(*downloads.hxl_rows(board))
    response = HttpResponse(body, content_type=CONTENT_TYPES["csv"])
    name = f"sigap-statistik-{slugify(code or 'indonesia')}-{period.start}-{period.end}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

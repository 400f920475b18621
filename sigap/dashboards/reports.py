"""The monthly report for leadership (a wali kota, a bupati): one area's month as a PDF in
Indonesian with charts and tables, and the same numbers as XLSX. Small cells are always
suppressed: a report is forwarded beyond those who may open records."""

from collections.abc import Callable
from datetime import date

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sigap.dashboards import downloads, queries, suppression
from sigap.dashboards.pdf import ReportPDF
from sigap.regions.models import Area


def build_monthly_report(
    code: str, period: queries.Period, progress: Callable[[int], None] | None = None
) -> tuple[bytes, bytes]:
    """(PDF bytes, XLSX bytes) of ``code``'s dashboard over ``period``, in Indonesian; timed by
    bench/national.py as ``monthly_report_s`` (Kota Medan). ``progress`` gets percentages."""
    step = progress or (lambda percent: None)
    with translation.override("id"):
        area = Area.objects.defer("geometry").get(code=code)
        dashboard = queries.build(code, period)
        step(50)
        k = suppression.apply(dashboard, hide_small=True)
        sheets = [downloads.table_rows(dashboard, "areas")] + [
            downloads.table_rows(dashboard, t.key) for t in dashboard.tables
        ]
        pdf = _pdf(area, dashboard, k, sheets[0])
        step(80)
        xlsx = downloads.as_xlsx([s for s in sheets if s])
        step(100)
    return pdf, xlsx


def _pdf(area: Area, dashboard: queries.Dashboard, k: int, area_sheet) -> bytes:
    start = date_format(dashboard.period.start, "j F Y")
    end = date_format(dashboard.period.end, "j F Y")
    made = date_format(timezone.localdate(), "j F Y")
    document = ReportPDF(_("SIGAP monthly report: %(area)s") % {"area": area.display_name})
    document.title_block(
        _("Monthly report: %(area)s") % {"area": area.display_name},
        _("Period %(start)s to %(end)s. Made on %(made)s.")
        % {"start": start, "end": end, "made": made},
        _(
            "Counts of reports and cases below %(k)s are shown as \u201c<%(k)s\u201d, and where a "
            "total would give one away a neighbour only as \u201c\u2265%(k)s\u201d, so that "
            "nobody can be recognised."
        )
        % {"k": k},
    )
    for table in dashboard.tables:
        document.table_with_bars(table, _("Nothing recorded in this period."))
    if area_sheet:
        _title, header, rows = area_sheet
        document.area_table(header, rows)
    return bytes(document.output())


def month_before(day: date) -> queries.Period:
    first = date(day.year, day.month, 1)
    previous = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
    return queries.Period.month(previous.year, previous.month)

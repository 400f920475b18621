"""Writes of the dashboards app: leadership reports requested, built and kept."""

import logging
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from sigap.dashboards import reports
from sigap.dashboards.models import LeadershipReport
from sigap.dashboards.queries import Period
from sigap.people.models import Membership
from sigap.regions.models import Area, Level

logger = logging.getLogger(__name__)


@transaction.atomic
def leadership_report_request(
    *, area: Area, period: Period, requested_by=None, scheduled: bool = False
) -> LeadershipReport:
    """A report row, queued; the task builds it once the row is committed."""
    from sigap.dashboards.tasks import leadership_report_build

    report = LeadershipReport.objects.create(
        area=area,
        period_start=period.start,
        period_end=period.end,
        requested_by=requested_by,
        scheduled=scheduled,
    )
    transaction.on_commit(lambda: leadership_report_build.enqueue(report_id=report.pk))
    return report


def leadership_report_build(*, report: LeadershipReport) -> LeadershipReport:
    """Build the PDF and XLSX, saving progress as it goes; a failure is recorded, not raised
    again (the person sees "failed" and can ask anew). Safe to run twice: a finished report
    is left as it is."""
    if report.status == LeadershipReport.Status.DONE:
        return report
    _progress(report, 5, LeadershipReport.Status.RUNNING)
    period = Period(report.period_start, report.period_end)
    try:
        pdf, xlsx = reports.build_monthly_report(
            report.area_id, period, progress=lambda percent: _progress(report, min(percent, 95))
        )
    except Exception as error:
        logger.exception("leadership report %s failed", report.pk)
        report.status, report.failure = LeadershipReport.Status.FAILED, str(error)[:300]
        report.save(update_fields=["status", "failure"])
        return report
    stem = f"laporan-{report.area_id}-{report.period_start:%Y-%m}-{report.pk}"
    report.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    report.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
    report.status, report.progress = LeadershipReport.Status.DONE, 100
    report.finished_at = timezone.now()
    report.save()
    return report


def _progress(report: LeadershipReport, percent: int, status: str | None = None) -> None:
    report.progress = percent
    fields = ["progress"]
    if status:
        report.status = status
        fields.append("status")
    report.save(update_fields=fields)


def monthly_reports_request(*, month: date) -> int:
    """The previous month's report for every kota/kabupaten where SIGAP has active members;
    a kota that already has one for that month is skipped (the schedule may run twice)."""
    period = reports.month_before(month)
    codes = {
        code[:5]
        for code in Membership.objects.active().values_list("area_id", flat=True).distinct()
        if len(code) >= 5
    }
    done = set(
        LeadershipReport.objects.filter(
            scheduled=True, period_start=period.start, area__in=codes
        ).values_list("area_id", flat=True)
    )
    areas = Area.objects.filter(code__in=codes - done, level=Level.REGENCY).defer("geometry")
    for area in areas:
        leadership_report_request(area=area, period=period, scheduled=True)
    return len(areas)

from datetime import date

from sigap.dashboards import actions, summaries
from sigap.dashboards.models import LeadershipReport
from sigap.tasks import task


@task(retries=1)
def leadership_report_build(*, report_id: int) -> str:
    report = LeadershipReport.objects.select_related("area").get(pk=report_id)
    return actions.leadership_report_build(report=report).status


@task(retries=3)
def monthly_reports(*, period: str) -> int:
    """Scheduled on the 1st of each month (sigap/schedules.py): last month's reports."""
    return actions.monthly_reports_request(month=date.fromisoformat(period))


@task(retries=3)
def summaries_refresh(*, period: str) -> int:
    """Daily (sigap/schedules.py): recount the last two months and any month not counted."""
    return summaries.refresh(summaries.months_to_refresh(date.fromisoformat(period)))

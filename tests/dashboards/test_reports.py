"""Leadership reports (PDF + XLSX, built by a task) and the open-statistics CSV."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from sigap.dashboards import actions
from sigap.dashboards.models import LeadershipReport
from sigap.dashboards.queries import Period
from sigap.tasks.worker import run_pending
from tests import personas
from tests.dashboards.conftest import RENGAS_PULAU, medan_data

pytestmark = pytest.mark.django_db
DATA_DAY = timezone.localdate() - timedelta(days=10)  # medan_data's reports and cases
DATA_MONTH = Period.month(DATA_DAY.year, DATA_DAY.month)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_coordinator_asks_for_medans_month_and_downloads_pdf_and_xlsx(
    as_user, medan_coordinator, django_capture_on_commit_callbacks
):
    medan_data()
    client = as_user(medan_coordinator)
    month = DATA_DAY.strftime("%Y-%m")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/dasbor-data/laporan-bulanan/", {"area": personas.MEDAN, "month": month}
        )
    report = LeadershipReport.objects.get()
    assert response.url == f"/dasbor-data/laporan-bulanan/{report.pk}/"
    assert "Menunggu" in client.get(response.url).content.decode() or report.status == "queued"
    run_pending()
    report.refresh_from_db()
    assert (report.status, report.progress) == ("done", 100)
    pdf = b"".join(client.get(f"/dasbor-data/laporan-bulanan/{report.pk}/pdf/").streaming_content)
    assert pdf.startswith(b"%PDF")
    xlsx = b"".join(client.get(f"/dasbor-data/laporan-bulanan/{report.pk}/xlsx/").streaming_content)
    book = load_workbook(io.BytesIO(xlsx))
    areas = {row[0].value: row[2].value for row in book.worksheets[0].iter_rows(min_row=2)}
    assert areas[personas.MEDAN_MARELAN] == 15


def test_reports_are_scoped_and_the_pdf_hides_small_cells(
    as_user, medan_coordinator, malang_coordinator, django_capture_on_commit_callbacks
):
    medan_data()
    with django_capture_on_commit_callbacks(execute=True):
        report = actions.leadership_report_request(
            area=personas.medan_coordinator().memberships.first().area, period=DATA_MONTH
        )
    run_pending()
    report.refresh_from_db()
    for url in (
        f"/dasbor-data/laporan-bulanan/{report.pk}/",
        f"/dasbor-data/laporan-bulanan/{report.pk}/pdf/",
    ):
        assert as_user(malang_coordinator).get(url).status_code == 404
    sheet = load_workbook(report.xlsx.path).worksheets[0]
    cells = {row[0].value: row[3].value for row in sheet.iter_rows(min_row=2)}
    assert cells[personas.MEDAN_MARELAN] == "<11"  # four cases: hidden even for leadership


def test_the_monthly_schedule_makes_last_months_report_for_each_active_kota(medan_coordinator):
    from datetime import date

    assert actions.monthly_reports_request(month=date(2026, 12, 1)) == 1
    assert actions.monthly_reports_request(month=date(2026, 12, 1)) == 0  # once a month
    report = LeadershipReport.objects.get()
    assert (report.area_id, str(report.period_start), str(report.period_end)) == (
        personas.MEDAN,
        "2026-11-01",
        "2026-11-30",
    )


def test_open_statistics_csv_is_hxl_tagged_suppressed_and_stops_at_kecamatan(client, areas):
    medan_data()
    text = client.get("/dasbor-data/statistik-terbuka.csv", {"area": personas.MEDAN}).content
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert rows[1][:3] == ["#adm3+code", "#adm3+name", "#date+start"]
    by_code = {row[0]: row for row in rows[2:]}
    assert by_code[personas.MEDAN_MARELAN][4] == "15"
    assert by_code[personas.MEDAN_MARELAN][5] == "<11"
    for deeper in (personas.MEDAN_MARELAN, RENGAS_PULAU):
        response = client.get("/dasbor-data/statistik-terbuka.csv", {"area": deeper})
        assert response.status_code == 404


def test_the_daily_summary_task_counts_the_months_not_counted_yet(areas):
    from sigap.dashboards.models import MonthlyCount, SummaryMonth
    from sigap.dashboards.tasks import summaries_refresh

    medan_data()
    summaries_refresh.enqueue(period=timezone.localdate().isoformat())
    run_pending()
    assert SummaryMonth.objects.count() >= 2
    if DATA_DAY.month != timezone.localdate().month:  # medan_data's month is a past one
        assert MonthlyCount.objects.filter(area=personas.MEDAN_MARELAN, measure="report_decision")

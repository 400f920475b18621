"""Dashboards on the home pages: scope, drill-down, suppression and downloads."""

import csv
import io
from datetime import UTC

import pytest
from openpyxl import load_workbook

from sigap.dashboards import queries
from tests import personas
from tests.dashboards.conftest import RENGAS_PULAU, medan_data

pytestmark = pytest.mark.django_db


def cell(html: str, name: str) -> str:
    """The reports cell of the per-area table row naming ``name``."""
    row = html.split(f">{name}</a></td>", 1)[1].split("</tr>", 1)[0]
    return row.split('<td class="num">')[1].split("</td>")[0]


def test_coordinators_home_shows_the_city_and_drills_down_to_terjun(as_user, medan_coordinator):
    medan_data()
    client = as_user(medan_coordinator)
    home = client.get("/").content.decode()
    assert "Dasbor: KOTA MEDAN" in home or "Dasbor: Kota Medan" in home
    assert cell(home, "Kecamatan Medan Marelan") == "15"
    marelan = client.get(f"/dasbor/{personas.MEDAN_MARELAN}/").content.decode()
    assert cell(marelan, "Kelurahan Terjun") == "12"
    assert cell(marelan, "Kelurahan Rengas Pulau") == "3"  # the coordinator may see records
    terjun = client.get(f"/dasbor/{personas.TERJUN}/")
    assert terjun.status_code == 200
    assert "Penipuan daring" in terjun.content.decode() or "online" in terjun.content.decode()


def test_a_kelurahan_users_dashboard_covers_only_their_kelurahan(as_user, terjun_ambassador):
    medan_data()
    client = as_user(terjun_ambassador)
    home = client.get("/").content.decode()
    assert "Dasbor: Kelurahan Terjun" in home
    assert "Rengas Pulau" not in home and "Medan Deli" not in home
    for code in (personas.MEDAN_MARELAN, personas.MEDAN, RENGAS_PULAU, "99.99"):
        assert client.get(f"/dasbor/{code}/").status_code == 404
    assert client.get("/dasbor/").url == f"/dasbor/{personas.TERJUN}/"  # their own area
    download = client.get("/dasbor-data/unduh/areas.csv", {"area": personas.MEDAN_MARELAN})
    assert download.status_code == 404


def test_an_analyst_sees_small_cells_suppressed_on_the_page_and_in_downloads(
    as_user, medan_analyst
):
    medan_data()
    client = as_user(medan_analyst)
    marelan = client.get(f"/dasbor/{personas.MEDAN_MARELAN}/").content.decode()
    assert cell(marelan, "Kelurahan Terjun") == "12"
    assert cell(marelan, "Kelurahan Rengas Pulau") == "&lt;11"
    assert "disembunyikan (&lt;11)" in marelan
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    "/dasbor-data/unduh/areas.csv", {"area": personas.MEDAN_MARELAN}
                ).content.decode("utf-8-sig")
            )
        )
    )
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code[personas.TERJUN][2] == "12"
    assert by_code[RENGAS_PULAU][2] == "<11"
    xlsx = client.get("/dasbor-data/unduh/cases.xlsx", {"area": personas.MEDAN_MARELAN})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[2]][1] == "<11"  # four cases: hidden


def test_secondary_suppression_hides_a_neighbour_that_would_give_a_small_cell_away():
    from sigap.dashboards.suppression import hidden_list

    assert hidden_list([30, 12, 3], 11) == ["30", "≥11", "<11"]
    assert hidden_list([30, 3, 4], 11) == ["30", "<11", "<11"]


def test_outsiders_get_no_dashboard(as_user, outsider):
    client = as_user(outsider)
    assert "dashboard-title" not in client.get("/").content.decode()
    assert client.get(f"/dasbor/{personas.MEDAN}/").status_code == 404


def test_the_national_dashboard_groups_by_province(administrator):
    medan_data()
    board = queries.national_dashboard()
    sumut = next(row for row in board.children if row.area.code == "12")
    assert sumut.counts["reports"] == 35
    assert board.table("reports").rows[0][1] == 35


def test_condition_report_completeness_counts_missing_kelurahan_periods(areas):
    from datetime import date

    from sigap.dashboards.queries import Period, _condition_rows
    from sigap.programme.models import ConditionReport
    from tests.programme.conftest import make_medan_programme

    programme = make_medan_programme()  # monthly from January 2026, Medan Marelan among five
    programme.report_period, programme.report_due_days = 1, 10
    programme.save()
    ConditionReport.objects.create(
        programme=programme,
        area_id=personas.TERJUN,
        period_start=date(2026, 3, 1),
        due_on=date(2026, 4, 10),
        filed_on=date(2026, 4, 2),
    )
    april = Period(date(2026, 4, 1), date(2026, 4, 30))  # the March reports fall due
    rows = dict(_condition_rows(personas.MEDAN_MARELAN, april, today=date(2026, 6, 1)))
    assert list(rows.values()) == [1, 0, 4]  # five kelurahan, Terjun filed on time


def test_condition_reports_read_from_the_summary_match_the_live_kecamatan(areas):
    from datetime import date

    from sigap.dashboards import summaries
    from sigap.dashboards.queries import Period, _condition_rows
    from sigap.programme.models import ConditionReport
    from tests.programme.conftest import MEDAN_PILOT, make_medan_programme

    programme = make_medan_programme()  # monthly from January 2026, five kecamatan of Medan
    programme.report_period, programme.report_due_days = 1, 10
    programme.save()

    def filed(area: str, start: date, due: date, on: date) -> None:
        ConditionReport.objects.create(
            programme=programme, area_id=area, period_start=start, due_on=due, filed_on=on
        )

    filed(personas.TERJUN, date(2026, 3, 1), date(2026, 4, 10), date(2026, 4, 2))
    filed(RENGAS_PULAU, date(2026, 4, 1), date(2026, 5, 10), date(2026, 5, 15))  # late
    summaries.refresh([date(2026, month, 1) for month in range(1, 7)])
    filed(personas.TERJUN, date(2026, 4, 1), date(2026, 5, 10), date(2026, 5, 9))  # after
    period, today = Period(date(2026, 4, 1), date(2026, 5, 31)), date(2026, 6, 1)
    assert summaries.condition_due(personas.MEDAN, period.start, period.end) is not None
    assert summaries.condition_due(None, period.start, period.end) is not None
    assert summaries.condition_due(personas.MEDAN_MARELAN, period.start, period.end) is None
    villages = sum(
        queries.Area.objects.filter(queries.in_area(code, "code"), level=4).count()
        for code in MEDAN_PILOT
    )
    expected = [2, 1, 2 * villages - 3]  # on time, late, missing: two months due
    for code in (personas.MEDAN, "12", None):
        assert [n for _label, n in _condition_rows(code, period, today)] == expected
    live = [[n for _l, n in _condition_rows(code, period, today)] for code in MEDAN_PILOT]
    assert [sum(column) for column in zip(*live, strict=True)] == expected
    # Half of May only: the summary's due days outside the period are left out.
    may = Period(date(2026, 5, 1), date(2026, 5, 9))
    assert [n for _l, n in _condition_rows(personas.MEDAN, may, today)][:2] == [0, 0]


def test_summarised_months_give_the_same_dashboard_as_the_live_tables(areas):
    from datetime import date

    from sigap.dashboards import summaries
    from sigap.dashboards.models import SummaryMonth
    from tests.dashboards.conftest import reports

    today = date(2026, 12, 4)
    reports(personas.TERJUN, 5, days_ago=(date.today() - date(2026, 3, 10)).days, apps=["TikTok"])
    reports(RENGAS_PULAU, 4, days_ago=(date.today() - date(2026, 11, 30)).days)
    reports(RENGAS_PULAU, 2, days_ago=(date.today() - date(2026, 12, 2)).days)
    from datetime import datetime

    from sigap.jobcheck.models import Check

    for day in (date(2026, 5, 3), date(2026, 5, 4), date(2026, 12, 1)):
        Check.objects.create(
            level="tinggi",
            score=80,
            ruleset_version="t",
            source="page",
            created_at=datetime(day.year, day.month, day.day, 6, tzinfo=UTC),
        )
    period = queries.Period(date(2026, 2, 15), today)
    summaries.refresh([date(2026, month, 1) for month in range(3, 13)])
    how = summaries.split(personas.MEDAN, period.start, period.end, today)
    assert how.months == (date(2026, 3, 1), date(2026, 12, 1))
    assert how.live == [(date(2026, 2, 15), date(2026, 2, 28))]
    reports(RENGAS_PULAU, 1, days_ago=(date.today() - date(2026, 11, 29)).days)  # after counting
    summed = queries.build(personas.MEDAN, period, today)
    live = queries.build(personas.MEDAN_MARELAN, period, today)  # a kecamatan: always live
    assert summed.summary_as_of is not None and live.summary_as_of is None
    for table in ("reports", "report_channels", "cases", "screening"):
        assert summed.table(table).rows == live.table(table).rows
    # The province's and the country's pages read the kota and province rows of the summary.
    for code, child in (("12", personas.MEDAN), (None, "12")):
        board = queries.build(code, period, today)
        assert summed.table("reports").rows == board.table("reports").rows
        assert next(r for r in board.children if r.area.code == child).counts["reports"] == 12
    assert summed.table("screening").rows[0][1] == 3
    marelan = next(r for r in summed.children if r.area.code == personas.MEDAN_MARELAN)
    assert marelan.counts["reports"] == 12 == sum(r.counts["reports"] for r in live.children)
    SummaryMonth.objects.filter(month=date(2026, 7, 1)).delete()  # a gap: all live again
    assert summaries.split(personas.MEDAN, period.start, period.end, today).months is None
    assert summaries.split(personas.MEDAN_MARELAN, period.start, period.end, today).months is None


def test_a_kota_without_its_own_outline_is_drawn_with_its_kecamatan(areas):
    from pathlib import Path

    from sigap.dashboards import maps
    from sigap.regions.boundaries import import_boundaries

    files = (Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "boundaries").glob(
        "geojson/kota_medan_12.71_kecamatan.geojson"
    )
    files = list(files)
    if not files:
        pytest.skip("boundary files not found in ../shared/data")
    import_boundaries(files)
    board = queries.build("12", queries.Period.last_months(1))  # Sumatera Utara's kota
    from sigap.dashboards import suppression

    k = suppression.apply(board, hide_small=True)
    svg, legend = maps.choropleth(board.children, "reports", k)
    assert svg.count("<path") == 1  # only Kota Medan has outlines: one area drawn
    assert "KOTA MEDAN" in svg.upper()
    assert [item.css for item in legend][:2] == ["nodata", "hidden"]

"""Issue 15 acceptance (dashboards, maps, monthly report, refugees), in a real Chromium.

The Medan coordinator's home shows the dashboard, drills down to Medan Marelan and Terjun, sees
the map with its legend and an open alert, opens its evidence and acknowledges it; a Terjun duta
sees only Terjun; the monthly PDF is made and its first page rendered to PNG; the refugee page
shows Medan's aggregates."""

import importlib.util
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from sigap.refugees.demo import load_refugees
from sigap.refugees.models import TaskForceMember
from sigap.regions.boundaries import import_boundaries
from sigap.tasks.worker import run_pending
from tests import personas
from tests.browser.conftest import ARTIFACTS, PHONE
from tests.browser.test_programme_medan import sign_in, with_totp
from tests.dashboards.conftest import medan_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BOUNDARIES = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "boundaries"
HAS_ALERTS = importlib.util.find_spec("sigap.alerts") is not None


def medan_outlines() -> None:
    files = sorted((BOUNDARIES / "geojson").glob("kota_medan_*.geojson"))
    if not files:
        pytest.skip("boundary files not found in ../shared/data")
    import_boundaries(files)


def terjun_alert():
    """An open spike alert in Terjun, as the early-warning run would leave it."""
    from sigap.alerts.models import Alert

    now = timezone.now()
    return Alert.objects.create(
        area_id=personas.TERJUN,
        kind="spike",
        key="reports",
        severity="tinggi",
        facts={"observed": 7, "expected": 2.1, "threshold": 5.4},
        counts=[1, 2, 3, 2, 1, 2, 3, 2, 2, 3, 2, 7],
        cutoff=now,
        first_seen_at=now,
    )


def test_coordinator_drills_down_sees_map_and_alert_and_acknowledges_it(new_page, shot):
    medan_outlines()
    medan_data()
    coordinator = personas.medan_coordinator()
    secret = with_totp(coordinator)
    alert = terjun_alert() if HAS_ALERTS else None
    page = new_page()
    sign_in(page, coordinator.username, secret=secret)
    page.wait_for_selector("#dashboard-title:has-text('Dasbor')")
    assert page.locator(".choropleth path").count() == 21
    shot(page, "home-medan")
    page.click(".area-table a:has-text('Medan Marelan')")
    page.wait_for_selector("#dashboard-title:has-text('Medan Marelan')")
    assert page.locator(".choropleth path").count() == 5
    assert page.locator(".legend").inner_text().count("disembunyikan") == 1
    assert "tidak ada data" in page.locator(".legend").inner_text()
    if alert:
        assert page.locator(".map-alert").count() == 1
    shot(page, "medan-marelan")
    page.click(".area-table a:has-text('Terjun')")
    page.wait_for_selector("#dashboard-title:has-text('Kelurahan Terjun')")
    shot(page, "terjun")
    if alert:
        page.click(".alerts a")
        page.wait_for_selector(".evidence")
        assert "7" in page.locator(".evidence").inner_text()
        page.click(f"form[action$='/{alert.pk}/tindaklanjuti/'] button")
        page.wait_for_load_state()
        alert.refresh_from_db()
        assert alert.status == "ditindaklanjuti"
        shot(page, "alert-acknowledged")


def test_a_terjun_duta_sees_only_terjun_on_a_phone(new_page, shot):
    medan_outlines()
    medan_data()
    duta = personas.terjun_ambassador()
    page = new_page(viewport=PHONE)
    sign_in(page, duta.username)
    page.wait_for_selector("#dashboard-title:has-text('Kelurahan Terjun')")
    text = page.locator(".dashboard").inner_text()
    assert "Rengas Pulau" not in text and "Medan Marelan" not in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "duta-terjun-phone")
    response = page.goto(f"/dasbor/{personas.MEDAN_MARELAN}/")
    assert response.status == 404


def test_monthly_pdf_is_made_and_its_first_page_rendered(new_page, shot):
    import pypdfium2

    medan_data()
    coordinator = personas.medan_coordinator()
    secret = with_totp(coordinator)
    page = new_page()
    sign_in(page, coordinator.username, secret=secret)
    page.goto("/dasbor-data/laporan-bulanan/")
    day = timezone.localdate() - timedelta(days=10)
    page.select_option("#id_area", personas.MEDAN)
    page.fill("#id_month", day.strftime("%Y-%m"))
    page.click("form.stack button[type=submit]")
    page.wait_for_selector("#report-status")
    shot(page, "report-queued")
    run_pending()
    page.reload()
    page.wait_for_selector("#report-pdf")
    shot(page, "report-ready")
    with page.expect_download() as download:
        page.click("#report-pdf")
    path = download.value.path()
    pdf = pypdfium2.PdfDocument(path)
    image = pdf[0].render(scale=1.5).to_pil()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    image.save(ARTIFACTS / "monthly-report-kota-medan-page1.png")
    assert len(pdf) >= 2 and image.width > 800


def test_the_refugee_page_shows_medans_aggregates(new_page, shot):
    load_refugees()
    coordinator = personas.medan_coordinator()
    TaskForceMember.objects.create(user=coordinator, area_id=personas.MEDAN, agency="Kesbangpol")
    secret = with_totp(coordinator)
    page = new_page()
    sign_in(page, coordinator.username, secret=secret)
    page.click("text=Satgas pengungsi")
    page.wait_for_selector("#refugee-total")
    assert page.locator("#refugee-total").inner_text() == "1734"
    assert "Afganistan" in page.content()
    shot(page, "refugees-medan")

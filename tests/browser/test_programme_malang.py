"""Issue 3 acceptance (Malang): the coordinator records the Pakta Integritas of the five pilot
kelurahan; a relawan files a condition report from a phone; the pact page shows fulfilment
computed from data; the missing/late list shows the kelurahan without a report."""

from datetime import date

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from sigap.programme import periods
from tests import personas
from tests.browser.conftest import PHONE
from tests.browser.test_programme_medan import sign_in, with_totp
from tests.programme.conftest import make_malang_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
KELURAHAN = ["Kotalama", "Tanjungrejo", "Sukoharjo", "Ketawanggede", "Polehan"]


def test_pacts_condition_report_fulfilment_and_missing_list(new_page, shot):
    coordinator = personas.malang_coordinator()
    secret = with_totp(coordinator)
    relawan = personas.ketawanggede_relawan()
    programme = make_malang_programme()
    today = timezone.localdate()
    # The latest period whose due date has passed: filing it now is late.
    last_due = [
        p
        for p in periods.ended_periods(date(2026, 1, 1), today, 1)
        if periods.due_on(p, 1, programme.report_due_days) < today
    ][-1]

    page = new_page()
    sign_in(page, coordinator.username, secret=secret)
    for name in KELURAHAN:
        page.goto(f"/program/{programme.pk}/pakta/baru/")
        page.fill("#id_area", name)
        page.fill("#id_signed_on", "2025-12-19")
        page.fill(
            "#id_signatories",
            f"Lurah {name} (Demo); Lurah {name}; Kelurahan {name}\n"
            "Ketua LPA (Demo); Ketua; LPA Kota Malang",
        )
        page.fill("#id_volunteers_target", "2")
        page.click("button[name=save]")
        page.wait_for_selector(f"text=Pakta Kelurahan {name} sudah tercatat")
    shot(page, "pacts-recorded")

    page.goto(f"/program/{programme.pk}/anggota/baru/")
    page.fill("#id_name", "Rahma (Demo)")
    page.check("input[name=sex][value=p]")
    page.select_option("#id_role", "relawan")
    page.fill("#id_area", "Ketawanggede")
    page.fill("#id_appointment_letter", "SK Lurah Ketawanggede No. 1/2026")
    page.click("button[name=save]")
    page.wait_for_selector("td:has-text('Rahma (Demo)')")

    phone = new_page(viewport=PHONE)
    sign_in(phone, relawan.username)
    phone.goto("/program/saya/")
    phone.click("text=Isi laporan kondisi")
    phone.select_option("#id_period", last_due.isoformat())
    for field in phone.locator("input[type=number]").all():
        field.fill("1")
    for select in phone.locator("select[name^=i]").all():
        select.select_option("no")
    phone.fill("textarea", "Ada lowongan magang ke luar negeri di media sosial.")
    phone.click("button[name=save]")
    phone.wait_for_selector("text=Laporan kondisi sudah terkirim")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone, "relawan-report")

    page.goto(f"/program/{programme.pk}/pakta/")
    card = page.locator("section[data-area='35.73.05.1006']")
    assert "Relawan terbentuk: 1 (target 2)" in card.inner_text()
    assert "Laporan kondisi tepat waktu: 0 dari" in card.inner_text()
    assert "Relawan terbentuk: 0" in page.locator("section[data-area='35.73.01.1010']").inner_text()
    shot(page, "pacts-fulfilment")

    page.goto(f"/program/{programme.pk}/laporan-kondisi/?periode=3")
    with translation.override("id"):
        month = date_format(last_due, "M Y")
    polehan = page.locator("#gaps tr[data-area='35.73.01.1010']")
    assert month in polehan.locator("td.missing").inner_text()
    ketawanggede = page.locator("#gaps tr[data-area='35.73.05.1006']")
    assert month not in ketawanggede.locator("td.missing").inner_text()
    assert month in ketawanggede.locator("td.late").inner_text()
    shot(page, "missing-late")

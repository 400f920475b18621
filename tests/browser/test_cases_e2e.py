"""From an anonymous tip to a delivered service, clicked through in Chromium.

A resident reports a suspected recruiter for work in Cambodia with a photo → gets a receipt
code → a Medan case worker triages it as "possible", opens a case, records consent, refers to
UPTD PPA → the UPTD PPA focal point accepts and records shelter delivered → the resident enters
the receipt code and sees the status and a message.
"""

import io
import re

import pytest
from django.core.management import call_command
from PIL import Image

from sigap.cases.models import Attachment, Referral, Report
from tests import personas
from tests.browser.conftest import PHONE, sign_in, with_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cache_and_media(transactional_db, settings, tmp_path):
    call_command("createcachetable", verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "media"


def photo_with_gps() -> bytes:
    image = Image.new("RGB", (120, 80), (30, 90, 160))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (3.0, 41.0, 12.5), 3: "E", 4: (98.0, 40.0, 1.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def resident_reports(new_page, shot) -> str:
    page = new_page(viewport=PHONE)
    page.goto("/lapor/")
    page.fill(
        "textarea[name=what]",
        "Tetangga saya direkrut lewat Facebook untuk kerja admin di "
        "Kamboja, gaji 15 juta, berangkat pakai visa turis minggu depan.",
    )
    page.fill("input[name=area_query]", "Terjun")
    page.check(f"input[name=area][value='{personas.TERJUN}']")
    page.fill("textarea[name=suspect]", "Perekrut mengaku dari PT Maju Jaya Abadi")
    page.fill("textarea[name=suspect_identifiers]", "0812-3456-7890")
    page.check("input[name=recruitment_apps][value=Facebook]")
    page.select_option("select[name=destination_country]", "KH")
    page.check("input[name=indicators][value=deception]")
    page.check("input[name=indicators][value=tourist_visa]")
    page.set_input_files(
        "input[name=attachments]",
        files=[{"name": "foto.jpg", "mimeType": "image/jpeg", "buffer": photo_with_gps()}],
    )
    shot(page, "1-resident-form")
    page.click("form.stack > button[type=submit]")
    code = page.inner_text("#receipt-code").strip()
    assert re.fullmatch(r"\d{4} \d{4} \d{4} \d{4}", code)
    shot(page, "2-receipt")
    return code


def case_worker_handles(new_page, shot, worker, report):
    page = new_page()
    sign_in(page, worker)
    page.goto("/laporan/")
    page.click(f"a[href='/laporan/{report.pk}/']")
    page.select_option("select[name=decision]", "PossibleVictimOfTrafficking")
    page.click("#triage form.stack button[type=submit]")
    page.fill("#messages textarea[name=body]", "Terima kasih, laporan Anda sedang kami tangani.")
    page.click("#messages button[type=submit]")
    shot(page, "3-triage")
    page.click(f"form[action='/laporan/{report.pk}/open/'] button")
    page.wait_for_url(re.compile(r"/kasus/\d+/$"))
    page.click("#do-victim summary")
    page.fill("#do-victim input[name=first_name]", "Siti")
    page.fill("#do-victim input[name=nik]", "1271010101950001")
    page.fill("#do-victim input[name=birth_year]", "1998")
    page.click("#do-victim button[type=submit]")
    page.click("#do-consent summary")
    page.select_option("#do-consent select[name=given_by]", "victim")
    page.check("#do-consent input[name=for_services]")
    page.check("#do-consent input[name=for_disclosure]")
    page.click("#do-consent button[type=submit]")
    page.click("#do-refer summary")
    page.select_option("#do-refer select[name=organisation]", label="UPTD PPA Kota Medan")
    page.select_option("#do-refer select[name=service]", "shelter")
    page.click("#do-refer button[type=submit]")
    assert page.locator("#referrals tbody tr").count() == 1
    shot(page, "4-case-referred")


def focal_point_delivers(new_page, shot, focal):
    referral = Referral.objects.get()
    page = new_page()
    sign_in(page, focal)
    page.goto("/rujukan/")
    page.click(f"a[href='/rujukan/{referral.pk}/']")
    assert "Siti" in page.content()
    page.click(f"form[action='/rujukan/{referral.pk}/accept/'] button")
    page.click(f"form[action='/rujukan/{referral.pk}/complete/'] button")
    shot(page, "5-focal-point-delivered")


def test_anonymous_tip_to_shelter_delivered(
    new_page, shot, cache_and_media, medan_case_worker, uptd_focal_point
):
    worker, focal = with_totp(medan_case_worker), with_totp(uptd_focal_point)
    code = resident_reports(new_page, shot)
    report = Report.objects.get()
    assert report.is_anonymous and Attachment.objects.filter(report=report).count() == 1

    case_worker_handles(new_page, shot, worker, report)
    focal_point_delivers(new_page, shot, focal)
    referral = Referral.objects.get()
    assert referral.status == "done"
    assert referral.case.services.owed().count() == 0

    page = new_page(viewport=PHONE)
    page.goto("/status/")
    page.fill("input[name=code]", code)
    page.click("form.stack button[type=submit]")
    status = page.inner_text("#report-status")
    assert "Sedang ditangani oleh tim" in status
    assert "sedang kami tangani" in page.content()
    assert "Siti" not in page.content()
    shot(page, "6-resident-status")

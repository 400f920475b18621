"""Issue 3 acceptance (Medan): a coordinator runs the two-day sosialisasi in Kelurahan Terjun and
selects two ambassadors; one of them logs outreach from a 360 px phone; coverage shows Medan
Marelan reached."""

from datetime import date

import pyotp
import pytest
from django.utils import timezone

from sigap.programme import actions
from sigap.programme.models import Member
from tests import personas
from tests.browser.conftest import PHONE
from tests.programme.conftest import make_medan_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PEOPLE = [("Ani Lubis (Demo)", "p"), ("Budi Harahap (Demo)", "l"), ("Citra Nasution (Demo)", "p")]


def sign_in(page, username, password=personas.PASSWORD, *, secret=None):
    page.goto("/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form.stack button[type=submit]")
    if secret:
        page.wait_for_url("**/verifikasi/**")
        page.fill("input[name=code]", pyotp.TOTP(secret).now())
        page.click("form.stack button[type=submit]")
    page.wait_for_selector("text=Keluar", state="attached")  # folded in the menu on a phone


def with_totp(user):
    user.totp_secret = pyotp.random_base32()
    user.totp_confirmed_at = timezone.now()
    user.save()
    return user.totp_secret


def test_sosialisasi_in_terjun_to_ambassador_outreach_and_coverage(new_page, shot):
    coordinator = personas.medan_coordinator()
    secret = with_totp(coordinator)
    programme = make_medan_programme()
    actions.criterion_add(actor=None, programme=programme, name="Pengetahuan TPPO", max_score=5)

    page = new_page()
    sign_in(page, coordinator.username, secret=secret)
    page.goto(f"/program/{programme.pk}/")
    page.click("text=Kegiatan baru")
    page.select_option("#id_kind", "sosialisasi")
    page.fill("#id_title", "Sosialisasi Pencegahan TPPO Kelurahan Terjun")
    page.fill("#id_area", "Terjun")
    page.fill("#id_venue", "Kantor Lurah Terjun")
    page.fill("#id_starts_on", date.today().isoformat())
    page.fill("#id_days", "2")
    page.click("button[name=save]")
    page.wait_for_selector("h1:has-text('Kelurahan Terjun')")
    event_url = page.url

    for name, sex in PEOPLE:
        page.click("text=Daftarkan peserta")
        page.fill("#id_name", name)
        page.check(f"input[name=sex][value={sex}]")
        page.fill("#id_area", "12.71.12.1003")
        page.click("button[name=save]")
        page.wait_for_selector(f"td:has-text('{name}')")

    page.click("text=Kehadiran")
    for box in page.locator("input[type=checkbox]").all():
        box.check()
    page.click("text=Simpan kehadiran")
    page.wait_for_selector("text=Hari 2: 3 hadir")

    page.click("text=Nilai tes")
    for i, row in enumerate(page.locator("tbody tr").all()):
        row.locator("input[name^=pre_]").fill(str(40 + i))
        row.locator("input[name^=post_]").fill(str(80 + i))
    page.click("text=Simpan nilai")
    page.wait_for_selector("text=Nilai tes tersimpan")
    assert "peningkatan 40" in page.content()
    shot(page, "event")

    password = ""
    for number, username in [(1, "duta.ani"), (2, "")]:
        page.goto(event_url + "seleksi/")
        page.select_option("#id_participant", label=f"{number}. {PEOPLE[number - 1][0]}")
        page.select_option("#id_role", "ambassador")
        page.click("button:has-text('Nominasikan')")
        page.click(f"a:has-text('{PEOPLE[number - 1][0]}')")
        page.locator("form:has(button[name=score]) input[type=number]").fill("4")
        page.click("button[name=score]")
        page.click(f"a:has-text('{PEOPLE[number - 1][0]}')")
        page.check("input[name=decision][value=selected]")
        page.fill("#id_reason", "Aktif dalam diskusi partisipatif.")
        page.fill("#id_appointment_letter", "SK/DUTA/TERJUN/01")
        if username:
            page.fill("#id_username", username)
        page.click("button[name=decide]")
        if username:
            password = page.locator("#new-password").inner_text()
            shot(page, "account")
    page.goto(event_url + "seleksi/")
    assert page.locator(".badge-ok").count() == 2
    shot(page, "selection")
    assert Member.objects.filter(role="ambassador", area_id=personas.TERJUN).count() == 2

    phone = new_page(viewport=PHONE)
    sign_in(phone, "duta.ani", password)
    phone.goto("/program/saya/")
    phone.click("text=Catat sosialisasi")
    phone.check("input[name=venue_type][value=posyandu]")
    phone.fill("#id_adults_f", "14")
    phone.fill("#id_children_f", "6")
    phone.check("input[name=topics][value=online_recruitment]")
    phone.click("button[name=save]")
    phone.wait_for_selector("text=Sosialisasi Anda sudah tercatat")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone, "ambassador-outreach")

    page.goto(f"/program/{programme.pk}/cakupan/")
    row = page.locator("tr[data-area='12.71.12']")
    assert "terjangkau" in row.inner_text()
    assert "direncanakan" in page.locator("tr[data-area='12.71.09']").inner_text()
    shot(page, "coverage")

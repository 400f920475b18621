"""Issue 2 acceptance: the Medan coordinator signs in with TOTP, switches language and browses
from their home page to Kelurahan Terjun; a relawan on a phone sees only their kelurahan."""

import pyotp
import pytest
from django.utils import timezone

from tests import personas
from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username, *, secret=None):
    page.goto("/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", personas.PASSWORD)
    page.click("form.stack button[type=submit]")
    if secret:
        page.wait_for_url("**/verifikasi/**")
        page.fill("input[name=code]", pyotp.TOTP(secret).now())
        page.click("form.stack button[type=submit]")


def test_coordinator_signs_in_with_totp_switches_language_and_reaches_terjun(new_page, shot):
    coordinator = personas.medan_coordinator()
    secret = pyotp.random_base32()
    coordinator.totp_secret = secret
    coordinator.totp_confirmed_at = timezone.now()
    coordinator.save()

    page = new_page()
    sign_in(page, coordinator.username, secret=secret)
    page.wait_for_selector("text=Selamat datang")
    assert page.locator("html").get_attribute("lang") == "id"

    page.select_option("#lang-select", "en")
    page.wait_for_selector("text=Welcome")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("nav.nav >> text=Areas").is_visible()

    # The area card opens the area's dashboard; its table drills down, its link opens the area.
    page.click("a.card:has-text('Kota Medan')")
    page.click("table.area-table >> text=Medan Marelan")
    page.click("table.area-table >> text=Terjun")
    page.wait_for_selector("h1:has-text('Terjun')")
    page.click("text=Area page of Kelurahan Terjun")
    page.wait_for_selector("h1:has-text('Terjun')")
    assert "12.71.12.1003" in page.content()
    assert "Medan Marelan" in page.locator("nav.breadcrumb").inner_text()
    shot(page, "terjun")


def test_wrong_totp_gets_a_clear_indonesian_message_and_no_access(new_page, shot):
    coordinator = personas.medan_coordinator()
    coordinator.totp_secret = pyotp.random_base32()
    coordinator.totp_confirmed_at = timezone.now()
    coordinator.save()

    page = new_page()
    sign_in(page, coordinator.username)
    page.wait_for_url("**/verifikasi/**")
    page.fill("input[name=code]", "000000")
    page.click("form.stack button[type=submit]")
    error = page.locator(".errorlist").inner_text()
    assert "kode" in error.lower()
    shot(page, "wrong-code")
    page.goto("/wilayah/12.71/")
    assert "/verifikasi/" in page.url


def test_relawan_on_a_phone_sees_their_kelurahan_and_not_malang(new_page, shot):
    personas.terjun_ambassador()
    page = new_page(viewport=PHONE)
    sign_in(page, "duta_terjun")
    page.wait_for_selector("text=Selamat datang")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.click("a.card:has-text('Terjun')")
    page.wait_for_selector("h1:has-text('Terjun')")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "home-phone")
    response = page.goto(f"/wilayah/{personas.KETAWANGGEDE}/")
    assert response.status == 404
    assert "Halaman tidak ditemukan" in page.content()

"""Issue 5 acceptance: a resident on a phone checks job offers on Cek Lowongan."""

import pytest

from tests.browser.conftest import PHONE
from tests.jobcheck.posts import CAMBODIA_ADMIN, LICENSED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page, text: str) -> None:
    page.goto("/cek-lowongan/")
    page.fill("textarea[name=text]", text)
    page.click("form.jobcheck-form button[type=submit]")
    page.wait_for_selector(".verdict-label")


def test_resident_sees_a_cambodia_admin_post_is_high_risk(new_page, shot):
    page = new_page(viewport=PHONE)
    console_errors = []
    page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    check(page, CAMBODIA_ADMIN)

    assert page.locator(".verdict-label").inner_text() == "Risiko tinggi"
    marked = page.locator(".post-text mark.hl-risk")
    assert "Kamboja" in marked.all_inner_texts()
    assert marked.filter(has_text="Kamboja").get_attribute("title").startswith("Negara tujuan")
    assert page.locator("#what-to-do").is_visible()
    assert "0-800-1000" in page.locator(".hotlines").inner_text()
    report = page.locator(".verdict a.button", has_text="Laporkan")
    assert "phone=%2B6281234567890" in report.get_attribute("href")
    # Nothing is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # No script was blocked by the content policy. (htmx's own indicator style is, on every
    # page; base.html can switch it off with an htmx-config meta tag.)
    assert not [e for e in console_errors if "script-src" in e]
    shot(page, "tinggi")


def test_resident_sees_a_licensed_placement_post_is_low_risk(new_page, shot):
    page = new_page(viewport=PHONE)
    check(page, LICENSED)

    assert page.locator(".verdict-label").inner_text() == "Risiko rendah"
    protective = page.locator(".reason-protective h3").all_inner_texts()
    assert any("daftar P3MI berizin" in title for title in protective)
    assert page.locator(".post-text mark.hl-safe").count() >= 3
    assert "SAMPLE-SIP3MI-0001/2024" in page.locator(".entities").inner_text()
    assert page.locator("text=data contoh").is_visible()
    shot(page, "rendah")

"""Issue 18 acceptance on a 360 px phone: a relawan files the month that is due without choosing
it; the staff menu and the case page fit the screen (no sideways scroll)."""

from datetime import date

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from sigap.programme import periods
from tests import personas
from tests.browser.conftest import PHONE
from tests.browser.test_programme_medan import sign_in
from tests.programme.conftest import make_malang_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width} px wide"


def test_relawan_files_the_month_due_by_default(new_page, shot):
    make_malang_programme()
    relawan = personas.ketawanggede_relawan()
    today = timezone.localdate()
    due = [p for p in periods.periods_between(date(2025, 10, 1), today, 1)
           if periods.period_end(p, 1) < today][-1]  # fmt: skip

    phone = new_page(viewport=PHONE)
    sign_in(phone, relawan.username)
    phone.goto("/program/saya/")
    phone.click("text=Isi laporan kondisi")
    with translation.override("id"):
        month = date_format(due, "F Y")
    assert phone.locator("#id_period option:checked").inner_text() == month
    for field in phone.locator("input[type=number]").all():
        field.fill("0")
    for select in phone.locator("select[name^=i]").all():
        select.select_option("no")
    no_sideways_scroll(phone)
    shot(phone, "form")
    phone.click("button[name=save]")
    phone.wait_for_selector("text=Laporan kondisi sudah terkirim")
    assert month in phone.inner_text("h1")
    shot(phone, "filed")

"""Issue 20 acceptance, the phone's half: forms filled without a signal wait in the browser's
outbox (IndexedDB) and are stored exactly once when the connection returns; pages opened before
read offline from the service worker's cache; signing out leaves nothing behind."""

import pytest

from sigap.programme.models import ConditionReport
from tests import personas
from tests.browser.conftest import PHONE
from tests.browser.test_programme_medan import sign_in
from tests.programme.conftest import make_malang_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PENDING = "Tersimpan di ponsel, belum terkirim"


def controlled(page):
    """Wait until the service worker runs this page, then load it again through the worker
    (which keeps it for reading offline)."""
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def outbox_count(page) -> int:
    return page.evaluate(
        """async () => {
          const key = document.querySelector('meta[name="sigap-user"]').content;
          const items = await SigapOutbox.db.list(SigapOutbox.dbName(key));
          return items.length;
        }"""
    )


def status_starts(page, text: str):
    page.wait_for_function(
        "t => document.getElementById('outbox-text').textContent.startsWith(t)", arg=text
    )


def fill_condition_report(page):
    for field in page.locator("input[type=number]").all():
        field.fill("0")
    for select in page.locator("select[name^=i]").all():
        select.select_option("no")


def test_condition_report_offline_reopened_then_stored_once(new_page, shot):
    programme = make_malang_programme()
    relawan = personas.ketawanggede_relawan()
    page = new_page(viewport=PHONE)
    context = page.context
    sign_in(page, relawan.username)
    page.goto("/program/saya/")
    page.click("text=Isi laporan kondisi")
    form_url = page.url
    controlled(page)

    context.set_offline(True)
    fill_condition_report(page)
    page.click("button[name=save]")
    page.wait_for_selector(f"#outbox-text:has-text('{PENDING}: 1')")
    shot(page, "kept-offline")
    assert ConditionReport.objects.filter(programme=programme).count() == 0

    page.close()
    page = context.new_page()
    page.goto(form_url)  # no signal: the copy the worker kept
    page.wait_for_selector(f"#outbox-text:has-text('{PENDING}: 1')")
    assert page.locator("html[data-sigap-cache]").count() == 1
    shot(page, "reopened-offline")

    context.set_offline(False)
    status_starts(page, "Terkirim")
    assert outbox_count(page) == 0
    assert ConditionReport.objects.filter(programme=programme).count() == 1
    shot(page, "sent")

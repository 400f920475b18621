"""Issue 20 acceptance, the phone's half: forms filled without a signal wait in the browser's
outbox (IndexedDB) and are stored exactly once when the connection returns; pages opened before
read offline from the service worker's cache; signing out leaves nothing behind."""

from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from sigap.cases.models import Attachment, Report
from sigap.programme import actions, stats
from sigap.programme.models import Attendance, ConditionReport, Outreach, Submission
from sigap.regions.models import Area
from tests import personas
from tests.browser.conftest import PHONE
from tests.browser.test_cases_e2e import photo_with_gps
from tests.browser.test_programme_medan import sign_in, with_totp
from tests.programme.conftest import make_malang_programme, make_medan_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PENDING = "Tersimpan di ponsel, belum terkirim"


@pytest.fixture
def cache_and_media(transactional_db, settings, tmp_path):
    call_command("createcachetable", verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "media"


def controlled(page):
    """Wait until the service worker runs this page, then load it again through the worker
    (which keeps it for reading offline)."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


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


def condition_report_filled_offline(new_page):
    """A Malang relawan on a phone, signed in, with the condition report form kept by the
    service worker and filled with the signal off; gives (programme, page)."""
    programme = make_malang_programme()
    page = new_page(viewport=PHONE)
    sign_in(page, personas.ketawanggede_relawan().username)
    page.goto(f"/program/{programme.pk}/laporan-kondisi/isi/")
    controlled(page)
    page.context.set_offline(True)
    fill_condition_report(page)
    return programme, page


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


def kept_items(page) -> list:
    return page.evaluate(
        """async () => {
          const key = document.querySelector('meta[name="sigap-user"]').content;
          return await SigapOutbox.db.list(SigapOutbox.dbName(key));
        }"""
    )


def test_outreach_with_a_photo_offline_then_stored_once(new_page, shot, cache_and_media):
    programme = make_malang_programme()
    relawan = personas.ketawanggede_relawan()
    page = new_page(viewport=PHONE)
    sign_in(page, relawan.username)
    page.goto(f"/program/{programme.pk}/jangkauan/catat/")
    controlled(page)

    page.context.set_offline(True)
    page.check("input[name=venue_type][value=posyandu]")
    page.fill("#id_adults_f", "14")
    page.fill("#id_children_f", "6")
    page.check("input[name=topics][value=online_recruitment]")
    page.set_input_files(
        "input[name=photo]",
        files=[{"name": "sosialisasi.jpg", "mimeType": "image/jpeg", "buffer": photo_with_gps()}],
    )
    page.click("button[name=save]")
    page.wait_for_selector(f"#outbox-text:has-text('{PENDING}: 1')")
    (item,) = kept_items(page)
    assert item["kind"] == "outreach"
    assert Outreach.objects.count() == 0

    # The outbox page lists it; the photo went with it.
    page.goto("/kotak-keluar/")
    page.wait_for_selector(f"[data-outbox-item='{item['id']}']")
    shot(page, "outbox")
    page.context.set_offline(False)
    status_starts(page, "Terkirim")
    outreach = Outreach.objects.get()
    assert (outreach.adults_f, outreach.children_f) == (14, 6)
    assert outreach.photo and outreach.photo.size > 0
    assert Submission.objects.filter(key=item["id"]).count() == 1
    shot(page, "sent")


def test_the_same_submission_sent_twice_is_one_record(new_page, shot):
    programme, page = condition_report_filled_offline(new_page)
    page.click("button[name=save]")
    page.wait_for_selector(f"#outbox-text:has-text('{PENDING}: 1')")
    (item,) = kept_items(page)

    page.context.set_offline(False)
    status_starts(page, "Terkirim")
    # The answer was lost on the way (a weak signal): the phone sends the same draft again.
    page.evaluate(
        """async (item) => {
          const key = document.querySelector('meta[name="sigap-user"]').content;
          await SigapOutbox.db.put(SigapOutbox.dbName(key), item);
        }""",
        item,
    )
    page.reload()
    status_starts(page, "Terkirim")
    assert kept_items(page) == []
    assert ConditionReport.objects.filter(programme=programme).count() == 1
    assert Submission.objects.filter(key=item["id"]).count() == 1
    shot(page, "replayed")


def test_a_stale_edit_gets_the_choice_screen(new_page, shot):
    programme = make_malang_programme()
    relawan = personas.ketawanggede_relawan()
    area = Area.objects.get(code=personas.KETAWANGGEDE)
    period = stats.open_periods(programme, timezone.localdate())[0]
    report = file_report(relawan, programme, area, period, number=1)
    page = new_page(viewport=PHONE)
    sign_in(page, relawan.username)
    page.goto(f"/program/laporan/{report.pk}/ubah/")
    controlled(page)

    page.context.set_offline(True)
    page.locator("input[type=number]").first.fill("7")
    page.click("button[name=save]")
    page.wait_for_selector(f"#outbox-text:has-text('{PENDING}: 1')")
    # Meanwhile the report is corrected from another phone.
    file_report(relawan, programme, area, period, number=2, base_version=report.version)

    page.context.set_offline(False)
    status_starts(page, "Belum terkirim")
    (item,) = kept_items(page)
    assert item["state"] == "stale" or item["state"] == "conflict"
    page.click("[data-outbox-send]")
    page.wait_for_selector("#outbox-versions")
    shot(page, "choice")
    page.click("button:has-text('Simpan versi saya')")
    page.wait_for_url(f"**/program/laporan/{report.pk}/")
    assert kept_items(page) == []
    report.refresh_from_db()
    assert report.version == 3
    shot(page, "kept-mine")


def file_report(user, programme, area, period, *, number: int, base_version=None):
    values = {
        indicator.pk: {"number": number, "yes_no": False}.get(indicator.kind, "")
        for indicator in programme.indicators.all()
    }
    return actions.condition_file(
        actor=user,
        programme=programme,
        area=area,
        period_start=period,
        values=values,
        base_version=base_version,
    )


def test_sign_out_leaves_no_outbox_and_no_kept_pages(new_page, shot):
    programme, page = condition_report_filled_offline(new_page)
    form_url = f"/program/{programme.pk}/laporan-kondisi/isi/"
    page.click("button[name=save]")
    page.wait_for_selector(f"#outbox-text:has-text('{PENDING}: 1')")
    # Stuck (the server asked for a choice), so it is still there when the signal returns.
    page.evaluate(
        """async () => {
          const key = document.querySelector('meta[name="sigap-user"]').content;
          const name = SigapOutbox.dbName(key);
          const [item] = await SigapOutbox.db.list(name);
          item.state = "conflict";
          await SigapOutbox.db.put(name, item);
        }"""
    )
    page.context.set_offline(False)
    assert storage(page) == {"outbox": 1, "pages": True}

    questions = []
    page.on("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.click("label.menu-button")
    page.click("text=Keluar")
    page.wait_for_url("**/akun/masuk/**")
    assert questions and "belum terkirim" in questions[0]
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    assert storage(page) == {"outbox": 0, "pages": False}
    # Without a signal the form is not there any more: only the page that names no one.
    page.context.set_offline(True)
    page.goto(form_url)
    page.wait_for_selector("h1:has-text('Tidak ada sinyal')")
    assert "Ketawanggede" not in page.content()
    shot(page, "signed-out-offline")


def storage(page) -> dict:
    return page.evaluate(
        """async () => {
          const dbs = (await indexedDB.databases()).filter(d => d.name.startsWith("sigap-outbox-"));
          let outbox = 0;
          for (const d of dbs) { outbox += (await SigapOutbox.db.list(d.name)).length; }
          const pages = (await caches.keys()).some(name => name.startsWith("sigap-pages-"));
          return { outbox, pages };
        }"""
    )


def test_anonymous_report_written_offline_gets_its_receipt_later(new_page, shot, cache_and_media):
    page = new_page(viewport=PHONE)
    page.goto("/lapor/")
    controlled(page)
    page.fill("input[name=area_query]", "Terjun")
    page.check(f"input[name=area][value='{personas.TERJUN}']")

    page.context.set_offline(True)
    page.fill(
        "textarea[name=what]",
        "Tetangga saya direkrut lewat Facebook untuk kerja admin di Kamboja, gaji 15 juta, "
        "berangkat pakai visa turis minggu depan.",
    )
    page.check("input[name=indicators][value=tourist_visa]")
    page.set_input_files(
        "input[name=attachments]",
        files=[{"name": "foto.jpg", "mimeType": "image/jpeg", "buffer": photo_with_gps()}],
    )
    page.click("form[data-outbox] > button[type=submit]")
    page.wait_for_selector(f"#outbox-text:has-text('{PENDING}: 1')")
    page.goto("/kotak-keluar/")
    page.wait_for_selector("text=Buang draf")
    shot(page, "draft-kept")
    assert Report.objects.count() == 0

    page.context.set_offline(False)
    page.wait_for_selector("#receipt-code")
    code = page.inner_text("#receipt-code").strip()
    assert len(code) >= 8
    assert Report.objects.count() == 1
    assert Attachment.objects.count() == 1
    assert page.evaluate("SigapOutbox.db.list('sigap-drafts')") == []
    shot(page, "receipt")


def test_a_post_lost_on_a_weak_signal_is_kept_not_lost(new_page, shot, cache_and_media):
    """The phone believes it is online (a signal bar, Wi-Fi without internet) but the post
    never leaves: the worker keeps it in the outbox instead of the browser's error page."""
    programme = make_malang_programme()
    relawan = personas.ketawanggede_relawan()
    page = new_page(viewport=PHONE)
    sign_in(page, relawan.username)
    form_url = f"/program/{programme.pk}/jangkauan/catat/"
    page.goto(form_url)
    controlled(page)

    def lost(route):
        if route.request.method == "POST":
            return route.abort("internetdisconnected")
        return route.continue_()

    page.context.route(f"**{form_url}", lost)
    title = page.get_attribute("form[data-outbox]", "data-outbox-title")
    page.check("input[name=venue_type][value=posyandu]")
    page.fill("#id_adults_f", "9")
    page.check("input[name=topics][value=online_recruitment]")
    page.click("button[name=save]")
    # The form page again, saying the post was kept (and, as the phone seems online, that a
    # first try to send it found no connection either).
    page.wait_for_selector(f"#outbox-text:has-text('{PENDING}: 1')")
    assert "tersimpan" not in page.url
    (item,) = kept_items(page)
    assert (item["kind"], item["title"]) == ("outreach", title)
    assert Outreach.objects.count() == 0
    shot(page, "kept")

    page.context.unroute(f"**{form_url}")
    page.click("[data-outbox-send]")
    status_starts(page, "Terkirim")
    assert Outreach.objects.get().adults_f == 9


def test_a_stuck_item_is_opened_fixed_and_sent(new_page, shot):
    programme, page = condition_report_filled_offline(new_page)
    first = page.locator("input[type=number]").first
    first.fill("-1")  # the server refuses a negative count
    page.click("button[name=save]")
    page.wait_for_selector(f"#outbox-text:has-text('{PENDING}: 1')")

    page.context.set_offline(False)
    status_starts(page, "Belum terkirim")
    (item,) = kept_items(page)
    assert item["state"] == "invalid"
    page.goto("/kotak-keluar/")
    page.wait_for_selector("text=perlu diperbaiki")
    shot(page, "stuck")
    page.click(f"[data-outbox-item='{item['id']}'] >> text=Buka formulir")
    page.wait_for_url("**kotak=*")
    first = page.locator("input[type=number]").first
    page.wait_for_function("() => document.querySelector('form[data-outbox-restored]') !== null")
    assert first.input_value() == "-1"
    assert page.input_value("input[name=submission_id]") == item["id"]
    first.fill("3")
    page.click("button[name=save]")
    status_starts(page, "Terkirim")
    assert kept_items(page) == []
    report = ConditionReport.objects.get(programme=programme)
    numbers = [value.number for value in report.values.all() if value.number is not None]
    assert 3 in numbers and sum(numbers) == 3
    shot(page, "fixed-and-sent")


def test_attendance_ticked_offline_is_saved_when_the_signal_returns(new_page, shot):
    coordinator = personas.medan_coordinator()
    secret = with_totp(coordinator)
    event = actions.event_create(
        actor=None,
        programme=make_medan_programme(),
        kind="sosialisasi",
        title="Sosialisasi Pencegahan TPPO",
        area=Area.objects.get(code=personas.TERJUN),
        venue="Kantor Lurah Terjun",
        starts_on=date(2026, 3, 10),
        days=2,
    )
    for name, sex in [("Ani (Demo)", "p"), ("Budi (Demo)", "l"), ("Citra (Demo)", "p")]:
        actions.participant_register(actor=None, event=event, name=name, sex=sex)
    page = new_page(viewport=PHONE)
    sign_in(page, coordinator.username, secret=secret)
    page.goto(f"/program/kegiatan/{event.pk}/kehadiran/")
    controlled(page)

    page.context.set_offline(True)
    for box in page.locator("input[type=checkbox]").all():
        box.check()
    page.click("text=Simpan kehadiran")
    page.wait_for_selector(f"#outbox-text:has-text('{PENDING}: 1')")
    assert Attendance.objects.count() == 0
    shot(page, "kept")
    page.context.set_offline(False)
    status_starts(page, "Terkirim")
    assert Attendance.objects.filter(participant__event=event).count() == 6

"""WhatsApp, Telegram and SMS through the demo's simulator, clicked through in Chromium.

A resident reports a recruiter by WhatsApp in the simulator, with a photo of the offer, and
gets a receipt code → a case
worker finds the report in triage with channel WhatsApp and replies → the resident reads the
reply in the simulator → a resident forwards a Cambodia "admin online" offer and gets "Risiko
tinggi" with reasons → a focal point links their Telegram chat with a one-time code and gets
the notice of a new referral there. The messages go through SIGAP's real webhooks, tasks and
transports; only the provider is the simulator on the same test server.
"""

import io
import re

import pytest
from django.core.management import call_command
from PIL import Image

from sigap.cases import actions as cases
from sigap.cases import referral_actions
from sigap.cases.choices import TraffickingStatus
from sigap.cases.models import Attachment, Report
from sigap.tasks.worker import run_pending
from tests import personas
from tests.browser.conftest import PHONE, sign_in, with_totp
from tests.simulator.conftest import simulator_settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESIDENT = "6281234500077"
STAFF_CHAT = "700100001"
JOB_POST = (
    "Lowongan kerja admin online di Kamboja! Gaji 15 juta per bulan, tanpa pengalaman, tanpa "
    "biaya. Tiket pesawat dan visa ditanggung, berangkat minggu depan pakai visa turis. Paspor "
    "dipegang perusahaan selama kontrak. Minat? Hubungi WA 0812-9999-1234, kuota terbatas!"
)


@pytest.fixture
def simulator(live_server, settings, transactional_db):
    call_command("createcachetable", verbosity=0)
    simulator_settings(settings, live_server.url)


def work() -> None:
    """What `make demo`'s worker does: run the queued tasks (answers, sends) until none is left."""
    while run_pending():
        pass


def send(page, click) -> None:
    """Send from the simulator and wait for its answer: by then SIGAP's webhook has stored the
    message and queued its task (the page's polling may show the message earlier)."""
    with page.expect_response(lambda r: r.url.endswith("/kanal/simulator/kirim/")) as sent:
        click()
    assert sent.value.ok


def answered(page, before: int, expect: str) -> str:
    """Run SIGAP's tasks until a reply after the first ``before`` holds ``expect``."""
    work()
    page.locator(".sim-theirs").nth(before).wait_for()
    reply = page.locator(".sim-theirs").last
    reply.filter(has_text=expect).wait_for()
    return reply.inner_text()


def say(page, text: str, expect: str) -> str:
    """Type ``text`` in the simulator, let SIGAP work, wait for a reply holding ``expect``; the
    text of the newest reply."""
    before = page.locator(".sim-theirs").count()
    page.fill("#sim-text", text)
    send(page, lambda: page.click("#sim-send button[type=submit]"))
    return answered(page, before, expect)


def small_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 80), (200, 60, 40)).save(out, format="JPEG")
    return out.getvalue()


def send_photo(page, expect: str) -> str:
    before = page.locator(".sim-theirs").count()
    page.set_input_files(
        "#sim-photo",
        files=[{"name": "iklan.jpg", "mimeType": "image/jpeg", "buffer": small_jpeg()}],
    )
    send(page, lambda: page.click("#sim-send button[type=submit]"))
    return answered(page, before, expect)


def resident_reports_by_whatsapp(page, shot) -> str:
    page.goto(f"/kanal/simulator/?kanal=whatsapp&nomor={RESIDENT}")
    assert page.locator("label[for=sim-text]").is_visible()
    say(page, "LAPOR", "(1/4)")
    say(
        page,
        "Tetangga saya ditawari kerja admin di Kamboja gaji 15 juta, paspor ditahan agen.",
        "(2/4)",
    )
    answer = say(page, "Terjun", "")
    if "(3/4)" not in answer:  # several places by that name: the first is Terjun, Medan Marelan
        say(page, "1", "(3/4)")
    say(page, "0812-3456-7890", "(4/4)")
    send_photo(page, "Foto: ya")
    receipt = say(page, "YA", "")
    shot(page, "1-resident-reports-by-whatsapp")
    code = re.search(r"\d{4} \d{4} \d{4} \d{4}", receipt)
    assert code, receipt
    return code.group(0)


def case_worker_replies(new_page, shot, worker, report) -> str:
    page = new_page()
    sign_in(page, worker)
    page.goto("/laporan/")
    row = page.locator("tr", has=page.locator(f"a[href='/laporan/{report.pk}/']"))
    assert "WhatsApp" in row.inner_text()
    page.click(f"a[href='/laporan/{report.pk}/']")
    assert "WhatsApp" in page.inner_text("main")
    reply = "Terima kasih, laporan Anda sedang kami tangani."
    page.fill("#messages textarea[name=body]", reply)
    page.click("#messages button[type=submit]")
    page.locator("#messages", has_text=reply).wait_for()
    shot(page, "2-case-worker-replies")
    return reply


def focal_point_links_telegram(new_page, shot, focal):
    page = new_page()
    sign_in(page, focal)
    page.goto("/akun/saya/")
    page.click("a[href='/notifikasi/pesan/']")
    page.click("form[action='/notifikasi/pesan/kode/'] button")
    code = page.inner_text("#link-code").strip()
    page.check("input[name=kinds][value='cases.referral']")
    page.click("form[action='/notifikasi/pesan/pilihan/'] button")
    chat = new_page(viewport=PHONE)
    chat.set_default_timeout(30000)
    chat.goto(f"/kanal/simulator/?kanal=telegram&nomor={STAFF_CHAT}")
    say(chat, f"/start {code}", "Terhubung")
    page.goto("/notifikasi/pesan/")
    assert "Terhubung" in page.inner_text("main")
    shot(page, "5-focal-point-linked")
    return chat


def refer(report, worker):
    """The case worker's part, already clicked through in test_cases_e2e: a case with consent,
    referred to UPTD PPA Kota Medan."""
    cases.report_triage(report=report, actor=worker, decision=TraffickingStatus.POSSIBLE)
    case = cases.case_open(report=report, actor=worker)
    victim = cases.victim_add(case=case, actor=worker, first_name="Siti", birth_year=1998)
    referral_actions.consent_record(
        case=case,
        victim=victim,
        actor=worker,
        given_by="victim",
        for_services=True,
        for_disclosure=True,
    )
    return referral_actions.case_refer(
        case=case, actor=worker, organisation=personas.uptd_ppa_medan(), service="shelter"
    )


def test_report_reply_job_check_and_referral_notice_by_message(
    new_page, shot, simulator, medan_case_worker, uptd_focal_point
):
    worker, focal = with_totp(medan_case_worker), with_totp(uptd_focal_point)
    resident = new_page(viewport=PHONE)
    resident.set_default_timeout(30000)  # a loaded CI machine: the worker's send, then a poll
    code = resident_reports_by_whatsapp(resident, shot)
    report = Report.objects.get()
    assert report.channel == "whatsapp" and report.is_anonymous
    assert Attachment.objects.filter(report=report).count() == 1  # fetched from the simulator
    assert Report.objects.with_receipt(code.replace(" ", "")).get() == report

    reply = case_worker_replies(new_page, shot, worker, report)
    work()
    resident.locator(".sim-theirs", has_text=reply).wait_for()
    shot(resident, "3-resident-reads-the-reply")

    answer = say(resident, f"CEK {JOB_POST}", "Risiko tinggi")
    assert "Alasan utama:" in answer and "Negara tujuan" in answer
    shot(resident, "4-job-post-high-risk")

    chat = focal_point_links_telegram(new_page, shot, focal)
    referral = refer(report, worker)
    work()
    notice = chat.locator(".sim-theirs", has_text=referral.reference)
    notice.wait_for()
    assert f"/rujukan/{referral.pk}/" in notice.inner_text()
    assert "Siti" not in notice.inner_text()  # a reference and a link, no personal data
    chat.goto(f"/kanal/simulator/staf/?nomor={STAFF_CHAT}")
    chat.locator(".sim-theirs", has_text=referral.reference).wait_for()
    shot(chat, "6-focal-point-telegram-notice")

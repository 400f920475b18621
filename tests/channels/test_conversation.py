"""The guided report by message, end to end: webhook → stored → task → reply through the
(fake) provider, for WhatsApp and Telegram; the report filed, the team's reply reaching the
resident, the mask staff see, the limits, and the erasure. Only the provider's API is
replaced."""

import io
import json
import logging
import time
from datetime import timedelta
from itertools import count

import pytest
from django.utils import timezone
from PIL import Image

from sigap.cases import actions as cases
from sigap.cases import choices as c
from sigap.cases.models import Report
from sigap.channels.models import (
    Contact,
    Conversation,
    InboundMessage,
    OutboundMessage,
    ReportContact,
    mask_address,
)
from sigap.people.models import AuditEvent
from tests.channels.conftest import (
    SMS_KEY,
    SMS_USER,
    fixture_json,
    post_sms,
    post_telegram,
    post_whatsapp,
)
from tests.conftest import login

pytestmark = pytest.mark.django_db

NUMBER = "6281234567890"
OTHER = "6285711112222"
CHAT = "555000111"
WHAT = "Ada tawaran kerja di Malaysia, gaji 15 juta, paspor ditahan agen, berangkat besok."
_ids = count(1)


def wa_body(text: str = "", sender: str = NUMBER, photo: str = "") -> bytes:
    data = fixture_json("whatsapp_image.json" if photo else "whatsapp_text.json")
    message = data["entry"][0]["changes"][0]["value"]["messages"][0]
    message.update(id=f"wamid.CONV{next(_ids)}", timestamp=str(int(time.time())))
    message["from"] = sender
    if photo:
        message["image"] = {"id": photo, "mime_type": "image/jpeg", "caption": text}
    else:
        message["text"] = {"body": text}
    return json.dumps(data).encode()


def tg_body(text: str = "", sender: str = CHAT, photo: str = "") -> bytes:
    message = {
        "message_id": next(_ids),
        "from": {"id": int(sender), "is_bot": False, "first_name": "Budi", "language_code": "id"},
        "chat": {"id": int(sender), "first_name": "Budi", "type": "private"},
        "date": int(time.time()),
    }
    if photo:
        message["photo"] = [{"file_id": "small", "width": 90}, {"file_id": photo, "width": 800}]
        if text:
            message["caption"] = text
    else:
        message["text"] = text
    return json.dumps({"update_id": 700_000 + next(_ids), "message": message}).encode()


def sms_params(text: str, sender: str) -> dict:
    params = {"userid": SMS_USER, "password": SMS_KEY, "original": sender, "sendto": "93456"}
    return params | {"messageid": f"sms-conv-{next(_ids)}", "message": text, "dcs": "0"}


class Resident:
    """One person writing to SIGAP on one channel; ``says`` returns SIGAP's reply (None: no
    reply), ``inbox`` every text the provider was asked to deliver to them."""

    def __init__(self, channel, address, client, provider, drain, capture):
        self.channel, self.address = channel, address
        self.client, self.provider, self.drain, self.capture = client, provider, drain, capture

    def says(self, text: str = "", photo: str = "") -> str | None:
        before = len(self.inbox())
        with self.capture(execute=True):
            if self.channel == "whatsapp":
                response = post_whatsapp(self.client, wa_body(text, self.address, photo))
            elif self.channel == "telegram":
                response = post_telegram(self.client, tg_body(text, self.address, photo))
            else:
                response = post_sms(self.client, sms_params(text, self.address))
            assert response.status_code == 200
        self.drain()
        new = self.inbox()[before:]
        assert len(new) <= 1  # one message in, at most one reply out
        return new[0] if new else None

    def inbox(self) -> list[str]:
        if self.channel == "sms":
            return [" ".join(parts) for parts in self.sms_inbox().values()]
        texts = []
        for path, body, _headers in self.provider.requests:
            if self.channel == "whatsapp" and path.endswith("/messages"):
                if body.get("to") == self.address:
                    texts.append(body["text"]["body"])
            elif self.channel == "telegram" and path.endswith("/sendMessage"):
                if str(body.get("chat_id")) == self.address:
                    texts.append(body["text"])
        return texts

    def sms_inbox(self) -> dict[str, list[str]]:
        """Each message's SMS parts (a long text goes as up to four SMS, in order)."""
        messages: dict[str, list[str]] = {}
        for path, body, _headers in self.provider.requests:
            if path.startswith("/sms") and body.get("sendto") == self.address:
                messages.setdefault(body["messageid"].split(".")[0], []).append(body["message"])
        return messages

    @property
    def contact(self) -> Contact:
        return Contact.objects.get(pk=InboundMessage.objects.latest("pk").contact_id)


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def resident(client, provider, drain, django_capture_on_commit_callbacks, areas):
    provider.media["photo"] = (jpeg(), "image/jpeg")  # a real photo, as a phone sends it
    provider.media["notaphoto"] = (b"%PDF-1.4 not a photo", "image/jpeg")

    def make(channel: str = "whatsapp", address: str | None = None) -> Resident:
        address = address or (NUMBER if channel == "whatsapp" else CHAT)
        return Resident(
            channel, address, client, provider, drain, django_capture_on_commit_callbacks
        )

    return make


def file_report(person: Resident, place: str = "Terjun", suspect: str = "LEWATI") -> str:
    """The whole conversation with plain answers; SIGAP's last reply (the receipt)."""
    person.says("LAPOR")
    person.says(WHAT)
    person.says(place)
    person.says(suspect)
    person.says("LEWATI")
    return person.says("YA")


def receipt_in(reply: str) -> str:
    line = next(line for line in reply.splitlines() if "tanda terima" in line.lower())
    return "".join(char for char in line if char.isdigit())


# ---------------------------------------------------------------------------- the report


@pytest.mark.parametrize("channel", ["whatsapp", "telegram"])
def test_a_resident_reports_by_message_and_gets_a_receipt_code(resident, channel):
    person = resident(channel)
    first = person.says("LAPOR")
    assert first.startswith("Laporkan kecurigaan perdagangan orang: 4 pertanyaan singkat.")
    assert "BATAL" in first and "(1/4) Apa yang terjadi?" in first
    assert "(2/4)" in person.says(WHAT)
    reply = person.says("terjun")
    assert reply.splitlines()[0] == "Wilayah: Kel. Terjun, Kec. Medan Marelan, Kota Medan."
    assert "(3/4)" in reply and "LEWATI" in reply
    assert "(4/4)" in person.says("0812-9999-8888, PT Maju Jaya Sejahtera")
    summary = person.says("ini fotonya", photo="photo")
    label = "WhatsApp" if channel == "whatsapp" else "Telegram"
    assert f"{label} tidak anonim" in summary
    assert "dihapus bersama laporan" in summary
    assert "Kel. Terjun, Kec. Medan Marelan, Kota Medan" in summary
    assert "0812-9999-8888, PT Maju Jaya Sejahtera" in summary
    assert "Foto: ya" in summary
    assert (
        summary.splitlines()[-1] == "Kirim YA untuk mengirim laporan, atau BATAL untuk membatalkan."
    )

    receipt = person.says("ya")
    code = receipt_in(receipt)
    assert len(code) == 16 and "/status/" in receipt
    report = Report.objects.get()
    assert Report.objects.with_receipt(code).get() == report
    assert (report.channel, report.is_anonymous, report.submitted_by) == (channel, True, None)
    assert (report.area_id, report.what) == ("12.71.12.1003", WHAT)
    assert report.suspect_identifiers == "0812-9999-8888, PT Maju Jaya Sejahtera"
    assert report.contact == ""  # the number is not in the report...
    assert report.contact_mask == person.contact.mask()  # ...only its mask
    link = ReportContact.objects.get()
    assert (link.report, link.contact) == (report, person.contact)
    assert not Conversation.objects.exists()
    # The photo: fetched from the provider, cleaned as uploads are, attached; its reference
    # is not kept.
    attachment = report.attachments.get()
    assert attachment.content_type == "image/jpeg" and link.photo_ref == ""
    assert report.timeline.filter(action="report.attached").exists()
    # The receipt code works here as on the status page.
    assert person.says(code) == "Status: Diterima, menunggu ditinjau"


def test_by_sms_three_questions_and_a_summary_that_fits_four_sms(resident):
    person = resident("sms", address="6285218761111")
    assert "(1/3)" in person.says("LAPOR")
    person.says(WHAT + " " + "Mereka bilang semua biaya ditanggung, cukup bawa KTP. " * 4)
    assert "(3/3)" in person.says("Terjun")
    person.says("0812-9999-8888 PT Maju Jaya Sejahtera Abadi Sentosa Makmur, akun @lowongan.ln")
    summary_parts = list(person.sms_inbox().values())[-1]
    assert len(summary_parts) <= 4 and all(len(part) <= 160 for part in summary_parts)
    assert " ".join(summary_parts).endswith(
        "Kirim YA untuk mengirim laporan, atau BATAL untuk membatalkan."
    )
    assert "SMS tidak anonim" in " ".join(summary_parts) and "Foto" not in " ".join(summary_parts)
    receipt = person.says("YA")
    assert len(receipt_in(receipt)) == 16
    report = Report.objects.get()
    assert (report.channel, report.contact_mask) == ("sms", "+62 852-••••-•111")


def test_a_file_that_is_no_photo_is_not_attached(resident):
    person = resident("telegram")
    person.says("LAPOR")
    person.says(WHAT)
    person.says("Terjun")
    person.says("LEWATI")
    assert "Foto: ya" in person.says("", photo="notaphoto")
    assert "Kode tanda terima" in person.says("YA")
    report = Report.objects.get()
    assert not report.attachments.exists()
    assert ReportContact.objects.get().photo_ref == ""  # refused, not kept for later


def test_the_report_is_filed_once_even_if_confirmed_twice(resident):
    person = resident()
    file_report(person)
    assert person.says("YA").startswith("Maaf")  # no conversation any more: not understood
    assert Report.objects.count() == 1


def test_telegram_commands_start_it_too(resident):
    person = resident("telegram")
    assert "(1/4)" in person.says("/lapor@SigapBot")
    assert "(1/4)" in person.says("/report")


def test_text_after_the_keyword_answers_the_first_question(resident):
    person = resident()
    reply = person.says("LAPOR " + WHAT)
    assert "(1/4)" not in reply and "(2/4)" in reply
    assert json.loads(Conversation.objects.get().data)["what"] == WHAT


def test_in_english_when_the_resident_writes_report(resident):
    person = resident()
    assert person.says("REPORT").startswith("Report a suspicion of human trafficking")
    assert "(2/4) Where" in person.says("They took my sister's passport at the agency.")
    assert person.says("Terjun").startswith(
        "Area: Kel. Terjun"
    )  # an Indonesian name: still English
    assert "(4/4)" in person.says("skip")
    summary = person.says("skip")
    assert "WhatsApp is not anonymous" in summary and "Photo: no" in summary
    receipt = person.says("yes")
    assert "Receipt code:" in receipt
    assert Report.objects.get().channel == "whatsapp"


# ---------------------------------------------------------------------------- each step checks


def test_where_offers_numbered_choices_when_several_areas_match(resident):
    person = resident()
    person.says("LAPOR")
    person.says(WHAT)
    choices = person.says("Klojen").splitlines()
    assert choices[0] == "Wilayah mana yang Anda maksud? Balas dengan nomornya:"
    assert choices[1:3] == [
        "1. Kec. Klojen, Kota Malang",
        "2. Kel. Klojen, Kec. Klojen, Kota Malang",
    ]
    assert person.says("7") == "Balas dengan nomor 1 sampai 2, atau kirim nama lain."
    assert person.says("2").startswith("Wilayah: Kel. Klojen, Kec. Klojen, Kota Malang.")
    assert json.loads(Conversation.objects.get().data)["area"] == "35.73.02.1001"


def test_a_misspelt_name_gets_the_close_areas_to_choose_from(resident):
    person = resident()
    person.says("LAPOR")
    person.says(WHAT)
    lines = person.says("sukaramai").splitlines()
    assert "1. Kel. Sukaramai I, Kec. Medan Area, Kota Medan" in lines
    assert "2. Kel. Sukaramai II, Kec. Medan Area, Kota Medan" in lines
    assert person.says("2").startswith("Wilayah: Kel. Sukaramai II")


def test_a_kota_alone_is_not_enough_and_the_next_name_is_looked_for_inside_it(resident):
    person = resident()
    person.says("LAPOR")
    person.says(WHAT)
    assert person.says("Medan") == (
        "Kota Medan terlalu luas. Kirim nama kecamatan atau kelurahan/desa di Kota Medan."
    )
    assert person.says("marelan").startswith("Wilayah: Kec. Medan Marelan, Kota Medan.")


def test_a_name_of_two_kota_or_kabupaten_narrows_to_both(resident):
    person = resident()
    person.says("LAPOR")
    person.says(WHAT)
    assert person.says("Malang").startswith("Kabupaten Malang / Kota Malang terlalu luas.")
    assert person.says("klojen").splitlines()[1] == "1. Kec. Klojen, Kota Malang"


def test_an_unknown_place_is_asked_again(resident):
    person = resident()
    person.says("LAPOR")
    person.says(WHAT)
    assert person.says("Qwzxv").startswith("Kami tidak menemukan kelurahan, desa, atau kecamatan")
    assert Conversation.objects.get().step == "where"


def test_answers_are_checked_and_the_question_asked_again(resident):
    person = resident()
    person.says("LAPOR")
    assert person.says("tolong").startswith("Mohon ceritakan sedikit lebih banyak")
    assert person.says("x" * 2001).startswith("Terlalu panjang: paling banyak 2000 karakter")
    assert person.says("", photo="photo").startswith("Foto disimpan. (1/4)")
    person.says(WHAT)
    person.says("Terjun")
    assert person.says("y" * 501).startswith("Terlalu panjang: paling banyak 500 karakter")
    person.says("LEWATI")
    assert person.says("nanti saja") == "Kirim foto, atau LEWATI untuk lanjut tanpa foto."
    summary = person.says("lewati")
    assert "Foto: ya" in summary  # the photo sent early is kept
    assert person.says("hmm") == "Kirim YA untuk mengirim laporan, atau BATAL untuk membatalkan."
    assert Conversation.objects.get().step == "confirm" and not Report.objects.exists()


@pytest.mark.parametrize("answers", [[], [WHAT], [WHAT, "Terjun"], [WHAT, "Terjun", "LEWATI"]])
def test_batal_cancels_at_any_step(resident, answers):
    person = resident()
    person.says("LAPOR")
    for text in answers:
        person.says(text)
    assert (
        person.says("batal")
        == "Laporan dibatalkan; tidak ada yang dikirim. Kirim LAPOR untuk mulai lagi."
    )
    assert not Conversation.objects.exists() and not Report.objects.exists()


def test_a_conversation_silent_for_a_day_is_forgotten(resident):
    person = resident()
    person.says("LAPOR")
    person.says(WHAT)
    Conversation.objects.update(updated_at=timezone.now() - timedelta(hours=24, minutes=1))
    assert person.says("Terjun").startswith("Maaf")  # no conversation: not understood
    assert not Conversation.objects.exists()
    # Another contact's silent conversation is swept by any message that comes in.
    person.says("LAPOR")
    Conversation.objects.update(updated_at=timezone.now() - timedelta(days=2))
    resident(address=OTHER).says("halo")
    assert not Conversation.objects.exists()


def test_stop_ends_the_conversation_and_help_mentions_lapor(resident):
    person = resident()
    assert "LAPOR" in person.says("menu")
    person.says("LAPOR")
    assert "MULAI" in person.says("STOP")
    assert not Conversation.objects.exists()
    assert person.says("LAPOR") is None  # stopped: nothing back
    assert "tidak anonim" in person.says("mulai")


# ---------------------------------------------------------------------------- limits


def test_messages_past_the_limit_get_one_answer_saying_so(resident):
    person = resident()
    for _i in range(20):
        assert person.says("halo") is not None
    assert person.says("halo") == (
        "Anda mengirim banyak pesan dalam waktu singkat. Tunggu 10 menit, lalu kirim lagi."
    )
    assert person.says("halo") is None
    assert person.says("LAPOR") is None
    assert resident(address=OTHER).says("halo") is not None  # counted per contact


def test_three_reports_a_day_per_contact(resident):
    person = resident()
    person.says("halo")
    for _i in range(3):
        report, _code = cases.report_submit(
            data={"area_id": "12.71.12.1003", "what": WHAT}, channel="whatsapp"
        )
        ReportContact.objects.create(report=report, contact=person.contact)
    assert person.says("LAPOR").startswith("Anda sudah mengirim 3 laporan hari ini")
    assert not Conversation.objects.exists()
    ReportContact.objects.update(created_at=timezone.now() - timedelta(days=1, minutes=1))
    assert "(1/4)" in person.says("LAPOR")


# ---------------------------------------------------------------------------- the team's reply


def test_the_teams_message_reaches_the_resident_and_nobody_else(
    resident, medan_case_worker, drain, django_capture_on_commit_callbacks
):
    person, other = resident(), resident(address=OTHER)
    code = receipt_in(file_report(person))
    other.says("halo")
    report = Report.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        cases.message_to_reporter(
            report=report, actor=medan_case_worker, body="Kami sudah menghubungi BP3MI."
        )
    drain()
    message = person.inbox()[-1].splitlines()
    assert message[0].startswith("Pesan dari tim SIGAP tentang laporan Anda tanggal ")
    assert message[1] == "Kami sudah menghubungi BP3MI."
    assert message[-1] == "Untuk menjawab tim, kirim BALAS dan pesan Anda."
    assert all("BP3MI" not in text for text in other.inbox())
    # The status by receipt code shows it too, as before.
    assert person.says(code).endswith("Kami sudah menghubungi BP3MI.")


def test_a_resident_who_sent_stop_gets_no_team_message(
    resident, medan_case_worker, drain, django_capture_on_commit_callbacks
):
    person = resident("telegram")
    file_report(person)
    person.says("STOP")
    sent = len(person.inbox())
    with django_capture_on_commit_callbacks(execute=True):
        cases.message_to_reporter(
            report=Report.objects.get(), actor=medan_case_worker, body="Kami hubungi Anda."
        )
    drain()
    assert len(person.inbox()) == sent


def test_the_team_writes_from_the_report_page_and_the_resident_gets_it(
    client, resident, medan_case_worker, drain, django_capture_on_commit_callbacks
):
    person = resident()
    file_report(person)
    report = Report.objects.get()
    login(client, medan_case_worker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/laporan/{report.pk}/message/", {"body": "Terima kasih, kami tindak lanjuti."}
        )
    assert response.status_code in (302, 303)
    drain()
    assert "\nTerima kasih, kami tindak lanjuti.\n" in person.inbox()[-1]


def test_the_resident_answers_the_team_with_balas(resident, medan_case_worker):
    from sigap.notifications.models import Notification

    person = resident()
    assert person.says("BALAS halo") == (
        "Tidak ada laporan yang dikirim dari nomor ini, jadi tidak ada yang bisa menerima pesan "
        "Anda. Kirim LAPOR untuk melapor."
    )
    file_report(person)
    assert person.says("balas").startswith("Tulis pesan Anda setelah BALAS")
    reply = person.says("BALAS Agennya menelepon lagi tadi malam, minta uang 5 juta untuk visa.")
    assert reply == "Pesan Anda sudah diteruskan ke tim yang menangani laporan Anda."
    message = Report.objects.get().messages.get()
    assert message.from_reporter and message.body.startswith("Agennya menelepon lagi")
    # The handlers are told there is a message, not what it says.
    notice = Notification.objects.get(kind="cases.message", recipient=medan_case_worker)
    assert "Agennya" not in notice.subject


# ---------------------------------------------------------------------------- what staff see


@pytest.mark.parametrize(
    ("channel", "address", "mask"),
    [
        ("whatsapp", "6281234567890", "+62 812-••••-•890"),
        ("sms", "081234567890", "+62 812-••••-•890"),
        ("sms", "+62 857-1111-2222", "+62 857-••••-•222"),
        ("whatsapp", "447700900123", "••••-•123"),
        ("telegram", "555000111", "••••-•111"),
        ("telegram", "42", "••••"),
    ],
)
def test_the_mask_keeps_the_prefix_and_three_digits(channel, address, mask):
    assert mask_address(channel, address) == mask


def test_staff_see_the_channel_and_the_mask_never_the_number(client, resident, medan_case_worker):
    person = resident()
    file_report(person)
    report = Report.objects.get()
    login(client, medan_case_worker)
    queue = client.get("/laporan/").content.decode()
    assert 'WhatsApp <span class="small muted">+62 812-••••-•890</span>' in queue
    assert NUMBER not in queue
    listed = AuditEvent.objects.get(action="personal.read", reason="reports.queue")
    assert listed.detail == {"reports": [report.pk]}
    page = client.get(f"/laporan/{report.pk}/").content.decode()
    assert "WhatsApp pelapor:</strong> +62 812-••••-•890" in page
    for part in (NUMBER, NUMBER[2:], "0" + NUMBER[2:], "1234567890"):
        assert part not in page
    read = AuditEvent.objects.filter(action="personal.read", object_id=str(report.pk)).get()
    assert read.reason == "report.view"


# ---------------------------------------------------------------------------- erasure


def _judged_long_ago(report: Report, worker) -> None:
    cases.report_triage(report=report, actor=worker, decision=c.TraffickingStatus.NOT_A_VICTIM)
    Report.objects.filter(pk=report.pk).update(triaged_at=timezone.now() - timedelta(days=400))


def test_erasing_the_report_erases_the_number_and_conversation(
    resident, medan_case_worker, settings
):
    settings.SIGAP_REPORT_RETENTION_DAYS = 365
    person = resident()
    file_report(person)
    person.says("LAPOR")  # a new report under way
    contact_pk = person.contact.pk
    report = Report.objects.get()
    _judged_long_ago(report, medan_case_worker)
    assert cases.reports_erase_expired() == [report.pk]
    report.refresh_from_db()
    assert report.contact_mask == "" and report.erased_at is not None
    assert not ReportContact.objects.exists()
    assert not Contact.objects.filter(pk=contact_pk).exists()
    assert not Conversation.objects.exists()
    assert not InboundMessage.objects.filter(contact_id=contact_pk).exists()
    assert not OutboundMessage.objects.filter(contact_id=contact_pk).exists()


def test_a_contact_with_another_report_stays_when_one_is_erased(
    resident, medan_case_worker, settings
):
    settings.SIGAP_REPORT_RETENTION_DAYS = 365
    person = resident()
    file_report(person)
    file_report(person, place="Klojen")
    person.says("1")  # Klojen: the kecamatan
    person.says("LEWATI")
    person.says("LEWATI")
    person.says("YA")
    first, second = Report.objects.order_by("pk")
    _judged_long_ago(first, medan_case_worker)
    cases.reports_erase_expired()
    assert list(ReportContact.objects.values_list("report", flat=True)) == [second.pk]
    assert Contact.objects.get().address == NUMBER


# ---------------------------------------------------------------------------- the rest


def test_nothing_of_one_residents_report_reaches_another(resident):
    person, other = resident(), resident(address=OTHER)
    code = receipt_in(file_report(person, suspect="0812-9999-8888"))
    replies = [other.says(text) for text in ("YA", "2", "Terjun", "LEWATI", "status", "halo")]
    replies.append(other.says("LAPOR"))
    replies.append(other.says("YA"))
    for reply in replies:
        for secret in (code, WHAT[:30], "0812-9999-8888", "Kel. Terjun", NUMBER, "+62 812"):
            assert secret not in reply
    assert Report.objects.count() == 1


def test_the_conversation_logs_no_number_and_no_answer(resident, medan_case_worker, caplog):
    caplog.set_level(logging.DEBUG)
    person = resident()
    code = receipt_in(file_report(person, suspect="0812-9999-8888"))
    person.says("BALAS Agennya menelepon lagi.")
    logged = caplog.text + "".join(str(record.args) for record in caplog.records)
    assert "inbound_process" in logged and "outbound_send" in logged  # the work is logged...
    for secret in (NUMBER, NUMBER[-8:], code, WHAT[:30], "0812-9999-8888", "Agennya"):
        assert secret not in logged


def test_the_contacts_last_message_time_opens_the_window(resident):
    person = resident()
    before = timezone.now() - timedelta(seconds=2)
    person.says("halo")
    assert person.contact.last_inbound_at >= before


def test_a_job_post_checked_by_message_is_counted_as_by_message(resident):
    from sigap.jobcheck.models import Check

    resident().says(
        "Dicari TKW ke Malaysia, tanpa biaya, gaji 15 juta per bulan, paspor ditahan agen selama "
        "kontrak, berangkat minggu depan"
    )
    assert Check.objects.get().source == "message"

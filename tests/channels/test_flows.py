"""What a resident gets back by message, end to end: webhook → stored → task → reply through
the (fake) provider. Only the provider's API is replaced."""

import json
import logging
import re
import time

import pytest

from sigap.channels.models import Contact, InboundMessage, OutboundMessage
from sigap.jobcheck.models import Check
from tests.channels.conftest import (
    TG_TOKEN,
    WA_TOKEN,
    fixture_bytes,
    fixture_json,
    post_telegram,
    post_whatsapp,
)

pytestmark = pytest.mark.django_db

POST = (
    "Dicari TKW ke Malaysia, tanpa biaya, tanpa pengalaman, gaji 15 juta per bulan, paspor "
    "ditahan agen selama kontrak, berangkat minggu depan lewat jalur belakang"
)
NUMBER = "6281234567890"
_counter = iter(range(10_000))


def wa_body(text: str, sender: str = NUMBER) -> bytes:
    data = fixture_json("whatsapp_text.json")
    message = data["entry"][0]["changes"][0]["value"]["messages"][0]
    message.update(id=f"wamid.TEST{next(_counter)}", text={"body": text})
    message["timestamp"] = str(int(time.time()))  # sent now: inside WhatsApp's 24-hour window
    message["from"] = sender
    return json.dumps(data).encode()


@pytest.fixture
def say(client, provider, drain, django_capture_on_commit_callbacks):
    """Send a WhatsApp text, run the tasks, return the text of the reply (None: no reply)."""

    def send(text: str, sender: str = NUMBER) -> str | None:
        before = len(provider.requests)
        with django_capture_on_commit_callbacks(execute=True):
            assert post_whatsapp(client, wa_body(text, sender)).status_code == 200
        drain()
        if len(provider.requests) == before:
            return None
        path, body, headers = provider.requests[-1]
        assert path == "/v21.0/106540352242922/messages"
        assert headers["Authorization"] == f"Bearer {WA_TOKEN}"
        assert body["to"] == sender
        return body["text"]["body"]

    return send


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # (what the resident writes, what the answer says)
        (POST, "Risiko tinggi"),
        ("cek " + POST, "Risiko tinggi"),
        ("Lowongan kasir di Kota Malang, gaji UMR, kirim lamaran ke kantor kami.", "Risiko rendah"),
        ("cek", "CEK"),
        ("halo", "tidak anonim"),
        ("apa kabar", "Maaf"),
        ("1234 5678 9012 3456", "Tidak ada laporan"),
        ("hello, please help", "not anonymous"),
        ("check " + POST.replace("Dicari", "Hiring"), "High risk"),
    ],
)
def test_each_kind_of_message_gets_its_answer(say, text, expected):
    reply = say(text)
    assert expected in reply


def test_a_job_post_gets_the_level_top_reasons_and_a_link(say):
    reply = say(POST)
    lines = reply.splitlines()
    assert lines[0] == "Cek Lowongan: Risiko tinggi"
    assert lines[1] == "Alasan utama:"
    assert [line.startswith("- ") for line in lines[2:5]] == [True, True, True]
    assert lines[-1].endswith("/cek-lowongan/")
    assert Check.objects.count() == 1  # counted as every check is; the text is not stored
    sent = OutboundMessage.objects.get()
    assert (sent.status, sent.attempts, sent.provider_id) == ("sent", 1, "wamid.OUTBOUND0001")


def test_a_receipt_code_gets_the_reports_stage_and_the_teams_message(say, areas, medan_case_worker):
    from sigap.cases import actions
    from tests.cases.conftest import report_data

    report, code = actions.report_submit(data=report_data(), channel="web")
    assert say(code) == "Status: Diterima, menunggu ditinjau"
    actions.message_to_reporter(report=report, actor=medan_case_worker, body="Kami hubungi BP3MI.")
    grouped = " ".join(code[i : i + 4] for i in range(0, 16, 4))
    assert say(grouped).splitlines()[-1].endswith("Kami hubungi BP3MI.")


def test_stop_silences_and_mulai_starts_again(say):
    assert "MULAI" in say("STOP")
    assert say("halo") is None
    assert say(POST) is None
    assert "tidak anonim" in say("mulai")
    assert Contact.objects.get().stopped_at is None


def test_the_number_is_kept_only_encrypted_and_hashed(say):
    say("halo")
    contact = Contact.objects.get()
    assert contact.address == NUMBER
    assert NUMBER not in contact.address_hash
    raw = Contact.objects.values_list("address", flat=True)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT address FROM {Contact._meta.db_table}")
        (stored,) = cursor.fetchone()
    assert NUMBER not in stored
    assert list(raw) == [NUMBER]
    say("menu")
    assert Contact.objects.count() == 1  # found again by its hash


def test_a_delivery_status_moves_the_reply_to_delivered(
    client, say, drain, django_capture_on_commit_callbacks
):
    say("halo")
    sent = OutboundMessage.objects.get()
    assert (sent.status, sent.provider_id) == ("sent", "wamid.OUTBOUND0001")
    with django_capture_on_commit_callbacks(execute=True):
        post_whatsapp(client, fixture_bytes("whatsapp_status.json"))
    drain()
    sent.refresh_from_db()
    assert sent.status == "delivered"
    assert InboundMessage.objects.filter(kind="status").get().processed_at is not None


def test_a_throttled_send_is_retried_and_then_sent(say, provider, no_backoff):
    provider.answers = [(429, "whatsapp_send_throttled.json")]
    assert "tidak anonim" in say("halo")
    sent = OutboundMessage.objects.get()
    assert (sent.status, sent.attempts, sent.error) == ("sent", 2, "")
    assert len(provider.requests) == 2


def test_telegram_edits_get_no_answer_and_a_message_gets_one(
    client, provider, drain, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_telegram(client, fixture_bytes("telegram_edited.json"))
    drain()
    assert provider.requests == []
    with django_capture_on_commit_callbacks(execute=True):
        post_telegram(client, fixture_bytes("telegram_message.json"))
    drain()
    ((path, body, _headers),) = provider.requests
    assert path == f"/bot{TG_TOKEN}/sendMessage"
    assert body["chat_id"] == "555000111" and "tidak anonim" in body["text"]


def test_no_token_secret_or_full_number_reaches_the_logs(say, provider, no_backoff, caplog):
    caplog.set_level(logging.DEBUG)
    provider.answers = [(500, "whatsapp_send_throttled.json")] * 2
    say(POST)
    say("1234 5678 9012 3456")
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert re.search(r"outbound \d+ (failed|throttled)", logged)  # the failed sends are logged...
    for secret in (WA_TOKEN, TG_TOKEN, NUMBER, NUMBER[-8:], "wa-app-secret-for-tests"):
        assert secret not in logged  # ...without a secret or the number
    from sigap.tasks.models import DeadLetter

    assert all(WA_TOKEN not in str(d.__dict__) for d in DeadLetter.objects.all())

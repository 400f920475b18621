"""No secret, token or full phone number in any log line: every logger at DEBUG (httpx and
httpcore included, which log each request's URL) through complete flows of the three
providers: inbound messages, replies sent, refusals, throttling, failures, a photo fetched."""

import json
import logging
import time

import pytest

from sigap.channels import outbound
from sigap.channels.models import Contact, OutboundMessage
from sigap.channels.transports import TransportError, transport
from tests.channels.conftest import (
    APP_SECRET,
    SMS_KEY,
    SMS_PATH,
    TG_PATH,
    TG_SECRET,
    TG_TOKEN,
    WA_TOKEN,
    fixture_bytes,
    fixture_json,
    post_sms,
    post_telegram,
    post_whatsapp,
    wa_signature,
)

pytestmark = pytest.mark.django_db

WA_NUMBER = "6281234567890"
SMS_NUMBER = "6285218761111"
TG_CHAT = "555000111"
SECRETS = [APP_SECRET, "wa-verify-token", WA_TOKEN, TG_TOKEN, TG_SECRET, TG_PATH, SMS_PATH, SMS_KEY]
NUMBERS = [WA_NUMBER, WA_NUMBER[-8:], SMS_NUMBER, SMS_NUMBER[-8:], TG_CHAT]


@pytest.fixture
def everything(caplog):
    """Every record of every logger, at DEBUG."""
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "httpcore.http11", "httpcore.connection", "django"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


@pytest.fixture
def run(django_capture_on_commit_callbacks, drain):
    """Call a webhook (or anything), then run the tasks it enqueued."""

    def call(do):
        with django_capture_on_commit_callbacks(execute=True):
            response = do()
        drain()
        return response

    return call


def wa_text(text: str, number: int) -> bytes:
    data = fixture_json("whatsapp_text.json")
    message = data["entry"][0]["changes"][0]["value"]["messages"][0]
    message.update(id=f"wamid.LOG{number}", text={"body": text}, timestamp=str(int(time.time())))
    return json.dumps(data).encode()


def test_no_secret_or_number_in_the_logs_of_whole_flows(
    client, provider, everything, run, no_backoff
):
    # WhatsApp: a bad signature, the handshake, a message answered after a throttled try, a
    # delivery report, a photo fetched, a refused send.
    body = wa_text("halo", 1)
    assert post_whatsapp(client, body, wa_signature(body, "guess")).status_code == 403
    assert client.get("/kanal/whatsapp/", {"hub.verify_token": "x"}).status_code == 403
    provider.answers = [(429, "whatsapp_send_throttled.json")]
    assert run(lambda: post_whatsapp(client, body)).status_code == 200
    run(lambda: post_whatsapp(client, fixture_bytes("whatsapp_status_read.json")))
    assert transport("whatsapp").fetch_media("photo")[0]
    provider.answers = [(400, "whatsapp_send_undeliverable.json")]
    run(lambda: post_whatsapp(client, wa_text("bantuan", 2)))

    # Telegram: a wrong secret header (Django logs the path, which holds the secret), a
    # message answered after a 429, a file fetched, a blocked bot, a server error retried.
    tg = fixture_bytes("telegram_message.json")
    assert post_telegram(client, tg, secret="wrong").status_code == 403
    provider.answers = [(429, "telegram_send_throttled.json")]
    assert run(lambda: post_telegram(client, tg)).status_code == 200
    assert transport("telegram").fetch_media("photo")[0]
    with pytest.raises(TransportError):
        transport("telegram").fetch_media("missing")
    chat = Contact.objects.get(channel="telegram")
    provider.answers = [(403, "telegram_send_blocked.json")]
    run(lambda: outbound.queue_text(chat, "halo"))
    provider.answers = [(500, "telegram_send_unauthorized.json")]
    run(lambda: outbound.queue_text(chat, "halo lagi"))

    # SMS: an address not allowed (the path in Django's line), a message answered, a delivery
    # report, a gateway that refuses the key.
    incoming = fixture_json("sms_incoming.json")
    assert post_sms(client, incoming, address="203.0.113.9").status_code == 403
    assert run(lambda: post_sms(client, incoming)).status_code == 200
    run(lambda: post_sms(client, fixture_json("sms_status_delivered.json")))
    provider.answers = [(200, "sms_send_auth.txt")]
    run(lambda: outbound.queue_text(Contact.objects.get(channel="sms"), "halo"))

    records = everything.records
    logged = everything.text + "".join(r.getMessage() for r in records)
    # The flows were logged: httpx's request lines, Django's refusals, the failures.
    assert "HTTP Request: POST" in logged and "HTTP Request: GET" in logged
    assert "Forbidden" in logged and "throttled" in logged and "failed" in logged
    assert {r.name for r in records} >= {"httpx", "django.request", "sigap.channels.outbound"}
    assert any(r.name.startswith("httpcore") for r in records)
    for secret in SECRETS + NUMBERS:
        assert secret not in logged, secret
    # Every channel sent something and one message of each kind of failure is visible.
    statuses = set(OutboundMessage.objects.values_list("channel", "status"))
    assert {("whatsapp", "delivered"), ("telegram", "sent"), ("sms", "sent")} <= statuses
    assert {("whatsapp", "failed"), ("telegram", "failed")} <= statuses
    assert "authentication refused" in logged  # the SMS gateway's refusal, then retried


def test_the_failed_task_list_holds_no_token(provider, run, no_backoff, settings):
    from sigap.tasks.models import DeadLetter

    chat = Contact.objects.create(channel="telegram", address=TG_CHAT, address_hash="h")
    provider.answers = [(500, "telegram_send_unauthorized.json")] * 10
    run(lambda: outbound.queue_text(chat, "halo"))
    letter = DeadLetter.objects.get()
    stored = json.dumps([letter.error, letter.traceback, letter.args, letter.kwargs])
    assert "HTTP 500" in letter.error
    for secret in (TG_TOKEN, TG_CHAT):
        assert secret not in stored

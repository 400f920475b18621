"""The webhooks: signed bodies stored once and answered 200 at once; anything else stored never."""

import pytest

from sigap.channels.models import InboundMessage
from tests.channels.conftest import (
    SMS_KEY,
    SMS_PATH,
    TG_PATH,
    fixture_bytes,
    fixture_json,
    post_sms,
    post_telegram,
    post_whatsapp,
    wa_signature,
)

pytestmark = pytest.mark.django_db


def test_a_signed_whatsapp_message_is_stored_encrypted_and_answered_200(client, provider):
    response = post_whatsapp(client, fixture_bytes("whatsapp_text.json"))
    assert response.status_code == 200
    row = InboundMessage.objects.get()
    assert (row.channel, row.kind, row.processed_at) == ("whatsapp", "text", None)
    assert "6281234567890" in row.payload  # decrypted on read...
    stored = InboundMessage.objects.values_list("payload", flat=True).query
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(str(stored))
        (raw,) = cursor.fetchone()
    assert "6281234567890" not in raw and raw.startswith("enc")  # ...ciphertext in the table


@pytest.mark.parametrize(
    "signature",
    ["", "sha256=", "sha256=" + "0" * 64, "sha1=abc", wa_signature(b"other body")],
)
def test_a_bad_signature_is_refused_and_nothing_is_stored(client, provider, signature):
    body = fixture_bytes("whatsapp_text.json")
    response = client.post(
        "/kanal/whatsapp/",
        data=body,
        content_type="application/json",
        headers={"X-Hub-Signature-256": signature} if signature else {},
    )
    assert response.status_code == 403
    assert not InboundMessage.objects.exists()


def test_a_replayed_message_is_stored_once(client, provider):
    body = fixture_bytes("whatsapp_text.json")
    for _ in range(3):
        assert post_whatsapp(client, body).status_code == 200
    assert InboundMessage.objects.count() == 1
    assert post_telegram(client, fixture_bytes("telegram_message.json")).status_code == 200
    assert post_telegram(client, fixture_bytes("telegram_message.json")).status_code == 200
    assert InboundMessage.objects.filter(channel="telegram").count() == 1


@pytest.mark.parametrize(
    "path", ["/kanal/whatsapp/", f"/kanal/telegram/{TG_PATH}/", f"/kanal/sms/{SMS_PATH}/"]
)
def test_a_2_mb_body_is_refused_and_nothing_is_stored(client, provider, path):
    body = b'{"entry": [], "pad": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    response = client.post(
        path,
        data=body,
        content_type="application/json",
        headers={"X-Hub-Signature-256": wa_signature(body)},
    )
    assert response.status_code == 413
    assert not InboundMessage.objects.exists()


def test_the_whatsapp_handshake_echoes_the_challenge_only_for_the_verify_token(client, provider):
    good = {"hub.mode": "subscribe", "hub.verify_token": "wa-verify-token"}
    response = client.get("/kanal/whatsapp/", good | {"hub.challenge": "1158201444"})
    assert (response.status_code, response.content) == (200, b"1158201444")
    wrong = good | {"hub.verify_token": "guess", "hub.challenge": "1158201444"}
    assert client.get("/kanal/whatsapp/", wrong).status_code == 403
    script = good | {"hub.challenge": "<script>alert(1)</script>"}
    assert client.get("/kanal/whatsapp/", script).status_code == 403


def test_telegram_needs_the_secret_path_and_the_secret_header(client, provider):
    body = fixture_bytes("telegram_message.json")
    assert post_telegram(client, body, path="wrong-path").status_code == 404
    assert post_telegram(client, body, secret="wrong").status_code == 403
    assert post_telegram(client, body, secret="").status_code == 403
    assert not InboundMessage.objects.exists()
    assert post_telegram(client, body).status_code == 200
    assert InboundMessage.objects.get().kind == "text"


def test_a_channel_without_its_secret_is_off(client, settings):
    settings.SIGAP_WHATSAPP_APP_SECRET = ""
    settings.SIGAP_TELEGRAM_SECRET = ""
    body = fixture_bytes("whatsapp_text.json")
    assert post_whatsapp(client, body, wa_signature(body, "")).status_code == 404
    assert (
        client.post("/kanal/telegram/x/", data=b"{}", content_type="application/json").status_code
        == 404
    )
    assert not InboundMessage.objects.exists()


def test_a_signed_body_that_is_not_json_is_a_400(client, provider):
    assert post_whatsapp(client, b"not json").status_code == 400
    assert not InboundMessage.objects.exists()


def test_a_channel_without_its_secret_path_is_off(client, provider, settings):
    settings.SIGAP_SMS_PATH = ""
    assert post_sms(client, fixture_json("sms_incoming.json"), path="").status_code == 404
    assert post_sms(client, fixture_json("sms_incoming.json"), path="x").status_code == 404
    assert not InboundMessage.objects.exists()


INCOMING = fixture_json("sms_incoming.json")

# Courier-style: (label, parameters, caller's address, path, expected status, rows stored)
SMS_CASES = [
    ("a message from the gateway", INCOMING, "127.0.0.1", SMS_PATH, 200, 1),
    ("a delivery report", fixture_json("sms_status_delivered.json"), "10.20.3.4", SMS_PATH, 200, 1),
    ("the wrong secret path", INCOMING, "127.0.0.1", "sms-path-guess", 404, 0),
    ("an address not allowed", INCOMING, "203.0.113.9", SMS_PATH, 403, 0),
    ("an IPv6 address not allowed", INCOMING, "2001:db8::1", SMS_PATH, 403, 0),
    ("no message id", {"original": "628123", "message": "x"}, "127.0.0.1", SMS_PATH, 400, 0),
    ("nothing at all", {}, "127.0.0.1", SMS_PATH, 400, 0),
]


@pytest.mark.parametrize(
    ("params", "address", "path", "status", "stored"),
    [case[1:] for case in SMS_CASES],
    ids=[case[0] for case in SMS_CASES],
)
def test_sms_gateway_calls(client, provider, params, address, path, status, stored):
    response = post_sms(client, params, path=path, address=address)
    assert response.status_code == status
    assert InboundMessage.objects.count() == stored
    if status == 200:
        assert response.content == b"000"  # what DartMedia's gateway waits for


def test_an_sms_is_stored_without_the_gateway_password_and_once(client, provider):
    for _ in range(2):
        assert post_sms(client, INCOMING).status_code == 200
    row = InboundMessage.objects.get()
    assert (row.channel, row.kind) == ("sms", "text")
    assert "6285218761111" in row.payload
    assert SMS_KEY not in row.payload and "password" not in row.payload


def test_an_sms_may_come_as_a_form_post_too(client, provider):
    response = client.post(f"/kanal/sms/{SMS_PATH}/", INCOMING, REMOTE_ADDR="10.20.0.9")
    assert (response.status_code, InboundMessage.objects.count()) == (200, 1)


def test_no_sms_is_taken_while_the_allow_list_is_empty(client, provider, settings):
    settings.SIGAP_SMS_ALLOWED_ADDRESSES = []
    assert post_sms(client, INCOMING).status_code == 403
    assert not InboundMessage.objects.exists()


def test_behind_a_trusted_proxy_the_gateway_is_the_forwarded_address(client, provider, settings):
    settings.SIGAP_TRUSTED_PROXIES = ["192.0.2.1"]
    url = f"/kanal/sms/{SMS_PATH}/"
    spoofed = client.get(
        url, INCOMING, REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert spoofed.status_code == 403
    # An untrusted caller cannot name an allowed address in the header.
    direct = client.get(url, INCOMING, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert direct.status_code == 403
    assert not InboundMessage.objects.exists()
    forwarded = client.get(url, INCOMING, REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="10.20.1.1")
    assert forwarded.status_code == 200
    assert InboundMessage.objects.count() == 1


def test_a_whatsapp_batch_stores_each_event(client, provider):
    import json

    bodies = ["whatsapp_text.json", "whatsapp_image.json", "whatsapp_status_read.json"]
    data = fixture_json(bodies[0])
    for name in bodies[1:]:
        data["entry"] += fixture_json(name)["entry"]
    assert post_whatsapp(client, json.dumps(data).encode()).status_code == 200
    kinds = sorted(InboundMessage.objects.values_list("kind", flat=True))
    assert kinds == ["media", "status", "text"]

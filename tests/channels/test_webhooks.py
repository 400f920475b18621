"""The webhooks: signed bodies stored once and answered 200 at once; anything else stored never."""

import pytest

from sigap.channels.models import InboundMessage
from tests.channels.conftest import (
    TG_PATH,
    fixture_bytes,
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


@pytest.mark.parametrize("path", ["/kanal/whatsapp/", f"/kanal/telegram/{TG_PATH}/"])
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

"""Table-driven, courier-style: each recorded provider payload and the event SIGAP reads."""

import pytest

from sigap.channels import providers
from tests.channels.conftest import fixture_bytes

CASES = [
    # (channel, fixture, provider id, kind, address, text)
    (
        "whatsapp",
        "whatsapp_text.json",
        "wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYIDNBMEQ0RTc1QjY2RTY4QTg0QjJGAA==",
        "text",
        "6281234567890",
        "halo",
    ),
    (
        "whatsapp",
        "whatsapp_image.json",
        "wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYIEI1QjQ2RkNCNjg0OTA5RUQ0MzQxAA==",
        "media",
        "6281234567890",
        "lowongan ini asli?",
    ),
    ("whatsapp", "whatsapp_status.json", "wamid.OUTBOUND0001:delivered", "status", "", ""),
    ("telegram", "telegram_message.json", "918273645", "text", "555000111", "/start"),
    ("telegram", "telegram_edited.json", "918273646", "edited", "555000111", "/start lagi"),
    ("telegram", "telegram_photo.json", "918273647", "media", "555000111", "is this job real?"),
]


@pytest.mark.parametrize(("channel", "name", "provider_id", "kind", "address", "text"), CASES)
def test_each_recorded_payload_reads_as_its_event(channel, name, provider_id, kind, address, text):
    (raw,) = providers.split(channel, fixture_bytes(name))
    event = providers.read_event(channel, raw)
    assert (event.provider_id, event.kind, event.address, event.text) == (
        provider_id,
        kind,
        address,
        text,
    )


def test_a_status_names_the_outbound_message_it_is_about():
    (raw,) = providers.split("whatsapp", fixture_bytes("whatsapp_status.json"))
    event = providers.read_event("whatsapp", raw)
    assert (event.ref, event.status) == ("wamid.OUTBOUND0001", "delivered")


@pytest.mark.parametrize(
    "body", [b"", b"not json", b"[1, 2]", b'{"entry": "x"}', b'{"entry": [{"changes": [1]}]}']
)
def test_odd_bodies_give_no_event_or_a_clear_refusal(body):
    try:
        assert providers.split("whatsapp", body) == []
    except providers.BadPayload:
        pass


def test_the_signature_is_the_hmac_of_the_raw_body():
    body = fixture_bytes("whatsapp_text.json")
    from tests.channels.conftest import wa_signature

    assert providers.whatsapp_signed(body, wa_signature(body, "s3cret"), "s3cret")
    assert not providers.whatsapp_signed(body + b" ", wa_signature(body, "s3cret"), "s3cret")
    assert not providers.whatsapp_signed(body, wa_signature(body, "other"), "s3cret")
    assert not providers.whatsapp_signed(body, "", "s3cret")
    assert not providers.whatsapp_signed(body, wa_signature(body, ""), "")  # channel off

"""Table-driven, courier-style: each recorded provider payload and the event SIGAP reads."""

import pytest

from sigap.channels import providers
from tests.channels.conftest import fixture_bytes, fixture_json

WA = "6281234567890"
TG = "555000111"


def wa_id(number: int) -> str:
    return f"wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFIXTURE{number:04d}AA=="


# (label, channel, fixture, expected fields of the event)
CASES = [
    (
        "whatsapp text",
        "whatsapp",
        "whatsapp_text.json",
        {"kind": "text", "address": WA, "text": "halo", "type": "text"},
    ),
    (
        "whatsapp image with caption",
        "whatsapp",
        "whatsapp_image.json",
        {"kind": "media", "address": WA, "text": "lowongan ini asli?"}
        | {"type": "image", "media_ref": "1003383421387256"},
    ),
    (
        "whatsapp document",
        "whatsapp",
        "whatsapp_document.json",
        {"provider_id": wa_id(1), "kind": "media", "text": "kontrak kerja"}
        | {"type": "document", "media_ref": "1003383421387301"},
    ),
    (
        "whatsapp voice note",
        "whatsapp",
        "whatsapp_audio.json",
        {"kind": "media", "text": "", "type": "audio", "media_ref": "1003383421387302"},
    ),
    (
        "whatsapp video",
        "whatsapp",
        "whatsapp_video.json",
        {"kind": "media", "text": "video lowongan", "media_ref": "1003383421387303"},
    ),
    (
        "whatsapp sticker",
        "whatsapp",
        "whatsapp_sticker.json",
        {"kind": "media", "type": "sticker", "media_ref": "1003383421387304"},
    ),
    (
        "whatsapp location",
        "whatsapp",
        "whatsapp_location.json",
        {"kind": "other", "type": "location", "location": (3.5952, 98.6722), "text": ""},
    ),
    (
        "whatsapp shared contact card",
        "whatsapp",
        "whatsapp_contacts.json",
        {"kind": "other", "type": "contacts", "shared": ("+62 812-9999-0000",), "text": ""},
    ),
    (
        "whatsapp button reply",
        "whatsapp",
        "whatsapp_button_reply.json",
        {"kind": "text", "type": "interactive", "text": "Lapor", "choice": "LAPOR"},
    ),
    (
        "whatsapp list reply",
        "whatsapp",
        "whatsapp_list_reply.json",
        {"kind": "text", "type": "interactive", "text": "Cek lowongan", "choice": "CEK"},
    ),
    (
        "whatsapp template quick reply",
        "whatsapp",
        "whatsapp_template_button.json",
        {"kind": "text", "type": "button", "text": "Baca pesan", "choice": "BACA"},
    ),
    (
        "whatsapp reaction",
        "whatsapp",
        "whatsapp_reaction.json",
        {"kind": "other", "type": "reaction", "text": "", "address": WA},
    ),
    (
        "whatsapp system message: its text (another number) is not read",
        "whatsapp",
        "whatsapp_system.json",
        {"kind": "other", "type": "system", "text": "", "shared": ()},
    ),
    (
        "whatsapp unsupported",
        "whatsapp",
        "whatsapp_unsupported.json",
        {"kind": "other", "type": "unsupported", "text": ""},
    ),
    (
        "whatsapp status sent",
        "whatsapp",
        "whatsapp_status_sent.json",
        {"provider_id": "wamid.OUTBOUND0001:sent", "kind": "status", "status": "sent"}
        | {"ref": "wamid.OUTBOUND0001", "address": ""},
    ),
    (
        "whatsapp status delivered",
        "whatsapp",
        "whatsapp_status.json",
        {"provider_id": "wamid.OUTBOUND0001:delivered", "kind": "status", "status": "delivered"},
    ),
    (
        "whatsapp status read",
        "whatsapp",
        "whatsapp_status_read.json",
        {"kind": "status", "status": "read", "ref": "wamid.OUTBOUND0001"},
    ),
    (
        "whatsapp status failed, with its error",
        "whatsapp",
        "whatsapp_status_failed.json",
        {"kind": "status", "status": "failed", "error": "131026 Message undeliverable"},
    ),
    (
        "telegram message",
        "telegram",
        "telegram_message.json",
        {"provider_id": "918273645", "kind": "text", "address": TG, "text": "/start"}
        | {"language": "id"},
    ),
    (
        "telegram edited message",
        "telegram",
        "telegram_edited.json",
        {"provider_id": "918273646", "kind": "edited", "address": TG, "text": "/start lagi"},
    ),
    (
        "telegram photo: the largest size",
        "telegram",
        "telegram_photo.json",
        {"kind": "media", "text": "is this job real?", "language": "en"}
        | {"type": "photo", "media_ref": "AgACAgUAAxkBAAIB"},
    ),
    (
        "telegram document",
        "telegram",
        "telegram_document.json",
        {"kind": "media", "type": "document", "text": "brosur agen"}
        | {"media_ref": "BQACAgUAAxkBAAIC"},
    ),
    (
        "telegram voice",
        "telegram",
        "telegram_voice.json",
        {"kind": "media", "type": "voice", "media_ref": "AwACAgUAAxkBAAID", "text": ""},
    ),
    (
        "telegram location",
        "telegram",
        "telegram_location.json",
        {"kind": "other", "type": "location", "location": (-6.2, 106.816666)},
    ),
    (
        "telegram shared contact",
        "telegram",
        "telegram_contact.json",
        {"kind": "other", "type": "contact", "shared": ("6281299990000",), "text": ""},
    ),
    (
        "telegram button pressed",
        "telegram",
        "telegram_callback_query.json",
        {"provider_id": "918273654", "kind": "text", "address": TG, "text": "CEK"}
        | {"type": "callback_query", "choice": "CEK"},
    ),
    (
        "telegram bot blocked",
        "telegram",
        "telegram_my_chat_member.json",
        {"kind": "other", "type": "my_chat_member", "status": "blocked", "address": TG},
    ),
    (
        "telegram channel post: nobody to answer",
        "telegram",
        "telegram_channel_post.json",
        {"provider_id": "918273656", "kind": "other", "type": "channel_post", "address": ""},
    ),
    (
        "sms message",
        "sms",
        "sms_incoming.json",
        {"provider_id": "170503131327@170504131327@93456SMS9755064", "kind": "text"}
        | {"address": "6285218761111", "text": "CEK Dicari TKW ke Malaysia tanpa biaya"},
    ),
    (
        "sms delivery report: delivered",
        "sms",
        "sms_status_delivered.json",
        {"provider_id": "sigap-1:10", "kind": "status", "status": "delivered", "ref": "sigap-1"},
    ),
    (
        "sms delivery report: the second part failed",
        "sms",
        "sms_status_failed.json",
        {"kind": "status", "status": "failed", "ref": "sigap-1", "error": "gateway status 22"},
    ),
    (
        "sms delivery report: sent on",
        "sms",
        "sms_status_sent.json",
        {"kind": "status", "status": "sent", "ref": "sigap-1"},
    ),
]


def _events(channel: str, name: str) -> list[dict]:
    if channel == "sms":
        return providers.split_sms(fixture_json(name))
    return providers.split(channel, fixture_bytes(name))


@pytest.mark.parametrize(
    ("channel", "name", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_each_recorded_payload_reads_as_its_event(channel, name, expected):
    (raw,) = _events(channel, name)
    event = providers.read_event(channel, raw)
    assert {field: getattr(event, field) for field in expected} == expected


def test_every_fixture_of_an_inbound_payload_is_in_the_table():
    from tests.channels.conftest import FIXTURES

    inbound = {
        p.name
        for p in FIXTURES.iterdir()
        if not any(word in p.name for word in ("send", "file_missing"))
    }
    assert inbound == {case[2] for case in CASES}


def test_the_gateway_account_is_not_kept_from_an_sms():
    (raw,) = providers.split_sms(fixture_json("sms_incoming.json"))
    assert "password" not in raw and "userid" not in raw
    assert set(raw) <= set(providers.SMS_FIELDS)


@pytest.mark.parametrize(
    "params", [{}, {"message": "x"}, {"messageid": "1"}, {"original": "628", "message": "x"}]
)
def test_an_sms_call_without_its_parameters_is_refused(params):
    with pytest.raises(providers.BadPayload):
        providers.split_sms(params)


@pytest.mark.parametrize(
    "body", [b"", b"not json", b"[1, 2]", b'{"entry": "x"}', b'{"entry": [{"changes": [1]}]}']
)
def test_odd_bodies_give_no_event_or_a_clear_refusal(body):
    try:
        assert providers.split("whatsapp", body) == []
    except providers.BadPayload:
        pass


@pytest.mark.parametrize(
    "raw",
    [
        {"message": {"id": "x", "type": "image", "image": "not an object"}},
        {"message": {"id": "x", "type": "location", "location": {"latitude": "a"}}},
        {"message": {"id": "x", "type": "interactive", "interactive": []}},
        {"message": {"id": "x", "type": "contacts", "contacts": [{"phones": "x"}]}},
        {"status": {"id": "y", "status": "failed", "errors": ["x"]}},
    ],
)
def test_odd_whatsapp_events_read_without_error(raw):
    assert providers.read_event("whatsapp", raw).provider_id


def test_the_signature_is_the_hmac_of_the_raw_body():
    body = fixture_bytes("whatsapp_text.json")
    from tests.channels.conftest import wa_signature

    assert providers.whatsapp_signed(body, wa_signature(body, "s3cret"), "s3cret")
    assert not providers.whatsapp_signed(body + b" ", wa_signature(body, "s3cret"), "s3cret")
    assert not providers.whatsapp_signed(body, wa_signature(body, "other"), "s3cret")
    assert not providers.whatsapp_signed(body, "", "s3cret")
    assert not providers.whatsapp_signed(body, wa_signature(body, ""), "")  # channel off

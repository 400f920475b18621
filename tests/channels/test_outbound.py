"""Sending, beyond one request: WhatsApp's window, the template registry, throttled sends that
come back after their delay, delivery reports, SMS parts, and a resident's photo fetched."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from sigap.channels import outbound, providers, templates, transports
from sigap.channels.models import Contact, InboundMessage, OutboundMessage
from sigap.channels.transports import TransportError, sms_parts, transport
from tests.channels.conftest import MEDIA, TG_TOKEN, WA_TOKEN, fixture_bytes, fixture_json

pytestmark = pytest.mark.django_db


def contact(channel="whatsapp", hours_ago=None, address="6281234567890") -> Contact:
    last = None if hours_ago is None else timezone.now() - timedelta(hours=hours_ago)
    return Contact.objects.create(
        channel=channel, address=address, address_hash=f"h-{channel}", last_inbound_at=last
    )


@pytest.mark.parametrize(
    ("channel", "hours_ago", "inside"),
    [
        ("whatsapp", 0, True),
        ("whatsapp", 23.5, True),
        ("whatsapp", 23.9, False),  # within the margin: the template is the safe choice
        ("whatsapp", 24, False),
        ("whatsapp", None, False),
        ("telegram", None, True),
        ("sms", 500, True),
    ],
)
def test_the_window_is_whatsapps_alone(channel, hours_ago, inside):
    assert outbound.in_window(contact(channel, hours_ago)) is inside


def test_without_the_field_the_window_opens_at_the_newest_stored_message():
    resident = contact()
    InboundMessage.objects.create(
        channel="whatsapp", provider_id="a", kind="text", payload="{}", contact=resident,
        received_at=timezone.now() - timedelta(hours=30),
    )  # fmt: skip
    assert not outbound.in_window(resident)
    InboundMessage.objects.create(
        channel="whatsapp", provider_id="b", kind="text", payload="{}", contact=resident
    )
    assert outbound.in_window(resident)


@pytest.fixture
def queue(django_capture_on_commit_callbacks):
    """queue_text, its task enqueued as the transaction commits."""

    def run(*args, **kwargs) -> OutboundMessage:
        with django_capture_on_commit_callbacks(execute=True):
            return outbound.queue_text(*args, **kwargs)

    return run


def test_a_message_outside_the_window_goes_out_as_its_template(provider, queue, drain):
    resident = contact(hours_ago=26)
    message = queue(resident, "Tim membalas laporan Anda: ...")
    drain()
    ((_path, body, _headers),) = provider.requests
    assert body["type"] == "template" and "text" not in body
    assert body["template"] == {"name": "sigap_pesan_baru", "language": {"code": "id"}}
    message.refresh_from_db()
    assert (message.status, message.template) == ("sent", "sigap_pesan_baru")
    assert "Tim membalas" not in json.dumps(body)  # the team's words wait for the resident


def test_held_messages_are_released_once_the_resident_answers(
    provider, queue, drain, django_capture_on_commit_callbacks
):
    resident = contact(hours_ago=30)
    first = queue(resident, "Pesan pertama dari tim.")
    second = queue(resident, "Pesan kedua dari tim.")
    drain()
    assert [body["type"] for _p, body, _h in provider.requests] == ["template", "template"]
    before = resident.last_inbound_at
    Contact.objects.filter(pk=resident.pk).update(last_inbound_at=timezone.now())
    resident.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        released = outbound.release_held(resident, since=before)
    drain()
    texts = [body["text"]["body"] for _p, body, _h in provider.requests[2:]]
    assert texts == ["Pesan pertama dari tim.", "Pesan kedua dari tim."]
    assert len(released) == 2 and first.pk not in released and second.pk not in released
    # The resident writes again: nothing is held any more.
    assert outbound.release_held(resident, since=resident.last_inbound_at) == []


def test_the_registry_templates_render_without_personal_data():
    for template in templates.REGISTRY.values():
        assert template.name.startswith("sigap_") and template.name.islower()
        assert set(template.texts) == {"id", "en"}
        params = [f"P{n}" for n in range(template.param_count)]
        for language in template.texts:
            assert "{{" not in template.render(params, language)
    notice = templates.get("sigap_rujukan_baru").render(["RJK-1", "https://x/r/1"])
    assert notice == "Rujukan baru untuk lembaga Anda: RJK-1. Buka: https://x/r/1"


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("sigap_rujukan_baru", ["only one"]),
        ("sigap_rujukan_baru", ["RJK-1", ""]),
        ("sigap_pesan_baru", ["unexpected"]),
    ],
)
def test_a_template_with_the_wrong_parameters_is_refused_when_queued(name, params):
    with pytest.raises(ValueError, match="parameters"):
        outbound.queue_text(contact(), "x", template=name, params=params)
    assert not OutboundMessage.objects.exists()


def test_an_unknown_template_is_refused_when_queued():
    with pytest.raises(KeyError):
        outbound.queue_text(contact(), "x", template="not_registered")


def test_template_parameters_are_made_one_line():
    cleaned = templates.clean_params("sigap_rujukan_baru", ["RJK-1\n\n\tx    y", "l" * 500])
    assert cleaned == ["RJK-1 x y", "l" * templates.PARAM_MAX]


def test_a_throttled_telegram_send_waits_retry_after_then_goes(provider, queue, drain, no_backoff):
    provider.answers = [(429, "telegram_send_throttled.json")]
    message = queue(contact("telegram", address="555000111"), "Halo")
    drain()
    message.refresh_from_db()
    assert (message.status, message.attempts, message.error) == ("sent", 2, "")
    assert message.not_before is None and len(provider.requests) == 2


def test_a_throttled_send_is_enqueued_for_after_its_delay(provider, queue, drain):
    from django_tasks_db.models import DBTaskResult

    provider.answers = [(429, "telegram_send_throttled.json")]  # retry_after: 3
    message = queue(contact("telegram", address="555000111"), "Halo")
    drain()  # the first attempt; the retry is not due yet
    message.refresh_from_db()
    assert message.status == "queued" and len(provider.requests) == 1
    waiting = DBTaskResult.objects.filter(status="READY").get()
    assert abs((waiting.run_after - message.not_before).total_seconds()) < 1
    assert 2 < (message.not_before - timezone.now()).total_seconds() <= 3
    assert outbound.send(outbound_id=message.pk) == "queued"  # an early task sends nothing
    assert len(provider.requests) == 1


def test_whatsapp_throttling_backs_off_and_a_message_throttled_too_often_fails(provider):
    message = outbound.queue_text(contact(hours_ago=1), "Halo")
    delays = []
    for _ in range(outbound.MAX_ATTEMPTS):
        provider.answers = [(429, "whatsapp_send_throttled.json")]
        OutboundMessage.objects.filter(pk=message.pk).update(not_before=None)
        outbound.send(outbound_id=message.pk)
        message.refresh_from_db()
        if message.not_before:
            delays.append(round((message.not_before - timezone.now()).total_seconds()))
    assert delays[:3] == [30, 60, 120] and max(delays) == 15 * 60
    assert (message.status, message.attempts) == ("failed", outbound.MAX_ATTEMPTS)


def test_a_sent_message_is_not_sent_twice(provider):
    message = outbound.queue_text(contact("telegram", address="555000111"), "Halo")
    assert outbound.send(outbound_id=message.pk) == "sent"
    assert outbound.send(outbound_id=message.pk) == "sent"
    assert len(provider.requests) == 1


# (fixture, channel, status before, status after, error after)
REPORTS = [
    ("whatsapp_status_sent.json", "whatsapp", "sent", "sent", ""),
    ("whatsapp_status.json", "whatsapp", "sent", "delivered", ""),
    ("whatsapp_status_read.json", "whatsapp", "sent", "delivered", ""),
    ("whatsapp_status_failed.json", "whatsapp", "sent", "failed", "131026 Message undeliverable"),
    ("whatsapp_status_read.json", "whatsapp", "failed", "failed", "earlier"),
    ("sms_status_delivered.json", "sms", "sent", "delivered", ""),
    ("sms_status_failed.json", "sms", "sent", "failed", "gateway status 22"),
    ("sms_status_sent.json", "sms", "sent", "sent", ""),
]


@pytest.mark.parametrize(("name", "channel", "before", "after", "error"), REPORTS)
def test_delivery_reports_move_the_message(name, channel, before, after, error):
    ref = "wamid.OUTBOUND0001" if channel == "whatsapp" else "sigap-1"
    message = OutboundMessage.objects.create(
        channel=channel, contact=contact(channel), text="x", status=before, provider_id=ref,
        error="earlier" if before == "failed" else "",
    )  # fmt: skip
    if channel == "sms":
        (raw,) = providers.split_sms(fixture_json(name))
    else:
        (raw,) = providers.split(channel, fixture_bytes(name))
    outbound.status_update(channel, providers.read_event(channel, raw))
    message.refresh_from_db()
    assert (message.status, message.error) == (after, error)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Halo", ["Halo"]),
        ("a" * 160, ["a" * 160]),
        ("kata " * 40, ["kata " * 31 + "kata", "kata " * 7 + "kata"]),
        ("“Lowongan” – asli…", ['"Lowongan" - asli...']),
    ],
)
def test_sms_parts(text, parts):
    assert sms_parts(text) == parts


def test_a_very_long_sms_is_cut_at_its_last_part():
    parts = sms_parts("kata " * 500)
    assert len(parts) == transports.SMS_MAX_PARTS
    assert parts[-1].endswith("...") and all(len(p) <= 160 for p in parts)


def test_whatsapp_fetches_a_residents_photo_with_the_token(provider):
    content, content_type = transport("whatsapp").fetch_media("photo")
    assert (content, content_type) == MEDIA["photo"]
    paths = [(path, headers["Authorization"]) for path, _body, headers in provider.requests]
    assert paths == [("/v21.0/photo", f"Bearer {WA_TOKEN}"), ("/media/photo", f"Bearer {WA_TOKEN}")]


def test_telegram_fetches_a_file_by_its_path(provider):
    content, content_type = transport("telegram").fetch_media("photo")
    assert (content, content_type) == MEDIA["photo"]  # the type from the path's extension
    paths = [path for path, _body, _headers in provider.requests]
    assert paths == [
        f"/bot{TG_TOKEN}/getFile?file_id=photo",
        f"/file/bot{TG_TOKEN}/photos/photo.jpg",
    ]


@pytest.mark.parametrize("channel", ["whatsapp", "telegram"])
def test_media_over_the_cap_is_refused(provider, monkeypatch, channel):
    provider.media["big"] = (b"x" * 5000, "image/jpeg")
    monkeypatch.setattr(transports, "MEDIA_LIMIT", 4000)
    with pytest.raises(TransportError, match="too large") as caught:
        transport(channel).fetch_media("big")
    assert caught.value.permanent


@pytest.mark.parametrize("channel", ["whatsapp", "telegram"])
def test_media_that_the_provider_does_not_have_is_an_error(provider, channel):
    with pytest.raises(TransportError) as caught:
        transport(channel).fetch_media("missing")
    assert caught.value.permanent


def test_a_media_id_that_is_not_one_is_never_requested(provider):
    with pytest.raises(TransportError):
        transport("whatsapp").fetch_media("../../me/accounts")
    assert provider.requests == []


def test_an_sms_is_answered_by_sms_through_the_gateway(
    client, provider, drain, django_capture_on_commit_callbacks
):
    from tests.channels.conftest import SMS_KEY, post_sms

    with django_capture_on_commit_callbacks(execute=True):
        assert post_sms(client, fixture_json("sms_incoming.json")).status_code == 200
    drain()
    forms = [body for path, body, _headers in provider.requests if path == "/sms/send"]
    assert forms and all(f["sendto"] == "6285218761111" and f["password"] == SMS_KEY for f in forms)
    assert all(len(f["message"]) <= 160 for f in forms) and len(forms) <= transports.SMS_MAX_PARTS
    reply = OutboundMessage.objects.get(channel="sms")
    assert (reply.status, reply.provider_id) == ("sent", f"sigap-{reply.pk}")
    assert forms[0]["messageid"] == reply.provider_id

"""The demo's simulator: off, every address of it is a 404; on, its fake provider APIs check
the provider's credential and record what SIGAP sends, and what a person types reaches SIGAP's
real webhook, signed, and SIGAP's answer comes back through the fake API."""

import json

import httpx
import pytest
from django.urls import reverse

from sigap.channels.models import InboundMessage
from sigap.simulator import inbound
from sigap.simulator.models import SimMedia, SimMessage
from tests.simulator.conftest import simulator_settings

pytestmark = pytest.mark.django_db

ADDRESSES = [
    ("GET", "/kanal/simulator/"),
    ("GET", "/kanal/simulator/obrolan/?kanal=whatsapp&nomor=6281234500001"),
    ("POST", "/kanal/simulator/kirim/"),
    ("GET", "/kanal/simulator/staf/"),
    ("POST", "/kanal/simulator/api/whatsapp/1000/messages"),
    ("GET", "/kanal/simulator/api/whatsapp/sim-1"),
    ("GET", "/kanal/simulator/api/whatsapp/media/1/file"),
    ("POST", "/kanal/simulator/api/telegram/bot1000:simulator/sendMessage"),
    ("GET", "/kanal/simulator/api/telegram/bot1000:simulator/getFile?file_id=sim-1"),
    ("GET", "/kanal/simulator/api/telegram/file/bot1000:simulator/photos/file_1.jpg"),
    ("POST", "/kanal/simulator/api/sms"),
]


@pytest.mark.parametrize(("method", "url"), ADDRESSES)
def test_off_every_simulator_address_is_not_found(client, settings, method, url):
    simulator_settings(settings, "http://testserver")
    settings.SIGAP_CHANNEL_SIMULATOR = False
    SimMedia.objects.create(pk=1, content=b"\xff\xd8\xff", content_type="image/jpeg")
    response = client.get(url) if method == "GET" else client.post(url, {"teks": "halo"})
    assert response.status_code == 404
    assert not SimMessage.objects.exists()


def test_the_page_is_in_indonesian_with_labelled_fields(client, simulator):
    SimMessage.objects.create(
        channel="telegram", address="700000009", to_sigap=False, text="Halo dari SIGAP"
    )
    page = client.get("/kanal/simulator/?kanal=telegram&nomor=700000009")
    assert page.status_code == 200
    text = page.text
    assert "Simulator kanal" in text and "SIGAP · Telegram" in text
    assert "Halo dari SIGAP" in text and 'class="messages"' not in text  # not a page notice
    for field in ('for="sim-text"', 'for="id_kanal"', 'for="id_nomor"', 'role="log"'):
        assert field in text
    assert client.get("/kanal/simulator/?kanal=whatsapp&nomor=12").status_code == 200  # default


def test_fake_whatsapp_api_checks_the_token_and_records_the_message(client, simulator):
    url = "/kanal/simulator/api/whatsapp/1000/messages"
    body = {
        "messaging_product": "whatsapp",
        "to": "6281234500001",
        "type": "text",
        "text": {"body": "Halo dari SIGAP"},
    }
    refused = client.post(
        url, body, content_type="application/json", headers={"Authorization": "Bearer wrong"}
    )
    assert refused.status_code == 401 and refused.json()["error"]["code"] == 190
    answer = client.post(
        url,
        body,
        content_type="application/json",
        headers={"Authorization": "Bearer simulator-token"},
    )
    assert answer.status_code == 200
    message_id = answer.json()["messages"][0]["id"]
    row = SimMessage.objects.get()
    assert (row.address, row.text, row.to_sigap, row.provider_id) == (
        "6281234500001",
        "Halo dari SIGAP",
        False,
        message_id,
    )


def test_fake_whatsapp_api_shows_a_template_as_the_phone_would(client, simulator):
    template = {
        "name": "sigap_rujukan_baru",
        "language": {"code": "id"},
        "components": [
            {
                "type": "body",
                "parameters": [
                    {"type": "text", "text": "R-000007"},
                    {"type": "text", "text": "http://x/rujukan/7/"},
                ],
            }
        ],
    }
    body = {
        "messaging_product": "whatsapp",
        "to": "6281234500001",
        "type": "template",
        "template": template,
    }
    client.post(
        "/kanal/simulator/api/whatsapp/1000/messages",
        body,
        content_type="application/json",
        headers={"Authorization": "Bearer simulator-token"},
    )
    assert SimMessage.objects.get().text == (
        "Rujukan baru untuk lembaga Anda: R-000007. Buka: http://x/rujukan/7/"
    )


def test_fake_telegram_api_checks_the_token_and_records_the_message(client, simulator):
    body = {"chat_id": "700000001", "text": "Halo"}
    bad = client.post(
        "/kanal/simulator/api/telegram/bot1:wrong/sendMessage",
        body,
        content_type="application/json",
    )
    assert bad.status_code == 401 and bad.json()["ok"] is False
    good = client.post(
        "/kanal/simulator/api/telegram/bot1000:simulator/sendMessage",
        body,
        content_type="application/json",
    )
    assert good.json()["ok"] is True
    assert good.json()["result"]["message_id"] == SimMessage.objects.get().pk


def test_fake_media_apis_serve_a_photo_with_the_token(client, simulator):
    photo = SimMedia.objects.create(content=b"\xff\xd8\xffphoto", content_type="image/jpeg")
    auth = {"Authorization": "Bearer simulator-token"}
    info = client.get(f"/kanal/simulator/api/whatsapp/sim-{photo.pk}", headers=auth).json()
    assert info["mime_type"] == "image/jpeg" and info["file_size"] == 8
    assert client.get(info["url"]).status_code == 401  # the download needs the token too
    assert client.get(info["url"], headers=auth).content == b"\xff\xd8\xffphoto"
    base = "/kanal/simulator/api/telegram"
    found = client.get(f"{base}/bot1000:simulator/getFile", {"file_id": f"sim-{photo.pk}"})
    path = found.json()["result"]["file_path"]
    assert client.get(f"{base}/file/bot1000:simulator/{path}").content == b"\xff\xd8\xffphoto"


def test_fake_sms_gateway_answers_as_dartmedia_does(client, simulator):
    form = {
        "userid": "simulator",
        "password": "simulator-key",
        "sendto": "6281234500002",
        "original": "SIGAP",
        "messageid": "12",
        "message": "Halo",
        "dcs": "0",
    }
    assert client.post("/kanal/simulator/api/sms", form | {"password": "x"}).text == "001"
    assert client.post("/kanal/simulator/api/sms", form).text == "000"
    assert SimMessage.objects.get().text == "Halo"


def test_a_message_without_text_or_photo_is_refused_in_indonesian(client, simulator):
    response = client.post(
        "/kanal/simulator/kirim/", {"kanal": "whatsapp", "nomor": "6281234500001", "teks": " "}
    )
    assert response.status_code == 400
    assert "Ketik pesan atau pilih foto." in response.text
    assert not SimMessage.objects.exists()


@pytest.mark.parametrize("channel", ["whatsapp", "telegram", "sms"])
def test_what_a_person_types_reaches_sigaps_webhook_signed_and_the_answer_comes_back(
    live_server, settings, drain, channel
):
    simulator_settings(settings, live_server.url)
    address = "700000005" if channel == "telegram" else "6281234500005"
    message = SimMessage.objects.create(
        channel=channel,
        address=address,
        to_sigap=True,
        text="HALO",
        provider_id=inbound.new_provider_id(channel),
    )
    assert inbound.deliver(message, live_server.url) == 200
    stored = InboundMessage.objects.get(channel=channel)
    assert json.loads(stored.payload)  # the provider's JSON, kept encrypted
    drain()
    answers = SimMessage.objects.filter(to_sigap=False)  # a long SMS comes in parts
    assert {a.address for a in answers} == {address}
    assert "SIGAP" in " ".join(a.text for a in answers)


def test_a_message_signed_with_another_secret_is_refused(live_server, settings):
    simulator_settings(settings, live_server.url)
    message = SimMessage.objects.create(
        channel="whatsapp",
        address="6281234500006",
        to_sigap=True,
        text="HALO",
        provider_id="wamid.X1",
    )
    url, body, headers = inbound.BUILDERS["whatsapp"](message)  # signed with simulator-app
    settings.SIGAP_WHATSAPP_APP_SECRET = "another-secret"
    response = httpx.post(live_server.url + url, headers=headers, **body)
    assert response.status_code == 403 and not InboundMessage.objects.exists()
    assert url == reverse("channels:whatsapp")


@pytest.mark.parametrize("channel", ["whatsapp", "telegram"])
def test_sigaps_transports_fetch_a_photo_sent_from_the_page(live_server, settings, channel):
    from sigap.channels.transports import transport

    simulator_settings(settings, live_server.url)
    photo = SimMedia.objects.create(content=b"\x89PNG\r\n\x1a\nimage", content_type="image/png")
    content, content_type = transport(channel).fetch_media(f"sim-{photo.pk}")
    assert (content, content_type) == (b"\x89PNG\r\n\x1a\nimage", "image/png")


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"\xff\xd8\xff" + b"x" * 210_000, "Foto lebih besar dari 200 KB"),
        (b"GIF89a not a photo we take", "Kirim foto JPEG atau PNG."),
    ],
)
def test_a_photo_too_large_or_not_jpeg_or_png_is_refused(client, simulator, content, error):
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = SimpleUploadedFile("foto.jpg", content, content_type="image/jpeg")
    data = {"kanal": "whatsapp", "nomor": "6281234500001", "teks": "", "foto": photo}
    response = client.post("/kanal/simulator/kirim/", data)
    assert response.status_code == 400 and error in response.text
    assert not SimMessage.objects.exists() and not SimMedia.objects.exists()


def test_a_staff_member_links_an_sms_number_with_hubungkan(live_server, settings, drain, areas):
    from sigap.notifications.actions import link_code_create
    from sigap.notifications.models import MessageLink
    from tests import personas

    simulator_settings(settings, live_server.url)
    focal = personas.uptd_focal_point()
    _row, code = link_code_create(user=focal)
    message = SimMessage.objects.create(
        channel="sms",
        address="6281234500008",
        to_sigap=True,
        text=f"HUBUNGKAN {code}",
        provider_id=inbound.new_provider_id("sms"),
    )
    assert inbound.deliver(message, live_server.url) == 200
    drain()
    link = MessageLink.objects.get(user=focal)
    assert (link.channel, link.address) == ("sms", "6281234500008")
    replies = " ".join(SimMessage.objects.filter(to_sigap=False).values_list("text", flat=True))
    assert replies.startswith("Terhubung")

"""What a person types on the simulator page, delivered to SIGAP as the provider would: the
provider's JSON (or form) posted to SIGAP's real webhook, signed with the channel's secret."""

import json
import secrets
import time

import httpx
from django.conf import settings
from django.urls import reverse

from sigap.channels import providers
from sigap.simulator.models import SimMessage

TIMEOUT_S = 10.0


def deliver(message: SimMessage, base_url: str) -> int:
    """Post ``message`` to SIGAP's webhook for its channel; the HTTP status SIGAP answered
    (0: not reachable)."""
    url, body, headers = BUILDERS[message.channel](message)
    try:
        response = httpx.post(
            base_url.rstrip("/") + url, timeout=TIMEOUT_S, headers=headers, **body
        )
    except httpx.HTTPError:
        return 0
    return response.status_code


def _whatsapp(message: SimMessage) -> tuple[str, dict, dict]:
    event = {"from": message.address, "id": message.provider_id, "timestamp": str(int(time.time()))}
    if message.media_id:
        event |= {
            "type": "image",
            "image": {
                "id": f"sim-{message.media_id}",
                "mime_type": message.media.content_type,
                "caption": message.text,
            },
        }
    else:
        event |= {"type": "text", "text": {"body": message.text}}
    value = {
        "messaging_product": "whatsapp",
        "metadata": {
            "display_phone_number": "628000000000",
            "phone_number_id": settings.SIGAP_WHATSAPP_PHONE_ID,
        },
        "contacts": [{"profile": {"name": "Warga"}, "wa_id": message.address}],
        "messages": [event],
    }
    data = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "0", "changes": [{"field": "messages", "value": value}]}],
    }
    raw = json.dumps(data).encode()
    signature = providers.whatsapp_signature(raw, settings.SIGAP_WHATSAPP_APP_SECRET)
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": signature}
    return reverse("channels:whatsapp"), {"content": raw}, headers


def _telegram(message: SimMessage) -> tuple[str, dict, dict]:
    person = {"id": int(message.address), "first_name": "Warga", "language_code": "id"}
    event = {
        "message_id": message.pk,
        "from": person | {"is_bot": False},
        "chat": {"id": int(message.address), "first_name": "Warga", "type": "private"},
        "date": int(time.time()),
    }
    if message.media_id:
        size = len(message.media.content)
        event["photo"] = [
            {
                "file_id": f"sim-{message.media_id}",
                "file_unique_id": f"u{message.media_id}",
                "file_size": size,
                "width": 0,
                "height": 0,
            }
        ]
        if message.text:
            event["caption"] = message.text
    else:
        event["text"] = message.text
    raw = json.dumps({"update_id": int(message.provider_id), "message": event}).encode()
    headers = {
        "Content-Type": "application/json",
        "X-Telegram-Bot-Api-Secret-Token": settings.SIGAP_TELEGRAM_SECRET,
    }
    url = reverse("channels:telegram", args=[settings.SIGAP_TELEGRAM_PATH])
    return url, {"content": raw}, headers


def _sms(message: SimMessage) -> tuple[str, dict, dict]:
    form = {
        "messageid": message.provider_id,
        "original": message.address,
        "sendto": settings.SIGAP_SMS_SENDER,
        "message": message.text,
    }
    url = reverse("channels:sms", args=[settings.SIGAP_SMS_PATH])
    return url, {"data": form}, {}


def new_provider_id(channel: str) -> str:
    """An id of the provider's shape, unique enough that SIGAP never takes it for a replay."""
    if channel == "telegram":
        return str(secrets.randbelow(2**31 - 1) + 1)
    if channel == "sms":
        return "sim" + secrets.token_hex(8)
    return "wamid.SIM" + secrets.token_hex(12)


BUILDERS = {"whatsapp": _whatsapp, "telegram": _telegram, "sms": _sms}

"""One small transport class per provider: send a text, get the provider's message id.

The base address comes from settings, so the tests and the demo point it at a local fake
provider. Errors carry the HTTP status alone: httpx's messages hold the URL, and Telegram's URL
holds the bot token (docs/decisions/0012).
"""

import httpx
from django.conf import settings

from sigap.channels.models import Provider

TIMEOUT_S = 10.0


class TransportError(Exception):
    """The provider refused or could not be reached; ``status`` is its HTTP status (0: none)."""

    def __init__(self, status: int, detail: str):
        super().__init__(f"{detail} (HTTP {status})" if status else detail)
        self.status = status
        self.throttled = status == 429


class WhatsAppTransport:
    def send(self, address: str, text: str) -> str:
        url = f"{settings.SIGAP_WHATSAPP_API_URL}/{settings.SIGAP_WHATSAPP_PHONE_ID}/messages"
        body = {"messaging_product": "whatsapp", "to": address, "type": "text"}
        body["text"] = {"body": text, "preview_url": False}
        headers = {"Authorization": f"Bearer {settings.SIGAP_WHATSAPP_TOKEN}"}
        data = _post(url, body, headers)
        messages = data.get("messages") or [{}]
        return str(messages[0].get("id", ""))


class TelegramTransport:
    def send(self, address: str, text: str) -> str:
        url = (
            f"{settings.SIGAP_TELEGRAM_API_URL}/bot{settings.SIGAP_TELEGRAM_BOT_TOKEN}/sendMessage"
        )
        data = _post(url, {"chat_id": address, "text": text}, {})
        return str((data.get("result") or {}).get("message_id", ""))


def _post(url: str, body: dict, headers: dict) -> dict:
    try:
        response = httpx.post(url, json=body, headers=headers, timeout=TIMEOUT_S)
    except httpx.HTTPError as exc:
        raise TransportError(0, type(exc).__name__) from None
    if response.status_code >= 400:
        raise TransportError(response.status_code, "refused by the provider") from None
    try:
        data = response.json()
    except ValueError:
        raise TransportError(response.status_code, "not JSON from the provider") from None
    return data if isinstance(data, dict) else {}


TRANSPORTS = {Provider.WHATSAPP: WhatsAppTransport, Provider.TELEGRAM: TelegramTransport}


def transport(channel: str):
    return TRANSPORTS[channel]()

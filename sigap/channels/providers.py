"""What each provider sends: signature checks and the split of a webhook body into events.

Framework-light on purpose: a webhook only verifies, splits and stores; reading an event again
from its stored JSON (``read_event``) is what the processing task does.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass

from sigap.channels.models import Kind, Provider


class BadPayload(ValueError):
    """Not JSON of the provider's shape."""


@dataclass(frozen=True)
class Event:
    provider_id: str
    kind: str
    address: str = ""  # the sender's phone number or chat id
    text: str = ""
    status: str = ""  # a delivery status: sent, delivered, read, failed
    ref: str = ""  # the provider's id of our outbound message a status is about
    language: str = ""  # the language the provider says the sender uses, if any


def whatsapp_signed(body: bytes, header: str, secret: str) -> bool:
    """Meta's ``X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>``."""
    if not secret or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256="))


def same_secret(given: str, secret: str) -> bool:
    return bool(secret) and hmac.compare_digest(given.encode(), secret.encode())


def _json(body: bytes) -> dict:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise BadPayload("not JSON") from None
    if not isinstance(data, dict):
        raise BadPayload("not an object")
    return data


def split(channel: str, body: bytes) -> list[dict]:
    """The body's events, each as the JSON the task will read back."""
    data = _json(body)
    if channel == Provider.TELEGRAM:
        return [data]
    events = []
    for entry in _list(data.get("entry")):
        for change in _list(entry.get("changes") if isinstance(entry, dict) else None):
            value = change.get("value") if isinstance(change, dict) else None
            if not isinstance(value, dict):
                continue
            events += [{"message": m} for m in _list(value.get("messages"))]
            events += [{"status": s} for s in _list(value.get("statuses"))]
    return events


def _list(value) -> list:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def read_event(channel: str, raw: dict) -> Event:
    event = _telegram(raw) if channel == Provider.TELEGRAM else _whatsapp(raw)
    if not event.provider_id or len(event.provider_id) > 200:
        raise BadPayload("no usable message id")
    return event


def _whatsapp(raw: dict) -> Event:
    if "status" in raw:
        status = raw["status"]
        ref, state = str(status.get("id", "")), str(status.get("status", ""))
        return Event(provider_id=f"{ref}:{state}", kind=Kind.STATUS, status=state, ref=ref)
    message = raw.get("message") or {}
    kind = message.get("type")
    text = (message.get("text") or {}).get("body", "") if kind == "text" else ""
    if kind in ("image", "document", "video", "audio"):
        text = (message.get(kind) or {}).get("caption", "")
    return Event(
        provider_id=str(message.get("id", "")),
        kind=Kind.TEXT if kind == "text" else Kind.MEDIA if text or kind == "image" else Kind.OTHER,
        address=str(message.get("from", "")),
        text=str(text),
    )


def _telegram(raw: dict) -> Event:
    update_id = str(raw.get("update_id", ""))
    if isinstance(raw.get("edited_message"), dict):
        message, kind = raw["edited_message"], Kind.EDITED
    else:
        message = raw.get("message") if isinstance(raw.get("message"), dict) else {}
        kind = Kind.TEXT if "text" in message else Kind.MEDIA if "photo" in message else Kind.OTHER
    chat = message.get("chat") if isinstance(message.get("chat"), dict) else {}
    sender = message.get("from") if isinstance(message.get("from"), dict) else {}
    return Event(
        provider_id=update_id,
        kind=kind,
        address=str(chat.get("id", "")),
        text=str(message.get("text") or message.get("caption") or ""),
        language=str(sender.get("language_code", "")),
    )

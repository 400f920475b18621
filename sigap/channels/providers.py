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
    status: str = ""  # a delivery status: sent, delivered, read, failed; Telegram: blocked
    ref: str = ""  # the provider's id of our outbound message a status is about
    language: str = ""  # the language the provider says the sender uses, if any
    type: str = ""  # the provider's own kind: image, sticker, location, reaction, callback…
    media_ref: str = ""  # the id that transports' fetch_media takes (a photo, a file)
    choice: str = ""  # the id of the button or list row the sender chose
    location: tuple = ()  # (latitude, longitude) of a shared location
    shared: tuple = ()  # phone numbers of the contact cards the sender shared
    error: str = ""  # a failed status's error code and title


def whatsapp_signature(body: bytes, secret: str) -> str:
    """Meta's ``X-Hub-Signature-256`` header of the raw body: ``sha256=<hex HMAC-SHA256>``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def whatsapp_signed(body: bytes, header: str, secret: str) -> bool:
    if not secret or not header.startswith("sha256="):
        return False
    return hmac.compare_digest(whatsapp_signature(body, secret), header)


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
    readers = {Provider.TELEGRAM: _telegram, Provider.SMS: _sms}
    event = readers.get(channel, _whatsapp)(raw)
    if not event.provider_id or len(event.provider_id) > 200:
        raise BadPayload("no usable message id")
    return event


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _str(value) -> str:
    return "" if value is None or isinstance(value, dict | list) else str(value)


WA_MEDIA = ("image", "document", "audio", "video", "sticker")


def _whatsapp(raw: dict) -> Event:
    if "status" in raw:
        return _whatsapp_status(_dict(raw["status"]))
    message = _dict(raw.get("message"))
    kind, fields = _str(message.get("type")), {}
    if kind == "text":
        fields["text"] = _str(_dict(message.get("text")).get("body"))
    elif kind in WA_MEDIA:
        media = _dict(message.get(kind))
        fields = {"text": _str(media.get("caption")), "media_ref": _str(media.get("id"))}
    elif kind == "interactive":
        reply = _interactive(_dict(message.get("interactive")))
        fields = {"text": _str(reply.get("title")), "choice": _str(reply.get("id"))}
    elif kind == "button":  # a quick-reply button of a template
        button = _dict(message.get("button"))
        fields = {"text": _str(button.get("text")), "choice": _str(button.get("payload"))}
    elif kind == "location":
        fields["location"] = _place(_dict(message.get("location")))
    elif kind == "contacts":
        fields["shared"] = _cards(message.get("contacts"))
    # reaction, system (a changed number), unsupported, order…: kept, nothing to read
    text_kinds = ("text", "interactive", "button")
    return Event(
        provider_id=_str(message.get("id")),
        kind=Kind.TEXT if kind in text_kinds else Kind.MEDIA if kind in WA_MEDIA else Kind.OTHER,
        address=_str(message.get("from")),
        type=kind,
        **fields,
    )


def _whatsapp_status(status: dict) -> Event:
    ref, state = _str(status.get("id")), _str(status.get("status"))
    errors = status.get("errors") if isinstance(status.get("errors"), list) else []
    first = _dict(errors[0]) if errors else {}
    error = f"{_str(first.get('code'))} {_str(first.get('title'))}".strip() if first else ""
    return Event(
        provider_id=f"{ref}:{state}", kind=Kind.STATUS, status=state, ref=ref, error=error[:200]
    )


def _interactive(interactive: dict) -> dict:
    return _dict(interactive.get("button_reply") or interactive.get("list_reply"))


def _place(location: dict) -> tuple:
    latitude, longitude = location.get("latitude"), location.get("longitude")
    numbers = all(isinstance(v, int | float) for v in (latitude, longitude))
    return (float(latitude), float(longitude)) if numbers else ()


def _cards(cards) -> tuple:
    phones = []
    for card in _list(cards):
        phones += [_str(p.get("phone") or p.get("wa_id")) for p in _list(card.get("phones"))]
    return tuple(phone for phone in phones if phone)[:5]


TG_MEDIA = ("photo", "document", "voice", "audio", "video", "video_note", "sticker")


def _telegram(raw: dict) -> Event:
    update_id = _str(raw.get("update_id"))
    if isinstance(raw.get("callback_query"), dict):
        return _telegram_callback(update_id, raw["callback_query"])
    if isinstance(raw.get("my_chat_member"), dict):
        return _telegram_member(update_id, raw["my_chat_member"])
    if isinstance(raw.get("edited_message"), dict):
        message, kind, what = raw["edited_message"], Kind.EDITED, "edited_message"
    elif isinstance(raw.get("message"), dict):
        message = raw["message"]
        what = next((key for key in TG_MEDIA if key in message), "")
        what = what or next((k for k in ("text", "location", "contact") if k in message), "")
        kind = Kind.TEXT if what == "text" else Kind.MEDIA if what in TG_MEDIA else Kind.OTHER
    else:  # channel_post, edited_channel_post and others: no person to answer
        key = next((k for k in raw if k != "update_id"), "")
        return Event(provider_id=update_id, kind=Kind.OTHER, type=key)
    chat, sender = _dict(message.get("chat")), _dict(message.get("from"))
    fields = {}
    if what in TG_MEDIA:
        media = message[what]
        # A photo comes in several sizes, smallest first: the largest.
        media = _dict(media[-1] if isinstance(media, list) and media else media)
        fields["media_ref"] = _str(media.get("file_id"))
    elif what == "location":
        fields["location"] = _place(_dict(message.get("location")))
    elif what == "contact":
        phone = _str(_dict(message.get("contact")).get("phone_number"))
        fields["shared"] = (phone,) if phone else ()
    return Event(
        provider_id=update_id,
        kind=kind,
        address=_str(chat.get("id")) if chat.get("type", "private") == "private" else "",
        text=_str(message.get("text") or message.get("caption")),
        language=_str(sender.get("language_code")),
        type=what,
        **fields,
    )


def _telegram_callback(update_id: str, query: dict) -> Event:
    """A button of ours pressed: its data is what the person chose."""
    chat = _dict(_dict(query.get("message")).get("chat"))
    sender = _dict(query.get("from"))
    data = _str(query.get("data"))
    return Event(
        provider_id=update_id,
        kind=Kind.TEXT,
        address=_str(chat.get("id") or sender.get("id")),
        text=data,
        language=_str(sender.get("language_code")),
        type="callback_query",
        choice=data,
    )


def _telegram_member(update_id: str, member: dict) -> Event:
    """The person blocked the bot (kicked) or started it again (member)."""
    chat = _dict(member.get("chat"))
    state = _str(_dict(member.get("new_chat_member")).get("status"))
    status = {"kicked": "blocked", "member": "unblocked"}.get(state, state)
    return Event(
        provider_id=update_id,
        kind=Kind.OTHER,
        address=_str(chat.get("id")) if chat.get("type") == "private" else "",
        type="my_chat_member",
        status=status,
    )


# SMS: the gateway's parameters SIGAP keeps. Its account name and password, which DartMedia
# sends along, are dropped before anything is stored.
SMS_FIELDS = ("messageid", "original", "sendto", "message", "date", "status")


def split_sms(params: dict) -> list[dict]:
    """The gateway's query or form as one event (a message or a delivery report)."""
    event = {key: str(params[key])[:2000] for key in SMS_FIELDS if params.get(key)}
    if "messageid" not in event or not ("original" in event or "status" in event):
        raise BadPayload("missing messageid, original or status")
    return [event]


def _sms(raw: dict) -> Event:
    message_id = _str(raw.get("messageid"))
    if "status" in raw and "original" not in raw:
        code = _str(raw.get("status"))
        state = "sent"
        if code.isdigit() and 10 <= int(code) <= 12:
            state = "delivered"
        elif code.isdigit() and int(code) > 20:
            state = "failed"
        ref = message_id.split(".")[0]  # "sigap-12.2": the second SMS of message 12
        return Event(
            provider_id=f"{message_id}:{code}"[:200],
            kind=Kind.STATUS,
            status=state,
            ref=ref,
            error=f"gateway status {code}"[:200] if state == "failed" else "",
        )
    return Event(
        provider_id=message_id,
        kind=Kind.TEXT,
        address=_str(raw.get("original")),
        text=_str(raw.get("message")),
        type="sms",
    )

"""One small transport class per provider: send a text (WhatsApp also a template), fetch a
resident's photo or file, tell throttling and permanent refusals apart.

The base addresses come from settings, so the tests and the demo point them at a local fake
provider. Errors carry the HTTP status and the provider's error code alone: httpx's messages
hold the URL, and Telegram's URL holds the bot token (docs/decisions/0012). ``RedactSecrets``
keeps tokens and full numbers out of the log lines of httpx and Django (settings.LOGGING).

This module imports no model: settings.LOGGING loads ``RedactSecrets`` before the apps.
"""

import logging
import mimetypes
import os
import re
from urllib.parse import urlsplit

import httpx
from django.conf import settings

TIMEOUT_S = 10.0
MEDIA_LIMIT = 10 * 1024 * 1024  # bytes: a resident's photo or document, far above a phone photo

# Graph API error codes (developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes):
# throughput reached, too many messages to one number, the account's rate limit.
WA_THROTTLED = {130429, 131056, 80007}
WA_WINDOW_CLOSED = 131047  # "re-engagement message": more than 24 h since the person wrote
# Failures that no retry mends: the number cannot receive, the message or template is wrong.
WA_PERMANENT = {
    100,
    131008,
    131009,
    131021,
    131026,
    131030,
    131051,
    132000,
    132001,
    132005,
    132007,
    132012,
    133010,
}
THROTTLE_DEFAULT_S = 30.0


class TransportError(Exception):
    """The provider refused or could not be reached. ``status``: the HTTP status (0: none);
    ``code``: the provider's error code; ``throttled``: try again after ``retry_after``
    seconds (None: the sender's backoff); ``permanent``: never try again."""

    def __init__(self, status: int, detail: str, *, code=0, retry_after=None, permanent=False):
        where = f"HTTP {status}" + (f", code {code}" if code else "")
        super().__init__(f"{detail} ({where})" if status or code else detail)
        self.status, self.code = status, code
        self.throttled = status == 429 or code in WA_THROTTLED
        self.retry_after = retry_after
        self.permanent = permanent and not self.throttled
        self.window_closed = code == WA_WINDOW_CLOSED


class WhatsAppTransport:
    def send(self, address: str, text: str, *, ref: str = "") -> str:
        body = {"messaging_product": "whatsapp", "to": address, "type": "text"}
        body["text"] = {"body": text, "preview_url": False}
        return self._send(body)

    def send_template(self, address: str, name: str, language: str, params: list[str]) -> str:
        template = {"name": name, "language": {"code": language}}
        if params:
            parameters = [{"type": "text", "text": value} for value in params]
            template["components"] = [{"type": "body", "parameters": parameters}]
        body = {"messaging_product": "whatsapp", "to": address, "type": "template"}
        return self._send(body | {"template": template})

    def _send(self, body: dict) -> str:
        url = f"{settings.SIGAP_WHATSAPP_API_URL}/{settings.SIGAP_WHATSAPP_PHONE_ID}/messages"
        data = _json(_request("POST", url, json=body, headers=self._auth()), _whatsapp_error)
        messages = data.get("messages") or [{}]
        return str(messages[0].get("id", "")) if isinstance(messages[0], dict) else ""

    def fetch_media(self, ref: str) -> tuple[bytes, str]:
        """The photo or file a resident sent: its address from the Graph API, then the bytes,
        both with the access token."""
        url = f"{settings.SIGAP_WHATSAPP_API_URL}/{_segment(ref)}"
        info = _json(_request("GET", url, headers=self._auth()), _whatsapp_error)
        _check_size(info.get("file_size"))
        media_url = str(info.get("url", ""))
        if urlsplit(media_url).scheme not in ("https", urlsplit(url).scheme):
            raise TransportError(0, "no usable media address", permanent=True)
        content, content_type = _download(media_url, self._auth())
        return content, str(info.get("mime_type") or content_type)

    def _auth(self) -> dict:
        return {"Authorization": f"Bearer {settings.SIGAP_WHATSAPP_TOKEN}"}


class TelegramTransport:
    def send(self, address: str, text: str, *, ref: str = "") -> str:
        url = f"{self._base()}/sendMessage"
        data = _json(_request("POST", url, json={"chat_id": address, "text": text}), _tg_error)
        return str((data.get("result") or {}).get("message_id", ""))

    def fetch_media(self, ref: str) -> tuple[bytes, str]:
        """A file a resident sent: its path from getFile, then the file."""
        response = _request("GET", f"{self._base()}/getFile", params={"file_id": ref})
        result = _json(response, _tg_error).get("result") or {}
        _check_size(result.get("file_size"))
        path = str(result.get("file_path", ""))
        if not path or ".." in path:
            raise TransportError(0, "no file path", permanent=True)
        base, token = settings.SIGAP_TELEGRAM_API_URL, settings.SIGAP_TELEGRAM_BOT_TOKEN
        content, content_type = _download(f"{base}/file/bot{token}/{path}", {})
        if content_type in ("", "application/octet-stream"):
            content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return content, content_type

    def _base(self) -> str:
        return f"{settings.SIGAP_TELEGRAM_API_URL}/bot{settings.SIGAP_TELEGRAM_BOT_TOKEN}"


class SmsTransport:
    """An HTTP SMS gateway in DartMedia's format (Jakarta; as RapidPro's courier implements
    it in handlers/dart): one request per SMS with ``userid``, ``password``,
    ``sendto``, ``original`` (our number), ``messageid`` (ours: delivery reports name it),
    ``message``, ``dcs`` (0: GSM 7-bit, 8: UCS-2); the gateway answers ``000`` when it took it.
    Posted as a form, so that neither the key nor the number is in a URL."""

    ERRORS = {"001": "authentication refused", "101": "account expired or invalid parameters"}

    def send(self, address: str, text: str, *, ref: str = "") -> str:
        if not settings.SIGAP_SMS_API_URL:
            raise TransportError(0, "SIGAP_SMS_API_URL is not set")
        for number, part in enumerate(sms_parts(text), start=1):
            form = {"userid": settings.SIGAP_SMS_USER, "password": settings.SIGAP_SMS_KEY}
            form |= {"sendto": address.removeprefix("+"), "original": settings.SIGAP_SMS_SENDER}
            form |= {"messageid": ref if number == 1 else f"{ref}.{number}", "message": part}
            form |= {"dcs": "0" if _gsm(part) else "8", "udhl": "0"}
            response = _request("POST", settings.SIGAP_SMS_API_URL, data=form)
            _raise_for_status(response, _plain_error)
            code = response.text.strip()[:3]
            if code != "000":
                detail = self.ERRORS.get(code, "refused by the gateway")
                raise TransportError(response.status_code, f"{detail} [{code[:3]!r}]")
        return ref


# SMS: single messages of 160 GSM 7-bit or 70 UCS-2 characters; a longer text goes as separate
# messages (the gateway's format has no concatenation header), at most SMS_MAX_PARTS of them.
SMS_MAX_PARTS = 4
_GSM = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ ÆæßÉ!\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def _gsm(text: str) -> bool:
    return all(char in _GSM for char in text)


def sms_parts(text: str) -> list[str]:
    """``text`` as SMS: typographic quotes and dashes made plain, cut at spaces into messages
    of at most 160 characters (70 when it needs UCS-2), at most SMS_MAX_PARTS of them; a cut
    text ends in "..."."""
    text = " ".join(text.translate(_TYPOGRAPHY).replace("…", "...").split(" "))
    size = 160 if _gsm(text) else 70
    parts: list[str] = []
    rest = text.strip()
    while rest and len(parts) < SMS_MAX_PARTS:
        if len(rest) <= size:
            parts.append(rest)
            rest = ""
            break
        cut = rest.rfind(" ", size // 2, size + 1)
        cut = cut if cut > 0 else size
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        parts[-1] = parts[-1][: size - 3].rstrip() + "..."
    return parts or [""]


_clients: dict[int, httpx.Client] = {}


def _client() -> httpx.Client:
    """One pooled client per process (a forked worker makes its own): a new client per send
    costs a TLS context and a connection, ten times the request itself."""
    pid = os.getpid()
    if pid not in _clients:
        _clients.clear()
        _clients[pid] = httpx.Client(timeout=TIMEOUT_S)
    return _clients[pid]


def _request(method: str, url: str, **kwargs) -> httpx.Response:
    try:
        return _client().request(method, url, **kwargs)
    except httpx.HTTPError as exc:
        raise TransportError(0, type(exc).__name__) from None


def _json(response: httpx.Response, error) -> dict:
    _raise_for_status(response, error)
    try:
        data = response.json()
    except ValueError:
        raise TransportError(response.status_code, "not JSON from the provider") from None
    return data if isinstance(data, dict) else {}


def _raise_for_status(response: httpx.Response, error) -> None:
    if response.status_code >= 400:
        try:
            response.read()  # a streamed answer: its (short) error body
            data = response.json()
        except ValueError:
            data = {}
        raise error(response.status_code, data if isinstance(data, dict) else {})


def _whatsapp_error(status: int, data: dict) -> TransportError:
    error = data.get("error") if isinstance(data.get("error"), dict) else {}
    code = error.get("code") if isinstance(error.get("code"), int) else 0
    # 401: the token expired or is wrong, mended by the operator: retried, not permanent.
    permanent = code in WA_PERMANENT or (status in (400, 404) and code not in WA_THROTTLED)
    return TransportError(status, "refused by WhatsApp", code=code, permanent=permanent)


def _tg_error(status: int, data: dict) -> TransportError:
    parameters = data.get("parameters") if isinstance(data.get("parameters"), dict) else {}
    retry_after = parameters.get("retry_after")
    retry_after = float(retry_after) if isinstance(retry_after, int | float) else None
    # 403: the person blocked the bot; 400: no such chat, or a message Telegram will never take.
    return TransportError(
        status, "refused by Telegram", retry_after=retry_after, permanent=status in (400, 403)
    )


def _plain_error(status: int, data: dict) -> TransportError:
    return TransportError(status, "refused by the gateway", permanent=status in (400, 404))


def _check_size(size) -> None:
    if isinstance(size, int) and size > MEDIA_LIMIT:
        raise TransportError(0, "file too large", permanent=True)


def _download(url: str, headers: dict) -> tuple[bytes, str]:
    """The bytes at ``url``, refused past MEDIA_LIMIT while they arrive."""
    chunks, total = [], 0
    try:
        with _client().stream("GET", url, headers=headers) as response:
            _raise_for_status(response, _plain_error)
            for chunk in response.iter_bytes():
                total += len(chunk)
                if total > MEDIA_LIMIT:
                    raise TransportError(0, "file too large", permanent=True)
                chunks.append(chunk)
            content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
    except httpx.HTTPError as exc:
        raise TransportError(0, type(exc).__name__) from None
    return b"".join(chunks), content_type


def _segment(ref: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_.-]{1,200}", ref):
        raise TransportError(0, "not a media id", permanent=True)
    return ref


TRANSPORTS = {"whatsapp": WhatsAppTransport, "telegram": TelegramTransport, "sms": SmsTransport}


def transport(channel: str):
    return TRANSPORTS[channel]()


# Long runs of digits are phone numbers or chat ids: masked whole in the log lines below.
_DIGITS = re.compile(r"\+?\d{7,}")
_SECRETS = (
    "SIGAP_WHATSAPP_APP_SECRET",
    "SIGAP_WHATSAPP_VERIFY_TOKEN",
    "SIGAP_WHATSAPP_TOKEN",
    "SIGAP_TELEGRAM_BOT_TOKEN",
    "SIGAP_TELEGRAM_SECRET",
    "SIGAP_TELEGRAM_PATH",
    "SIGAP_SMS_PATH",
    "SIGAP_SMS_KEY",
)


class RedactSecrets(logging.Filter):
    """A logging filter for the loggers that write URLs and paths (httpx, httpcore,
    django.request, the channels): each channel secret in a record's message becomes
    ``[secret]`` and each run of seven or more digits ``[number]``; the record is kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is logging's to report
            return True
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True


def redact(text: str) -> str:
    for name in _SECRETS:
        secret = getattr(settings, name, "")
        if secret and len(secret) >= 4:
            text = text.replace(secret, "[secret]")
    return _DIGITS.sub("[number]", text)

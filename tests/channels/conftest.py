"""The channels switched on with test secrets, and a fake provider on 127.0.0.1: the one thing
that would leave the machine (the provider's API) is replaced, nothing else."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

from tests.worker import drain  # noqa: F401 - the fixture, for the tests in this folder

FIXTURES = Path(__file__).parent / "fixtures"
APP_SECRET = "wa-app-secret-for-tests"
WA_TOKEN = "EAAG-wa-token-for-tests-0123456789"
TG_TOKEN = "7000000001:AAH-telegram-token-for-tests"
TG_SECRET = "tg-header-secret-for-tests"
TG_PATH = "tg-path-secret-for-tests"
SMS_PATH = "sms-path-secret-for-tests"
SMS_KEY = "sms-gateway-key-for-tests"
SMS_USER = "sigap-sms-user"
# What the fake provider serves for a media id or file path: (bytes, content type).
MEDIA = {"photo": (b"\xff\xd8\xff\xe0" + b"jpeg" * 1000, "image/jpeg")}


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def fixture_json(name: str) -> dict:
    return json.loads(fixture_bytes(name))


def wa_signature(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class LocalServer(ThreadingHTTPServer):
    """An HTTP server on 127.0.0.1 at a free port, with a list for the requests it records."""

    def __init__(self, handler: type[BaseHTTPRequestHandler]):
        super().__init__(("127.0.0.1", 0), handler)
        self.requests: list[tuple[str, dict]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class FakeProvider(LocalServer):
    """Records each request (path, JSON body) and answers from a queue of (status, fixture);
    when the queue is empty, with the provider's usual success."""

    def __init__(self):
        super().__init__(ProviderHandler)
        self.answers: list[tuple[int, str]] = []
        self.media = dict(MEDIA)


class AnsweringHandler(BaseHTTPRequestHandler):
    """A handler that answers with ``_answer`` and logs nothing."""

    def _answer(self, status: int, data: bytes, content_type: str = "application/json"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class ProviderHandler(AnsweringHandler):
    def do_POST(self):  # noqa: N802 - http.server's hook name
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            body = dict(parse_qsl(raw.decode()))  # the SMS gateway's form
        else:
            body = json.loads(raw or b"{}")
        server = self.server
        server.requests.append((self.path, body, dict(self.headers)))
        if server.answers:
            status, name = server.answers.pop(0)
        elif "/bot" in self.path:
            status, name = 200, "telegram_send_ok.json"
        elif self.path.startswith("/sms"):
            status, name = 200, "sms_send_ok.txt"
        else:
            status, name = 200, "whatsapp_send_ok.json"
        self._answer(status, fixture_bytes(name), _content_type(name))

    def do_GET(self):  # noqa: N802 - media: WhatsApp's media address, Telegram's getFile
        server = self.server
        server.requests.append((self.path, {}, dict(self.headers)))
        path, _sep, query = self.path.partition("?")
        if server.answers:
            status, name = server.answers.pop(0)
            return self._answer(status, fixture_bytes(name), _content_type(name))
        key = path.rsplit("/", 1)[-1].removesuffix(".jpg")
        if path.startswith("/media/") and key in server.media:
            return self._answer(200, *server.media[key])
        if path.startswith("/file/") and key in server.media:
            return self._answer(200, server.media[key][0], "application/octet-stream")
        if "/getFile" in path:
            file_id = dict(parse_qsl(query)).get("file_id", "")
            if file_id not in server.media:
                return self._answer(400, fixture_bytes("telegram_file_missing.json"))
            result = {"file_id": file_id, "file_path": f"photos/{file_id}.jpg"}
            result["file_size"] = len(server.media[file_id][0])
            return self._answer(200, json.dumps({"ok": True, "result": result}).encode())
        if path.startswith("/v21.0/") and key in server.media:
            info = {"url": f"{server.url}/media/{key}", "mime_type": server.media[key][1]}
            info |= {"file_size": len(server.media[key][0]), "id": key}
            return self._answer(200, json.dumps(info).encode())
        return self._answer(404, b'{"error": {"code": 100, "message": "unknown"}}')


def _content_type(name: str) -> str:
    return "text/plain" if name.endswith(".txt") else "application/json"


@pytest.fixture
def provider(settings):
    server = FakeProvider()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SIGAP_WHATSAPP_APP_SECRET = APP_SECRET
    settings.SIGAP_WHATSAPP_VERIFY_TOKEN = "wa-verify-token"
    settings.SIGAP_WHATSAPP_TOKEN = WA_TOKEN
    settings.SIGAP_WHATSAPP_PHONE_ID = "106540352242922"
    settings.SIGAP_WHATSAPP_API_URL = server.url + "/v21.0"
    settings.SIGAP_TELEGRAM_BOT_TOKEN = TG_TOKEN
    settings.SIGAP_TELEGRAM_SECRET = TG_SECRET
    settings.SIGAP_TELEGRAM_PATH = TG_PATH
    settings.SIGAP_TELEGRAM_API_URL = server.url
    settings.SIGAP_SMS_PATH = SMS_PATH
    settings.SIGAP_SMS_ALLOWED_ADDRESSES = ["127.0.0.1", "10.20.0.0/16"]
    settings.SIGAP_SMS_API_URL = server.url + "/sms/send"
    settings.SIGAP_SMS_USER = SMS_USER
    settings.SIGAP_SMS_KEY = SMS_KEY
    settings.SIGAP_SMS_SENDER = "93456"
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def no_backoff(monkeypatch):
    """Retries at once instead of after 30 s (the worker runs them in the same pass)."""
    from sigap import tasks

    real = tasks._enqueue_retry
    monkeypatch.setattr(tasks, "_enqueue_retry", lambda t, a, k, delay: real(t, a, k, 0))
    from sigap.channels import outbound

    monkeypatch.setattr(outbound, "THROTTLE_MAX_S", 0.0)  # a throttled send, too


def post_whatsapp(client, body: bytes, signature: str | None = None):
    return client.post(
        "/kanal/whatsapp/",
        data=body,
        content_type="application/json",
        headers={"X-Hub-Signature-256": signature or wa_signature(body)},
    )


def post_telegram(client, body: bytes, secret: str = TG_SECRET, path: str = TG_PATH):
    return client.post(
        f"/kanal/telegram/{path}/",
        data=body,
        content_type="application/json",
        headers={"X-Telegram-Bot-Api-Secret-Token": secret},
    )


def post_sms(client, params: dict, path: str = SMS_PATH, address: str = "127.0.0.1"):
    """The gateway's call as DartMedia makes it: a GET with the parameters in the query."""
    return client.get(f"/kanal/sms/{path}/", params, REMOTE_ADDR=address)

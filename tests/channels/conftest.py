"""The channels switched on with test secrets, and a fake provider on 127.0.0.1: the one thing
that would leave the machine (the provider's API) is replaced, nothing else."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
APP_SECRET = "wa-app-secret-for-tests"
WA_TOKEN = "EAAG-wa-token-for-tests-0123456789"
TG_TOKEN = "7000000001:AAH-telegram-token-for-tests"
TG_SECRET = "tg-header-secret-for-tests"
TG_PATH = "tg-path-secret-for-tests"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def fixture_json(name: str) -> dict:
    return json.loads(fixture_bytes(name))


def wa_signature(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class FakeProvider(ThreadingHTTPServer):
    """Records each request (path, JSON body) and answers from a queue of (status, fixture);
    when the queue is empty, with the provider's usual success."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[tuple[str, dict]] = []
        self.answers: list[tuple[int, str]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's hook name
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        server = self.server
        server.requests.append((self.path, body, dict(self.headers)))
        if server.answers:
            status, name = server.answers.pop(0)
        else:
            status = 200
            name = "telegram_send_ok.json" if "/bot" in self.path else "whatsapp_send_ok.json"
        data = fixture_bytes(name)
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


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
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def no_backoff(monkeypatch):
    """Retries at once instead of after 30 s (the worker runs them in the same pass)."""
    from sigap import tasks

    real = tasks._enqueue_retry
    monkeypatch.setattr(tasks, "_enqueue_retry", lambda t, a, k, delay: real(t, a, k, 0))


@pytest.fixture
def drain(django_capture_on_commit_callbacks):
    """Run queued tasks, and the tasks they enqueue on commit, until none is left."""
    from sigap.tasks.worker import run_pending

    def run() -> int:
        total = 0
        while True:
            with django_capture_on_commit_callbacks(execute=True):
                ran = run_pending()
            total += ran
            if not ran:
                return total

    return run


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

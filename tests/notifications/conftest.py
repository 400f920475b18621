"""A fake messaging provider on 127.0.0.1 for the notices by message: it records what SIGAP
sends and answers as Telegram and WhatsApp do. Only the provider's API is replaced."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.worker import drain  # noqa: F401 - the fixture, for the tests in this folder


class Recorder(ThreadingHTTPServer):
    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[tuple[str, dict]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's hook name
        length = int(self.headers.get("Content-Length") or 0)
        self.server.requests.append((self.path, json.loads(self.rfile.read(length) or b"{}")))
        count = len(self.server.requests)
        if "/bot" in self.path:
            answer = {"ok": True, "result": {"message_id": count}}
        else:
            answer = {"messaging_product": "whatsapp", "messages": [{"id": f"wamid.{count}"}]}
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def chat_provider(settings):
    server = Recorder()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.SIGAP_TELEGRAM_BOT_TOKEN = "7000000001:AAH-telegram-token-for-tests"
    settings.SIGAP_TELEGRAM_API_URL = server.url
    settings.SIGAP_WHATSAPP_TOKEN = "EAAG-wa-token-for-tests"
    settings.SIGAP_WHATSAPP_PHONE_ID = "106540352242922"
    settings.SIGAP_WHATSAPP_API_URL = server.url + "/v21.0"
    settings.SIGAP_NOTIFICATION_TRANSPORTS = [
        "sigap.notifications.transports.InAppTransport",
        "sigap.channels.staff.MessageTransport",
    ]
    yield server
    server.shutdown()
    server.server_close()

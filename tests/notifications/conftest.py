"""A fake messaging provider on 127.0.0.1 for the notices by message: it records what SIGAP
sends and answers as Telegram and WhatsApp do. Only the provider's API is replaced."""

import json
import threading

import pytest

from tests.channels.conftest import AnsweringHandler, LocalServer
from tests.worker import drain  # noqa: F401 - the fixture, for the tests in this folder


class Recorder(LocalServer):
    def __init__(self):
        super().__init__(_Handler)


class _Handler(AnsweringHandler):
    def do_POST(self):  # noqa: N802 - http.server's hook name
        length = int(self.headers.get("Content-Length") or 0)
        self.server.requests.append((self.path, json.loads(self.rfile.read(length) or b"{}")))
        count = len(self.server.requests)
        if "/bot" in self.path:
            answer = {"ok": True, "result": {"message_id": count}}
        else:
            answer = {"messaging_product": "whatsapp", "messages": [{"id": f"wamid.{count}"}]}
        self._answer(200, json.dumps(answer).encode())


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

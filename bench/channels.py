"""Messaging channels: the webhook's time to accept and store, inbound messages answered per
second, replies sent per second.

    python bench/channels.py [--json] [--messages 300]

Each figure on a fresh database: a temporary SQLite file, then PostgreSQL (``bench_channels``
at 127.0.0.1:5432, user postgres; null when it does not answer). A local fake provider (an
HTTP server in this process, answering as the WhatsApp Cloud API and the Telegram Bot API do)
stands in for Meta and Telegram: only what would leave the machine is replaced.

* ``webhook_p95_ms``: ``--messages`` signed WhatsApp webhooks (one text each, from as many
  numbers) posted through Django's test client, the whole middleware stack included; each
  checks the signature, stores the event encrypted, enqueues its task and answers 200.
* ``inbound_per_s``: those messages processed end to end by the project's worker
  (``sigap.tasks.worker.run_pending``, on the database backend): each read back, its contact
  found or made, its answer written and queued, and the reply sent to the fake provider.
* ``outbound_per_s``: ``--messages`` replies queued to Telegram contacts, then sent by the
  worker against the fake provider (one HTTP request each).
"""

import argparse
import json
import os
import statistics
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from _common import fresh_pg_database, pg_url, run_child

APP_SECRET = "bench-app-secret"
WA_OK = b'{"messaging_product": "whatsapp", "messages": [{"id": "wamid.BENCH"}]}'
TG_OK = b'{"ok": true, "result": {"message_id": 7}}'


class _Provider(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the real APIs
    disable_nagle_algorithm = True  # headers and body in one round trip

    def do_POST(self):  # noqa: N802 - http.server's hook name
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        data = TG_OK if "/bot" in self.path else WA_OK
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def child(messages: int) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Provider)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    os.environ |= {
        "SIGAP_WHATSAPP_APP_SECRET": APP_SECRET,
        "SIGAP_WHATSAPP_TOKEN": "bench-token",
        "SIGAP_WHATSAPP_PHONE_ID": "1000",
        "SIGAP_WHATSAPP_API_URL": url + "/v21.0",
        "SIGAP_TELEGRAM_BOT_TOKEN": "1000:bench",
        "SIGAP_TELEGRAM_API_URL": url,
        "SIGAP_TASKS_BACKEND": "database",
    }
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    webhook_ms, inbound_s = _inbound(messages)
    outbound_s = _outbound(messages)
    print(
        json.dumps(
            {
                "webhook_p95_ms": round(statistics.quantiles(webhook_ms, n=100)[94], 2),
                "webhook_median_ms": round(statistics.median(webhook_ms), 2),
                "inbound_per_s": round(messages / inbound_s, 1),
                "outbound_per_s": round(messages / outbound_s, 1),
            }
        )
    )


def _webhook_body(number: int) -> bytes:
    message = {"from": f"62812{number:08d}", "id": f"wamid.BENCH{number}", "type": "text"}
    message |= {"timestamp": str(int(time.time())), "text": {"body": "halo"}}
    value = {"messaging_product": "whatsapp", "messages": [message]}
    body = {"object": "whatsapp_business_account", "entry": [{"changes": [{"value": value}]}]}
    return json.dumps(body).encode()


def _inbound(messages: int) -> tuple[list[float], float]:
    import hashlib
    import hmac

    from django.test import Client

    from sigap.channels.models import InboundMessage, OutboundMessage
    from sigap.tasks.worker import run_pending

    client, times = Client(), []
    for number in range(-5, messages):  # five to warm up, not timed
        body = _webhook_body(number + 5)
        signature = "sha256=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
        start = time.perf_counter()
        response = client.post(
            "/kanal/whatsapp/",
            body,
            content_type="application/json",
            headers={"X-Hub-Signature-256": signature},
        )
        if number >= 0:
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    assert InboundMessage.objects.count() == messages + 5
    start = time.perf_counter()
    while run_pending():
        pass
    seconds = time.perf_counter() - start
    unprocessed = InboundMessage.objects.filter(processed_at=None).count()
    sent = OutboundMessage.objects.filter(status="sent").count()
    assert unprocessed == 0 and sent == messages + 5, (unprocessed, sent)
    return times, seconds * messages / (messages + 5)


def _outbound(messages: int) -> float:
    from django.db import transaction

    from sigap.channels import outbound
    from sigap.channels.models import Contact, OutboundMessage
    from sigap.tasks.worker import run_pending

    for number in range(messages):
        contact = Contact.objects.create(
            channel="telegram", address=str(700000000 + number), address_hash=f"bench{number}"
        )
        with transaction.atomic():
            outbound.queue_text(contact, "Terima kasih, laporan Anda sudah kami terima.")
    start = time.perf_counter()
    while run_pending():
        pass
    seconds = time.perf_counter() - start
    sent = OutboundMessage.objects.filter(channel="telegram", status="sent").count()
    assert sent == messages, sent
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    parser.add_argument("--messages", type=int, default=300, help="messages per figure")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.messages)
    script, results = str(Path(__file__).resolve()), {}
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = f"sqlite:///{tmp}/db.sqlite3"
        results["sqlite"] = run_child(script, sqlite, tmp, "--messages", str(args.messages))
        if fresh_pg_database("bench_channels"):
            url = pg_url("bench_channels")
            results["pg"] = run_child(script, url, tmp, "--messages", str(args.messages))
    for engine, f in results.items():
        print(
            f"{engine:6} webhook p95 {f['webhook_p95_ms']} ms (median {f['webhook_median_ms']}),"
            f" inbound {f['inbound_per_s']}/s end to end,"
            f" outbound {f['outbound_per_s']}/s against the fake provider"
        )
    summary = {"messages": args.messages, **results["sqlite"]}
    for name, value in (results.get("pg") or {}).items():
        summary[name.replace("_ms", "_ms_pg").replace("_per_s", "_per_s_pg")] = value
    if args.json:
        print(json.dumps(summary))


if __name__ == "__main__":
    main()

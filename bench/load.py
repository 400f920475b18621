"""Load and recovery: many phones at once against gunicorn on PostgreSQL, with the background
worker killed and restarted in the middle.

Each client (an asyncio httpx client with its own cookies, like one phone) mixes anonymous
reports on /lapor/, receipt checks on /status/ with the codes it was given, Cek Lowongan checks
and signed-in pages (a Duta of Terjun: reports list, programme, inbox). Half-way through the
worker (``manage.py run_worker``) is killed with SIGKILL and started again 5 s later. At the end
the worker gets time to drain, then the database is asked what it holds.

The public rate limits are raised through the environment (SIGAP_RATE_LIMITS,
SIGAP_SCREENING_API_LIMIT), as an operator would for a load test; 429s are counted apart.

    .venv/bin/python bench/load.py [--duration 300] [--clients 20] [--json]

With --json, one line: requests, errors, throttled, p50_ms, p95_ms, p99_ms, reports_accepted,
reports_stored, reports_processed (the targets: errors 0, stored = accepted = processed).
"""

import argparse
import asyncio
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time

import httpx

sys.path.insert(0, os.path.dirname(__file__))
from _common import ROOT, fresh_pg_database, pg_url  # noqa: E402
from intake import REPORT, free_port, start_server  # noqa: E402

DATABASE = "sigap_bench_load"
USERNAME, PASSWORD = "duta.terjun", "sigap-demo-2026"
SIGNED_IN_PAGES = ["/laporan/", "/program/saya/", "/notifikasi/", "/akun/saya/"]
POSTS = [
    "Dicari admin untuk kerja di Kamboja, gaji 15 juta, visa turis, berangkat minggu depan.",
    "Lowongan pabrik di Malaysia resmi lewat P3MI terdaftar, kontrak kerja diberikan.",
    "Kerja kapal ikan, tanpa biaya, paspor ditahan agen sampai kontrak selesai.",
]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RECEIPT = re.compile(r'id="receipt-code">\s*([^<\s]+)')


def environment(tmp: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sigap.settings",
        "DATABASE_URL": pg_url(DATABASE),
        "SIGAP_VAR_DIR": tmp,
        "SIGAP_DB_CONN_MAX_AGE": "60",
        "SIGAP_RATE_LIMITS": ",".join(
            f"{name}=1000000/60"
            for name in ("report", "receipt", "message", "check_page", "check_page_user")
        ),
        "SIGAP_SCREENING_API_LIMIT": "1000000",
        "PYTHONPATH": str(ROOT),
    }


def prepare(env: dict) -> None:
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput", "-v0"], ["createcachetable"]):
        subprocess.run(manage + command, env=env, check=True, cwd=ROOT)
    script = (
        "import django; django.setup()\n"
        "from sigap.regions.importer import import_areas\n"
        "from sigap import demo\n"
        "import_areas(only=['12.71', '35.73'])\n"
        "demo.load_people()\n"
    )
    subprocess.run([sys.executable, "-c", script], env=env, check=True, cwd=ROOT)


def start_worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "run_worker"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip


class Tally:
    def __init__(self):
        self.latencies: list[float] = []
        self.errors = self.throttled = self.accepted = 0
        self.error_kinds: dict[str, int] = {}

    def record(self, started: float, status: int | None, what: str) -> None:
        self.latencies.append((time.monotonic() - started) * 1000)
        if status == 429:
            self.throttled += 1
        elif status is None or status >= 400:
            self.errors += 1
            key = f"{what} {status}"
            self.error_kinds[key] = self.error_kinds.get(key, 0) + 1


async def form_token(client: httpx.AsyncClient, path: str) -> str:
    page = await client.get(path)
    found = TOKEN.search(page.text)
    return found.group(1) if found else ""


async def phone(base: str, stop: float, tally: Tally, signed_in: bool) -> None:
    receipts: list[str] = []
    async with httpx.AsyncClient(base_url=base, timeout=60, headers={"Accept-Language": "id"}) as c:
        if signed_in:
            started = time.monotonic()
            try:
                token = await form_token(c, "/akun/masuk/")
                form = {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token}
                signed = await c.post("/akun/masuk/", data=form)
                status = signed.status_code if signed.status_code != 302 else 200
            except httpx.HTTPError:
                status = None
            tally.record(started, status, "sign-in")
        while time.monotonic() < stop:
            action = random.choices(["report", "receipt", "check", "page"], [4, 2, 3, 2])[0]
            if action == "page" and not signed_in:
                action = "check"
            started = time.monotonic()
            try:
                status = await one(c, action, receipts, tally)
            except httpx.HTTPError as error:
                status, action = None, f"{action} {type(error).__name__}"
            tally.record(started, status, action)


async def one(c: httpx.AsyncClient, action: str, receipts: list[str], tally: Tally) -> int:
    if action == "page":
        return (await c.get(random.choice(SIGNED_IN_PAGES))).status_code
    path = {"report": "/lapor/", "receipt": "/status/", "check": "/cek-lowongan/"}[action]
    token = c.cookies.get("csrftoken") or await form_token(c, path)
    data = {"csrfmiddlewaretoken": token}
    if action == "report":
        data.update(REPORT)
    elif action == "receipt":
        data["code"] = random.choice(receipts) if receipts else "ABCD-EFGH-JKLM"
    else:
        data["text"] = random.choice(POSTS)
    response = await c.post(path, data=data, headers={"Referer": str(c.base_url)})
    if action == "report" and response.status_code == 200:
        found = RECEIPT.search(response.text)
        if found:
            tally.accepted += 1
            receipts.append(found.group(1))
        else:
            return 400  # the form came back: the report was not accepted
    return response.status_code


async def run_load(base: str, clients: int, seconds: float, env: dict, worker) -> Tally:
    tally = Tally()
    stop = time.monotonic() + seconds
    phones = [
        asyncio.create_task(phone(base, stop, tally, signed_in=i % 4 == 3)) for i in range(clients)
    ]
    await asyncio.sleep(seconds / 2)
    os.killpg(worker[0].pid, signal.SIGKILL)
    worker[0].wait()
    await asyncio.sleep(5)
    worker[0] = start_worker(env)
    await asyncio.gather(*phones)
    return tally


COUNT = """
import sys, time, django
django.setup()
from sigap.cases.models import Report
deadline = time.monotonic() + float(sys.argv[1])
while Report.objects.filter(processed_at__isnull=True).exists() and time.monotonic() < deadline:
    time.sleep(0.5)
print(Report.objects.count(), Report.objects.filter(processed_at__isnull=False).count())
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=300, help="seconds of load")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn processes")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not fresh_pg_database(DATABASE):
        sys.exit(1)
    with tempfile.TemporaryDirectory() as tmp:
        env = environment(tmp)
        prepare(env)
        port = free_port()
        server = start_server(env, port, args.workers, 4)
        worker = [start_worker(env)]
        try:
            tally = asyncio.run(
                run_load(f"http://127.0.0.1:{port}", args.clients, args.duration, env, worker)
            )
            done = subprocess.run([sys.executable, "-c", COUNT, "180"], env=env, cwd=ROOT,
                                  capture_output=True, text=True, check=True)  # fmt: skip
        finally:
            os.killpg(worker[0].pid, signal.SIGKILL)
            server.terminate()
            server.wait()
    stored, processed = (int(n) for n in done.stdout.split())
    ms = sorted(tally.latencies)
    result = {
        "requests": len(ms),
        "errors": tally.errors,
        "throttled": tally.throttled,
        "p50_ms": round(statistics.median(ms), 1) if ms else None,
        "p95_ms": round(ms[int(len(ms) * 0.95) - 1], 1) if ms else None,
        "p99_ms": round(ms[int(len(ms) * 0.99) - 1], 1) if ms else None,
        "reports_accepted": tally.accepted,
        "reports_stored": stored,
        "reports_processed": processed,
        "clients": args.clients,
        "duration_s": args.duration,
        "error_kinds": tally.error_kinds,
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>18}: {value}")


if __name__ == "__main__":
    main()

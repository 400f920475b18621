"""Anonymous intake throughput: submissions/s and p50/p95/p99 latency at 20 concurrent clients
against a real gunicorn server, beside a bare Django view that writes one row.

    python bench/intake.py [--json] [--seconds 8] [--clients 20]

Each database is fresh: a temporary SQLite file, then ``bench_intake`` on the PostgreSQL at
127.0.0.1:5432 (user postgres). The server listens on a free 127.0.0.1 port only; every phase
is bounded by time. With ``--json`` the last line is one JSON object.
"""

import argparse
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_SERVER = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"
PG_URL = "postgres://postgres@127.0.0.1:5432/bench_intake"
TERJUN = "12.71.12.1003"
REPORT = {
    "area": TERJUN,
    "what": "Tetangga ditawari kerja admin di Kamboja lewat Facebook, gaji 15 juta.",
    "suspect": "Perekrut dari PT Maju Jaya Abadi",
    "suspect_identifiers": "0812-3456-7890, t.me/agen_kerja",
    "destination_country": "KH",
    "indicators": ["deception", "tourist_visa", "documents"],
    "recruitment_apps": ["Facebook", "WhatsApp"],
    "people_sex": "female",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(database_url: str, tmp: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.intake_site",
        "DATABASE_URL": database_url,
        "SIGAP_VAR_DIR": tmp,
        "SIGAP_DB_CONN_MAX_AGE": "60",
        "PYTHONPATH": str(ROOT),
    }


def prepare(env: dict) -> None:
    """Migrate, create the cache table and the bare view's table, import Kota Medan."""
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput", "-v0"], ["createcachetable"]):
        subprocess.run(manage + command, env=env, check=True, cwd=ROOT)
    script = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "from sigap.regions.importer import import_areas\n"
        "import_areas(only=['12.71'])\n"
        "pk = 'INTEGER PRIMARY KEY AUTOINCREMENT' if connection.vendor == 'sqlite' "
        "else 'BIGSERIAL PRIMARY KEY'\n"
        "connection.cursor().execute(f'CREATE TABLE bench_row (id {pk}, body TEXT, "
        "created_at TEXT)')\n"
    )
    subprocess.run([sys.executable, "-c", script], env=env, check=True, cwd=ROOT)


def start_server(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "sigap.wsgi", "-b", f"127.0.0.1:{port}",
         "--workers", "3", "--threads", "4", "--worker-class", "gthread", "--log-level", "warning"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


class Client:
    """One keep-alive connection with its own CSRF cookie, like one phone."""

    def __init__(self, port: int):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.conn.request("GET", "/lapor/", headers={"Accept-Language": "id"})
        response = self.conn.getresponse()
        page = response.read().decode()
        cookie = response.getheader("Set-Cookie", "")
        self.cookie = re.search(r"csrftoken=([^;]+)", cookie).group(1)
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def post(self, path: str) -> int:
        body = urllib.parse.urlencode({**REPORT, "csrfmiddlewaretoken": self.token}, doseq=True)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={self.cookie}",
            "Referer": "http://127.0.0.1/lapor/",
        }
        self.conn.request("POST", path, body=body, headers=headers)
        response = self.conn.getresponse()
        response.read()
        return response.status


def load(port: int, path: str, clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def run():
        client = Client(port)
        while time.monotonic() < stop:
            start = time.perf_counter()
            status = client.post(path)
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                if status == 200:
                    latencies.append(elapsed)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=run) for _ in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - began
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "per_s": round(len(latencies) / wall, 1),
        "p50_ms": round(q[49], 1),
        "p95_ms": round(q[94], 1),
        "p99_ms": round(q[98], 1),
        "ok": len(latencies),
        "errors": errors[0],
    }


def measure(database_url: str, tmp: str, clients: int, seconds: float) -> dict:
    env = environment(database_url, tmp)
    prepare(env)
    port = free_port()
    server = start_server(env, port)
    try:
        load(port, "/lapor/", clients, 1.0)  # warm-up: workers, connections, caches
        intake = load(port, "/lapor/", clients, seconds)
        bare = load(port, "/bench/bare/", clients, seconds)
    finally:
        server.terminate()
        server.wait(10)
    return {"intake": intake, "bare": bare}


def create_pg_database() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_SERVER, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS bench_intake")
            conn.execute("CREATE DATABASE bench_intake")
        return True
    except Exception as error:  # noqa: BLE001 - no PostgreSQL: report SQLite only
        print(f"PostgreSQL not available ({error}); SQLite only.", file=sys.stderr)
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--clients", type=int, default=20)
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = measure(f"sqlite:///{tmp}/bench.sqlite3", tmp, args.clients,
                                    args.seconds)  # fmt: skip
        if create_pg_database():
            results["pg"] = measure(PG_URL, tmp, args.clients, args.seconds)
    for db, figures in results.items():
        for kind, f in figures.items():
            print(f"{db:6} {kind:6} {f['per_s']:7.1f}/s  p50 {f['p50_ms']:6.1f} ms  "
                  f"p95 {f['p95_ms']:6.1f} ms  p99 {f['p99_ms']:6.1f} ms  "
                  f"errors {f['errors']}")  # fmt: skip
    summary = {"clients": args.clients, "seconds": args.seconds}
    for db in results:
        intake, bare = results[db]["intake"], results[db]["bare"]
        summary[f"intake_per_s_{db}"] = intake["per_s"]
        summary[f"bare_per_s_{db}"] = bare["per_s"]
        summary[f"ratio_{db}"] = round(intake["per_s"] / bare["per_s"], 2) if bare["per_s"] else 0
        summary[f"p50_ms_{db}"], summary[f"p99_ms_{db}"] = intake["p50_ms"], intake["p99_ms"]
        summary[f"bare_p99_ms_{db}"] = bare["p99_ms"]
    if args.json:
        print(json.dumps(summary))


if __name__ == "__main__":
    main()

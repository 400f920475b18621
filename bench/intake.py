"""Anonymous intake throughput: submissions/s and p50/p95/p99 latency at 20 concurrent clients
against a real gunicorn server, beside a bare Django view that writes one row.

    python bench/intake.py [--json] [--seconds 5] [--rounds 3] [--clients 20] [--db both]
                           [--backend database|rq] [--pg-db bench_intake]

Each database is fresh: a temporary SQLite file, then ``bench_intake`` (or ``--pg-db``) on the
PostgreSQL at 127.0.0.1:5432 (user postgres). The server listens on a free 127.0.0.1 port only;
every phase is bounded by time. The intake and the bare view take turns (--rounds phases of
--seconds each), and each view's figures pool its phases. Each client opens its connection and loads
the form before the clock starts. With ``--json`` the last line is one JSON object.

The intake stores each report at once with the ORM (the report, its timeline event and audit
row, in one transaction); what follows from it (identifiers, links, the score's weight for a
link) is a task enqueued on commit, run by the background worker (``manage.py run_worker``) on
the tasks backend chosen by ``--backend`` (the database, or RQ on the Redis at
127.0.0.1:6379, database 15, emptied first). The worker runs beside
the server through both phases, as in production, at a lower CPU priority (``nice 10``), so
a burst is answered first and completed as soon as there is room. The figures are what a
reporter gets (submissions accepted per second, latency); beside them the bench prints how many
reports were still waiting for the worker when the load stopped, how long the worker took to
finish them, and the sustained rate: reports completed per second from the first submission
to the last one processed. At the end it counts the reports accepted (answered 200), stored
and completed: ``backlog_end_<db>`` is what the worker left undone (``backlog_<db>`` the most
that waited when a phase stopped).
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

from _common import fresh_pg_database, pg_url

ROOT = Path(__file__).resolve().parents[1]
WORKERS, THREADS = 3, 4  # the same server for the intake and the bare view
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


REDIS_URL = "redis://127.0.0.1:6379/15"


def environment(database_url: str, tmp: str, backend: str = "database") -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.intake_site",
        "DATABASE_URL": database_url,
        "SIGAP_VAR_DIR": tmp,
        "SIGAP_DB_CONN_MAX_AGE": "60",
        "SIGAP_TASKS_BACKEND": backend,
        "SIGAP_REDIS_URL": REDIS_URL,
        "PYTHONPATH": str(ROOT),
    }


def prepare(env: dict) -> None:
    """Migrate, create the cache table and the bare view's table, import Kota Medan (and empty
    the bench's Redis database when the tasks go to RQ)."""
    if env["SIGAP_TASKS_BACKEND"] == "rq":
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
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


def start_server(env: dict, port: int, workers: int, threads: int) -> subprocess.Popen:
    # One configuration for both views (fairness): gthread keeps the clients' connections
    # alive; no sendfile and no access log (the anonymous intake must not log addresses).
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "sigap.wsgi", "-b", f"127.0.0.1:{port}",
         "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
         "--keep-alive", "5", "--no-sendfile", "--log-level", "warning"],
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


def start_worker(env: dict) -> subprocess.Popen:
    """``manage.py run_worker`` at a lower priority, as a production service would run it."""
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "run_worker"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, preexec_fn=lambda: os.nice(10),
    )  # fmt: skip


def server_cpu_seconds(*processes: subprocess.Popen) -> float:
    """User + system CPU of these processes and their children so far (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    pids = {p.pid for p in processes}
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        pid, ppid = int(stat.parent.name), int(fields[1])
        if pid in pids or ppid in pids:
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


WAITING = """
import sys, time
import django
django.setup()
from sigap.cases.models import Report
deadline = time.monotonic() + float(sys.argv[1])
first = Report.objects.filter(processed_at__isnull=True).count()
began = time.monotonic()
left = first
while left and time.monotonic() < deadline:
    time.sleep(0.05)
    left = Report.objects.filter(processed_at__isnull=True).count()
print(first, left, round(time.monotonic() - began, 2))
"""


def drain(env: dict, timeout: float = 120.0) -> tuple[int, int, float]:
    """(reports waiting for the worker now, still waiting at the end, seconds until none)."""
    done = subprocess.run([sys.executable, "-c", WAITING, str(timeout)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout + 60)  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"drain check failed: {done.stderr[-2000:]}")
    first, left, seconds = done.stdout.split()
    return int(first), int(left), float(seconds)


def report_counts(env: dict) -> tuple[int, int]:
    """(reports stored, reports completed by the worker) in the bench's database now."""
    code = (
        "import django; django.setup()\n"
        "from sigap.cases.models import Report\n"
        "print(Report.objects.count(), Report.objects.filter(processed_at__isnull=False).count())"
    )
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=True)  # fmt: skip
    stored, completed = done.stdout.split()
    return int(stored), int(completed)


QUERY_COUNT = """
import json, re, sys, urllib.parse
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
sys.path.insert(0, "bench")
from intake import REPORT
client = Client(enforce_csrf_checks=True)
page = client.get("/lapor/").content.decode()
token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
body = urllib.parse.urlencode({**REPORT, "csrfmiddlewaretoken": token}, doseq=True)
counts = {}
for path in ("/lapor/", "/bench/bare/"):
    client.generic("POST", path, body, "application/x-www-form-urlencoded")  # warm
    with CaptureQueriesContext(connection) as queries:
        status = client.generic("POST", path, body, "application/x-www-form-urlencoded")
    assert status.status_code == 200, status.status_code
    counts[path] = len(queries.captured_queries)
print(json.dumps(counts))
"""


def query_counts(env: dict) -> dict:
    """Queries per request of each view, from one in-process request (Django's test client;
    BEGIN/COMMIT/SAVEPOINT included)."""
    done = subprocess.run([sys.executable, "-c", QUERY_COUNT], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"query count failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


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
        try:
            self.conn.request("POST", path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
            # The server closes a connection idle past its keep-alive (5 s), as one may be while
            # a loaded machine readies the other clients: reconnect, as a browser does.
            self.conn.close()
            self.conn.request("POST", path, body=body, headers=headers)
            response = self.conn.getresponse()
        response.read()
        return response.status


def load(port: int, path: str, clients: int, seconds: float, on_start=None) -> dict:
    """``clients`` threads post for ``seconds``. Each opens its connection and loads the form
    (its CSRF token) first; the clock, and ``on_start``, start once all of them are ready.
    Returns the latencies (ms) of the answered posts, the errors and the wall time."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    ready, go = threading.Barrier(clients + 1), threading.Event()
    stop = [0.0]

    def run():
        client = Client(port)
        ready.wait()
        go.wait()
        while time.monotonic() < stop[0]:
            start = time.perf_counter()
            status = client.post(path)
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                if status == 200:
                    latencies.append(elapsed)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=run) for _ in range(clients)]
    for thread in threads:
        thread.start()
    ready.wait()
    if on_start is not None:
        on_start()
    began = time.monotonic()
    stop[0] = began + seconds
    go.set()
    for thread in threads:
        thread.join()
    return {"latencies": latencies, "errors": errors[0], "wall": time.monotonic() - began}


def timed_load(server, port: int, path: str, clients: int, seconds: float) -> dict:
    """``load`` plus the server's CPU seconds meanwhile."""
    before = []
    phase = load(port, path, clients, seconds, lambda: before.append(server_cpu_seconds(server)))
    phase["cpu_s"] = server_cpu_seconds(server) - before[0]
    return phase


def pooled(phases: list[dict]) -> dict:
    """The figures of several phases of one view taken together."""
    latencies = [ms for phase in phases for ms in phase["latencies"]]
    wall = sum(phase["wall"] for phase in phases)
    ok = len(latencies)
    q = statistics.quantiles(latencies, n=100) if ok > 1 else [0.0] * 99
    return {
        "per_s": round(ok / wall, 1),
        "p50_ms": round(q[49], 1),
        "p95_ms": round(q[94], 1),
        "p99_ms": round(q[98], 1),
        "ok": ok,
        "wall": wall,
        "errors": sum(phase["errors"] for phase in phases),
        "cpu_ms": round(sum(p["cpu_s"] for p in phases) * 1000 / ok, 2) if ok else 0.0,
    }


def measure(database_url: str, tmp: str, args) -> dict:
    env = environment(database_url, tmp, args.backend)
    prepare(env)
    port = free_port()
    server = start_server(env, port, args.workers, args.threads)
    worker = start_worker(env)
    try:
        warm = load(port, "/lapor/", args.clients, 1.0)  # warm-up: workers, connections, caches
        load(port, "/bench/bare/", args.clients, 1.0)
        drain(env)
        worker_before = server_cpu_seconds(worker)
        # Intake and bare view take turns, so that a slow spell of the machine does not fall
        # on one of them only.
        intakes, bares, backlog, drains = [], [], 0, 0.0
        for _round in range(args.rounds):
            intakes.append(timed_load(server, port, "/lapor/", args.clients, args.seconds))
            waiting, left, seconds = drain(env)
            if left:
                raise RuntimeError(f"the worker left {left} reports unprocessed")
            backlog, drains = max(backlog, waiting), drains + seconds
            bares.append(timed_load(server, port, "/bench/bare/", args.clients, args.seconds))
        intake, bare = pooled(intakes), pooled(bares)
        worker_ms = (server_cpu_seconds(worker) - worker_before) * 1000
        intake["worker_cpu_ms"] = round(worker_ms / intake["ok"], 2) if intake["ok"] else 0.0
        intake["backlog"], intake["drain_s"] = backlog, round(drains / args.rounds, 2)
        intake["sustained_per_s"] = round(intake["ok"] / (intake["wall"] + drains), 1)
        intake["accepted"] = len(warm["latencies"]) + intake["ok"]
        intake["stored"], intake["completed"] = report_counts(env)
    finally:
        for process in (worker, server):
            process.terminate()
            process.wait(10)
    queries = query_counts(env)
    intake["queries"], bare["queries"] = queries["/lapor/"], queries["/bench/bare/"]
    return {"intake": intake, "bare": bare}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each phase")
    parser.add_argument("--rounds", type=int, default=3, help="intake and bare phases, in turn")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=WORKERS, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=THREADS, help="threads per process")
    parser.add_argument(
        "--db",
        choices=("both", "sqlite", "pg"),
        default="both",
        help="the databases to measure (PostgreSQL only when reachable)",
    )
    parser.add_argument(
        "--backend",
        choices=("database", "rq"),
        default="database",
        help="the tasks backend the worker takes the reports' completion from",
    )
    parser.add_argument("--pg-db", default="bench_intake", help="the PostgreSQL database, dropped")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        if args.db != "pg":
            results["sqlite"] = measure(f"sqlite:///{tmp}/bench.sqlite3", tmp, args)
        if args.db != "sqlite" and fresh_pg_database(args.pg_db):
            results["pg"] = measure(pg_url(args.pg_db), tmp, args)
    for db, figures in results.items():
        for kind, f in figures.items():
            print(f"{db:6} {kind:6} {f['per_s']:7.1f}/s  p50 {f['p50_ms']:6.1f} ms  "
                  f"p95 {f['p95_ms']:6.1f} ms  p99 {f['p99_ms']:6.1f} ms  "
                  f"cpu {f['cpu_ms']:5.2f} ms/req  queries {f['queries']}  "
                  f"errors {f['errors']}")  # fmt: skip
        intake = figures["intake"]
        print(f"{db:6} worker: at most {intake['backlog']} reports waiting when a phase "
              f"stopped, done {intake['drain_s']} s later on average, "
              f"{intake['worker_cpu_ms']} ms CPU each; "
              f"sustained {intake['sustained_per_s']}/s; {intake['accepted']} reports "
              f"accepted, {intake['stored']} stored, {intake['completed']} completed")  # fmt: skip
    summary = {"clients": args.clients, "seconds": args.seconds, "rounds": args.rounds,
               "workers": args.workers, "threads": args.threads,
               "backend": args.backend}  # fmt: skip
    for db in results:
        intake, bare = results[db]["intake"], results[db]["bare"]
        summary[f"intake_per_s_{db}"] = intake["per_s"]
        summary[f"bare_per_s_{db}"] = bare["per_s"]
        summary[f"ratio_{db}"] = round(intake["per_s"] / bare["per_s"], 2) if bare["per_s"] else 0
        summary[f"p50_ms_{db}"], summary[f"p99_ms_{db}"] = intake["p50_ms"], intake["p99_ms"]
        summary[f"bare_p99_ms_{db}"] = bare["p99_ms"]
        summary[f"queries_per_report_{db}"] = intake["queries"]
        summary[f"cpu_ms_per_report_{db}"] = intake["cpu_ms"]
        summary[f"worker_cpu_ms_per_report_{db}"] = intake["worker_cpu_ms"]
        summary[f"backlog_{db}"] = intake["backlog"]
        summary[f"drain_s_{db}"] = intake["drain_s"]
        summary[f"sustained_per_s_{db}"] = intake["sustained_per_s"]
        summary[f"sustained_ratio_{db}"] = (
            round(intake["sustained_per_s"] / bare["per_s"], 2) if bare["per_s"] else 0
        )
        summary[f"bare_cpu_ms_per_request_{db}"] = bare["cpu_ms"]
        # Every accepted report stored and completed: nothing left for the worker at the end.
        summary[f"reports_accepted_{db}"] = intake["accepted"]
        summary[f"reports_completed_{db}"] = intake["completed"]
        summary[f"backlog_end_{db}"] = intake["stored"] - intake["completed"]
    if args.json:
        print(json.dumps(summary))


if __name__ == "__main__":
    main()

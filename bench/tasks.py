"""Background tasks: no-op tasks run per second by two workers, and the time to enqueue one.

    python bench/tasks.py [--json] [--tasks 1000] [--pg-db bench_tasks]

Three engines, each fresh: the database backend on a temporary SQLite file, the database backend on
PostgreSQL (``bench_tasks``, or ``--pg-db``, at 127.0.0.1:5432, user postgres), and RQ on the Redis
at 127.0.0.1:6379 (database 15, emptied first; the workers' own tables on a SQLite file). For each,
two ``manage.py run_worker`` processes start and say they are alive; then ``--tasks`` no-op tasks
(``bench/tasks_noop.py``) are enqueued one by one, each enqueue timed, and the clock runs until the
last one has finished. ``tasks_per_s_<engine>`` is tasks / (last done - first enqueued);
``enqueue_p95_ms`` is the database backend's on SQLite (the default), each engine's own in
``enqueue_p95_ms_<engine>`` (enqueued while the workers run, so on SQLite an enqueue may wait for a
worker's write). On RQ the workers' schedules (a handful of jobs) run on the same queue and count
among the finished. An engine that does not answer gives null.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import fresh_pg_database, pg_url

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = "redis://127.0.0.1:6379/15"
WORKERS = 2

DRIVE = """
import json, statistics, sys, time
import django
django.setup()
from django.conf import settings
from sigap.tasks.models import WorkerBeat
n, on_rq = int(sys.argv[1]), settings.SIGAP_TASKS_BACKEND == "rq"
deadline = time.monotonic() + 120
while WorkerBeat.objects.count() < 2 and time.monotonic() < deadline:
    time.sleep(0.1)
from bench.tasks_noop import noop
if on_rq:
    import django_rq
    queue = django_rq.get_queue("default")
    done = lambda: queue.finished_job_registry.count + queue.failed_job_registry.count
else:
    from django_tasks_db.models import DBTaskResult
    mine = DBTaskResult.objects.filter(task_path="bench.tasks_noop.noop")
    done = lambda: mine.filter(status__in=["SUCCESSFUL", "FAILED"]).count()
noop.enqueue()  # warm: the first enqueue opens connections
while done() < 1:
    time.sleep(0.05)
times, began = [], time.perf_counter()
for _ in range(n):
    start = time.perf_counter()
    noop.enqueue()
    times.append((time.perf_counter() - start) * 1000)
while done() < n + 1 and time.perf_counter() - began < 600:
    time.sleep(0.02)
seconds = time.perf_counter() - began
p95 = statistics.quantiles(times, n=100)[94]
print(json.dumps({"per_s": round(n / seconds, 1), "seconds": round(seconds, 2),
                  "done": done() - 1, "enqueue_p95_ms": round(p95, 2)}))
"""


def environment(database_url: str, tmp: str, backend: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sigap.settings",
        "DATABASE_URL": database_url,
        "SIGAP_VAR_DIR": tmp,
        "SIGAP_TASKS_BACKEND": backend,
        "SIGAP_REDIS_URL": REDIS_URL,
        "SIGAP_DB_CONN_MAX_AGE": "60",
        "PYTHONPATH": str(ROOT),
    }


def measure(database_url: str, tmp: str, backend: str, tasks: int) -> dict:
    env = environment(database_url, tmp, backend)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run(manage + ["migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    if backend == "rq":
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
    workers = [
        subprocess.Popen(manage + ["run_worker"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
        for _ in range(WORKERS)
    ]
    try:
        done = subprocess.run([sys.executable, "-c", DRIVE, str(tasks)], env=env, cwd=ROOT,
                              capture_output=True, text=True, timeout=900)  # fmt: skip
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(30)
    if done.returncode:
        raise RuntimeError(f"bench driver failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), 2).close()
        return True
    except OSError:
        print("Redis unreachable at 127.0.0.1:6379; the RQ figures are null.", file=sys.stderr)
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    parser.add_argument("--tasks", type=int, default=1000, help="no-op tasks per engine")
    parser.add_argument("--pg-db", default="bench_tasks", help="the PostgreSQL database, dropped")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["db_sqlite"] = measure(f"sqlite:///{tmp}/db.sqlite3", tmp, "database", args.tasks)
        if fresh_pg_database(args.pg_db):
            results["db_pg"] = measure(pg_url(args.pg_db), tmp, "database", args.tasks)
        if redis_answers():
            results["rq"] = measure(f"sqlite:///{tmp}/rq.sqlite3", tmp, "rq", args.tasks)
    for engine, f in results.items():
        print(f"{engine:9} {f['per_s']:7.1f} tasks/s with {WORKERS} workers "
              f"({f['done']} in {f['seconds']} s), "
              f"enqueue p95 {f['enqueue_p95_ms']} ms")  # fmt: skip
    summary = {"tasks": args.tasks, "workers": WORKERS}
    for engine in ("db_sqlite", "db_pg", "rq"):
        figures = results.get(engine)
        summary[f"tasks_per_s_{engine}"] = figures["per_s"] if figures else None
        summary[f"enqueue_p95_ms_{engine}"] = figures["enqueue_p95_ms"] if figures else None
    summary["enqueue_p95_ms"] = summary["enqueue_p95_ms_db_sqlite"]
    if args.json:
        print(json.dumps(summary))


if __name__ == "__main__":
    main()

"""Workers in their own processes, as in production: they need a database that other processes
can open, so these tests migrate one of their own (a SQLite file, or a PostgreSQL database
beside the test database) once per session."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAIN = Path(__file__).with_name("worker_main.py")


@pytest.fixture(scope="session")
def worker_env(tmp_path_factory, django_db_setup, django_db_blocker):
    from django.db import connection

    env = {k: v for k, v in os.environ.items() if not k.startswith("SIGAP_")}
    env["SIGAP_VAR_DIR"] = str(tmp_path_factory.mktemp("worker-var"))
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = _fresh_postgres_database(connection)
    else:
        env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    return env


def _fresh_postgres_database(connection) -> str:
    import psycopg

    s = connection.settings_dict
    name = f"{s['NAME']}_workers"
    server = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


class Workers:
    """Start, signal and question worker processes on the workers' database."""

    def __init__(self, env, tmp_path):
        self.env = {**env, "SIGAP_TEST_SCHEDULE_LOG": str(tmp_path / "scheduled.log")}
        self.tmp_path = tmp_path
        self.procs = []
        self._flush()

    def _flush(self):
        code = (
            "from django_tasks_db.models import DBTaskResult;"
            "from sigap.tasks.models import DeadLetter, ScheduleRun, WorkerBeat;"
            "[m.objects.all().delete() for m in"
            " (DBTaskResult, DeadLetter, ScheduleRun, WorkerBeat)]"
        )
        self._run("shell", "-c", code)

    def _run(self, *args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def start(self):
        # The worker's log goes to a file (a pipe nobody reads could fill up and block it).
        log = open(self.tmp_path / f"worker-{len(self.procs)}.log", "w")
        proc = subprocess.Popen(
            [sys.executable, str(MAIN), "work"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.procs.append(proc)
        return proc

    def enqueue(self, name, *args):
        out = subprocess.run(
            [sys.executable, str(MAIN), "enqueue", name, json.dumps(args)],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return out.stdout.strip()

    def results(self):
        out = subprocess.run(
            [sys.executable, str(MAIN), "results"],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(out.stdout)

    def stop_all(self):
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
            proc.wait()


def wait_for(condition, timeout=120.0, step=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    raise AssertionError("timed out waiting")


@pytest.fixture
def workers(worker_env, tmp_path):
    w = Workers(worker_env, tmp_path)
    yield w
    w.stop_all()

"""What the benchmarks share: a fresh PostgreSQL database, and a child process per database."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_SERVER = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"


def pg_url(name: str) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def fresh_pg_database(name: str) -> bool:
    """Drop and create ``name``; False (with a note) when PostgreSQL does not answer."""
    try:
        import psycopg

        with psycopg.connect(PG_SERVER, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
        return True
    except Exception as error:  # noqa: BLE001 - any failure means: no PostgreSQL figures
        print(
            f"PostgreSQL unreachable at 127.0.0.1:5432 ({error}); its figures are null.",
            file=sys.stderr,
        )
        return False


def run_child(script: str, url: str, tmp: str, *args: str) -> dict:
    """Run ``script --child ARGS`` against the database at ``url``; its last line is JSON."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SIGAP_VAR_DIR": tmp,
        "DJANGO_SETTINGS_MODULE": "sigap.settings",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, script, "--child", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.exit(f"bench child {' '.join(args)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])

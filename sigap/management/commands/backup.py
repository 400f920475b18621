"""Back up the database to one file while SIGAP runs.

SQLite: through SQLite's online backup API, a consistent copy even while reports are written.
PostgreSQL: ``pg_dump --format=custom`` (restore with ``pg_restore``). Media files and the keys
are backed up apart from the database, and kept apart (docs/operations.md).
"""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = "Back up the database to TARGET (SQLite: online backup API; PostgreSQL: pg_dump)."

    def add_arguments(self, parser):
        parser.add_argument("target", help="the file to write; it must not exist yet")

    def handle(self, *args, target, **options):
        path = Path(target)
        if path.exists():
            raise CommandError(f"{path} exists already; give a new file name.")
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            _sqlite(path)
        elif connection.vendor == "postgresql":
            _postgresql(path)
        else:
            raise CommandError(f"no backup for the {connection.vendor} database")
        self.stdout.write(f"backed up the database to {path}")


def _sqlite(path: Path) -> None:
    partial = path.with_name(path.name + ".partial")
    copy = sqlite3.connect(partial)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()
    partial.rename(path)


def _postgresql(path: Path) -> None:
    params = connection.get_connection_params()
    env = dict(os.environ)
    for name, key in [("PGHOST", "host"), ("PGPORT", "port"), ("PGUSER", "user"),
                      ("PGPASSWORD", "password")]:  # fmt: skip
        if params.get(key):
            env[name] = str(params[key])
    command = ["pg_dump", "--format=custom", "--no-owner", "--file", str(path), params["dbname"]]
    try:
        subprocess.run(command, env=env, check=True)
    except FileNotFoundError:
        raise CommandError("pg_dump is not installed; install the PostgreSQL client tools.")
    except subprocess.CalledProcessError as error:
        raise CommandError(f"pg_dump failed with exit status {error.returncode}")

"""The write-ahead log is copied into the database by the worker's checkpoint; a connection
does it on its own only as a backstop."""

import shutil
import sqlite3

import pytest
from django.db import connections
from django.db.utils import load_backend

from sigap.lib import sqlitewal

ALIAS = "walcheck"


@pytest.fixture
def wal_database(tmp_path, django_db_blocker):
    """A SQLite file database with the project's connection settings, as ``ALIAS``."""
    options = {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": sqlitewal.pragmas()}
    name = str(tmp_path / "wal.sqlite3")
    wanted = {"ENGINE": "django.db.backends.sqlite3", "NAME": name, "OPTIONS": options}
    settings_dict = connections.configure_settings({"default": wanted})["default"]
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, ALIAS)
    connections[ALIAS] = wrapper
    with django_db_blocker.unblock():  # a database of the test's own, not the test database
        yield wrapper, name
        wrapper.close()
    del connections[ALIAS]


def test_connections_checkpoint_only_as_a_backstop_and_the_worker_copies_the_log(
    wal_database, tmp_path
):
    wrapper, name = wal_database
    with wrapper.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        assert cursor.fetchone()[0] == sqlitewal.AUTOCHECKPOINT_PAGES
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)")
        for number in range(300):  # one commit each, as reports come in
            cursor.execute("INSERT INTO note (body) VALUES (%s)", [f"note {number}" * 20])
    # Nothing has been copied yet: the database file alone does not hold the rows.
    alone = tmp_path / "alone.sqlite3"
    shutil.copy(name, alone)
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        sqlite3.connect(alone).execute("SELECT count(*) FROM note").fetchone()

    busy, pages, copied = sqlitewal.checkpoint(wrapper)
    assert busy == 0 and pages > 300 and copied == pages

    shutil.copy(name, alone)
    assert sqlite3.connect(alone).execute("SELECT count(*) FROM note").fetchone() == (300,)


def test_the_worker_checkpoints_at_most_once_per_interval(wal_database, monkeypatch):
    wrapper, _name = wal_database
    clock = [100.0]
    monkeypatch.setattr(sqlitewal.time, "monotonic", lambda: clock[0])
    every = sqlitewal.Every(interval=1.0)
    assert every(wrapper) == (0, 0, 0)  # the first call checkpoints (an empty log)
    clock[0] += 0.5
    assert every(wrapper) is None
    clock[0] += 0.6
    assert every(wrapper) == (0, 0, 0)


def test_no_log_no_checkpoint(db, settings):
    if connections["default"].vendor == "sqlite":
        name = str(connections["default"].settings_dict["NAME"])
        if not (name == ":memory:" or "mode=memory" in name):
            pytest.skip("the test database is a file")
    assert sqlitewal.checkpoint(connections["default"]) is None

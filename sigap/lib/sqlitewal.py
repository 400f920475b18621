"""SQLite's write-ahead log is copied back into the database by the background worker, not by
whichever web request happens to fill it.

Each commit appends the pages it changed to the log (WAL). SQLite copies them back into the
database file (a checkpoint) inside the commit that takes the log past ``wal_autocheckpoint``
pages, and syncs both files to disk as it does so. That commit, and every writer queued behind
the write lock meanwhile (``sigap.lib.writelock``), then waits for two fsyncs and the copying:
a few milliseconds every hundred or so reports. So connections checkpoint on their own only
as a backstop (``AUTOCHECKPOINT_PAGES``), and the worker (``manage.py run_worker``) checkpoints
every ``INTERVAL_S`` seconds, outside any lock, in PASSIVE mode, which never waits for a
reader or a writer and never blocks one.
"""

import time
from typing import Any

# A connection's own checkpoint once the log holds this many pages (4 KiB each): only when no
# worker runs, or it falls far behind.
AUTOCHECKPOINT_PAGES = 10_000
INTERVAL_S = 1.0


def pragmas() -> str:
    """The PRAGMAs each SQLite connection starts with (``DATABASES``' ``init_command``)."""
    return (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_PAGES};"
    )


def on_file(connection: Any) -> bool:
    """Whether ``connection`` (a Django database connection) is to a SQLite file: the only
    database with a log to checkpoint and a lock file beside it."""
    name = str(connection.settings_dict["NAME"])
    return connection.vendor == "sqlite" and name != ":memory:" and "mode=memory" not in name


def checkpoint(connection: Any) -> tuple[int, int, int] | None:
    """Copy what the log holds into the database, as far as readers allow (PASSIVE), through
    ``connection`` (a Django database connection). Returns SQLite's (1 if it could not start,
    pages in the log, pages copied); None where there is no log (PostgreSQL, an in-memory
    database)."""
    if not on_file(connection):
        return None
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
        busy, pages, copied = cursor.fetchone()
    return busy, pages, copied


class Every:
    """``checkpoint`` at most once per ``interval`` seconds, for a loop that calls it often."""

    def __init__(self, interval: float = INTERVAL_S):
        self.interval, self.last = interval, float("-inf")

    def __call__(self, connection: Any) -> tuple[int, int, int] | None:
        now = time.monotonic()
        if now - self.last < self.interval:
            return None
        self.last = now
        return checkpoint(connection)

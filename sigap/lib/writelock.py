"""One writer at a time, queued in the kernel: for the busiest writes to a SQLite database.

SQLite lets one connection write at a time. A connection that finds the database locked waits
in SQLite's busy handler, which sleeps 1, 2, 5 … 100 ms between tries: under a burst of reports
from several server processes the lock is free most of that time, so the machine idles while
reports wait. A file lock (``flock``) held around each of those writes makes the next writer
wake the moment the last one is done. Threads of one process queue on a ``threading.Lock``
first, because ``flock`` locks belong to the open file, which the threads share.

Only the outermost write of a thread may take it (never inside a transaction that already holds
SQLite's lock, or two writers could each wait for the other).
"""

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_guard = threading.Lock()  # protects _files
_files: dict[str, tuple[int, int, threading.Lock]] = {}  # path -> (pid, fd, in-process lock)


def _file(path: str) -> tuple[int, threading.Lock]:
    with _guard:
        found = _files.get(path)
        # A forked child shares its parent's open file, and so its lock: open its own.
        if found is None or found[0] != os.getpid():
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            found = _files[path] = (os.getpid(), fd, threading.Lock())
        return found[1], found[2]


@contextmanager
def exclusive(path: str) -> Iterator[None]:
    """Hold the write lock named by the file ``path`` (created when missing)."""
    fd, local = _file(path)
    with local:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)

"""Fixed-window rate limits in the database, so every web process counts the same.

Keys are short-lived HMACs of the address and the window (``hashing.client_key``): the address
is never written anywhere and a key cannot be linked across windows. Counting is one atomic
statement (``INSERT … ON CONFLICT DO UPDATE … RETURNING``, SQLite ≥ 3.35 and PostgreSQL), so
concurrent requests never lose a count, and a row expires exactly with its window.
"""

import time

from django.conf import settings
from django.db import connection

from sigap.cases.hashing import client_key
from sigap.cases.models import RateCounter

# name -> (requests allowed, window in seconds)
LIMITS = {
    "report": (10, 3600),
    "receipt": (10, 900),
    "message": (20, 3600),
}


def limit(name: str) -> tuple[int, int]:
    # SIGAP_RATE_LIMITS overrides a limit, e.g. {"report": [1000, 60]} for a load test.
    allowed, window = getattr(settings, "SIGAP_RATE_LIMITS", {}).get(name, LIMITS[name])
    return int(allowed), int(window)


def _sql() -> tuple[str, str]:
    quote = connection.ops.quote_name
    table = quote(RateCounter._meta.db_table)
    key, count, expires = quote("key"), quote("count"), quote("expires")
    # Identifiers come from the model and are quoted; every value is a parameter.
    insert = f"INSERT INTO {table} ({key}, {count}, {expires}) VALUES (%s, 1, %s) "  # noqa: S608
    upsert = insert + (
        f"ON CONFLICT ({key}) DO UPDATE SET {count} = {table}.{count} + 1 RETURNING {count}"
    )
    purge = f"DELETE FROM {table} WHERE {expires} <= %s"  # noqa: S608
    return upsert, purge


def hit(request, name: str) -> bool:
    """Count one request; False when the caller is over the limit for ``name``.

    Inside a transaction the count is part of it: a rolled-back request is not counted.
    """
    allowed, window = limit(name)
    now = int(time.time())
    ends = (now // window + 1) * window
    key = f"{name}:{client_key(request, window)}"
    upsert, purge = _sql()
    with connection.cursor() as cursor:
        cursor.execute(upsert, [key, ends])
        count = cursor.fetchone()[0]
        if count == 1:
            # A new window for this caller: a cheap moment to drop the windows that are over.
            cursor.execute(purge, [now])
    return count <= allowed

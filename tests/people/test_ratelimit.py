"""The rate counter on the ORM: concurrent hits, each from its own connection as web processes
count, lose no count, and each reads its own total."""

import threading

import pytest
from django.db import connection

from sigap.people import ratelimit
from sigap.people.models import RateCounter

HITS = 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_in_a_new_window_lose_no_count():
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite" and (name in ("", ":memory:") or "mode=memory" in name):
        # The test database in memory is shared between threads with table locks that do
        # not wait (SQLITE_LOCKED); a database file waits (busy timeout), as the site's does.
        pytest.skip("threads need a database file each connection can open")
    totals, errors, start = [], [], threading.Barrier(HITS)

    def hit():
        try:
            start.wait()  # all at once, so that several find no row for the new window
            totals.append(ratelimit.count("test", "someone", 600))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=hit) for _ in range(HITS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(totals) == list(range(1, HITS + 1))  # every hit saw its own total
    assert RateCounter.objects.get().count == HITS
    assert ratelimit.current("test", "someone", 600) == HITS


def test_a_new_window_starts_afresh_and_drops_the_finished_ones(db, monkeypatch):
    now = [1_800_000_000.0]
    monkeypatch.setattr("sigap.people.ratelimit.time.time", lambda: now[0])
    assert [ratelimit.count("test", "a", 60) for _ in range(3)] == [1, 2, 3]
    ratelimit.count("test", "b", 3600)
    now[0] += 60
    assert ratelimit.count("test", "a", 60) == 1
    assert sorted(RateCounter.objects.values_list("count", flat=True)) == [1, 1]

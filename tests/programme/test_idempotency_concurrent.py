"""Two copies of one draft at the same moment (an outbox retrying while the first request is
still running) store one record: the unique constraint on (user, submission id) decides, not
a look-up. Needs a database that runs two transactions at once, so PostgreSQL only."""

import threading
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from sigap.programme import submissions
from sigap.programme.models import Outreach, Submission
from tests import personas
from tests.conftest import login
from tests.programme.conftest import make_medan_programme

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite runs one write transaction at a time"
    ),
]


def _together(count, work):
    """Run ``work(i)`` in ``count`` threads started at once; their results, in order."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i):
        from django.db import connection as own

        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as error:  # noqa: BLE001 - the test looks at what each got
            results[i] = error
        finally:
            own.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def test_the_second_insert_waits_and_finds_the_first(areas):
    user = personas.terjun_ambassador()
    runs = []

    def slow_action():
        runs.append(1)
        time.sleep(0.5)  # the other copy arrives while this one is still in its transaction
        return None

    def copy(_i):
        return submissions.run_once(
            user=user, key="e" * 32, kind="outreach", fingerprint="f", action=slow_action
        )

    results = _together(2, copy)
    replays = [r for r in results if isinstance(r, submissions.Replay)]
    assert len(runs) == 1 and len(replays) == 1 and replays[0].same
    assert Submission.objects.count() == 1


def test_two_copies_of_an_outreach_post_store_one(areas):
    programme = make_medan_programme()
    user = personas.terjun_ambassador()
    url = reverse("programme:outreach_log", args=[programme.pk])
    data = {"held_on": "2026-03-12", "area": personas.TERJUN, "venue_type": "school",
            "children_f": 3, "children_m": 2, "youth_f": 0, "youth_m": 0, "adults_f": 0,
            "adults_m": 0, "topics": ["online_recruitment"], "submission_id": "f" * 32}  # fmt: skip
    clients = [login(Client(), user) for _ in range(4)]
    results = _together(4, lambda i: clients[i].post(url, data))
    states = sorted(r["X-Sigap-Submission"] for r in results)
    assert states == ["replayed", "replayed", "replayed", "stored"], results
    assert Outreach.objects.count() == 1 and Submission.objects.count() == 1

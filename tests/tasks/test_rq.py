"""The same guarantees on RQ (SIGAP_TASKS_BACKEND=rq), where Redis answers on 127.0.0.1:6379:
retries, dead letters, schedules once per period with two worker processes, SIGTERM, a killed
worker that loses nothing. Redis database 14 is emptied before each test."""

import os
import signal
import socket
import time

import pytest
from django_tasks import TaskResultStatus

from sigap.tasks.models import DeadLetter, ScheduleRun
from sigap.tasks.schedule import enqueue_due
from sigap.tasks.worker import run_pending
from tests.tasks import sample
from tests.tasks.conftest import wait_for
from tests.tasks.test_schedules import HOURLY, jakarta

REDIS_URL = "redis://127.0.0.1:6379/14"


def redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), 1).close()
        return True
    except OSError:
        return False


pytestmark = [
    pytest.mark.skipif(not redis_answers(), reason="no Redis on 127.0.0.1:6379"),
    pytest.mark.django_db,
]


@pytest.fixture(autouse=True)
def on_rq(settings):
    import redis

    connection = redis.Redis.from_url(REDIS_URL)
    connection.flushdb()
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": settings.TASK_QUEUES}
    }
    settings.RQ_QUEUES = {name: {"URL": REDIS_URL} for name in settings.TASK_QUEUES}
    yield
    connection.flushdb()


def test_a_task_failing_twice_then_succeeding_is_retried_and_done(tmp_path):
    log = tmp_path / "flaky"
    sample.flaky.enqueue(str(log), 2)
    assert run_pending() == 3
    assert sample.lines(log) == ["attempt"] * 3
    assert not DeadLetter.objects.exists()


def test_a_task_always_failing_lands_in_the_dead_letter_list(tmp_path):
    sample.always_fails.enqueue(str(tmp_path / "bad"))
    run_pending()
    letter = DeadLetter.objects.get()
    assert letter.error == "builtins.ValueError: this input can never work"
    assert letter.attempts == 3


def test_a_schedule_is_enqueued_once_per_period(tmp_path, monkeypatch):
    monkeypatch.setenv("SIGAP_TEST_SCHEDULE_LOG", str(tmp_path / "log"))
    now = jakarta(2026, 12, 10, 13, 5)
    assert enqueue_due([HOURLY], now=now) == ["t-hour:2026-12-10T13"]
    assert enqueue_due([HOURLY], now=now) == []
    assert run_pending() == 1
    assert sample.lines(tmp_path / "log") == ["2026-12-10T13"]


@pytest.fixture
def rq_workers(workers):
    # A job's heartbeat every second: a killed worker's job is found within three.
    workers.env.update(
        {"SIGAP_TASKS_BACKEND": "rq", "SIGAP_REDIS_URL": REDIS_URL, "SIGAP_RQ_HEARTBEAT_S": "1"}
    )
    return workers


def test_a_schedule_runs_once_with_two_rq_workers_and_sigterm_stops_them(rq_workers):
    log = rq_workers.env["SIGAP_TEST_SCHEDULE_LOG"]
    first, second = rq_workers.start(), rq_workers.start()
    wait_for(lambda: sample.lines(log))
    time.sleep(3)  # both beat every half second: nothing more is enqueued
    for proc in (first, second):
        proc.send_signal(signal.SIGTERM)
    assert first.wait(180) == 0 and second.wait(180) == 0
    assert len(sample.lines(log)) == 1
    assert ScheduleRun.objects.count() == 0  # (the workers' database is their own)
    assert len(rq_workers.results()["keys"]) == 1


def test_killing_an_rq_worker_and_its_work_horse_mid_task_loses_nothing(rq_workers, tmp_path):
    log, pid = tmp_path / "slow", tmp_path / "slow.pid"
    doomed = rq_workers.start()
    result_id = rq_workers.enqueue("slow", str(log), 3)
    wait_for(lambda: sample.lines(log) == ["started"] and pid.exists())
    horse = int(pid.read_text())
    assert horse != doomed.pid  # RQ forked a work horse for the job; the machine dies with both
    doomed.send_signal(signal.SIGKILL)
    os.kill(horse, signal.SIGKILL)
    doomed.wait(10)
    heir = rq_workers.start()  # its beat finds the job's heartbeat expired and puts it back
    wait_for(lambda: "finished" in sample.lines(log), timeout=60)
    wait_for(lambda: sample.slow.get_result(result_id).status == TaskResultStatus.SUCCESSFUL)
    assert sample.lines(log) == ["started", "started", "finished"]
    heir.send_signal(signal.SIGTERM)
    assert heir.wait(180) == 0

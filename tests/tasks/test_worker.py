"""``run_worker``'s process, in real processes: schedules once per period with two workers,
a graceful SIGTERM, and a killed worker that loses nothing."""

import signal
import time

import pytest

from tests.tasks import sample
from tests.tasks.conftest import wait_for

pytestmark = pytest.mark.django_db  # the test database's settings name the workers' database


def test_a_schedule_runs_once_per_period_with_two_workers_running(workers):
    log = workers.env["SIGAP_TEST_SCHEDULE_LOG"]
    first, second = workers.start(), workers.start()
    wait_for(lambda: sample.lines(log))
    wait_for(lambda: len(workers.results()["tasks"]) >= 1)
    time.sleep(3)  # both go on beating, every half second: nothing more is enqueued
    for proc in (first, second):
        proc.send_signal(signal.SIGTERM)
    assert first.wait(30) == 0 and second.wait(30) == 0
    state = workers.results()
    assert len(sample.lines(log)) == 1
    assert len(state["keys"]) == 1 and state["keys"][0].startswith("test-hourly:")
    assert state["tasks"] == [["tests.tasks.sample.scheduled", "SUCCESSFUL"]]


def test_sigterm_lets_the_running_task_finish(workers, tmp_path):
    log = tmp_path / "slow"
    proc = workers.start()
    workers.enqueue("slow", str(log), 2)
    wait_for(lambda: sample.lines(log) == ["started"])
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(30) == 0
    assert sample.lines(log) == ["started", "finished"]
    slow = [t for t in workers.results()["tasks"] if t[0].endswith(".slow")]
    assert slow == [["tests.tasks.sample.slow", "SUCCESSFUL"]]


def test_killing_a_worker_mid_task_loses_nothing(workers, tmp_path):
    log = tmp_path / "slow"
    doomed = workers.start()
    workers.enqueue("slow", str(log), 2)
    wait_for(lambda: sample.lines(log) == ["started"])
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(10)
    heir = workers.start()  # sees the dead worker's silence and runs its task again
    wait_for(lambda: "finished" in sample.lines(log))
    wait_for(lambda: ["tests.tasks.sample.slow", "SUCCESSFUL"] in workers.results()["tasks"])
    assert sample.lines(log) == ["started", "started", "finished"]
    heir.send_signal(signal.SIGTERM)
    assert heir.wait(30) == 0

"""The write lock lets one writer at a time in, across processes and across threads."""

import multiprocessing
import os
import threading
import time

from sigap.lib import writelock


def _write(lock_path: str, log_path: str, threads: int, rounds: int) -> None:
    def run():
        for _ in range(rounds):
            with writelock.exclusive(lock_path):
                with open(log_path, "a") as log:  # O_APPEND: each line lands whole
                    log.write(f"in {os.getpid()}\n")
                time.sleep(0.001)
                with open(log_path, "a") as log:
                    log.write(f"out {os.getpid()}\n")

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


def test_one_holder_at_a_time_across_processes_and_threads(tmp_path):
    lock_path, log_path = str(tmp_path / "db.writelock"), str(tmp_path / "log")
    _write(lock_path, log_path, 1, 1)  # the parent opens the lock file before forking
    context = multiprocessing.get_context("fork")
    processes = [
        context.Process(target=_write, args=(lock_path, log_path, 3, 10)) for _ in range(2)
    ]
    for process in processes:
        process.start()
    _write(lock_path, log_path, 2, 10)
    for process in processes:
        process.join(30)
        assert process.exitcode == 0
    lines = open(log_path).read().split("\n")[:-1]
    assert len(lines) == 2 * (1 + 2 * 3 * 10 + 2 * 10)
    for entered, left in zip(lines[::2], lines[1::2], strict=True):
        assert entered.startswith("in ") and left == "out " + entered[3:]
    assert len({line.split()[1] for line in lines}) == 3  # all three processes took turns

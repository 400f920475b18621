"""Tasks for the tests: each leaves its trace in a file, so that a worker in another process
(or RQ's forked work horse) can be observed."""

import os
import time
from pathlib import Path

from sigap.tasks import task


def lines(path) -> list[str]:
    p = Path(path)
    return p.read_text().splitlines() if p.exists() else []


def _append(path, line: str) -> None:
    with open(path, "a") as f:
        f.write(line + "\n")


@task(retries=3, backoff_s=0)
def flaky(path: str, failures: int) -> str:
    """Fails ``failures`` times, then succeeds."""
    _append(path, "attempt")
    if len(lines(path)) <= failures:
        raise ConnectionError("the server went away")
    return "done"


@task(retries=2, backoff_s=0)
def always_fails(path: str) -> None:
    _append(path, "attempt")
    raise ValueError("this input can never work")


@task(retries=3, backoff_s=10)
def backing_off() -> None:
    raise OSError("down")


@task()
def slow(path: str, seconds: float) -> str:
    """Leaves the id of the process running it beside ``path`` (RQ runs it in a forked work
    horse, which a test kills with its worker)."""
    Path(f"{path}.pid").write_text(str(os.getpid()))
    _append(path, "started")
    time.sleep(seconds)
    _append(path, "finished")
    return "ok"


@task(takes_context=True)
def counting(context, items: int) -> int:
    """A long task in miniature: reports its progress after each item."""
    from sigap.tasks import progress

    for done in range(1, items + 1):
        progress.report(context, done, items)
    return items


@task()
def noop() -> None:
    return None


@task()
def scheduled(*, period: str) -> str:
    """A scheduled task: writes its period to the file named by SIGAP_TEST_SCHEDULE_LOG."""
    _append(os.environ["SIGAP_TEST_SCHEDULE_LOG"], period)
    return period

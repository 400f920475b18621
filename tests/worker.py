"""The task worker run to the end, for tests whose work goes through the queue. A conftest
that needs it imports the fixture: ``from tests.worker import drain``."""

import pytest


@pytest.fixture
def drain(django_capture_on_commit_callbacks):
    """Run queued tasks, and the tasks they enqueue on commit, until none is left."""
    from sigap.tasks.worker import run_pending

    def run() -> int:
        total = 0
        while True:
            with django_capture_on_commit_callbacks(execute=True):
                ran = run_pending()
            total += ran
            if not ran:
                return total

    return run

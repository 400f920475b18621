"""The no-op task bench/tasks.py runs (imported by the workers, so outside bench/tasks.py)."""

from sigap.tasks import task


@task()
def noop() -> None:
    return None

"""The early warning's background work (scheduled in sigap/schedules.py)."""

from sigap.alerts import actions
from sigap.tasks import task


@task(retries=2, backoff_s=300)
def warning_run_daily(*, period: str) -> dict:
    """Daily: run the engine over every area. Safe to repeat: a second run joins its evidence
    to the alerts the first one opened (``actions.warning_run``)."""
    return _summary(actions.warning_run())


@task(retries=0)
def warning_run_now() -> dict:
    """The same run, started from the alerts page."""
    return _summary(actions.warning_run())


def _summary(summary: actions.RunSummary) -> dict:
    return {
        "judged_week": summary.judged_week,
        "created": summary.created,
        "joined": summary.joined,
        "seconds": summary.seconds,
    }

"""The programme's background work (scheduled in sigap/schedules.py)."""

from datetime import date

from sigap.programme import actions
from sigap.tasks import task


@task(retries=3, backoff_s=60)
def condition_reminders_send(*, period: str) -> int:
    """Daily: remind kelurahan whose condition report is due or late. Safe to repeat: each
    reminder is sent once per report period (``actions.condition_reminders_send``)."""
    return actions.condition_reminders_send(today=date.fromisoformat(period))

"""Every scheduled piece of background work, declared once, here: no cron lines to copy.

The worker (``manage.py run_worker``) looks at this list every few seconds and enqueues each
schedule that is due, once per period: before enqueuing it records the schedule's key for the
period (``<name>:<period start>``, e.g. ``condition-reminders:2026-12-04``) in a table with a
unique constraint, in the same transaction. Two workers, or a worker restarted mid-period, find
the key already there and enqueue nothing, so a reminder is never sent twice for one period.

How another app adds its scheduled work (e.g. the early-warning run, the monthly report):

1. Write the task next to the actions it runs, in ``sigap/<app>/tasks.py``, with SIGAP's task
   decorator (``sigap.tasks.task``: Django's ``@task`` plus retries with backoff and the
   dead-letter list). A scheduled task takes one keyword argument, ``period``: the ISO start
   of the period it runs for (``"2026-12-04"`` daily, ``"2026-12-01"`` monthly,
   ``"2026-12-04T13"`` hourly), and should itself be safe to run twice for one period::

       from sigap.tasks import task

       @task(retries=3)
       def monthly_report_build(*, period: str) -> int:
           return actions.monthly_report_build(month=date.fromisoformat(period))

2. Add one line to ``SCHEDULES`` below: a unique ``name`` (it is part of the key: never rename
   a running schedule, or it runs again in the current period), the task's dotted path (a
   string, so this module imports no app), the ``every`` period (``hour``, ``day``, ``week``
   starting Monday, ``month``) and how long ``after`` the period's start it becomes due
   (in SIGAP_TIME_ZONE, e.g. ``timedelta(hours=6)`` for 06:00 local).

3. Add a test that runs your task once (``sigap.tasks.worker.run_pending()`` runs what is
   queued, as the worker would). tests/tasks/test_schedules.py already checks that every
   task named here imports and is a task.

Nothing else: no settings, no cron, no command to register.
"""

from dataclasses import dataclass
from datetime import timedelta

PERIODS = ("hour", "day", "week", "month")


@dataclass(frozen=True)
class Schedule:
    name: str  # unique; part of the once-per-period key
    task: str  # dotted path to a task taking ``period`` (a keyword argument)
    every: str  # one of PERIODS
    after: timedelta = timedelta(0)  # due this long after the period starts (local time)

    def __post_init__(self):
        if self.every not in PERIODS:
            raise ValueError(f"{self.name}: every must be one of {PERIODS}, not {self.every!r}")


SCHEDULES: tuple[Schedule, ...] = (
    Schedule(
        name="condition-reminders",
        task="sigap.programme.tasks.condition_reminders_send",
        every="day",
        after=timedelta(hours=7),
    ),
    Schedule(
        name="overdue-referrals",
        task="sigap.cases.tasks.referrals_escalate_overdue",
        every="day",
        after=timedelta(hours=7),
    ),
    Schedule(
        name="referrals-due-tomorrow",
        task="sigap.cases.tasks.referrals_remind_due",
        every="day",
        after=timedelta(hours=7),
    ),
    Schedule(
        name="report-stragglers",
        task="sigap.cases.tasks.reports_complete_stragglers",
        every="hour",
    ),
    Schedule(
        name="retention-erasure",
        task="sigap.cases.tasks.reports_erase_expired",
        every="day",
        after=timedelta(hours=2),
    ),
    Schedule(
        name="early-warning",
        task="sigap.alerts.tasks.warning_run_daily",
        every="day",
        after=timedelta(hours=5),
    ),
    Schedule(
        name="monthly-leadership-reports",
        task="sigap.dashboards.tasks.monthly_reports",
        every="month",
        after=timedelta(hours=5),
    ),
    Schedule(
        name="dashboard-summaries",
        task="sigap.dashboards.tasks.summaries_refresh",
        every="day",
        after=timedelta(hours=3),
    ),
)

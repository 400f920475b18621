"""The cases' background work: scheduled jobs (sigap/schedules.py) and the completion of
new reports."""

from datetime import timedelta

from sigap.cases import actions, referral_actions
from sigap.tasks import task

STRAGGLER_AGE = timedelta(minutes=10)


@task(retries=5, backoff_s=5)
def report_complete(report_id: int) -> bool:
    """A new report's identifiers, links and risk score (``actions.report_complete``),
    enqueued when the report is committed. Safe to repeat."""
    return actions.report_complete(report_id=report_id)


@task(retries=3, backoff_s=60)
def reports_complete_stragglers(*, period: str) -> int:
    """Hourly: complete any report whose own task was lost (a crash between the report's
    commit and its enqueue), so that every accepted report is completed."""
    return actions.reports_process(limit=10_000, older_than=STRAGGLER_AGE)


@task(retries=3, backoff_s=60)
def referrals_escalate_overdue(*, period: str) -> int:
    """Daily: tell coordinators about referrals past their deadline, once per referral."""
    return len(referral_actions.referrals_escalate_overdue())


@task(retries=3, backoff_s=60)
def referrals_remind_due(*, period: str) -> int:
    """Daily: tell each agency about its referrals due on the next working day, once each."""
    return len(referral_actions.referrals_remind_due())


@task(retries=3, backoff_s=60)
def reports_erase_expired(*, period: str) -> int:
    """Daily: erase reports past their retention period (``actions.reports_erase_expired``);
    an erased report is not erased again."""
    return len(actions.reports_erase_expired())

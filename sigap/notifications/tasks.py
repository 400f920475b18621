"""Delivering notifications out of the request: one task per notification."""

from sigap.notifications import actions
from sigap.tasks import task


@task(retries=5, backoff_s=30)
def notification_deliver(notification_id: int) -> list[str]:
    """Deliver on every channel (``actions.notification_deliver``). A failed channel (the mail
    server down or refusing) is tried again after 30 s, 1, 2, 4 and 8 minutes; then the task
    lands in the administrators' list of failed tasks, with the error."""
    return actions.notification_deliver(notification_id=notification_id)

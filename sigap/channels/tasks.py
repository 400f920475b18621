"""The channels' background work: each inbound message answered, each reply sent."""

from sigap.channels import actions, outbound
from sigap.tasks import task


@task(retries=3, backoff_s=5)
def inbound_process(inbound_id: int) -> int | None:
    """Answer one stored inbound message (``actions.inbound_process``). Safe to repeat."""
    return actions.inbound_process(inbound_id=inbound_id)


@task(retries=5, backoff_s=30)
def outbound_send(outbound_id: int) -> str:
    """Send one reply; a refused or throttled send is tried again after 30 s, 1, 2, 4 and 8
    minutes, then lands in the administrators' list of failed tasks."""
    return outbound.send(outbound_id=outbound_id)

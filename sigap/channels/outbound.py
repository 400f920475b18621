"""Outbound messages: queued in the database, sent by a task through the provider's transport,
moved along by the provider's status callbacks."""

import logging

from django.db import transaction
from django.utils import timezone

from sigap.channels.models import Contact, OutboundMessage, OutboundStatus
from sigap.channels.transports import TransportError, transport

logger = logging.getLogger(__name__)

MAX_REPLY = 4000  # characters: under both providers' limits (WhatsApp 4,096, Telegram 4,096)


def queue_text(contact: Contact, text: str, *, in_reply_to=None) -> OutboundMessage:
    """Queue a text for a contact; sent by a task after the transaction commits."""
    message = OutboundMessage.objects.create(
        channel=contact.channel, contact=contact, text=text[:MAX_REPLY], in_reply_to=in_reply_to
    )
    from sigap.channels.tasks import outbound_send

    transaction.on_commit(lambda: outbound_send.enqueue(message.pk))
    return message


def status_update(channel: str, event) -> None:
    new = {"delivered": OutboundStatus.DELIVERED, "read": OutboundStatus.DELIVERED}
    new["failed"] = OutboundStatus.FAILED
    if event.status in new and event.ref:
        OutboundMessage.objects.filter(channel=channel, provider_id=event.ref).update(
            status=new[event.status]
        )


def send(*, outbound_id: int) -> str:
    """Send one queued message through its provider; on failure it is marked failed with the
    provider's status code and the error raised again, so that the task retries it."""
    message = OutboundMessage.objects.select_related("contact").get(pk=outbound_id)
    if message.status != OutboundStatus.QUEUED and message.status != OutboundStatus.FAILED:
        return message.status  # sent already: a repeated task sends nothing twice
    message.attempts += 1
    try:
        message.provider_id = transport(message.channel).send(
            message.contact.address, message.text
        )[:200]
    except TransportError as exc:
        message.status, message.error = OutboundStatus.FAILED, str(exc)[:200]
        message.save(update_fields=["attempts", "status", "error"])
        logger.warning("outbound %s failed: %s", message.pk, message.error)
        raise
    message.status, message.error, message.sent_at = OutboundStatus.SENT, "", timezone.now()
    message.save(update_fields=["attempts", "status", "error", "provider_id", "sent_at"])
    return message.status

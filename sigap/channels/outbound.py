"""Outbound messages: queued in the database, sent by a task through the provider's transport,
moved along by the provider's status callbacks.

At send time: WhatsApp's 24-hour window decides between free text and an approved template
(sigap.channels.templates); a provider's throttling answer puts the message back with a
``not_before`` and a task that runs after it; a permanent refusal (a bad number, a blocked
bot) fails the message without retry; anything else fails it and the task retries it.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from sigap.channels import templates
from sigap.channels.models import Contact, OutboundMessage, OutboundStatus, Provider
from sigap.channels.transports import TransportError, transport

logger = logging.getLogger(__name__)

MAX_REPLY = 4000  # characters: under both providers' limits (WhatsApp 4,096, Telegram 4,096)
# Free text only this long after the person's last message: Meta's 24 hours, less a margin
# for the time a message waits in the queue and on the way.
WINDOW = timedelta(hours=24) - timedelta(minutes=10)
THROTTLE_BACKOFF_S = 30.0  # doubled on each throttled attempt, at most THROTTLE_MAX_S
THROTTLE_MAX_S = 15 * 60.0
MAX_ATTEMPTS = 10  # throttled or failed sends in all; then the message stays failed


def queue_text(
    contact: Contact, text: str, *, in_reply_to=None, template: str = "", params=()
) -> OutboundMessage:
    """Queue a text for a contact; sent by a task after the transaction commits. On WhatsApp,
    outside the 24-hour window, ``template`` (a name in sigap.channels.templates, with its
    ``params``) goes out instead; without one, the resident's "new message" template."""
    cleaned = templates.clean_params(template, params) if template else []
    message = OutboundMessage.objects.create(
        channel=contact.channel,
        contact=contact,
        text=text[:MAX_REPLY],
        template=template,
        template_params=cleaned,
        in_reply_to=in_reply_to,
    )
    from sigap.channels.tasks import outbound_send

    transaction.on_commit(lambda: outbound_send.enqueue(message.pk))
    return message


def release_held(contact: Contact, *, since=None) -> list[int]:
    """After a resident answers: queue again, as free text now that the window is open, each
    message that went out only as the "new message" template since ``since`` (the contact's
    previous message; None: ever). Call it with the contact's ``last_inbound_at`` from before
    the new message, so that each held message is released once. The new messages' ids."""
    held = OutboundMessage.objects.filter(
        contact=contact,
        template=templates.NEW_MESSAGE,
        status__in=[OutboundStatus.SENT, OutboundStatus.DELIVERED],
    )
    if since is not None:
        held = held.filter(sent_at__gt=since)
    return [queue_text(contact, message.text).pk for message in held.order_by("created_at")]


def status_update(channel: str, event) -> None:
    """A provider's delivery report: delivered (or read) and failed move the message on."""
    new = {"delivered": OutboundStatus.DELIVERED, "read": OutboundStatus.DELIVERED}
    new["failed"] = OutboundStatus.FAILED
    if event.status not in new or not event.ref:
        return
    found = OutboundMessage.objects.filter(channel=channel, provider_id=event.ref)
    if new[event.status] == OutboundStatus.FAILED:
        found.update(status=OutboundStatus.FAILED, error=(event.error or "failed")[:200])
    else:
        found.exclude(status=OutboundStatus.FAILED).update(status=new[event.status])


def in_window(contact: Contact, now=None) -> bool:
    """Whether free text may go to this contact now: always on Telegram and SMS; on WhatsApp
    within 24 hours (less a margin) of the contact's last message."""
    if contact.channel != Provider.WHATSAPP:
        return True
    last = contact.last_inbound_at
    if last is None:  # a contact from before the field: its newest stored message
        last = contact.inbound.order_by("-received_at").values_list("received_at", flat=True)
        last = last.first()
    return last is not None and (now or timezone.now()) - last < WINDOW


def send(*, outbound_id: int) -> str:
    """Send one queued message through its provider, once. A throttled send is put back with
    ``not_before`` and sent again after it; a permanent refusal fails it for good; any other
    failure fails it and raises, so that the task retries it."""
    message = OutboundMessage.objects.select_related("contact").get(pk=outbound_id)
    if message.status not in (OutboundStatus.QUEUED, OutboundStatus.FAILED):
        return message.status  # sent already: a repeated task sends nothing twice
    if message.not_before and message.not_before > timezone.now():
        return message.status  # an early task: the one enqueued for not_before sends it
    message.attempts += 1
    try:
        message.provider_id, message.template = _deliver(message)
    except TransportError as exc:
        return _failed(message, exc)
    message.provider_id = message.provider_id[:200]
    message.status, message.error, message.sent_at = OutboundStatus.SENT, "", timezone.now()
    message.not_before = None
    message.save(
        update_fields=[
            "attempts",
            "status",
            "error",
            "provider_id",
            "template",
            "sent_at",
            "not_before",
        ]
    )
    return message.status


def _deliver(message: OutboundMessage) -> tuple[str, str]:
    """Send as free text inside the window, as a template outside it (or when WhatsApp says
    the window closed); the provider's id and the template that went out ("" for text)."""
    contact, sender = message.contact, transport(message.channel)
    if in_window(contact):
        try:
            return sender.send(contact.address, message.text, ref=f"sigap-{message.pk}"), ""
        except TransportError as exc:
            if not exc.window_closed:
                raise
    name = message.template or templates.NEW_MESSAGE
    template = templates.get(name)
    params = message.template_params if message.template else []
    language = template.language(contact.language)
    return sender.send_template(contact.address, name, language, params), name


def _failed(message: OutboundMessage, exc: TransportError) -> str:
    message.error = str(exc)[:200]
    fields = ["attempts", "status", "error", "not_before"]
    if exc.throttled and message.attempts < MAX_ATTEMPTS:
        delay = exc.retry_after or THROTTLE_BACKOFF_S * 2 ** (message.attempts - 1)
        delay = min(delay, THROTTLE_MAX_S)
        message.status = OutboundStatus.QUEUED
        message.not_before = timezone.now() + timedelta(seconds=delay)
        message.save(update_fields=fields)
        logger.warning("outbound %s throttled, again in %.0f s", message.pk, delay)
        transaction.on_commit(lambda: retry_later(message.pk, delay))
        return message.status
    message.status, message.not_before = OutboundStatus.FAILED, None
    message.save(update_fields=fields)
    logger.warning("outbound %s failed: %s", message.pk, message.error)
    if exc.permanent or message.attempts >= MAX_ATTEMPTS:
        return message.status  # no retry mends it: it stays failed, for staff to see
    raise exc


def retry_later(outbound_id: int, delay_s: float) -> None:
    """Enqueue the send again to run after ``delay_s`` seconds (the tasks' ``run_after``)."""
    from sigap.channels.tasks import outbound_send

    run_after = timezone.now() + timedelta(seconds=delay_s)
    outbound_send.using(run_after=run_after).enqueue(outbound_id)

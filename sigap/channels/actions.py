"""Writes of the channels: storing what a webhook brought and answering it (the sending is
sigap.channels.outbound)."""

import json
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from sigap.cases import hashing
from sigap.channels import outbound, providers, replies
from sigap.channels.models import Contact, InboundMessage, Kind

logger = logging.getLogger(__name__)


def inbound_receive(*, channel: str, events: list[dict]) -> list[int]:
    """Store each event once (the provider's id is unique per channel: a replay stores
    nothing) and enqueue its processing after commit; the ids of the new rows."""
    created = []
    for raw in events:
        try:
            event = providers.read_event(channel, raw)
        except providers.BadPayload:
            continue
        row = _store(channel, event, raw)
        if row is not None:
            created.append(row.pk)
    if created:
        from sigap.channels.tasks import inbound_process

        transaction.on_commit(lambda: [inbound_process.enqueue(pk) for pk in created])
    return created


def _store(channel: str, event, raw: dict) -> InboundMessage | None:
    try:
        with transaction.atomic():
            return InboundMessage.objects.create(
                channel=channel,
                provider_id=event.provider_id,
                kind=event.kind,
                payload=json.dumps(raw, ensure_ascii=False),
            )
    except IntegrityError:
        return None  # already stored: a replay


def contact_for(*, channel: str, address: str) -> Contact:
    """The contact of this number on this channel, made on first contact."""
    hashes = hashing.keyed_hashes(f"channel-{channel}", address)
    found = Contact.objects.filter(channel=channel, address_hash__in=hashes).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Contact.objects.create(channel=channel, address=address, address_hash=hashes[0])
    except IntegrityError:  # made by a concurrent message of the same contact
        return Contact.objects.get(channel=channel, address_hash=hashes[0])


@transaction.atomic
def inbound_process(*, inbound_id: int) -> int | None:
    """Answer one inbound message, once: the id of the queued reply, or None (a status, an
    edit, a stopped contact). Safe to repeat: a processed message is left alone."""
    row = InboundMessage.objects.select_for_update().filter(pk=inbound_id).first()
    if row is None or row.processed_at is not None:
        return None
    row.processed_at = timezone.now()
    event = providers.read_event(row.channel, json.loads(row.payload))
    if event.kind == Kind.STATUS:
        outbound.status_update(row.channel, event)
        row.save(update_fields=["processed_at"])
        return None
    if event.kind == Kind.EDITED or not event.address:
        row.save(update_fields=["processed_at"])
        return None
    row.contact = contact_for(channel=row.channel, address=event.address)
    row.save(update_fields=["processed_at", "contact"])
    text = _answer(row.contact, event)
    return outbound.queue_text(row.contact, text, in_reply_to=row).pk if text else None


def _answer(contact: Contact, event) -> str:
    what, argument = replies.command(event.text)
    contact.language = replies.language(event.text, event.language)
    if what == "start":
        contact.stopped_at = None
    elif what == "stop":
        contact.stopped_at = contact.stopped_at or timezone.now()
    elif contact.stopped_at is not None:
        contact.save(update_fields=["language"])
        return ""  # a stopped contact gets nothing back
    contact.save(update_fields=["language", "stopped_at"])
    with translation.override(contact.language):
        return _text_for(what, argument)


def _text_for(what: str, argument: str) -> str:
    if what == "stop":
        return replies.stop_text()
    if what == "status":
        return replies.status_text(argument)
    if what == "check":
        return replies.check_text(argument) if argument else replies.check_prompt()
    if what in ("help", "start"):
        return replies.help_text()
    return replies.unknown_text()

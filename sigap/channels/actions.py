"""Writes of the channels: storing what a webhook brought and answering it (the sending is
sigap.channels.outbound)."""

import json
import logging
from datetime import UTC, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from sigap.cases import actions as cases
from sigap.cases import hashing
from sigap.channels import conversation, outbound, providers, replies, staff
from sigap.channels.models import (
    Contact,
    Conversation,
    InboundMessage,
    Kind,
    Provider,
    ReportContact,
)
from sigap.people import ratelimit

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
    edit, a stopped contact, a contact over its rate limit). Safe to repeat: a processed
    message is left alone."""
    row = InboundMessage.objects.select_for_update().filter(pk=inbound_id).first()
    if row is None or row.processed_at is not None:
        return None
    row.processed_at = timezone.now()
    raw = json.loads(row.payload)
    event = providers.read_event(row.channel, raw)
    if event.kind == Kind.STATUS:
        outbound.status_update(row.channel, event)
        row.save(update_fields=["processed_at"])
        return None
    if event.kind == Kind.EDITED or not event.address:
        row.save(update_fields=["processed_at"])
        return None
    row.contact = contact_for(channel=row.channel, address=event.address)
    row.save(update_fields=["processed_at", "contact"])
    _touch(row.contact, _sent_at(raw, row.received_at))
    conversation.expire_silent()
    text = _answer(row.contact, event, _media_ref(row.channel, event, raw))
    return outbound.queue_text(row.contact, text, in_reply_to=row).pk if text else None


def _touch(contact: Contact, when) -> None:
    """The contact's last message opens WhatsApp's 24-hour window (a replayed older message
    does not move it back)."""
    if contact.last_inbound_at is None or when > contact.last_inbound_at:
        contact.last_inbound_at = when
        contact.save(update_fields=["last_inbound_at"])


def _sent_at(raw: dict, received_at):
    """When the resident sent it, as the provider says (WhatsApp's ``timestamp``, Telegram's
    ``date``), never later than it arrived; else when it arrived."""
    message = raw.get("message") if isinstance(raw.get("message"), dict) else {}
    stamp = message.get("timestamp", message.get("date"))
    try:
        sent = datetime.fromtimestamp(int(stamp), tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return received_at
    return min(sent, received_at)


def _media_ref(channel: str, event, raw: dict) -> str:
    """The provider's reference of a photo in the message ("" when there is none)."""
    ref = getattr(event, "media", "") or getattr(event, "media_ref", "")
    if ref or event.kind != Kind.MEDIA:
        return str(ref)[:500]
    message = raw.get("message") if isinstance(raw.get("message"), dict) else {}
    if channel == Provider.TELEGRAM:
        photos = [p for p in message.get("photo") or [] if isinstance(p, dict)]
        item = photos[-1] if photos else message.get("document")  # the largest size is last
        return str(item.get("file_id", ""))[:500] if isinstance(item, dict) else ""
    image = message.get("image") or message.get("document")
    return str(image.get("id", ""))[:500] if isinstance(image, dict) else ""


def _answer(contact: Contact, event, photo_ref: str = "") -> str:
    """Route one message: a staff link code first, then stop and start, the rate limit, the
    guided report (started by its keyword or under way), and last the single commands."""
    linked = staff.link_from_text(contact, event.text) if event.text else None
    if linked is not None:
        return linked
    what, argument = replies.command(event.text)
    if what in ("stop", "start"):
        return _stop_or_start(contact, what, event)
    if contact.stopped_at is not None:
        return ""  # a stopped contact gets nothing back
    refused = _over_limit(contact)
    if refused is not None:
        return refused
    is_start, english, rest = conversation.start_word(event.text)
    if is_start:
        _set_language(contact, "en" if english else "id")
        with translation.override(contact.language):
            return conversation.start(contact, rest)
    current = conversation.active(contact)
    if current is not None:
        with translation.override(contact.language):
            return conversation.answer(current, text=event.text, photo_ref=photo_ref)
    _set_language(contact, replies.language(event.text, event.language))
    with translation.override(contact.language):
        if what == "reply":
            return _reply_to_team(contact, argument)
        return _text_for(what, argument)


def _reply_to_team(contact: Contact, body: str) -> str:
    """BALAS <message>: to the team handling the contact's latest report filed by message,
    as the status page's message form sends it."""
    link = (
        ReportContact.objects.filter(contact=contact, report__erased_at__isnull=True)
        .select_related("report")
        .order_by("-created_at", "-pk")
        .first()
    )
    if link is None:
        return replies.no_report_text()
    if not body:
        return replies.reply_prompt()
    cases.message_from_reporter(report=link.report, body=body[: replies.MAX_REPLY_BODY])
    return replies.reply_sent_text()


def _set_language(contact: Contact, language: str) -> None:
    if contact.language != language:
        contact.language = language
        contact.save(update_fields=["language"])


def _stop_or_start(contact: Contact, what: str, event) -> str:
    contact.language = replies.language(event.text, event.language)
    if what == "start":
        contact.stopped_at = None
    else:
        contact.stopped_at = contact.stopped_at or timezone.now()
        Conversation.objects.filter(contact=contact).delete()  # STOP ends a report too
    contact.save(update_fields=["language", "stopped_at"])
    with translation.override(contact.language):
        return _text_for(what, "")


MESSAGES_ALLOWED, MESSAGES_WINDOW_S = 20, 600  # answered per contact per 10 minutes


def _over_limit(contact: Contact) -> str | None:
    """None while the contact is within its limit; past it, one reply saying so, then silence
    until the window ends."""
    total = ratelimit.count("channel-message", str(contact.pk), MESSAGES_WINDOW_S)
    if total <= MESSAGES_ALLOWED:
        return None
    if total > MESSAGES_ALLOWED + 1:
        return ""
    with translation.override(contact.language):
        return replies.too_many_text(MESSAGES_WINDOW_S // 60)


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


# ---------------------------------------------------------------------------- hooks from cases


def team_message_forward(*, report, message, **_ignored) -> None:
    """The team wrote to the reporter of a report filed by message: the message goes to the
    contact too (not to one who sent STOP). Connected to ``cases.signals`` in apps.py."""
    link = ReportContact.objects.select_related("contact").filter(report=report).first()
    if link is None or link.contact.stopped_at is not None:
        return
    with translation.override(link.contact.language):
        text = replies.team_message_text(report, message.body)
    outbound.queue_text(link.contact, text)


def report_erased_forget(*, report, **_ignored) -> None:
    """A report erased under the retention rule: its link to the contact goes, and the contact
    (its number, conversation and messages) with it when no other report refers to it."""
    links = ReportContact.objects.filter(report=report)
    contact_ids = list(links.values_list("contact_id", flat=True))
    links.delete()
    Contact.objects.filter(pk__in=contact_ids, reports__isnull=True).delete()

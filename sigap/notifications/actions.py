"""Send notifications: rows written in the caller's transaction, delivered after it commits
by a background task per notification (``notifications.tasks.notification_deliver``), which
retries a failed channel with backoff; every attempt is a ``Delivery`` row."""

import hashlib
import hmac
import secrets
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sigap.notifications.models import (
    MESSAGE_KINDS,
    Delivery,
    LinkCode,
    MessageLink,
    Notification,
)
from sigap.notifications.transports import Skipped, transports
from sigap.people.audit import audit_record


@transaction.atomic
def notify(*, recipients, kind: str, subject: str, link: str, obj=None) -> list[Notification]:
    """Notify each recipient once. ``subject`` and ``link`` must carry no personal data.

    Deliveries run only if the surrounding transaction commits, so a rolled-back action
    never tells anyone about something that did not happen.
    """
    object_type = obj._meta.model_name if obj is not None else ""
    object_id = str(obj.pk) if obj is not None else ""
    unique = {user.pk: user for user in recipients if user is not None and user.is_active}
    notes = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                kind=kind,
                subject=subject[:200],
                link=link,
                object_type=object_type,
                object_id=object_id,
            )
            for user in unique.values()
        ]
    )
    ids = [note.pk for note in notes]
    transaction.on_commit(partial(_enqueue_deliveries, ids))
    return notes


def _enqueue_deliveries(ids: list[int]) -> None:
    from sigap.notifications.tasks import notification_deliver

    for pk in ids:
        notification_deliver.enqueue(pk)


class DeliveryFailed(Exception):
    """A channel failed (e.g. the mail server refused or was down); the task tries again."""


def notification_deliver(*, notification_id: int) -> list[str]:
    """Deliver a notification on every channel not yet done with it, record each outcome (a
    ``Delivery`` row per attempt: sent, skipped or failed with the error) and return the
    channels used now. Raises ``DeliveryFailed`` if a channel failed, so that its task retries
    that channel later; channels sent or skipped before are not tried again."""
    note = Notification.objects.filter(pk=notification_id).select_related("recipient").first()
    if note is None:
        return []  # deleted with its recipient meanwhile
    done = set(
        note.deliveries.exclude(status=Delivery.Status.FAILED).values_list("channel", flat=True)
    )
    used, failed = [], []
    for transport in transports():
        if transport.channel in done:
            continue
        status, detail = Delivery.Status.SENT, ""
        try:
            transport.send(note)
        except Skipped as reason:
            status, detail = Delivery.Status.SKIPPED, str(reason)
        except Exception as error:  # noqa: BLE001 - one failing channel must not stop others
            status, detail = Delivery.Status.FAILED, str(error)[:300]
            failed.append(f"{transport.channel}: {detail}")
        Delivery.objects.create(
            notification=note, channel=transport.channel, status=status, detail=detail
        )
        used.append(transport.channel)
    if failed:
        raise DeliveryFailed("; ".join(failed))
    return used


def notification_read(*, user, notification_id: int) -> Notification | None:
    note = Notification.objects.for_user(user).filter(pk=notification_id).first()
    if note is not None and note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    return note


def notifications_read_all(*, user) -> int:
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())


# ---------------------------------------------------------------------------- notices by message

LINK_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: typed from a screen
LINK_CODE_LENGTH = 8  # 40 bits, for at most LINK_CODE_MINUTES and a handful of tries per chat
LINK_CODE_MINUTES = 15


def link_code_hash(code: str) -> str:
    """A keyed hash: a short code's plain hash could be reversed by trying every code."""
    key = ("sigap-message-link:" + settings.SECRET_KEY).encode()
    return hmac.new(key, code.upper().encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def link_code_create(*, user) -> tuple[LinkCode, str]:
    """A new one-time code for ``user`` to send to the bot; the raw code is returned once and
    only its keyed hash stored. Any earlier unused code of the user stops working."""
    LinkCode.objects.filter(user=user, used_at__isnull=True).delete()
    raw = "".join(secrets.choice(LINK_CODE_ALPHABET) for _ in range(LINK_CODE_LENGTH))
    expires = timezone.now() + timedelta(minutes=LINK_CODE_MINUTES)
    code = LinkCode.objects.create(user=user, code_hash=link_code_hash(raw), expires_at=expires)
    return code, raw


@transaction.atomic
def link_code_redeem(*, code: str, channel: str, address: str):
    """Link the chat (``channel``, ``address``) to the owner of ``code``: the user, or None
    when the code is unknown, used, expired or its owner inactive. A code works once; the
    user's earlier chat, if any, is replaced."""
    found = (
        LinkCode.objects.select_for_update()
        .select_related("user")
        .filter(code_hash=link_code_hash(code), used_at__isnull=True)
        .first()
    )
    if found is None or found.expires_at <= timezone.now() or not found.user.is_active:
        return None
    found.used_at = timezone.now()
    found.save(update_fields=["used_at"])
    link, _created = MessageLink.objects.get_or_create(user=found.user)
    link.channel, link.address, link.linked_at = channel, address, timezone.now()
    link.save(update_fields=["channel", "address", "linked_at"])
    audit_record(
        actor=found.user, action="message_link.link", obj=link, detail={"channel": channel}
    )
    return found.user


@transaction.atomic
def message_unlink(*, user) -> bool:
    """Forget the user's chat (its number or id); the chosen kinds stay for a next link."""
    link = MessageLink.objects.filter(user=user, linked_at__isnull=False).first()
    if link is None:
        return False
    link.channel, link.address, link.linked_at = "", "", None
    link.save(update_fields=["channel", "address", "linked_at"])
    audit_record(actor=user, action="message_link.unlink", obj=link)
    return True


def message_kinds_set(*, user, kinds) -> MessageLink:
    """Which notices the user gets by message: known kinds only, in a fixed order."""
    link, _created = MessageLink.objects.get_or_create(user=user)
    link.kinds = [kind for kind in MESSAGE_KINDS if kind in set(kinds)]
    link.save(update_fields=["kinds"])
    return link

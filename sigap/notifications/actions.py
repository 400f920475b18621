"""Send notifications: rows written in the caller's transaction, delivered after it commits
by a background task per notification (``notifications.tasks.notification_deliver``), which
retries a failed channel with backoff; every attempt is a ``Delivery`` row."""

from functools import partial

from django.db import transaction
from django.utils import timezone

from sigap.notifications.models import Delivery, Notification
from sigap.notifications.transports import Skipped, transports


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

"""Send notifications: rows written in the caller's transaction, delivery after it commits."""

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
    transaction.on_commit(lambda: deliver(ids))
    return notes


def deliver(notification_ids: list[int]) -> None:
    """Try every transport for each notification and record each outcome."""
    notes = Notification.objects.filter(pk__in=notification_ids).select_related("recipient")
    for note in notes:
        for transport in transports():
            status, detail = Delivery.Status.SENT, ""
            try:
                transport.send(note)
            except Skipped as reason:
                status, detail = Delivery.Status.SKIPPED, str(reason)
            except Exception as error:  # noqa: BLE001 - one failing channel must not stop others
                status, detail = Delivery.Status.FAILED, str(error)[:300]
            Delivery.objects.create(
                notification=note, channel=transport.channel, status=status, detail=detail
            )


def notification_read(*, user, notification_id: int) -> Notification | None:
    note = Notification.objects.for_user(user).filter(pk=notification_id).first()
    if note is not None and note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    return note


def notifications_read_all(*, user) -> int:
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())

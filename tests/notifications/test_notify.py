import pytest
from django.db import transaction

from sigap.notifications.actions import notify
from sigap.notifications.models import Delivery, Notification

pytestmark = pytest.mark.django_db(transaction=True)


def test_notification_is_mailed_through_smtp_and_each_delivery_recorded(
    smtp_server, medan_coordinator
):
    medan_coordinator.email = "koordinator@medan.example"
    medan_coordinator.save()
    notify(
        recipients=[medan_coordinator],
        kind="referral.overdue",
        subject="Rujukan terlambat",
        link="/kasus/rujukan/7/",
    )
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message.rcpt_tos == ["koordinator@medan.example"]
    body = message.content.decode()
    assert "Rujukan terlambat" in body
    assert "http://127.0.0.1:8000/kasus/rujukan/7/" in body
    channels = dict(Delivery.objects.values_list("channel", "status"))
    assert channels == {"in_app": "sent", "email": "sent"}


def test_recipient_without_email_is_skipped_not_failed(smtp_server, terjun_ambassador):
    notify(recipients=[terjun_ambassador], kind="reminder", subject="Pengingat", link="/")
    assert smtp_server.messages == []
    assert Delivery.objects.get(channel="email").status == "skipped"


def test_unreachable_mail_server_is_recorded_as_failed(settings, medan_coordinator):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    medan_coordinator.email = "koordinator@medan.example"
    medan_coordinator.save()
    notify(recipients=[medan_coordinator], kind="reminder", subject="Pengingat", link="/")
    failed = Delivery.objects.get(channel="email")
    assert failed.status == "failed"
    assert "Connection" in failed.detail or "refused" in failed.detail.lower()
    assert Notification.objects.get().subject == "Pengingat"


def test_nothing_is_sent_when_the_action_rolls_back(smtp_server, medan_coordinator):
    medan_coordinator.email = "koordinator@medan.example"
    medan_coordinator.save()
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(recipients=[medan_coordinator], kind="x", subject="Tidak jadi", link="/")
        raise RuntimeError("the surrounding action failed")
    assert smtp_server.messages == []
    assert not Notification.objects.exists()


def test_inbox_lists_only_own_notifications_and_opening_marks_read(
    client, medan_coordinator, malang_coordinator
):
    from tests.conftest import login

    notify(recipients=[medan_coordinator], kind="k", subject="Untuk Medan", link="/wilayah/")
    notify(recipients=[malang_coordinator], kind="k", subject="Untuk Malang", link="/")
    login(client, medan_coordinator)
    page = client.get("/notifikasi/").content.decode()
    assert "Untuk Medan" in page and "Untuk Malang" not in page
    own = Notification.objects.get(recipient=medan_coordinator)
    other = Notification.objects.get(recipient=malang_coordinator)
    assert client.post(f"/notifikasi/{other.pk}/buka/").status_code == 404
    response = client.post(f"/notifikasi/{own.pk}/buka/")
    assert response.status_code == 302 and response["Location"] == "/wilayah/"
    own.refresh_from_db()
    assert own.read_at is not None

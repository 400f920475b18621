"""Notifications: rows written with the action, delivered after it commits by a task that
retries a failed channel with backoff, every attempt recorded."""

import socket

import pytest
from aiosmtpd.controller import Controller
from django.db import transaction
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from sigap.notifications.actions import notify
from sigap.notifications.models import Delivery, Notification
from sigap.tasks.models import DeadLetter
from sigap.tasks.worker import run_pending

pytestmark = pytest.mark.django_db(transaction=True)


class RefusingFirst:
    """An SMTP server's handler that answers the first message with a temporary failure
    (451, "try again later"), as a busy or greylisting server does, and accepts the rest."""

    def __init__(self, refusals: int = 1):
        self.refusals, self.messages, self.refused = refusals, [], 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        if self.refused < self.refusals:
            self.refused += 1
            return "451 4.3.0 Mailbox busy, try again later"
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def refusing_smtp(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = RefusingFirst()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    yield handler
    controller.stop()


@pytest.fixture
def no_backoff(monkeypatch):
    """Retries at once instead of after 30 s (the worker runs them in the same pass)."""
    from sigap import tasks

    real = tasks._enqueue_retry
    monkeypatch.setattr(tasks, "_enqueue_retry", lambda t, a, k, delay: real(t, a, k, 0))


def test_a_refused_mail_is_retried_by_its_task_and_delivered(
    refusing_smtp, no_backoff, medan_coordinator
):
    medan_coordinator.email = "koordinator@medan.example"
    medan_coordinator.save()
    notify(recipients=[medan_coordinator], kind="k", subject="Rujukan terlambat", link="/x/")
    assert refusing_smtp.messages == []  # nothing is sent inside the request
    run_pending()
    assert refusing_smtp.refused == 1 and len(refusing_smtp.messages) == 1
    attempts = list(Delivery.objects.values_list("channel", "status"))
    assert attempts == [
        ("in_app", "sent"),
        ("email", "failed"),
        ("message", "skipped"),  # no chat linked
        ("email", "sent"),
    ]
    failed = Delivery.objects.get(status="failed")
    assert "451" in failed.detail and "try again later" in failed.detail
    statuses = list(DBTaskResult.objects.order_by("enqueued_at").values_list("status", flat=True))
    assert statuses == [TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL]
    assert not DeadLetter.objects.exists()


def test_a_mail_server_that_never_answers_lands_in_the_dead_letters(
    settings, no_backoff, medan_coordinator
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    medan_coordinator.email = "koordinator@medan.example"
    medan_coordinator.save()
    notify(recipients=[medan_coordinator], kind="reminder", subject="Pengingat", link="/")
    run_pending()
    assert Delivery.objects.filter(channel="email", status="failed").count() == 6
    assert Delivery.objects.filter(channel="in_app").count() == 1  # sent once, not retried
    letter = DeadLetter.objects.get()
    assert letter.task_path == "sigap.notifications.tasks.notification_deliver"
    assert letter.attempts == 6 and "email:" in letter.error


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
    run_pending()
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message.rcpt_tos == ["koordinator@medan.example"]
    body = message.content.decode()
    assert "Rujukan terlambat" in body
    assert "http://127.0.0.1:8000/kasus/rujukan/7/" in body
    channels = dict(Delivery.objects.values_list("channel", "status"))
    assert channels == {"in_app": "sent", "email": "sent", "message": "skipped"}


def test_recipient_without_email_is_skipped_not_failed(smtp_server, terjun_ambassador):
    notify(recipients=[terjun_ambassador], kind="reminder", subject="Pengingat", link="/")
    run_pending()
    assert smtp_server.messages == []
    assert Delivery.objects.get(channel="email").status == "skipped"


def test_nothing_is_sent_when_the_action_rolls_back(smtp_server, medan_coordinator):
    medan_coordinator.email = "koordinator@medan.example"
    medan_coordinator.save()
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(recipients=[medan_coordinator], kind="x", subject="Tidak jadi", link="/")
        raise RuntimeError("the surrounding action failed")
    assert run_pending() == 0  # no task was enqueued
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

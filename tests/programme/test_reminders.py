"""Reminders for due and late condition reports: in-app and by real SMTP, once per period."""

from datetime import date

import pytest

from sigap.notifications.models import Notification
from sigap.programme import actions
from sigap.regions.models import Area
from sigap.tasks.worker import run_pending
from tests import personas

pytestmark = pytest.mark.django_db


def test_due_then_late_reminders_are_sent_once(
    smtp_server,
    ketawanggede_relawan,
    malang_programme,
    django_capture_on_commit_callbacks,
):
    ketawanggede_relawan.email = "relawan@example.invalid"
    ketawanggede_relawan.save()
    kotalama = Area.objects.get(code="35.73.03.1001")
    actions.condition_file(
        actor=None,
        programme=malang_programme,
        area=kotalama,
        period_start=date(2026, 2, 1),
        values={},
    )
    with django_capture_on_commit_callbacks(execute=True):
        sent = actions.condition_reminders_send(today=date(2026, 3, 5))
        again = actions.condition_reminders_send(today=date(2026, 3, 6))
    assert again == 0
    # February: 4 kelurahan owe it (Kotalama filed); January is late for all 5.
    assert sent == 4 + 5
    mine = Notification.objects.filter(recipient=ketawanggede_relawan)
    assert {n.kind for n in mine} == {"programme.condition_due", "programme.condition_late"}
    assert smtp_server.messages == []  # mail goes out from the background tasks
    run_pending()
    assert len(smtp_server.messages) == 2
    assert all(m.rcpt_tos == ["relawan@example.invalid"] for m in smtp_server.messages)
    body = smtp_server.messages[0].content.decode()
    assert "laporan-kondisi/isi" in body and personas.KETAWANGGEDE not in body

    with django_capture_on_commit_callbacks(execute=True):
        later = actions.condition_reminders_send(today=date(2026, 3, 12))
    assert later == 4  # February is now late; Kotalama filed it
    run_pending()
    assert len(smtp_server.messages) == 3

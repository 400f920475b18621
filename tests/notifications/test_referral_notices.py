"""The referral notices a focal point may get by message: a new referral for their agency, one
due on the next working day (reminded once) and one overdue, each end to end from the case
action to the message the provider receives."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sigap.cases import referral_actions, workdays
from sigap.cases.models import Referral
from sigap.channels import staff
from sigap.channels.actions import contact_for
from sigap.notifications import actions
from sigap.notifications.models import Notification
from tests import personas
from tests.cases.conftest import make_case

pytestmark = pytest.mark.django_db

CHAT = "5550002222"


@pytest.fixture
def linked_focal_point(uptd_focal_point):
    _row, code = actions.link_code_create(user=uptd_focal_point)
    staff.link_from_text(contact_for(channel="telegram", address=CHAT), f"/start {code}")
    kinds = ["cases.referral", "cases.referral_due", "cases.overdue"]
    actions.message_kinds_set(user=uptd_focal_point, kinds=kinds)
    return uptd_focal_point


def _texts(provider) -> list[str]:
    return [body["text"] for _path, body in provider.requests if body.get("chat_id") == CHAT]


def test_new_due_and_overdue_referrals_reach_the_focal_points_chat(
    linked_focal_point, medan_case_worker, chat_provider, drain,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        referral = referral_actions.case_refer(
            case=make_case(medan_case_worker), actor=medan_case_worker,
            organisation=personas.uptd_ppa_medan(), service="shelter",
        )  # fmt: skip
    drain()
    today = timezone.localdate()
    Referral.objects.filter(pk=referral.pk).update(deadline=workdays.add_working_days(today, 1))
    for _ in range(2):  # the daily run repeated: reminded once
        with django_capture_on_commit_callbacks(execute=True):
            referral_actions.referrals_remind_due(today=today)
        drain()
    Referral.objects.filter(pk=referral.pk).update(deadline=today - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        referral_actions.referrals_escalate_overdue(today=today)
    drain()
    link = f"http://127.0.0.1:8000/rujukan/{referral.pk}/"
    ref = referral.reference
    assert _texts(chat_provider) == [
        f"SIGAP: Rujukan baru {ref} untuk lembaga Anda\n{link}",
        f"SIGAP: Rujukan {ref} harus dijawab paling lambat "
        f"{workdays.add_working_days(today, 1).isoformat()}\n{link}",
        f"SIGAP: Rujukan {ref} melewati batas waktu\n{link}",
    ]
    assert "Siti" not in " ".join(_texts(chat_provider))  # no personal data in a notice


def test_only_pending_referrals_due_next_working_day_are_reminded(
    uptd_focal_point, medan_case_worker
):
    referral = referral_actions.case_refer(
        case=make_case(medan_case_worker), actor=medan_case_worker,
        organisation=personas.uptd_ppa_medan(), service="shelter",
    )  # fmt: skip
    today = timezone.localdate()
    Referral.objects.filter(pk=referral.pk).update(deadline=workdays.add_working_days(today, 2))
    assert referral_actions.referrals_remind_due(today=today) == []
    Referral.objects.filter(pk=referral.pk).update(deadline=workdays.add_working_days(today, 1))
    referral_actions.referral_accept(
        referral=Referral.objects.get(pk=referral.pk), actor=uptd_focal_point
    )
    assert referral_actions.referrals_remind_due(today=today) == []  # answered: nothing to remind
    assert not Notification.objects.filter(kind="cases.referral_due").exists()

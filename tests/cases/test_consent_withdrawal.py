"""A victim (or guardian) withdraws consent: the referrals still open on it end, the agencies
are told, and nothing more is shared until consent is given again."""

from sigap.cases import referral_actions
from sigap.cases.choices import ReferralStatus
from sigap.cases.models import CaseEvent, Consent, Referral
from sigap.notifications.models import Notification
from sigap.people.models import AuditEvent
from sigap.people.tokens import token_create
from tests import personas
from tests.cases.conftest import make_case


def refer(case, worker, service="shelter"):
    return referral_actions.case_refer(
        case=case, actor=worker, organisation=personas.uptd_ppa_medan(), service=service
    )


def test_withdrawal_on_the_case_page_revokes_open_referrals(
    as_user, medan_case_worker, uptd_focal_point
):
    case = make_case(medan_case_worker)
    consent = Consent.objects.get(case=case)
    pending, accepted = refer(case, medan_case_worker), refer(case, medan_case_worker, "medical")
    referral_actions.referral_accept(referral=accepted, actor=uptd_focal_point)
    done = refer(case, medan_case_worker, "legal_aid")
    referral_actions.referral_accept(referral=done, actor=uptd_focal_point)
    referral_actions.referral_complete(referral=done, actor=uptd_focal_point)
    client = as_user(medan_case_worker)
    page = client.get(f"/kasus/{case.pk}/").content.decode()
    assert "Catat penarikan persetujuan" in page

    response = client.post(
        f"/kasus/{case.pk}/consent_withdraw/", {"consent": consent.pk}, follow=True
    )
    assert "Penarikan persetujuan dicatat" in response.content.decode()
    statuses = dict(Referral.objects.values_list("pk", "status"))
    assert statuses == {
        pending.pk: ReferralStatus.REVOKED,
        accepted.pk: ReferralStatus.REVOKED,
        done.pk: ReferralStatus.DONE,  # what was delivered stays delivered
    }
    assert case.services.filter(cancelled=True).count() == 2
    assert not case.services.owed().exists()
    told = Notification.objects.filter(recipient=uptd_focal_point, kind="cases.referral_revoked")
    assert told.count() == 2
    assert all("Siti" not in n.subject for n in told)  # a link, never personal data
    assert CaseEvent.objects.filter(case=case, action="consent.withdrawn").exists()
    assert AuditEvent.objects.filter(action="consent.withdraw", actor=medan_case_worker).exists()

    assert "ditarik" in client.get(f"/kasus/{case.pk}/").content.decode()
    # Nothing more is shared without new consent.
    response = client.post(
        f"/kasus/{case.pk}/refer/",
        {"organisation": personas.uptd_ppa_medan().pk, "service": "shelter"},
        follow=True,
    )
    assert "Belum ada persetujuan" in response.content.decode()
    assert Referral.objects.count() == 3


def test_withdrawing_twice_or_from_outside_is_refused(
    client, medan_case_worker, uptd_focal_point, outsider
):
    case = make_case(medan_case_worker)
    consent = Consent.objects.get(case=case)
    referral = refer(case, medan_case_worker)
    path = f"/api/v1/cases/{case.pk}/consents/{consent.pk}/withdraw"
    for user in (uptd_focal_point, outsider):
        _token, raw = token_create(user=user, name="uji")
        assert client.post(path, headers={"Authorization": f"Bearer {raw}"}).status_code == 404
    _token, raw = token_create(user=medan_case_worker, name="uji")
    headers = {"Authorization": f"Bearer {raw}"}
    response = client.post(path, headers=headers)
    assert response.status_code == 200
    assert [r["id"] for r in response.json()] == [referral.pk]
    again = client.post(path, headers=headers)
    assert again.status_code == 400 and "sudah ditarik" in again.json()["detail"]

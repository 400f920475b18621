"""Consent-gated referrals with working-day deadlines, answers, escalation and services."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from sigap.cases import actions, referral_actions, workdays
from sigap.cases.models import Referral, Service
from sigap.notifications.models import Notification
from tests import personas
from tests.cases.conftest import make_case


def next_holiday() -> date:
    day = timezone.localdate() + timedelta(days=2)
    while workdays.holiday_name(day) is None or day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def post_referral(client, case, **extra):
    data = {"organisation": personas.uptd_ppa_medan().pk, "service": "shelter", **extra}
    return client.post(f"/kasus/{case.pk}/refer/", data, follow=True)


def test_referral_without_consent_is_refused_with_a_message(medan_case_worker, as_user):
    case = make_case(medan_case_worker, consent=False)
    response = post_referral(as_user(medan_case_worker), case)
    assert response.status_code == 200
    assert not Referral.objects.exists()
    assert b"persetujuan" in response.content.lower()


def test_case_worker_cannot_override_but_administrator_can(medan_case_worker, administrator):
    case = make_case(medan_case_worker, consent=False)
    uptd = personas.uptd_ppa_medan()
    with pytest.raises(actions.ActionError):
        referral_actions.case_refer(
            case=case,
            actor=medan_case_worker,
            organisation=uptd,
            service="shelter",
            override_reason="Korban tidak sadar",
        )
    referral = referral_actions.case_refer(
        case=case,
        actor=administrator,
        organisation=uptd,
        service="medical",
        override_reason="Korban tidak sadar",
    )
    assert referral.consent is None and referral.override_reason == "Korban tidak sadar"


def test_child_consent_must_come_from_a_guardian(medan_case_worker):
    year = timezone.localdate().year - 15
    case = make_case(medan_case_worker, consent=False, birth_year=year)
    child = case.victims.get()
    with pytest.raises(actions.ActionError, match="guardian|wali"):
        referral_actions.consent_record(
            case=case,
            victim=child,
            actor=medan_case_worker,
            given_by="victim",
            for_services=True,
            for_disclosure=True,
        )
    referral_actions.consent_record(
        case=case,
        victim=child,
        actor=medan_case_worker,
        given_by="guardian",
        guardian_name="Ibu Kandung",
        for_services=True,
        for_disclosure=True,
    )
    assert referral_actions.current_consent(case).given_by == "guardian"


def test_deadline_on_a_holiday_is_refused_naming_the_holiday(medan_case_worker, as_user):
    case = make_case(medan_case_worker)
    holiday = next_holiday()
    response = post_referral(as_user(medan_case_worker), case, deadline=holiday.isoformat())
    assert not Referral.objects.exists()
    assert holiday.isoformat().encode() in response.content
    assert b"cuti bersama" in response.content


def test_default_deadline_is_three_working_days(medan_case_worker, case_with_consent):
    referral = referral_actions.case_refer(
        case=case_with_consent,
        actor=medan_case_worker,
        organisation=personas.uptd_ppa_medan(),
        service="shelter",
    )
    assert workdays.working_days_between(timezone.localdate(), referral.deadline) == 3
    assert workdays.is_working_day(referral.deadline)


def test_working_days_skip_weekends_holidays_and_cuti_bersama():
    # Idul Fitri 2026: 20-24 March are holidays or cuti bersama; 21-22 March is a weekend.
    assert workdays.add_working_days(date(2026, 3, 19), 1) == date(2026, 3, 25)
    assert workdays.holiday_name(date(2026, 3, 23))  # cuti bersama
    assert workdays.add_working_days(date(2026, 11, 20), 1) == date(2026, 11, 23)


def test_agency_accepts_and_records_service_delivered(
    medan_case_worker, uptd_focal_point, as_user, case_with_consent
):
    referral = referral_actions.case_refer(
        case=case_with_consent,
        actor=medan_case_worker,
        organisation=personas.uptd_ppa_medan(),
        service="shelter",
    )
    assert Notification.objects.filter(recipient=uptd_focal_point, kind="cases.referral").exists()
    assert case_with_consent.services.owed().count() == 1
    client = as_user(uptd_focal_point)
    client.post(f"/rujukan/{referral.pk}/accept/")
    client.post(f"/rujukan/{referral.pk}/complete/", {"note": "Rumah aman"})
    referral.refresh_from_db()
    assert referral.status == "done"
    assert case_with_consent.services.owed().count() == 0
    assert Service.objects.get().delivered_on == timezone.localdate()
    assert (
        Notification.objects.filter(
            recipient=medan_case_worker, kind="cases.referral_response"
        ).count()
        == 2
    )


def test_decline_needs_a_reason(medan_case_worker, uptd_focal_point, as_user, case_with_consent):
    referral = referral_actions.case_refer(
        case=case_with_consent,
        actor=medan_case_worker,
        organisation=personas.uptd_ppa_medan(),
        service="shelter",
    )
    client = as_user(uptd_focal_point)
    response = client.post(f"/rujukan/{referral.pk}/decline/", {"reason": ""}, follow=True)
    referral.refresh_from_db()
    assert referral.status == "pending" and response.status_code == 200
    client.post(f"/rujukan/{referral.pk}/decline/", {"reason": "Rumah aman penuh"})
    referral.refresh_from_db()
    assert referral.status == "declined"
    assert case_with_consent.services.owed().count() == 0


def test_referrer_can_revoke_but_focal_point_cannot(
    medan_case_worker, uptd_focal_point, as_user, case_with_consent
):
    referral = referral_actions.case_refer(
        case=case_with_consent,
        actor=medan_case_worker,
        organisation=personas.uptd_ppa_medan(),
        service="shelter",
    )
    as_user(uptd_focal_point).post(f"/rujukan/{referral.pk}/revoke/", {"reason": "x"})
    referral.refresh_from_db()
    assert referral.status == "pending"
    as_user(medan_case_worker).post(f"/rujukan/{referral.pk}/revoke/", {"reason": "Salah kirim"})
    referral.refresh_from_db()
    assert referral.status == "revoked"


def test_overdue_referral_is_highlighted_and_escalated_once(
    medan_case_worker, medan_coordinator, as_user, case_with_consent
):
    referral = referral_actions.case_refer(
        case=case_with_consent,
        actor=medan_case_worker,
        organisation=personas.uptd_ppa_medan(),
        service="shelter",
    )
    Referral.objects.filter(pk=referral.pk).update(deadline=timezone.localdate() - timedelta(1))
    page = as_user(medan_case_worker).get(f"/kasus/{case_with_consent.pk}/")
    assert b'class="overdue"' in page.content
    call_command("escalate_overdue_referrals", verbosity=0)
    call_command("escalate_overdue_referrals", verbosity=0)
    notes = Notification.objects.filter(recipient=medan_coordinator, kind="cases.overdue")
    assert notes.count() == 1
    assert "Siti" not in notes.get().subject
    # The coordinator sees the overdue referral (not the victim's record).
    listing = as_user(medan_coordinator).get("/rujukan/")
    assert referral.reference.encode() in listing.content


def test_case_status_workflow_with_reopen(medan_case_worker, case_with_consent):
    case = case_with_consent
    for status in ("assessment", "case_plan", "services"):
        actions.case_transition(case=case, actor=medan_case_worker, status=status)
    with pytest.raises(actions.ActionError):
        actions.case_transition(case=case, actor=medan_case_worker, status="closed")
    actions.case_transition(case=case, actor=medan_case_worker, status="closed", reason="Selesai")
    with pytest.raises(actions.ActionError):
        actions.case_transition(case=case, actor=medan_case_worker, status="services")
    actions.case_transition(case=case, actor=medan_case_worker, status="assessment")
    assert case.status == "assessment" and case.closed_at is None
    assert case.timeline.filter(action="case.status").count() == 5

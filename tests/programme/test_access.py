"""An ambassador sees only their kelurahan; Malang sees nothing of Medan; pages and API alike."""

import re
from datetime import date

import pytest
from django.urls import reverse

from sigap.people.models import AuditEvent
from sigap.programme import actions
from sigap.regions.models import Area
from tests import personas

pytestmark = pytest.mark.django_db
OTHER_MARELAN_KELURAHAN = "12.71.12.1001"


@pytest.fixture
def other_event(medan_programme):
    event = actions.event_create(
        actor=None,
        programme=medan_programme,
        kind="sosialisasi",
        title="Di kelurahan lain",
        area=Area.objects.get(code=OTHER_MARELAN_KELURAHAN),
        venue="Aula",
        starts_on=date(2026, 3, 1),
        days=1,
    )
    actions.participant_register(actor=None, event=event, name="Rahasia (Demo)", sex="p")
    return event


@pytest.fixture
def other_report(medan_programme):
    return actions.condition_file(
        actor=None,
        programme=medan_programme,
        area=Area.objects.get(code=OTHER_MARELAN_KELURAHAN),
        period_start=date(2026, 1, 1),
        values={},
    )


def test_ambassador_sees_own_kelurahan_participants_only(
    as_user, terjun_ambassador, terjun_event, other_event
):
    client = as_user(terjun_ambassador)
    own = client.get(reverse("programme:event", args=[terjun_event.pk]))
    assert own.status_code == 200 and "Ani (Demo)" in own.content.decode()
    assert client.get(reverse("programme:event", args=[other_event.pk])).status_code == 404
    mine = client.get(reverse("programme:mine")).content.decode()
    assert "Di kelurahan lain" not in mine
    # Managing their own event is not theirs either.
    assert client.get(reverse("programme:attendance", args=[terjun_event.pk])).status_code == 404
    assert (
        client.get(reverse("programme:participants_xlsx", args=[terjun_event.pk])).status_code
        == 404
    )


def test_ambassador_cannot_see_another_kelurahans_condition_reports(
    as_user, terjun_ambassador, medan_programme, other_report
):
    client = as_user(terjun_ambassador)
    assert client.get(reverse("programme:report", args=[other_report.pk])).status_code == 404
    history = reverse("programme:area_history", args=[medan_programme.pk, OTHER_MARELAN_KELURAHAN])
    assert client.get(history).status_code == 404


def test_missing_and_forbidden_look_the_same(as_user, malang_coordinator, terjun_event):
    client = as_user(malang_coordinator)
    forbidden = client.get(reverse("programme:event", args=[terjun_event.pk]))
    missing = client.get(reverse("programme:event", args=[999999]))
    assert forbidden.status_code == missing.status_code == 404
    # The same page, but for the per-request CSRF token and the language form's return path.
    noise = re.compile(rb'(csrfmiddlewaretoken" value="|X-CSRFToken": "|name="next" value=")[^"]+')
    assert noise.sub(b"", forbidden.content) == noise.sub(b"", missing.content)


def test_malang_coordinator_sees_nothing_of_medan_pages(
    as_user, malang_coordinator, medan_programme, terjun_event, other_report
):
    client = as_user(malang_coordinator)
    index = client.get(reverse("programme:index")).content.decode()
    assert medan_programme.name not in index
    p, e = medan_programme.pk, terjun_event.pk
    for name, args in [
        ("detail", [p]),
        ("coverage", [p]),
        ("members", [p]),
        ("pacts", [p]),
        ("conditions", [p]),
        ("reach", [p]),
        ("event", [e]),
        ("participants_csv", [e]),
        ("attendance_sheet", [e]),
        ("report", [other_report.pk]),
    ]:
        assert client.get(reverse(f"programme:{name}", args=args)).status_code == 404, name


def test_malang_coordinator_sees_nothing_of_medan_api(
    client, bearer, malang_coordinator, medan_programme, terjun_event, other_report
):
    headers = bearer(malang_coordinator)
    listed = client.get("/api/v1/programmes", headers=headers).json()
    assert medan_programme.pk not in [p["id"] for p in listed]
    for path in [
        f"programmes/{medan_programme.pk}/coverage",
        f"programmes/{medan_programme.pk}/events",
        f"events/{terjun_event.pk}/participants",
        f"programmes/{medan_programme.pk}/condition-reports",
    ]:
        assert client.get(f"/api/v1/{path}", headers=headers).status_code == 404, path
    posted = client.post(f"/api/v1/condition-reports/{other_report.pk}/confirm", headers=headers)
    assert posted.status_code == 404


def test_ambassador_api_is_scoped_to_own_kelurahan(
    client, bearer, terjun_ambassador, terjun_event, other_event, other_report
):
    headers = bearer(terjun_ambassador)
    own = client.get(f"/api/v1/events/{terjun_event.pk}/participants", headers=headers)
    assert own.status_code == 200 and len(own.json()) == 3
    assert (
        client.get(f"/api/v1/events/{other_event.pk}/participants", headers=headers).status_code
        == 404
    )
    reports = client.get(
        f"/api/v1/programmes/{other_report.programme_id}/condition-reports", headers=headers
    ).json()
    assert reports == []


def test_reading_a_participant_list_is_audited(as_user, medan_coordinator, terjun_event):
    as_user(medan_coordinator).get(reverse("programme:event", args=[terjun_event.pk]))
    assert AuditEvent.objects.filter(
        action="personal.read",
        object_type="event",
        object_id=str(terjun_event.pk),
        actor=medan_coordinator,
    ).exists()


def test_outsider_sees_no_programme(as_user, outsider, medan_programme):
    client = as_user(outsider)
    assert medan_programme.name not in client.get(reverse("programme:index")).content.decode()
    assert client.get(reverse("programme:detail", args=[medan_programme.pk])).status_code == 404
    assert client.get(reverse("programme:mine")).status_code == 404


def test_kecamatan_official_confirms_but_relawan_cannot(
    as_user, ketawanggede_relawan, malang_programme
):
    report = actions.condition_file(
        actor=ketawanggede_relawan,
        programme=malang_programme,
        area=Area.objects.get(code=personas.KETAWANGGEDE),
        period_start=date(2026, 1, 1),
        values={},
    )
    client = as_user(ketawanggede_relawan)
    page = client.get(reverse("programme:report", args=[report.pk])).content.decode()
    assert reverse("programme:report_confirm", args=[report.pk]) not in page
    assert client.post(reverse("programme:report_confirm", args=[report.pk])).status_code == 404
    lurah = personas.person(
        "lurah_ketawanggede", role="official", area=personas.KETAWANGGEDE, org=personas.lpa_malang()
    )
    as_user(lurah).post(reverse("programme:report_confirm", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == "confirmed"

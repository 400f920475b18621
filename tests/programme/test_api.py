"""The programme actions through /api/v1/, with the pages' rules."""

import json
from datetime import date

import pytest
from django.utils import timezone

from sigap.programme.models import Attendance, ConditionValue, Outreach
from tests import personas

pytestmark = pytest.mark.django_db


def _send(client, method, path, headers, body):
    return getattr(client, method)(
        f"/api/v1/{path}", json.dumps(body), content_type="application/json", headers=headers
    )


def test_coordinator_registers_marks_and_scores(client, bearer, medan_coordinator, terjun_event):
    headers = bearer(medan_coordinator)
    created = _send(
        client,
        "post",
        f"events/{terjun_event.pk}/participants",
        headers,
        {"name": "Dewi (Demo)", "sex": "p", "at_door": True},
    )
    assert created.status_code == 201
    new_id = created.json()["id"]
    marked = _send(
        client,
        "put",
        f"events/{terjun_event.pk}/attendance",
        headers,
        {"day": 1, "participants": [new_id]},
    )
    assert marked.status_code == 204
    too_high = _send(
        client,
        "put",
        f"events/{terjun_event.pk}/scores",
        headers,
        [{"participant": new_id, "pre": 50, "post": 101}],
    )
    assert too_high.status_code == 400 and "100" in too_high.json()["detail"]
    stranger = _send(
        client,
        "put",
        f"events/{terjun_event.pk}/attendance",
        headers,
        {"day": 2, "participants": [new_id, 999999]},
    )
    assert stranger.status_code == 400
    assert Attendance.objects.filter(participant_id=new_id).count() == 1


def test_ambassador_logs_outreach_in_own_kelurahan_only(
    client, bearer, terjun_ambassador, medan_programme
):
    headers = bearer(terjun_ambassador)
    body = {
        "area": personas.TERJUN,
        "held_on": "2026-03-12",
        "venue_type": "posyandu",
        "adults_f": 12,
        "children_f": 3,
        "topics": ["online_recruitment"],
    }
    ok = _send(client, "post", f"programmes/{medan_programme.pk}/outreach", headers, body)
    assert ok.status_code == 201
    elsewhere = _send(
        client,
        "post",
        f"programmes/{medan_programme.pk}/outreach",
        headers,
        {**body, "area": "12.71.12.1001"},
    )
    assert elsewhere.status_code == 404
    assert Outreach.objects.get().audience == 15


def test_relawan_files_typed_values(client, bearer, ketawanggede_relawan, malang_programme):
    headers = bearer(ketawanggede_relawan)
    period = timezone.localdate().replace(day=1).isoformat()
    path = f"programmes/{malang_programme.pk}/condition-reports"
    wrong = _send(
        client,
        "post",
        path,
        headers,
        {
            "area": personas.KETAWANGGEDE,
            "period": period,
            "values": {"anak_putus_sekolah": "banyak"},
        },
    )
    assert wrong.status_code == 400
    filed = _send(
        client,
        "post",
        path,
        headers,
        {
            "area": personas.KETAWANGGEDE,
            "period": period,
            "values": {"anak_putus_sekolah": 2, "ada_pengungsi": False, "keprihatinan": "Aman"},
        },
    )
    assert filed.status_code == 201, filed.content
    assert filed.json()["values"] == {
        "anak_putus_sekolah": 2,
        "ada_pengungsi": False,
        "keprihatinan": "Aman",
    }
    value = ConditionValue.objects.get(indicator__key="anak_putus_sekolah")
    assert value.number == 2 and isinstance(value.number, int)


def test_confirmed_period_cannot_be_filed_again_through_the_api(
    client, bearer, ketawanggede_relawan, malang_coordinator, malang_programme
):
    path = f"programmes/{malang_programme.pk}/condition-reports"
    body = {"area": personas.KETAWANGGEDE, "period": str(date(2026, 1, 1)), "values": {}}
    report = _send(client, "post", path, bearer(ketawanggede_relawan), body).json()
    confirmed = client.post(
        f"/api/v1/condition-reports/{report['id']}/confirm", headers=bearer(malang_coordinator)
    )
    assert confirmed.status_code == 204
    again = _send(client, "post", path, bearer(ketawanggede_relawan), body)
    assert again.status_code == 400 and "dikonfirmasi" in again.json()["detail"]

"""Exactly once over the API (docs/api.md): ``submission_id`` on the programme's writes and on
signed reports; a replay gets the first answer with ``"replayed": true``, other content a 409
in the API's error format, an edit of an older ``base_version`` a 409 with both versions."""

import uuid
from datetime import date

import pytest

from sigap.cases.models import Report
from sigap.programme import actions
from sigap.programme.models import Attendance, ConditionReport, Outreach, Participant, Submission
from sigap.regions.models import Area
from tests import personas
from tests.programme.conftest import make_malang_programme, make_medan_programme

pytestmark = pytest.mark.django_db

HEADER = "X-Sigap-Submission"


@pytest.fixture
def post(client):
    def send(path, payload, headers, method="post"):
        call = getattr(client, method)
        return call(f"/api/v1/{path}", payload, content_type="application/json", headers=headers)

    return send


@pytest.fixture
def malang(areas):
    return make_malang_programme()


@pytest.fixture
def medan(areas):
    return make_medan_programme()


@pytest.fixture
def event(medan):
    event = actions.event_create(
        actor=None, programme=medan, kind="sosialisasi", title="Sosialisasi TPPO",
        area=Area.objects.get(code=personas.TERJUN), venue="Kantor Lurah Terjun",
        starts_on=date(2026, 3, 10), days=2,
    )  # fmt: skip
    for name in ("Ani (Demo)", "Budi (Demo)"):
        actions.participant_register(actor=None, event=event, name=name, sex="p")
    return event


def _condition(malang, number=2, **extra):
    values = {}
    for i in malang.indicators.all():
        values[i.key] = {"number": number, "yes_no": False, "text": "aman"}[i.kind]
    return {"area": personas.KETAWANGGEDE, "period": "2026-01-01", "values": values, **extra}


def test_condition_report_stored_once(post, bearer, ketawanggede_relawan, malang):
    headers = bearer(ketawanggede_relawan)
    path = f"programmes/{malang.pk}/condition-reports"
    payload = _condition(malang, submission_id=uuid.uuid4().hex, base_version=0)
    first = post(path, payload, headers)
    assert first.status_code == 201 and first[HEADER] == "stored"
    assert first.json()["replayed"] is False and first.json()["version"] == 1
    replay = post(path, payload, headers)
    assert replay.status_code == 201 and replay[HEADER] == "replayed"
    assert replay.json() == {**first.json(), "replayed": True}
    assert ConditionReport.objects.count() == 1 and ConditionReport.objects.get().version == 1
    other = post(
        path, {**_condition(malang, number=8), "submission_id": payload["submission_id"]}, headers
    )
    assert other.status_code == 409 and other[HEADER] == "conflict"
    body = other.json()
    assert "submission_id" in body["detail"] and body["stored"] == first.json()
    assert ConditionReport.objects.get().values.filter(number=8).count() == 0


def test_condition_report_stale_edit(post, bearer, ketawanggede_relawan, malang):
    headers = bearer(ketawanggede_relawan)
    path = f"programmes/{malang.pk}/condition-reports"
    post(path, _condition(malang, base_version=0), headers)
    actions.condition_file(
        actor=None, programme=malang, area=Area.objects.get(code=personas.KETAWANGGEDE),
        period_start=date(2026, 1, 1), values={}, base_version=1,
    )  # fmt: skip
    mine = _condition(malang, number=5, base_version=1, submission_id=uuid.uuid4().hex)
    stale = post(path, mine, headers)
    assert stale.status_code == 409 and stale[HEADER] == "stale"
    body = stale.json()
    assert body["base_version"] == 1 and body["current_version"] == 2
    assert body["yours"]["values"]["pmi_bermasalah"] == 5
    assert body["current"]["version"] == 2 and body["current"]["values"] == {}
    assert not Submission.objects.filter(key=mine["submission_id"]).exists()
    # Kept: sent again based on the current version.
    kept = post(path, {**mine, "base_version": 2}, headers)
    assert kept.status_code == 201 and kept.json()["version"] == 3
    assert kept.json()["values"]["pmi_bermasalah"] == 5
    # A new report (base_version 0) for a period filed meanwhile is stale too.
    assert post(path, _condition(malang, base_version=0), headers).status_code == 409


def test_condition_report_access_fails_closed(post, bearer, malang):
    payload = _condition(malang, submission_id=uuid.uuid4().hex)
    path = f"programmes/{malang.pk}/condition-reports"
    assert post(path, payload, bearer(personas.outsider())).status_code == 404
    other = personas.person(
        "relawan_lain", role="relawan", area="35.73.03.1001", org=personas.lpa_malang()
    )
    assert post(path, payload, bearer(other)).status_code == 404
    assert not ConditionReport.objects.exists() and not Submission.objects.exists()


def test_malformed_submission_id_is_refused(post, bearer, ketawanggede_relawan, malang):
    path = f"programmes/{malang.pk}/condition-reports"
    bad = post(path, _condition(malang, submission_id="x" * 32), bearer(ketawanggede_relawan))
    assert bad.status_code == 422 and "submission_id" in bad.json()["detail"]
    assert not ConditionReport.objects.exists()


def _outreach(**extra):
    return {"area": personas.TERJUN, "held_on": "2026-03-12", "venue_type": "school",
            "children_f": 4, "topics": ["online_recruitment"], **extra}  # fmt: skip


def test_outreach_per_user_and_replayed(post, bearer, terjun_ambassador, medan):
    key = uuid.uuid4().hex
    path = f"programmes/{medan.pk}/outreach"
    mine = post(path, _outreach(submission_id=key), bearer(terjun_ambassador))
    again = post(path, _outreach(submission_id=key), bearer(terjun_ambassador))
    assert mine.status_code == again.status_code == 201
    assert again.json() == {"id": mine.json()["id"], "replayed": True}
    colleague = personas.person(
        "relawan_terjun", role="relawan", area=personas.TERJUN, org=personas.kesbangpol_medan()
    )
    theirs = post(path, _outreach(submission_id=key), bearer(colleague))
    assert theirs.status_code == 201 and theirs[HEADER] == "stored"
    assert theirs.json()["id"] != mine.json()["id"] and Outreach.objects.count() == 2


def test_outreach_edit_stale_then_kept(post, bearer, terjun_ambassador, medan, medan_coordinator):
    headers = bearer(terjun_ambassador)
    created = post(f"programmes/{medan.pk}/outreach", _outreach(), headers).json()
    item = Outreach.objects.get(pk=created["id"])
    edit = _outreach(notes="versi duta", base_version=1)
    edit.pop("area")
    actions.outreach_update(actor=medan_coordinator, outreach=item, base_version=1, notes="lain")
    stale = post(f"outreach/{item.pk}", edit, headers, method="put")
    assert stale.status_code == 409 and stale[HEADER] == "stale"
    assert stale.json()["yours"]["notes"] == "versi duta"
    assert stale.json()["current"]["notes"] == "lain"
    kept = post(f"outreach/{item.pk}", {**edit, "base_version": 2}, headers, method="put")
    assert kept.status_code == 200 and kept.json()["notes"] == "versi duta"
    assert kept.json()["version"] == 3
    outsider = post(f"outreach/{item.pk}", edit, bearer(personas.outsider()), method="put")
    assert outsider.status_code == 404


def test_registration_and_attendance(post, bearer, medan_coordinator, event):
    headers = bearer(medan_coordinator)
    key = uuid.uuid4().hex
    person = {"name": "Dewi (Demo)", "sex": "p", "submission_id": key}
    first = post(f"events/{event.pk}/participants", person, headers)
    replay = post(f"events/{event.pk}/participants", person, headers)
    assert first.status_code == replay.status_code == 201
    assert replay.json() == {"id": first.json()["id"], "replayed": True}
    assert Participant.objects.filter(name="Dewi (Demo)").count() == 1
    other = post(f"events/{event.pk}/participants", {**person, "name": "Eka (Demo)"}, headers)
    assert other.status_code == 409 and other.json()["stored"] == {"id": first.json()["id"]}
    ani = event.participants.get(name="Ani (Demo)")
    marks = {"day": 1, "participants": [ani.pk], "submission_id": uuid.uuid4().hex}
    path = f"events/{event.pk}/attendance"
    assert post(path, marks, headers, method="put").status_code == 204
    replayed = post(path, marks, headers, method="put")
    assert replayed.status_code == 204 and replayed[HEADER] == "replayed"
    changed = post(path, {**marks, "participants": []}, headers, method="put")
    assert changed.status_code == 409 and changed[HEADER] == "conflict"
    assert Attendance.objects.filter(participant=ani, day=1).exists()
    # Registration needs a manager of the event's area.
    helper = bearer(personas.terjun_ambassador())
    refused = post(
        f"events/{event.pk}/participants", {**person, "submission_id": uuid.uuid4().hex}, helper
    )
    assert refused.status_code == 404


def test_signed_report_replayed_and_refused(post, bearer, ketawanggede_relawan):
    headers = bearer(ketawanggede_relawan)
    payload = {"area": personas.KETAWANGGEDE, "what": "Ditawari kerja di Kamboja.",
               "submission_id": uuid.uuid4().hex}  # fmt: skip
    first = post("reports", payload, headers)
    replay = post("reports", payload, headers)
    assert first.status_code == replay.status_code == 201
    assert replay[HEADER] == "replayed" and replay.json()["id"] == first.json()["id"]
    assert replay.json()["replayed"] is True and Report.objects.count() == 1
    other = post("reports", {**payload, "what": "Lain."}, headers)
    assert other.status_code == 409 and other.json()["stored_id"] == first.json()["id"]
    # Another user sending the same id learns nothing of the first report.
    colleague = personas.person(
        "relawan_kedua", role="relawan", area=personas.KETAWANGGEDE, org=personas.lpa_malang()
    )
    copied = post("reports", payload, bearer(colleague))
    assert copied.status_code == 409 and copied.json()["stored"] is None
    assert Report.objects.count() == 1

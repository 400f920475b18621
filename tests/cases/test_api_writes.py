"""A case handled end to end through the API: the same forms validate, the same actions write,
the same access decides, and the timeline and audit log record it all."""

import pytest

from sigap.cases.choices import ReferralStatus, TraffickingStatus
from sigap.cases.models import Case, Consent, Referral, Victim
from sigap.people.models import AuditEvent
from sigap.people.tokens import token_create
from tests import personas
from tests.cases.conftest import make_case, make_report
from tests.cases.test_referrals import next_holiday


@pytest.fixture
def api(client, areas):
    """``api(user).post(path, json)``: JSON calls under /api/v1/ with the user's bearer token."""

    class Caller:
        def __init__(self, user):
            _token, raw = token_create(user=user, name="uji")
            self.headers = {"Authorization": f"Bearer {raw}"}

        def post(self, path, body=None, method="post"):
            send = getattr(client, method)
            response = send(
                f"/api/v1/{path}", body or {}, content_type="application/json", headers=self.headers
            )
            return response.status_code, response.json()

        def get(self, path):
            response = client.get(f"/api/v1/{path}", headers=self.headers)
            return response.status_code, response.json()

    return Caller


def test_report_to_referral_done_through_the_api(api, medan_case_worker, uptd_focal_point):
    worker, focal = api(medan_case_worker), api(uptd_focal_point)
    report, _code = make_report()

    status, body = worker.post(f"reports/{report.pk}/open-case")
    assert status == 400 and "triase" in body["detail"]  # no decision yet
    worker.post(f"reports/{report.pk}/triage", {"decision": TraffickingStatus.POSSIBLE})
    status, case = worker.post(f"reports/{report.pk}/open-case")
    assert status == 201 and case["status"] == "new"
    case_id = case["id"]

    status, victim = worker.post(
        f"cases/{case_id}/victims",
        {"first_name": "Siti", "second_name": "Aminah", "nik": "1271010101950001",
         "birth_year": 1995, "gender": "Feminine"},
    )  # fmt: skip
    assert status == 201
    assert Victim.objects.get(pk=victim["id"]).nik == "1271010101950001"

    uptd = personas.uptd_ppa_medan().pk
    status, body = worker.post(
        f"cases/{case_id}/referrals", {"organisation": uptd, "service": "shelter"}
    )
    assert status == 400 and "Belum ada persetujuan" in body["detail"]
    assert not Referral.objects.exists()

    status, _ = worker.post(
        f"cases/{case_id}/consents",
        {"victim": victim["id"], "given_by": "victim", "for_services": True,
         "for_disclosure": True},
    )  # fmt: skip
    assert status == 201
    holiday = next_holiday()
    status, body = worker.post(
        f"cases/{case_id}/referrals",
        {"organisation": uptd, "service": "shelter", "deadline": holiday.isoformat()},
    )
    assert status == 400 and holiday.isoformat() in body["detail"]
    status, referral = worker.post(
        f"cases/{case_id}/referrals", {"organisation": uptd, "service": "shelter"}
    )
    assert status == 201 and referral["status"] == ReferralStatus.PENDING

    assert focal.post(f"referrals/{referral['id']}/accept")[1]["status"] == "accepted"
    status, done = focal.post(f"referrals/{referral['id']}/complete", {"note": "3 malam"})
    assert done["status"] == "done"
    status, detail = worker.get(f"cases/{case_id}")
    assert detail["services_owed"] == []
    actions_seen = [e["action"] for e in detail["timeline"]]
    for expected in ("case.opened", "case.victim_added", "consent.recorded", "referral.created",
                     "referral.accepted", "referral.done"):  # fmt: skip
        assert expected in actions_seen
    assert AuditEvent.objects.filter(action="referral.create", actor=medan_case_worker).exists()


def test_case_workflow_tasks_notes_and_status(api, medan_case_worker):
    worker = api(medan_case_worker)
    case = make_case(medan_case_worker)

    status, task = worker.post(f"cases/{case.pk}/tasks", {"title": "Hubungi keluarga"})
    assert status == 201
    assert worker.post(f"cases/{case.pk}/tasks/{task['id']}/done")[0] == 200
    assert case.tasks.get().done_at is not None
    assert worker.post(f"cases/{case.pk}/notes", {"body": "Korban aman di rumah."})[0] == 201
    status, _ = worker.post(
        f"cases/{case.pk}/details",
        {"exploitation_types": ["ForcedCriminality"], "methods_of_control": []},
        method="put",
    )
    assert status == 200
    assert Case.objects.get(pk=case.pk).exploitation_types == ["ForcedCriminality"]

    assert worker.post(f"cases/{case.pk}/status", {"status": "assessment"})[1]["status"] == (
        "assessment"
    )
    status, body = worker.post(f"cases/{case.pk}/status", {"status": "closed"})
    assert status == 400 and body["detail"] == "Tulis alasan penutupan kasus."
    status, body = worker.post(f"cases/{case.pk}/status", {"status": "closed", "reason": "Pulih"})
    assert body["status"] == "closed"


def test_bad_input_gets_the_forms_messages_and_saves_nothing(api, medan_case_worker):
    worker = api(medan_case_worker)
    case = make_case(medan_case_worker, victim=False)
    status, body = worker.post(
        f"cases/{case.pk}/victims",
        {"first_name": "<script>alert(1)</script>", "nik": "12345", "gender": "Feminine"},
    )
    assert status == 422
    assert body["errors"] == [
        {"loc": ["body", "nik"], "type": "form", "msg": "NIK terdiri dari tepat 16 angka."}
    ]
    assert not case.victims.exists()
    status, body = worker.post(f"cases/{case.pk}/tasks", {"title": ""})
    assert status == 422 and body["errors"][0]["loc"] == ["body", "title"]
    status, body = worker.post(f"cases/{case.pk}/status", {"status": "'; DROP TABLE cases_case"})
    assert status == 422
    assert Case.objects.filter(pk=case.pk, status="new").exists()

    status, body = worker.post(f"cases/{case.pk}/victims", {"first_name": "<b>Ani</b>",
                                                             "gender": "Feminine"})  # fmt: skip
    assert status == 201  # stored as typed; pages escape it when they show it
    assert Victim.objects.get(pk=body["id"]).first_name == "<b>Ani</b>"


def test_writes_follow_the_same_access(
    api, medan_case_worker, uptd_focal_point, medan_analyst, terjun_ambassador, outsider
):
    case = make_case(medan_case_worker)
    victim = case.victims.get()
    for user in (uptd_focal_point, medan_analyst, terjun_ambassador, outsider):
        caller = api(user)
        status, body = caller.post(f"cases/{case.pk}/notes", {"body": "coba"})
        assert status == 404, user
        status, _ = caller.post(
            f"cases/{case.pk}/consents",
            {"victim": victim.pk, "given_by": "victim", "for_services": True},
        )
        assert status == 404
    assert not case.notes.exists()
    assert Consent.objects.filter(case=case).count() == 1  # make_case's own


def test_referral_revoked_by_the_referrer_not_by_the_agency(
    api, medan_case_worker, uptd_focal_point
):
    case = make_case(medan_case_worker)
    worker, focal = api(medan_case_worker), api(uptd_focal_point)
    uptd = personas.uptd_ppa_medan().pk
    referral = worker.post(f"cases/{case.pk}/referrals", {"organisation": uptd,
                                                         "service": "legal_aid"})[1]  # fmt: skip
    status, body = focal.post(f"referrals/{referral['id']}/revoke", {"reason": "x"})
    assert status == 400 and Referral.objects.get().status == ReferralStatus.PENDING
    status, body = worker.post(f"referrals/{referral['id']}/revoke", {"reason": ""})
    assert status == 400
    status, body = worker.post(f"referrals/{referral['id']}/revoke", {"reason": "Keluarga pindah"})
    assert body["status"] == "revoked"

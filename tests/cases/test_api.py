"""The API applies the pages' access rules and audits reads the same way."""

import pytest

from sigap.cases import referral_actions
from sigap.people.models import AuditEvent
from sigap.people.tokens import token_create
from tests import personas
from tests.cases.conftest import make_case, make_report


@pytest.fixture
def bearer(areas):
    def make(user):
        _token, raw = token_create(user=user, name="uji")
        return {"Authorization": f"Bearer {raw}"}

    return make


def test_case_read_through_the_api_is_audited(client, bearer, medan_case_worker, victim):
    case = victim.case
    response = client.get(f"/api/v1/cases/{case.pk}", headers=bearer(medan_case_worker))
    assert response.status_code == 200, response.content
    assert response.json()["victims"][0]["name"] == "Siti Rahmawati"
    assert AuditEvent.objects.filter(
        action="personal.read",
        object_type="victim",
        object_id=str(victim.pk),
        reason="api.case.view",
    ).exists()


def test_api_lists_follow_the_same_access(
    client, bearer, medan_case_worker, uptd_focal_point, medan_analyst, ketawanggede_relawan
):
    case = make_case(medan_case_worker)
    referral = referral_actions.case_refer(
        case=case,
        actor=medan_case_worker,
        organisation=personas.uptd_ppa_medan(),
        service="shelter",
    )
    assert client.get("/api/v1/cases", headers=bearer(medan_analyst)).json() == []
    assert client.get("/api/v1/reports", headers=bearer(ketawanggede_relawan)).json() == []
    focal = bearer(uptd_focal_point)
    assert [r["id"] for r in client.get("/api/v1/referrals", headers=focal).json()] == [referral.pk]
    assert client.get(f"/api/v1/cases/{case.pk}", headers=focal).status_code == 404
    accepted = client.post(f"/api/v1/referrals/{referral.pk}/accept", headers=focal)
    assert accepted.json()["status"] == "accepted"


def test_api_report_detail_audited_and_linked(client, bearer, medan_case_worker):
    first, _ = make_report(suspect_identifiers="0812-3456-7890")
    second, _ = make_report("12.71.13.1001", suspect_identifiers="+62 812 3456 7890")
    body = client.get(f"/api/v1/reports/{second.pk}", headers=bearer(medan_case_worker)).json()
    assert body["linked_reports"] == [first.pk]
    assert AuditEvent.objects.filter(reason="api.report.view", object_id=str(second.pk)).exists()


def test_api_triage_rejects_bad_input_with_json(client, bearer, medan_case_worker):
    report, _ = make_report()
    headers = bearer(medan_case_worker)
    bad = client.post(
        f"/api/v1/reports/{report.pk}/triage",
        {"decision": "' OR 1=1 --"},
        content_type="application/json",
        headers=headers,
    )
    assert bad.status_code == 422 and "detail" in bad.json()
    good = client.post(
        f"/api/v1/reports/{report.pk}/triage",
        {"decision": "PossibleVictimOfTrafficking"},
        content_type="application/json",
        headers=headers,
    )
    assert good.status_code == 200 and good.json()["decision"] == "PossibleVictimOfTrafficking"


def test_signed_report_through_the_api(client, bearer, ketawanggede_relawan, medan_analyst):
    payload = {
        "area": personas.KETAWANGGEDE,
        "what": "<script>x</script> ' OR 1=1 --",
        "channel": "outreach",
        "suspect_identifiers": "0812-3456-7890",
        "indicators": ["debt"],
    }
    headers = bearer(ketawanggede_relawan)
    created = client.post(
        "/api/v1/reports", payload, content_type="application/json", headers=headers
    )
    assert created.status_code == 201, created.content
    assert [r["id"] for r in client.get("/api/v1/reports", headers=headers).json()] == [
        created.json()["id"]
    ]
    bad = client.post(
        "/api/v1/reports",
        {**payload, "area": "12"},
        content_type="application/json",
        headers=headers,
    )
    # Outside the relawan's areas (decision 10): pointed to the public form.
    assert bad.status_code == 400 and "/lapor/" in bad.json()["detail"]
    refused = client.post(
        "/api/v1/reports", payload, content_type="application/json", headers=bearer(medan_analyst)
    )
    assert refused.status_code == 400


def test_statistics_through_the_api_are_suppressed(client, bearer, medan_analyst):
    make_report()
    rows = client.get("/api/v1/statistics", headers=bearer(medan_analyst)).json()
    assert rows == [
        {
            "area": "12.71.12",
            "name": rows[0]["name"],
            "reports": "<11",
            "possible_or_actual": "<11",
            "cases": "<11",
        }
    ]

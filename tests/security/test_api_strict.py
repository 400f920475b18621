"""The API refuses wrong types with a 422 that says what was expected (it used to convert them:
``{"case": true}`` merged a report into case 1, ``happened_on: 0`` was 1970-01-01)."""

import pytest

from sigap.cases.models import Case, TraffickingEvent, Victim
from sigap.people.tokens import token_create
from tests.cases.conftest import make_case, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker_api(client, medan_case_worker):
    _token, raw = token_create(user=medan_case_worker, name="uji")
    headers = {"Authorization": f"Bearer {raw}"}

    def post(path, body, **kwargs):
        response = client.post(
            f"/api/v1/{path}", body, content_type="application/json", headers=headers, **kwargs
        )
        return response.status_code, response.json()

    post.get = lambda path: client.get(f"/api/v1/{path}", headers=headers)
    return post


def test_a_boolean_is_not_a_case_id(worker_api, medan_case_worker):
    make_case(medan_case_worker)
    report, _code = make_report()
    status, body = worker_api(f"reports/{report.pk}/merge", {"case": True})
    assert status == 422, body
    assert "case" in body["detail"]
    report.refresh_from_db()
    assert report.case_id is None


def test_a_number_is_not_a_date(worker_api, medan_case_worker):
    case = make_case(medan_case_worker)
    status, body = worker_api(f"cases/{case.pk}/events", {"stage": "recruitment", "happened_on": 0})
    assert status == 422, body
    assert "YYYY-MM-DD" in body["detail"]
    assert not TraffickingEvent.objects.filter(case=case).exists()


def test_a_bare_string_is_not_a_report(worker_api):
    status, body = worker_api("reports", '"Ada tawaran kerja di Kamboja"')
    assert status == 422, body


def test_a_bare_string_is_not_a_task(worker_api, medan_case_worker):
    """Ninja read the fields of any value as attributes: "teks".title() made a task."""
    case = make_case(medan_case_worker)
    tasks = case.tasks.count()
    status, body = worker_api(f"cases/{case.pk}/tasks", '"teks saja"')
    assert status == 422, body
    assert "JSON" in body["detail"]
    assert case.tasks.count() == tasks
    status, body = worker_api(f"cases/{case.pk}/details", '"teks saja"', REQUEST_METHOD="PUT")
    assert status == 422, body


def test_not_a_phone_is_refused(worker_api, medan_case_worker):
    case = make_case(medan_case_worker, victim=False)
    status, body = worker_api(
        f"cases/{case.pk}/victims",
        {"first_name": "Siti", "gender": "Feminine", "phone": "not a phone"},
    )
    assert status == 422, body
    assert "phone" in body["detail"]
    assert not Victim.objects.filter(case=case).exists()


def test_a_page_past_any_number_is_not_a_server_error(worker_api):
    response = worker_api.get("areas?page=99999999999999999999")
    assert response.status_code in (404, 422), response.content[:300]
    assert Case.objects.count() == 0

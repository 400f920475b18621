"""The administrators' list of failed tasks, on the page and in the API, with a retry."""

import pytest
from django_tasks_db.models import DBTaskResult

from sigap.people.models import AuditEvent
from sigap.tasks.models import DeadLetter, TaskProgress
from sigap.tasks.worker import run_pending
from tests.conftest import login
from tests.tasks import sample


@pytest.fixture
def failed(db, tmp_path):
    sample.always_fails.enqueue(str(tmp_path / "bad"))
    run_pending()
    return DeadLetter.objects.get()


def test_the_page_lists_failed_tasks_with_their_error_and_a_retry(client, administrator, failed):
    login(client, administrator)
    page = client.get("/tugas/gagal/").content.decode()
    assert "tests.tasks.sample.always_fails" in page
    assert "this input can never work" in page and ">3<" in page  # attempts
    detail = client.get(f"/tugas/gagal/{failed.pk}/").content.decode()
    assert "Traceback" in detail
    before = DBTaskResult.objects.count()
    response = client.post(f"/tugas/gagal/{failed.pk}/ulang/")
    assert response.status_code == 302
    assert DBTaskResult.objects.count() == before + 1
    queued = DBTaskResult.objects.latest("enqueued_at")
    assert queued.task_path == "tests.tasks.sample.always_fails"
    assert queued.args_kwargs == {"args": [failed.args[0]], "kwargs": {}}  # from attempt 1
    assert "this input can never work" not in client.get("/tugas/gagal/").content.decode()
    client.post(f"/tugas/gagal/{failed.pk}/ulang/")  # a second click enqueues nothing
    assert DBTaskResult.objects.count() == before + 1
    assert AuditEvent.objects.filter(action="task.retry").count() == 1


def test_only_administrators_see_failed_tasks(client, medan_coordinator, failed):
    login(client, medan_coordinator)
    assert client.get("/tugas/gagal/").status_code == 403
    assert client.post(f"/tugas/gagal/{failed.pk}/ulang/").status_code == 403
    assert DeadLetter.objects.waiting().count() == 1


def test_the_api_lists_and_retries_failed_tasks(client, administrator, medan_coordinator, failed):
    login(client, medan_coordinator)
    assert client.get("/api/v1/tasks/failed").status_code == 403
    login(client, administrator)
    listed = client.get("/api/v1/tasks/failed").json()
    assert listed == [
        {
            "id": failed.pk,
            "task": "tests.tasks.sample.always_fails",
            "error": "builtins.ValueError: this input can never work",
            "attempts": 3,
            "failed_at": listed[0]["failed_at"],
            "args": failed.args,
            "kwargs": {},
        }
    ]
    retried = client.post(f"/api/v1/tasks/failed/{failed.pk}/retry").json()
    assert retried["queued"] and retried["result_id"]
    assert client.get("/api/v1/tasks/failed").json() == []
    assert client.post("/api/v1/tasks/failed/999999/retry").status_code == 404


def test_a_long_task_reports_progress_for_a_bar(client, terjun_ambassador):
    result = sample.counting.enqueue(5)
    login(client, terjun_ambassador)
    waiting = client.get(f"/tugas/{result.id}/kemajuan/").content.decode()
    assert 'value="0"' in waiting and "hx-trigger" in waiting
    run_pending()
    assert TaskProgress.objects.get(result_id=str(result.id)).percent == 100
    done = client.get(f"/tugas/{result.id}/kemajuan/").content.decode()
    assert 'value="100"' in done and "hx-trigger" not in done and "5" in done

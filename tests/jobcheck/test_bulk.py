"""Bulk screening: upload a file, the worker screens it, the owner downloads the result."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from sigap.jobcheck.models import BulkJob
from tests.conftest import login
from tests.jobcheck.posts import CAMBODIA_ADMIN, LICENSED

pytestmark = pytest.mark.django_db
URL = "/cek-lowongan/massal/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def jsonl(*lines) -> bytes:
    return "\n".join(lines).encode() + b"\n"


def upload(client, name: str, content: bytes):
    return client.post(URL, {"file": SimpleUploadedFile(name, content)})


def download(client, job) -> str:
    response = client.get(f"{URL}{job.pk}/unduh/")
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8")


def test_jsonl_file_is_screened_with_bad_lines_reported(client, terjun_ambassador):
    login(client, terjun_ambassador)
    content = jsonl(
        json.dumps({"id": "a1", "text": CAMBODIA_ADMIN}),
        '{"id": "a2", "text": ',  # line 2: broken JSON
        json.dumps({"id": "a3", "text": LICENSED}),
        json.dumps({"id": "a4"}),  # line 4: no text
    )
    response = upload(client, "posts.jsonl", content)
    job = BulkJob.objects.get()
    assert response.status_code == 302 and response["Location"].startswith(f"{URL}{job.pk}/?")
    assert (job.status, job.total) == ("pending", 4)
    page = client.get(f"{URL}{job.pk}/").text  # from the list: the job's own bar
    assert 'hx-trigger="every 2s"' in page and "Muat ulang" in page

    call_command("run_worker", "--once")

    job.refresh_from_db()
    assert (job.status, job.processed, job.screened, job.error_count) == ("done", 4, 2, 2)
    assert [line for line, _problem in job.errors] == [2, 4]
    assert not job.input_file  # the posts are not kept
    page = client.get(f"{URL}{job.pk}/").text
    assert "baris 2" in page and "baris 4" in page
    assert "every 2s" not in page  # polling stops once done
    results = [json.loads(line) for line in download(client, job).splitlines()]
    assert [(r["id"], r["level"]) for r in results] == [("a1", "tinggi"), ("a3", "rendah")]
    assert "tujuan_dilarang" in results[0]["flags"]
    assert results[0]["entities"]["phones"] == ["+6281234567890"]
    assert results[0]["level_label"] == "Risiko tinggi"
    assert "Negara tujuan tidak dibuka untuk penempatan PMI" in results[0]["flag_labels"]


def test_csv_file_is_screened(client, medan_coordinator):
    login(client, medan_coordinator)
    rows = io.StringIO()
    writer = csv.writer(rows)
    writer.writerows([["id", "text"], ["1", CAMBODIA_ADMIN], ["2", ""], ["3", LICENSED]])
    upload(client, "posts.csv", rows.getvalue().encode())
    call_command("run_worker", "--once")
    job = BulkJob.objects.get()
    assert job.status == "done"
    assert job.errors == [[3, "teks kosong"]]
    result = list(csv.DictReader(io.StringIO(download(client, job))))
    # Labels in the person's language, not codes; the codes stay in their own column.
    assert [(r["id"], r["Tingkat risiko"]) for r in result] == [
        ("1", "Risiko tinggi"),
        ("3", "Risiko rendah"),
    ]
    assert "Negara tujuan tidak dibuka untuk penempatan PMI" in result[0]["Tanda yang ditemukan"]
    assert "tujuan_dilarang" in result[0]["Kode tanda"].split(";")
    assert result[0]["Tujuan"] == "Kamboja"


def test_progress_fragment_shows_the_download_when_done(client, terjun_ambassador):
    login(client, terjun_ambassador)
    upload(client, "p.jsonl", jsonl(json.dumps({"id": 1, "text": LICENSED})))
    job = BulkJob.objects.get()
    call_command("run_worker", "--once")
    fragment = client.get(f"{URL}{job.pk}/progres/").text
    assert "Unduh hasil" in fragment and "hx-get" not in fragment


def test_the_upload_leads_to_the_tasks_progress_bar_until_the_file_is_screened(
    client, terjun_ambassador, monkeypatch
):
    """As other long tasks: the task reports its progress after each batch, the page polls
    /tugas/<id>/kemajuan/, and the full bar tells the page to show the outcome."""
    from sigap.jobcheck import actions
    from sigap.tasks import progress

    reported = []

    def report(context, done, total):
        reported.append((done, total))
        progress_report(context, done, total)

    progress_report = progress.report
    monkeypatch.setattr(actions, "BATCH", 2)
    monkeypatch.setattr(progress, "report", report)
    login(client, terjun_ambassador)
    lines = [json.dumps({"id": i, "text": LICENSED}) for i in range(5)]
    response = upload(client, "p.jsonl", jsonl(*lines))
    job = BulkJob.objects.get()
    result_id = response["Location"].partition("?tugas=")[2]
    bar_url = f"/tugas/{result_id}/kemajuan/"
    page = client.get(response["Location"]).text
    assert f'hx-get="{bar_url}"' in page and "Menunggu pekerja" in page
    assert "sigap-task-done from:body" in page  # the job's section waits for the full bar
    assert "HX-Trigger" not in client.get(bar_url)

    call_command("run_worker", "--once")

    assert reported == [(2, 5), (4, 5), (5, 5), (5, 5)]  # each batch, then the end
    bar = client.get(bar_url)
    assert bar["HX-Trigger"] == "sigap-task-done" and "hx-get" not in bar.text
    assert "5 dari 5" in bar.text
    fragment = client.get(f"{URL}{job.pk}/progres/?tugas={result_id}").text
    assert "Unduh hasil" in fragment and "hx-get" not in fragment
    # A made-up id in the address shows the job's own bar, nothing else.
    assert "/tugas/" not in client.get(f"{URL}{job.pk}/?tugas=../../x").text


def test_only_the_owner_sees_or_downloads_a_job(client, terjun_ambassador, medan_coordinator):
    login(client, terjun_ambassador)
    upload(client, "p.jsonl", jsonl(json.dumps({"id": 1, "text": LICENSED})))
    job = BulkJob.objects.get()
    call_command("run_worker", "--once")
    login(client, medan_coordinator)
    for path in ("", "progres/", "unduh/"):
        assert client.get(f"{URL}{job.pk}/{path}").status_code == 404
    assert client.get(f"{URL}999999/").status_code == 404
    assert job.name not in client.get(URL).text


def test_people_without_a_membership_cannot_screen_files(client, outsider):
    login(client, outsider)
    assert client.get(URL).status_code == 404


def test_unusable_files_are_refused_with_a_reason(client, terjun_ambassador):
    login(client, terjun_ambassador)
    assert "file .jsonl atau .csv" in upload(client, "posts.xlsx", b"PK\x03\x04").text
    assert "“id” dan “text”" in upload(client, "posts.csv", b"nama,isi\na,b\n").text
    assert "tidak berisi data" in upload(client, "kosong.jsonl", b"\n\n").text
    assert BulkJob.objects.count() == 0


def test_a_crash_marks_the_job_failed(client, terjun_ambassador):
    login(client, terjun_ambassador)
    upload(client, "p.jsonl", jsonl(json.dumps({"id": 1, "text": LICENSED})))
    job = BulkJob.objects.get()
    job.input_file.storage.delete(job.input_file.name)  # the file went missing
    call_command("run_worker", "--once")
    job.refresh_from_db()
    assert job.status == "failed" and job.failure
    assert "gagal" in client.get(f"{URL}{job.pk}/").text


def test_a_job_is_screened_once_and_a_killed_run_starts_again(terjun_ambassador):
    """Its task is safe to repeat: a job done is left alone; a job left running by a killed
    worker (its task put back in the queue) is started again."""
    from sigap.jobcheck import actions

    done = BulkJob.objects.create(owner=terjun_ambassador, name="0.jsonl", format="jsonl")
    BulkJob.objects.filter(pk=done.pk).update(status="done")
    assert actions.bulk_job_start(done.pk) is None
    left = BulkJob.objects.create(owner=terjun_ambassador, name="1.jsonl", format="jsonl")
    BulkJob.objects.filter(pk=left.pk).update(status="running")
    assert actions.bulk_job_start(left.pk).status == "running"
    with pytest.raises(BulkJob.DoesNotExist):  # not committed yet: the task retries
        actions.bulk_job_start(left.pk + 100)


def test_posts_longer_than_the_page_allows_are_reported_not_screened(client, terjun_ambassador):
    login(client, terjun_ambassador)
    long_post = "bhd-" * 60_000  # once minutes of CPU; now refused by length before screening
    upload(
        client,
        "p.jsonl",
        jsonl(json.dumps({"id": 1, "text": long_post}), json.dumps({"id": 2, "text": LICENSED})),
    )
    call_command("run_worker", "--once")
    job = BulkJob.objects.get()
    assert (job.status, job.screened, job.error_count) == ("done", 1, 1)
    assert job.errors[0][0] == 1 and "20.000" in job.errors[0][1]


def test_a_job_stops_screening_when_its_time_is_spent(client, terjun_ambassador, monkeypatch):
    from sigap.jobcheck import bulk

    monkeypatch.setattr(bulk, "TIME_BUDGET_S", -1)
    login(client, terjun_ambassador)
    lines = [json.dumps({"id": i, "text": LICENSED}) for i in range(3)]
    upload(client, "p.jsonl", jsonl(*lines))
    call_command("run_worker", "--once")
    job = BulkJob.objects.get()
    assert (job.status, job.processed, job.screened, job.error_count) == ("done", 3, 0, 3)
    assert "split it" in job.errors[0][1] or "pisah" in job.errors[0][1]


def test_the_result_downloads_as_a_labelled_spreadsheet(client, terjun_ambassador):
    from openpyxl import load_workbook

    login(client, terjun_ambassador)
    upload(client, "p.jsonl", jsonl(json.dumps({"id": "a1", "text": CAMBODIA_ADMIN})))
    job = BulkJob.objects.get()
    call_command("run_worker", "--once")
    assert "format=xlsx" in client.get(f"{URL}{job.pk}/progres/").text
    response = client.get(f"{URL}{job.pk}/unduh/?format=xlsx")
    assert response.status_code == 200 and response["Content-Type"].endswith(".sheet")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("id", "Tingkat risiko", "Skor")
    assert rows[1][:2] == ("a1", "Risiko tinggi")
    assert "Negara tujuan tidak dibuka untuk penempatan PMI" in rows[1][3]

"""The HTCDS pages as a case worker uses them: the case page's panel, sending a case, the
public release, and an import through its preview."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from sigap.cases import actions
from sigap.cases.htcds import export, transfer
from sigap.cases.models import Case
from sigap.people.models import AuditEvent
from tests import personas
from tests.cases.conftest import make_case


def test_the_case_page_holds_the_htcds_panel(medan_case_worker, as_user):
    case = make_case(medan_case_worker)
    client = as_user(medan_case_worker)
    page = client.get(f"/kasus/{case.pk}/").content.decode()
    assert 'id="do-htcds"' in page and "vulnerabilities" in page
    response = client.post(
        f"/kasus/{case.pk}/htcds/",
        {"status_decided_by": "Police", "recruitment_area": personas.TERJUN,
         "exploitation_country": "MY", "vulnerabilities": ["Poverty", "Migration"],
         "forced_labour_industry": "A_AgricultureForestryAndFishing"},
    )  # fmt: skip
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.recruitment_area_id == personas.TERJUN and case.exploitation_country == "MY"
    assert case.vulnerabilities == ["Poverty", "Migration"]
    client.post(f"/kasus/{case.pk}/htcds/", {"exploitation_area": "99.99", "vulnerabilities": []})
    case.refresh_from_db()
    assert case.exploitation_area_id is None and case.vulnerabilities == ["Poverty", "Migration"]
    bad = client.get(f"/kasus/{case.pk}/").content.decode()
    assert "99.99" in bad  # the message names the unknown code


def test_hub_is_for_case_workers_only(medan_case_worker, outsider, as_user):
    assert as_user(medan_case_worker).get("/kasus/htcds/").status_code == 200
    assert as_user(outsider).get("/kasus/htcds/").status_code == 404
    assert as_user(outsider).get("/kasus/htcds/impor/").status_code == 404


def test_sending_a_case_downloads_an_encrypted_zip(medan_case_worker, as_user):
    case = make_case(medan_case_worker)
    without = make_case(medan_case_worker, consent=False)
    partly = make_case(medan_case_worker)  # a second victim has not consented
    actions.victim_add(case=partly, actor=medan_case_worker, first_name="Dewi")
    client = as_user(medan_case_worker)
    hub = client.get("/kasus/htcds/").content.decode()
    assert case.reference in hub and without.reference not in hub
    password = transfer.new_password()
    response = client.post("/kasus/htcds/kirim/",
                           {"cases": [case.pk], "agency": "IOM", "password": password})  # fmt: skip
    assert response.status_code == 200 and response["Cache-Control"].startswith("no-store")
    assert response["Content-Disposition"].endswith('.zip"')
    plain = transfer.zip_decrypt(response.content, password=password).decode()
    rows = list(csv.DictReader(io.StringIO(plain)))
    assert rows[0]["prs_FirstName"] == "Siti"
    refused = client.post("/kasus/htcds/kirim/", {"cases": [partly.pk], "agency": "IOM",
                                                  "password": password}, follow=True)  # fmt: skip
    assert partly.reference in refused.content.decode()
    assert not refused.content.startswith(b"PK")
    short = client.post("/kasus/htcds/kirim/", {"cases": [case.pk], "agency": "IOM",
                                                "password": "pendek"}, follow=True)  # fmt: skip
    assert short.redirect_chain and b"PK" not in short.content[:2]


def test_public_release_page_reports_the_loss(medan_case_worker, as_user):
    make_case(medan_case_worker)
    client = as_user(medan_case_worker)
    page = client.get("/kasus/htcds/publik/").content.decode()
    assert 'id="loss"' in page and "1" in page
    body = b"".join(client.get("/kasus/htcds/publik/?format=csv").streaming_content).decode()
    assert body.splitlines()[0].startswith("prs_Gender,vic_AgeWhenTrafficked")
    assert len(body.splitlines()) == 1  # one victim: below k, left out
    assert AuditEvent.objects.filter(action="cases.export_public").exists()


def test_import_through_its_preview(medan_case_worker, as_user):
    make_case(medan_case_worker)
    data = "".join(export.csv_lines(Case.objects.all(), "transfer")).encode()
    client = as_user(medan_case_worker)

    def upload(content):
        return client.post("/kasus/htcds/impor/", {
            "file": SimpleUploadedFile("kasus.csv", content, "text/csv"),
            "area": personas.MEDAN, "source": "IOM",
        })  # fmt: skip

    preview = upload(data).content.decode()
    assert "prs_FirstName" in preview and 'id="duplicates"' in preview  # Siti is in SIGAP
    done = client.post("/kasus/htcds/impor/simpan/", follow=True)
    assert Case.objects.count() == 1  # the duplicate row was left out
    assert "0" in done.content.decode()
    upload(data)
    client.post("/kasus/htcds/impor/simpan/", {"import_duplicates": "on"})
    assert Case.objects.count() == 2
    again = client.post("/kasus/htcds/impor/simpan/", follow=True).content.decode()
    assert "Unggah" in again or "Upload" in again  # the preview expired with its commit
    bad = upload(data.replace(b"Feminine", b"Wanita")).content.decode()
    # No commit form (every page also carries the outbox bar's words, "Tersimpan" among them).
    assert 'id="import-errors"' in bad and "Wanita" in bad and "/impor/simpan/" not in bad


def test_a_large_import_runs_as_a_task_with_a_progress_bar(medan_case_worker, as_user, monkeypatch):
    from sigap.cases.htcds import tasks
    from sigap.tasks.models import TaskProgress
    from sigap.tasks.worker import run_pending

    monkeypatch.setattr(tasks, "IN_REQUEST_ROWS", 0)
    make_case(medan_case_worker)
    data = "".join(export.csv_lines(Case.objects.all(), "transfer")).encode()
    client = as_user(medan_case_worker)
    client.post("/kasus/htcds/impor/", {
        "file": SimpleUploadedFile("kasus.csv", data, "text/csv"),
        "area": personas.MEDAN, "source": "IOM",
    })  # fmt: skip
    response = client.post("/kasus/htcds/impor/simpan/", {"import_duplicates": "on"})
    assert response.status_code == 302 and "/kasus/htcds/impor/" in response["Location"]
    assert Case.objects.count() == 1  # nothing yet: the task does it
    page = client.get(response["Location"]).content.decode()
    assert "<progress" in page
    assert run_pending() == 1
    assert Case.objects.count() == 2
    assert TaskProgress.objects.get().percent == 100
    assert "<progress" in client.get(response["Location"]).content.decode()

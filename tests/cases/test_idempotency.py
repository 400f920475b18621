"""/lapor/ and the outbox (docs/offline.md): the draft's submission_id files a report once, a
replay shows the same receipt code, other content under the same id is refused with 409, and
nothing of this weakens the anonymous report's privacy."""

import hashlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sigap.cases.models import Attachment, Report
from tests.cases.test_intake import FORM, receipt_in

pytestmark = pytest.mark.django_db

HEADER = "X-Sigap-Submission"


def draft(client) -> str:
    page = client.get("/lapor/").content.decode()
    assert 'data-outbox="report"' in page and 'data-outbox-title="Laporan anonim"' in page
    return re.search(r'name="submission_id" value="([0-9a-f]{32})"', page).group(1)


def test_first_post_stores_and_a_replay_shows_the_same_receipt(client, areas):
    key = draft(client)
    first = client.post("/lapor/", {**FORM, "submission_id": key})
    assert first.status_code == 200 and first[HEADER] == "stored"
    replay = client.post("/lapor/", {**FORM, "submission_id": key})
    assert replay.status_code == 200 and replay[HEADER] == "replayed"
    assert receipt_in(replay) == receipt_in(first)
    assert "sudah diterima sebelumnya" in replay.content.decode()
    assert Report.objects.count() == 1


def test_a_replay_with_the_same_photo_stores_it_once(client, areas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    photo = _png()
    key = draft(client)

    def send():
        upload = SimpleUploadedFile("foto.png", photo, content_type="image/png")
        return client.post("/lapor/", {**FORM, "submission_id": key, "attachments": upload})

    first, replay = send(), send()
    assert first[HEADER] == "stored" and replay[HEADER] == "replayed"
    assert Attachment.objects.count() == 1


def test_other_content_under_the_same_id_is_refused(client, areas):
    key = draft(client)
    first = client.post("/lapor/", {**FORM, "submission_id": key})
    changed = {**FORM, "what": "Kakak saya disekap di Malaysia, paspor ditahan agen.",
               "submission_id": key}  # fmt: skip
    response = client.post("/lapor/", changed)
    page = response.content.decode()
    assert response.status_code == 409 and response[HEADER] == "conflict"
    assert Report.objects.count() == 1
    # What is stored: its receipt and area, never its story; the new text is offered again
    # under a new id, to send as a new report.
    assert receipt_in(response) == receipt_in(first)
    assert "Terjun" in page and "Facebook" not in page.split('id="stored-report"')[1][:1500]
    assert "Kakak saya disekap" in page
    new_key = re.search(r'name="submission_id" value="([0-9a-f]{32})"', page).group(1)
    assert new_key != key
    again = client.post("/lapor/", {**changed, "submission_id": new_key})
    assert again[HEADER] == "stored" and Report.objects.count() == 2
    assert receipt_in(again) != receipt_in(first)


def test_the_id_and_the_fingerprint_are_kept_only_as_keyed_hashes(client, areas):
    key = draft(client)
    client.post("/lapor/", {**FORM, "submission_id": key}, REMOTE_ADDR="203.0.113.7")
    report = Report.objects.get()
    assert report.submission_hash and report.submission_fingerprint
    stored = " ".join(str(v) for v in Report.objects.values().get().values())
    assert key not in stored and "203.0.113.7" not in stored
    # Not a plain hash of the id, nor of anything a guesser could recompute without the key.
    assert hashlib.sha256(key.encode()).hexdigest() not in stored


def test_invalid_input_keeps_the_draft_id(client, areas):
    key = draft(client)
    response = client.post("/lapor/", {**FORM, "what": "", "submission_id": key})
    assert response.status_code == 200 and f'value="{key}"' in response.content.decode()
    assert not Report.objects.exists()


def test_a_malformed_id_files_without_protection(client, areas):
    response = client.post("/lapor/", {**FORM, "submission_id": "' OR 1=1 --"})
    assert response.status_code == 200 and response[HEADER] == "stored"
    assert Report.objects.count() == 1 and Report.objects.get().submission_hash is None


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (6, 6), (10, 120, 30)).save(out, "PNG")
    return out.getvalue()

"""The anonymous report form, the receipt code and the public status page."""

import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sigap.cases import hashing, uploads
from sigap.cases.models import Attachment, Message, Report
from sigap.people.models import AuditEvent
from tests import personas
from tests.cases.conftest import jpeg_with_gps, make_report

FORM = {
    "area": personas.TERJUN,
    "what": "Tetangga saya ditawari kerja di Kamboja lewat Facebook.",
    "suspect_identifiers": "0812-3456-7890",
    "destination_country": "KH",
    "indicators": ["deception", "documents"],
    "recruitment_apps": ["Facebook"],
    "people_sex": "female",
}


def post_report(client, extra=None, files=None, **headers):
    data = dict(FORM, **(extra or {}))
    if files:
        data["attachments"] = files
    return client.post("/lapor/", data, **headers)


def receipt_in(response) -> str:
    match = re.search(rb'id="receipt-code">([\d ]+)<', response.content)
    assert match, response.content[:500]
    return match.group(1).decode()


def test_public_form_needs_no_account(client, areas):
    response = client.get("/lapor/")
    assert response.status_code == 200
    assert b"IP" in response.content  # the page says what is (not) recorded
    assert response["Cache-Control"].startswith("no-store")


def test_submission_shows_receipt_once_and_keeps_only_its_hash(client, areas):
    response = post_report(client, REMOTE_ADDR="10.9.8.7", HTTP_USER_AGENT="HP-Murah/1.0")
    code = receipt_in(response)
    assert re.fullmatch(r"\d{4} \d{4} \d{4} \d{4}", code)
    report = Report.objects.get()
    digits = code.replace(" ", "")
    assert report.receipt_hash == hashing.receipt_hash(digits)
    assert report.is_anonymous and report.submitted_by is None
    # Neither the code, the address nor the browser is stored anywhere.
    stored = repr(list(Report.objects.values())) + repr(list(AuditEvent.objects.values()))
    for secret in (digits, "10.9.8.7", "HP-Murah"):
        assert secret not in stored


def test_area_can_be_found_by_name_without_javascript(client, areas):
    data = dict(FORM, area="", area_query="terjun", find_area="1")
    response = client.post("/lapor/", data)
    assert response.status_code == 200
    assert personas.TERJUN.encode() in response.content
    assert Report.objects.count() == 0


def test_missing_area_says_what_to_do(client, areas):
    response = client.post("/lapor/", dict(FORM, area=""))
    assert b"Ketik nama kelurahan" in response.content or b"kelurahan" in response.content
    assert FORM["what"].encode() in response.content  # nothing lost
    assert Report.objects.count() == 0


def test_photo_is_stored_without_exif_or_gps(client, areas):
    photo = SimpleUploadedFile("foto.jpg", jpeg_with_gps(), content_type="image/jpeg")
    assert b"KameraRahasia" in jpeg_with_gps()
    receipt_in(post_report(client, files=[photo]))
    attachment = Attachment.objects.get()
    clean = uploads.load(attachment.storage_name)
    with Image.open(io.BytesIO(clean)) as image:
        assert not image.getexif()
        assert "exif" not in image.info
    assert b"Exif" not in clean and b"KameraRahasia" not in clean
    import hashlib

    assert attachment.sha256 == hashlib.sha256(clean).hexdigest()
    # On disk there is only ciphertext.
    from django.core.files.storage import default_storage

    raw = default_storage.open(attachment.storage_name).read()
    assert b"\xff\xd8" not in raw[:4]


def test_disguised_executable_is_refused_with_a_message(client, areas):
    fake = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00" + b"\x00" * 200, content_type="image/jpeg")
    response = post_report(client, files=[fake])
    assert response.status_code == 200
    assert b"JPEG" in response.content
    assert FORM["what"].encode() in response.content
    assert Report.objects.count() == 0


def test_oversized_upload_is_refused(client, areas):
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024 + 10))
    response = post_report(client, files=[big])
    assert response.status_code == 200
    assert b"5 MB" in response.content
    assert Report.objects.count() == 0


def test_script_and_sql_in_every_text_field_are_kept_and_escaped(
    client, medan_case_worker, as_user
):
    nasty = "<script>alert(1)</script> ' OR 1=1 --"
    texts = [
        "what",
        "place",
        "people_ages",
        "suspect",
        "suspect_identifiers",
        "destination_city",
        "contact",
    ]
    extra = {name: nasty[:60] for name in texts}
    receipt_in(post_report(client, extra))
    report = Report.objects.get()
    assert report.what == nasty[:60] and report.contact == nasty[:60]
    page = as_user(medan_case_worker).get(f"/laporan/{report.pk}/")
    assert page.status_code == 200
    assert b"<script>alert(1)" not in page.content
    assert b"&lt;script&gt;alert(1)" in page.content


def test_too_long_text_gets_a_message_not_a_cut(client, areas):
    response = post_report(client, {"contact": "x" * 500})
    assert response.status_code == 200
    assert Report.objects.count() == 0
    assert b"200" in response.content


def test_report_submissions_are_rate_limited(client, areas):
    for _ in range(10):
        receipt_in(post_report(client))
    response = post_report(client)
    assert response.status_code == 429
    assert Report.objects.count() == 10


def test_status_page_shows_stage_and_messages(client, medan_case_worker):
    report, code = make_report()
    from sigap.cases import actions

    actions.message_to_reporter(
        report=report, actor=medan_case_worker, body="Terima kasih, kami cek."
    )
    response = client.post("/status/", {"code": hashing.format_receipt(code)})
    assert response.status_code == 200
    assert b"Terima kasih, kami cek." in response.content
    assert medan_case_worker.username.encode() not in response.content


def test_reporter_can_reply_and_handlers_are_told(client, medan_case_worker):
    report, code = make_report()
    client.post("/status/", {"code": code, "body": "Dia sudah berangkat kemarin."})
    message = Message.objects.get(report=report)
    assert message.from_reporter
    from sigap.notifications.models import Notification

    note = Notification.objects.get(recipient=medan_case_worker, kind="cases.message")
    assert "berangkat" not in note.subject


def _answer(response) -> bytes:
    return re.sub(rb'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+"', b"", response.content)


def test_wrong_code_gets_the_same_answer_as_unknown_and_is_rate_limited(client, areas):
    _report, code = make_report()
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    unknown = client.post("/status/", {"code": "0000 0000 0000 0000"})
    wrong_answer = client.post("/status/", {"code": wrong})
    malformed = client.post("/status/", {"code": "' OR 1=1 --"})
    assert unknown.status_code == wrong_answer.status_code == malformed.status_code == 200
    assert _answer(unknown) == _answer(wrong_answer) == _answer(malformed)
    assert b"16" in unknown.content and code.encode() not in wrong_answer.content
    for _ in range(7):
        client.post("/status/", {"code": wrong})
    assert client.post("/status/", {"code": code}).status_code == 429


def test_cek_lowongan_hands_over_identifiers_but_no_text(client, areas):
    response = client.get(
        "/lapor/?phone=%2B6281234567890&account=t.me/rekrut_kh&company=PT+Maju+Jaya"
        "&destination=KH&from=cek-lowongan"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "+6281234567890" in page and "t.me/rekrut_kh" in page
    assert "PT Maju Jaya" in page
    assert 'value="KH" selected' in page

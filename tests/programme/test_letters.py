"""Reference letters (surat) of a programme, with the signed scan kept beside the number."""

import io

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sigap.programme.models import ReferenceLetter

pytestmark = pytest.mark.django_db


def _pdf() -> bytes:
    """A one-page PDF (the upload pipeline refuses one it cannot read)."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


PDF = _pdf()


def add_letter(client, programme, scan, number="400.7/123/Kesbangpol/2026"):
    return client.post(
        reverse("programme:letter_add", args=[programme.pk]),
        {"number": number, "dated": "2026-02-02", "issuer": "Kesbangpol Kota Medan",
         "title": "Penunjukan Duta", "scan": scan},
    )  # fmt: skip


def test_letter_with_its_scan_downloaded_by_those_who_see_the_programme(
    as_user, medan_coordinator, malang_coordinator, medan_programme, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = as_user(medan_coordinator)
    response = add_letter(client, medan_programme, SimpleUploadedFile("surat.pdf", PDF))
    assert response.status_code == 302
    letter = ReferenceLetter.objects.get()
    assert letter.scan_type == "application/pdf"
    page = client.get(reverse("programme:detail", args=[medan_programme.pk])).content.decode()
    assert reverse("programme:letter", args=[letter.pk]) in page
    download = client.get(reverse("programme:letter", args=[letter.pk]))
    assert download.status_code == 200 and download.content.startswith(b"%PDF-")
    assert download["Content-Type"] == "application/pdf"
    outsider = as_user(malang_coordinator).get(reverse("programme:letter", args=[letter.pk]))
    assert outsider.status_code == 404


def test_a_disguised_scan_is_refused_and_the_number_kept(
    as_user, medan_coordinator, medan_programme, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    exe = SimpleUploadedFile("surat.pdf", b"MZ\x90\x00\x03 this is a program")
    response = add_letter(as_user(medan_coordinator), medan_programme, exe)
    page = response.content.decode()
    assert response.status_code == 200 and "JPEG, PNG, WebP) dan berkas PDF" in page
    assert 'value="400.7/123/Kesbangpol/2026"' in page
    assert not ReferenceLetter.objects.exists()
    assert not list(tmp_path.rglob("*.pdf"))


def test_a_letter_without_a_scan_still_records(as_user, medan_coordinator, medan_programme):
    response = add_letter(as_user(medan_coordinator), medan_programme, "")
    assert response.status_code == 302
    letter = ReferenceLetter.objects.get()
    assert not letter.scan
    assert (
        as_user(medan_coordinator).get(reverse("programme:letter", args=[letter.pk])).status_code
        == 404
    )

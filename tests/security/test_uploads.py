"""Every upload takes one pipeline (issue 17, finding 1): type from the bytes, a pixel limit,
images re-encoded without metadata, PDFs without document metadata, encrypted on disk under a
random name, served only as a download of the stored type."""

import io
import struct
import zlib
from datetime import date

import pikepdf
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from sigap.people import files
from sigap.programme import actions
from sigap.programme.models import Material, Outreach, Pact
from sigap.regions.models import Area
from tests import personas
from tests.cases.conftest import jpeg_with_gps
from tests.programme.conftest import make_malang_programme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def programme(areas):
    programme = actions.programme_create(
        actor=None,
        name="Duta Anti Trafficking Kota Medan",
        lead=personas.kesbangpol_medan(),
        area=Area.objects.get(code=personas.MEDAN),
        starts_on=date(2026, 1, 1),
    )
    actions.phase_create(
        actor=None, programme=programme, name="Pilot", starts_on=date(2026, 1, 1),
        areas=[Area.objects.get(code=personas.TERJUN)],
    )  # fmt: skip
    return programme


@pytest.fixture
def malang_programme(areas):
    return make_malang_programme()


@pytest.fixture
def event(programme):
    return actions.event_create(
        actor=None, programme=programme, kind="sosialisasi", title="Sosialisasi TPPO",
        area=Area.objects.get(code=personas.TERJUN), venue="Kantor Lurah Terjun",
        starts_on=date(2026, 3, 10), days=2,
    )  # fmt: skip


def log_outreach(client, programme, photo):
    return client.post(
        reverse("programme:outreach_log", args=[programme.pk]),
        {"held_on": "2026-03-12", "area": personas.TERJUN, "venue_type": "school",
         "children_f": 3, "children_m": 2, "youth_f": 0, "youth_m": 0, "adults_f": 0,
         "adults_m": 0, "topics": ["online_recruitment"], "photo": photo},
    )  # fmt: skip


def png_claiming(width: int, height: int) -> bytes:
    """A few hundred bytes whose header says width × height pixels: a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 4096)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def pdf_with_metadata() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.docinfo["/Author"] = "Budi Santoso Rahasia"
    pdf.docinfo["/Creator"] = "Laptop Budi"
    with pdf.open_metadata() as meta:
        meta["dc:creator"] = ["Budi Santoso Rahasia"]
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_outreach_photo_loses_its_gps_and_is_ciphertext_on_disk(
    as_user, terjun_ambassador, medan_coordinator, programme, media
):
    raw = jpeg_with_gps()
    response = log_outreach(as_user(terjun_ambassador), programme, SimpleUploadedFile("a.jpg", raw))
    assert response.status_code == 302
    outreach = Outreach.objects.get()
    stored = default_storage.open(outreach.photo.name).read()
    assert "a.jpg" not in outreach.photo.name and outreach.photo.name.endswith(".enc")
    assert not stored.startswith(b"\xff\xd8") and b"KameraRahasia" not in stored
    served = as_user(medan_coordinator).get(reverse("programme:outreach_photo", args=[outreach.pk]))
    clean = served.content
    with Image.open(io.BytesIO(clean)) as image:
        assert image.format == "JPEG" and not image.getexif()
    assert b"KameraRahasia" not in clean and b"Exif" not in clean
    assert served["Content-Type"] == "image/jpeg"
    assert served["Content-Disposition"].startswith("attachment;")
    assert served["X-Content-Type-Options"] == "nosniff"


def test_jpeg_named_html_is_never_served_as_html(as_user, medan_coordinator, event):
    disguised = SimpleUploadedFile("x.html", jpeg_with_gps(), content_type="text/html")
    client = as_user(medan_coordinator)
    client.post(
        reverse("programme:material_add", args=[event.pk]), {"title": "Foto", "file": disguised}
    )
    material = Material.objects.get()
    assert material.content_type == "image/jpeg" and ".html" not in material.file.name
    served = client.get(reverse("programme:material", args=[material.pk]))
    assert served["Content-Type"] == "image/jpeg"
    assert "html" not in served["Content-Disposition"]
    assert served["Content-Disposition"].startswith("attachment;")
    assert served["X-Content-Type-Options"] == "nosniff"


def test_svg_and_html_are_refused(as_user, medan_coordinator, event):
    client = as_user(medan_coordinator)
    for name, content in [("a.svg", b"<svg onload=alert(1)>"), ("a.html", b"<html>")]:
        response = client.post(
            reverse("programme:material_add", args=[event.pk]),
            {"title": "Materi", "file": SimpleUploadedFile(name, content)},
        )
        assert response.status_code == 200 and "PDF" in response.content.decode()
    assert not Material.objects.exists()


def test_400_megapixel_png_is_refused_in_indonesian(as_user, terjun_ambassador, programme):
    bomb = SimpleUploadedFile("peta.png", png_claiming(20_000, 20_000))
    response = log_outreach(as_user(terjun_ambassador), programme, bomb)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Foto terlalu besar (lebih dari 40 megapiksel)" in page
    assert not Outreach.objects.exists()


def test_400_megapixel_png_is_refused_on_the_public_form(client, areas):
    bomb = SimpleUploadedFile("peta.png", png_claiming(20_000, 20_000))
    response = client.post(
        "/lapor/",
        {"area": personas.TERJUN, "what": "Tawaran kerja di Kamboja.", "attachments": [bomb]},
    )
    assert "Foto terlalu besar" in response.content.decode()


def test_pact_document_loses_author_creator_and_xmp(as_user, malang_coordinator, malang_programme):
    response = as_user(malang_coordinator).post(
        reverse("programme:pact_create", args=[malang_programme.pk]),
        {"area": personas.KETAWANGGEDE, "signed_on": "2025-12-19",
         "signatories": "Lurah (Demo); Lurah Ketawanggede; Kelurahan",
         "commitments": ["volunteers", "conditions"],
         "document": SimpleUploadedFile("pakta.pdf", pdf_with_metadata())},
    )  # fmt: skip
    assert response.status_code == 302
    pact = Pact.objects.get()
    assert pact.document_type == "application/pdf"
    assert b"%PDF" not in default_storage.open(pact.document.name).read()
    served = as_user(malang_coordinator).get(reverse("programme:pact_document", args=[pact.pk]))
    assert served["Content-Type"] == "application/pdf"
    assert b"Budi" not in served.content
    with pikepdf.open(io.BytesIO(served.content)) as pdf:
        assert "/Author" not in pdf.trailer.get("/Info", {}) and "/Metadata" not in pdf.Root
        assert len(pdf.pages) == 1


def test_a_damaged_pdf_is_refused():
    with pytest.raises(files.UploadRejected):
        files.clean(SimpleUploadedFile("a.pdf", b"%PDF-1.4\n garbage"))


def test_files_stored_before_the_pipeline_are_cleaned_by_the_migration(
    as_user, medan_coordinator, programme, event
):
    """A photo kept plain (with its GPS) by an earlier release is cleaned, encrypted and
    renamed; a disguised file is removed."""
    import importlib

    from django.apps import apps
    from django.core.files.base import ContentFile

    migration = importlib.import_module("sigap.programme.migrations.0003_encrypted_files")
    photo = default_storage.save("programme/2026/03/foto-budi.jpg", ContentFile(jpeg_with_gps()))
    page = default_storage.save("programme/2026/03/x.html", ContentFile(b"<html>hi</html>"))
    old = actions.outreach_log(
        actor=None, programme=programme, area=Area.objects.get(code=personas.TERJUN),
        held_on=date(2026, 3, 12), venue_type="school", topics=["reporting"],
    )  # fmt: skip
    Outreach.objects.filter(pk=old.pk).update(photo=photo)
    bad = Material.objects.create(event=event, title="x", file=page, content_type="text/html")
    migration.through_the_pipeline(apps, None)
    old.refresh_from_db()
    bad.refresh_from_db()
    assert old.photo.name.endswith(".enc") and old.photo_type == "image/jpeg"
    assert b"KameraRahasia" not in files.load(old.photo.name)
    assert not default_storage.exists(photo) and not default_storage.exists(page)
    assert bad.file.name == "" and bad.content_type == ""

"""Each bad input gets a clear message, keeps what was typed, and saves nothing."""

import io
from datetime import date

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sigap.people import files
from sigap.programme import actions
from sigap.programme.models import Attendance, ConditionValue, Material, Pact
from sigap.regions.models import Area
from tests import personas

pytestmark = pytest.mark.django_db


def _pdf() -> bytes:
    """A one-page PDF (the upload pipeline refuses one it cannot read)."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


PDF = _pdf()


def test_attendance_for_someone_not_registered(
    as_user, medan_coordinator, terjun_event, medan_programme
):
    stranger = actions.participant_register(
        actor=None,
        sex="l",
        name="Di acara lain (Demo)",
        event=actions.event_create(
            actor=None,
            programme=medan_programme,
            kind="rakor",
            title="Rakor",
            area=Area.objects.get(code=personas.MEDAN),
            venue="Kantor",
            starts_on=date(2026, 1, 5),
        ),
    )
    own = terjun_event.participants.first()
    client = as_user(medan_coordinator)
    response = client.post(
        reverse("programme:attendance", args=[terjun_event.pk]),
        {"day1": [own.pk, stranger.pk], "day2": [own.pk]},
    )
    assert response.status_code == 400
    assert "Daftarkan" in response.content.decode()  # "register the person first"
    assert not Attendance.objects.exists()


def test_post_test_above_the_maximum(as_user, medan_coordinator, terjun_event):
    first, second = terjun_event.participants.all()[:2]
    client = as_user(medan_coordinator)
    response = client.post(
        reverse("programme:scores", args=[terjun_event.pk]),
        {
            f"pre_{first.pk}": "40",
            f"post_{first.pk}": "80",
            f"pre_{second.pk}": "50",
            f"post_{second.pk}": "150",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "150" in page and "100" in page  # names the bad score and the maximum
    assert 'value="150"' in page and 'value="80"' in page  # what was typed is kept
    first.refresh_from_db()
    assert first.pre_score is None and first.post_score is None  # nothing half-saved


def test_score_that_is_not_a_number(as_user, medan_coordinator, terjun_event):
    first = terjun_event.participants.first()
    response = as_user(medan_coordinator).post(
        reverse("programme:scores", args=[terjun_event.pk]), {f"pre_{first.pk}": "tujuh"}
    )
    assert response.status_code == 400 and "tujuh" in response.content.decode()


def test_condition_report_for_a_confirmed_period(as_user, ketawanggede_relawan, malang_programme):
    area = Area.objects.get(code=personas.KETAWANGGEDE)
    number = malang_programme.indicators.filter(kind="number").first()
    report = actions.condition_file(
        actor=None,
        programme=malang_programme,
        area=area,
        period_start=date(2026, 1, 1),
        values={number.pk: 3},
    )
    actions.condition_confirm(actor=None, report=report)
    with pytest.raises(Exception) as refused:
        actions.condition_file(
            actor=ketawanggede_relawan,
            programme=malang_programme,
            area=area,
            period_start=date(2026, 1, 1),
            values={number.pk: 9},
        )
    assert "dikonfirmasi" in " ".join(refused.value.messages)
    assert ConditionValue.objects.get(report=report, indicator=number).number == 3


def test_condition_report_page_refuses_a_confirmed_period(
    as_user, ketawanggede_relawan, malang_programme, settings
):
    area = Area.objects.get(code=personas.KETAWANGGEDE)
    indicators = list(malang_programme.indicators.all())
    period = _current_period()
    report = actions.condition_file(
        actor=None, programme=malang_programme, area=area, period_start=period, values={}
    )
    actions.condition_confirm(actor=None, report=report)
    data = {"period": period.isoformat(), "area": area.code}
    for i in indicators:
        data[f"i{i.pk}"] = {"number": "2", "yes_no": "no", "text": "catatan"}[i.kind]
    response = as_user(ketawanggede_relawan).post(
        reverse("programme:condition_file", args=[malang_programme.pk]), data
    )
    page = response.content.decode()
    assert response.status_code == 200 and "sudah dikonfirmasi" in page
    assert "catatan" in page  # typed text kept
    assert not report.values.exists()


def test_condition_number_must_be_a_number(as_user, ketawanggede_relawan, malang_programme):
    number = malang_programme.indicators.filter(kind="number").first()
    response = as_user(ketawanggede_relawan).post(
        reverse("programme:condition_file", args=[malang_programme.pk]),
        {
            "period": _current_period().isoformat(),
            "area": personas.KETAWANGGEDE,
            f"i{number.pk}": "banyak",
        },
    )
    assert response.status_code == 200 and 'value="banyak"' in response.content.decode()
    assert not malang_programme.condition_reports.exists()


def _current_period():
    from django.utils import timezone

    return timezone.localdate().replace(day=1)


@pytest.mark.parametrize(
    "content, name",
    [
        (b"MZ\x90\x00 not a document", "laporan.pdf"),
        (b"<html><script>alert(1)</script>", "foto.png"),
    ],
)
def test_upload_that_is_not_a_pdf_or_image(as_user, medan_coordinator, terjun_event, content, name):
    response = as_user(medan_coordinator).post(
        reverse("programme:material_add", args=[terjun_event.pk]),
        {"title": "Materi", "file": SimpleUploadedFile(name, content)},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "JPEG, PNG, WebP) dan berkas PDF" in page
    assert 'value="Materi"' in page
    assert not Material.objects.exists()


def test_upload_over_the_size_limit(as_user, medan_coordinator, terjun_event, monkeypatch):
    monkeypatch.setattr(files, "MAX_BYTES", 1024)
    big = SimpleUploadedFile("materi.pdf", PDF + b"0" * 2048)
    response = as_user(medan_coordinator).post(
        reverse("programme:material_add", args=[terjun_event.pk]), {"title": "Besar", "file": big}
    )
    assert "paling besar" in response.content.decode()
    assert not Material.objects.exists()


def test_pact_with_a_bad_scan_saves_nothing(as_user, malang_coordinator, malang_programme):
    response = as_user(malang_coordinator).post(
        reverse("programme:pact_create", args=[malang_programme.pk]),
        {
            "area": personas.KETAWANGGEDE,
            "signed_on": "2025-12-19",
            "signatories": "Lurah (Demo); Lurah Ketawanggede; Kelurahan",
            "commitments": ["volunteers", "conditions"],
            "document": SimpleUploadedFile("pakta.pdf", b"GIF89a not a pdf"),
        },
    )
    assert (
        response.status_code == 200
        and "JPEG, PNG, WebP) dan berkas PDF" in response.content.decode()
    )
    assert not Pact.objects.exists()


def test_good_pdf_is_accepted(as_user, medan_coordinator, terjun_event, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    response = as_user(medan_coordinator).post(
        reverse("programme:material_add", args=[terjun_event.pk]),
        {"title": "Materi TPPO", "file": SimpleUploadedFile("materi.pdf", PDF)},
    )
    assert response.status_code == 302
    material = Material.objects.get()
    assert material.content_type == "application/pdf"
    download = as_user(medan_coordinator).get(reverse("programme:material", args=[material.pk]))
    assert download.content.startswith(b"%PDF-")

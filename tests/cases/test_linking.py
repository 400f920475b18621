"""Reports that share a suspect's identifier are linked, across areas, whatever the spelling."""

from sigap.cases import identifiers
from sigap.cases.models import Identifier
from tests import personas
from tests.cases.conftest import BELAWAN_KEL, make_report


def test_same_phone_in_two_formats_links_reports_in_different_kecamatan(medan_case_worker, as_user):
    first, _ = make_report(personas.TERJUN, suspect_identifiers="WA 0812-3456-7890")
    second, _ = make_report(BELAWAN_KEL, suspect_identifiers="hubungi +62 812 3456 7890")
    assert first.area_id[:8] != second.area_id[:8]
    page = as_user(medan_case_worker).get(f"/laporan/{second.pk}/")
    assert page.status_code == 200
    assert f'href="/laporan/{first.pk}/"'.encode() in page.content
    assert first.reference.encode() in page.content
    second.refresh_from_db()
    assert {"rule": "linked", "weight": 2} in second.risk_reasons


def test_identifiers_are_kept_only_as_keyed_hashes(areas):
    make_report(suspect_identifiers="0812-3456-7890 t.me/agen_kerja PT Maju Jaya Abadi")
    stored = repr(list(Identifier.objects.values()))
    assert "81234567890" not in stored and "agen_kerja" not in stored
    assert Identifier.objects.count() == 3


def test_extract_normalises_handles_and_links():
    found = identifiers.extract(
        "wa.me/6281234567890, Telegram: @Agen_Kerja, tiktok.com/@loker.kamboja, "
        "https://facebook.com/loker.luar.negeri PT. Sinar Harapan"
    )
    assert ("phone", "+6281234567890") in found
    assert ("telegram", "agen_kerja") in found
    assert ("tiktok", "loker.kamboja") in found
    assert ("facebook", "loker.luar.negeri") in found
    assert ("company", "pt sinarharapan") in found


def test_unrelated_reports_are_not_linked(medan_case_worker, as_user):
    make_report(suspect_identifiers="0813-1111-2222")
    other, _ = make_report(suspect_identifiers="0857-9999-8888")
    page = as_user(medan_case_worker).get(f"/laporan/{other.pk}/")
    assert b"linked-report" not in page.content

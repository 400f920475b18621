"""The public Cek Lowongan page: a resident pastes a post and reads an explained answer."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sigap.jobcheck import ratelimit
from sigap.jobcheck.models import Check, CheckFlag
from tests.jobcheck.posts import CAMBODIA_ADMIN, LICENSED

pytestmark = pytest.mark.django_db
URL = "/cek-lowongan/"


def test_page_opens_without_an_account(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Cek Lowongan" in response.text
    assert response["Cache-Control"].startswith("max-age=0")


def test_cambodia_admin_post_is_high_risk_with_highlighted_phrases(client):
    response = client.post(URL, {"text": CAMBODIA_ADMIN, "channel": "facebook"})
    page = response.text
    assert response.status_code == 200
    assert "Risiko tinggi" in page
    marked = re.findall(r'<mark class="hl-risk" title="([^"]+)">([^<]+)</mark>', page)
    assert ("Negara tujuan tidak dibuka untuk penempatan PMI", "Kamboja") in marked
    assert any(text == "visa turis" for _title, text in marked)
    # The law behind a reason, and what to do, with the hotlines.
    assert "UU 18/2017" in page
    assert "0-800-1000" in page
    assert "+6281234567890" in page


def test_licensed_placement_post_is_low_risk_with_protective_signals(client):
    page = client.post(URL, {"text": LICENSED}).text
    assert "Risiko rendah" in page
    assert "Tanda perlindungan ditemukan" in page
    assert "Perusahaan ada di daftar P3MI berizin" in page
    assert "SAMPLE-SIP3MI-0001/2024" in page
    assert 'class="hl-safe"' in page
    assert "data contoh" in page  # the sample registry is said to be sample data


def test_english_page_explains_in_english(client):
    client.cookies["django_language"] = "en"
    page = client.post(URL, {"text": CAMBODIA_ADMIN}, HTTP_ACCEPT_LANGUAGE="en").text
    assert "High risk" in page
    assert "Destination closed to Indonesian migrant workers" in page
    assert "Risiko" not in page.split("<main")[1].split("<footer")[0]


def test_report_button_carries_identifiers_but_never_the_text(client):
    page = client.post(URL, {"text": CAMBODIA_ADMIN}).text
    link = re.search(r'href="(/lapor/\?[^"]+)"', page).group(1).replace("&amp;", "&")
    assert "phone=%2B6281234567890" in link
    assert "destination=KH" in link
    assert "from=cek-lowongan" in link
    assert "admin" not in link and "visa" not in link


def test_pasted_html_is_shown_as_text(client):
    text = CAMBODIA_ADMIN + ' <script>alert("x")</script> <img src=x onerror=alert(1)>'
    page = client.post(URL, {"text": text}).text
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_empty_text_asks_for_the_post(client):
    page = client.post(URL, {"text": "   ", "channel": "tiktok"}).text
    assert "Tempelkan teks lowongan" in page
    assert '<option value="tiktok" selected>' in page


def test_over_long_text_is_refused_and_kept(client):
    text = "lowongan kerja " * 1400  # 21,000 characters
    page = client.post(URL, {"text": text}).text
    assert "Teks terlalu panjang" in page
    assert "21.000" in page
    assert text[:200] in page
    assert Check.objects.count() == 0


def test_binary_upload_is_refused_and_typed_text_kept(client):
    upload = SimpleUploadedFile("tangkapan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")
    page = client.post(URL, {"text": "teks yang saya ketik", "upload": upload}).text
    assert "bukan teks biasa" in page
    assert "teks yang saya ketik" in page


def test_text_file_upload_is_checked(client):
    upload = SimpleUploadedFile("lowongan.txt", CAMBODIA_ADMIN.encode("utf-8-sig"))
    page = client.post(URL, {"upload": upload}).text
    assert "Risiko tinggi" in page


def test_stored_check_keeps_the_result_but_not_the_text(client):
    marker = "Pak Budiman Sitorus 0813-9999-1111"
    client.post(URL, {"text": f"{CAMBODIA_ADMIN} tanya {marker}", "channel": "whatsapp"})
    check = Check.objects.get()
    assert (check.level, check.channel, check.source) == ("tinggi", "whatsapp", "page")
    assert check.ruleset_version and check.score > 50
    flags = set(CheckFlag.objects.values_list("flag", flat=True))
    assert {"tujuan_dilarang", "visa_non_kerja"} <= flags
    stored = repr(list(Check.objects.values())) + repr(list(CheckFlag.objects.values()))
    assert "Budiman" not in stored and "9999" not in stored and "Kamboja" not in stored


def test_too_many_checks_from_one_address_are_refused(client):
    allowed, _window = ratelimit.LIMITS["page"]
    for _ in range(allowed):
        assert client.post(URL, {"text": ""}).status_code == 200
    response = client.post(URL, {"text": CAMBODIA_ADMIN})
    assert response.status_code == 429
    assert "Terlalu banyak" in response.text


def test_every_typology_flag_is_explained_on_the_page(client, settings):
    """Each red flag of every typology's rule set shows its reason, indicator, law and advice."""
    from html import escape

    settings.SIGAP_RATE_LIMITS = {"check_page": (10_000, 60)}

    from sigap.screening import default_screener
    from sigap.screening import typologies as ty

    screener = default_screener()
    typology_flags = {
        c.flag.id: c.flag
        for c in screener.ruleset.flags
        if c.flag.id in {"uang_keluarga", "pengantin_pesanan", "foto_tubuh", "jalur_nonprosedural"}
        or c.flag.strength in ("strong", "medium")
    }
    shown: set[str] = set()
    for row in ty.load("test"):
        if row["typology"] not in ty.TYPOLOGIES:
            continue
        result = screener.screen(row["text"])
        new = [r for r in result.risk_reasons if r.id not in shown]
        if not new:
            continue
        page = client.post(URL, {"text": row["text"]}).text
        for reason in new:
            flag = reason.flag
            for text in (flag.title_id, flag.explanation_id, flag.indicator, flag.legal_basis):
                assert escape(text) in page, (flag.id, text)
            assert escape(flag.advice_id) in page, flag.id
            shown.add(flag.id)
    for fid in ("uang_keluarga", "pengantin_pesanan", "foto_tubuh", "jalur_nonprosedural"):
        assert fid in shown and fid in typology_flags


def test_a_local_job_ad_gets_no_advice_about_overseas_placement(client):
    page = client.post(
        URL, {"text": "Dibutuhkan kasir di Medan, gaji Rp3.500.000/bulan, kirim lamaran ke HRD."}
    ).text
    assert "Risiko rendah" in page
    for overseas in ("SIP3MI", "siskop2mi", "BP3MI", "KP2MI", "luar negeri"):
        assert overseas not in page, overseas
    abroad = client.post(URL, {"text": LICENSED}).text
    assert "siskop2mi" in abroad and "KP2MI" in abroad

"""Issue 18 acceptance (Malang): the Komunitas PP TPPO's stakeholders come to the audiensi, make
their commitments, and a kelurahan signs its Pakta Integritas there: one record."""

import pytest

from sigap.programme import stakeholders
from tests import personas
from tests.browser.test_programme_medan import sign_in, with_totp
from tests.programme.conftest import make_malang_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_audiensi_with_stakeholders_and_the_pact_signing(new_page, shot):
    coordinator = personas.malang_coordinator()
    secret = with_totp(coordinator)
    programme = make_malang_programme()
    opd = stakeholders.stakeholder_add(
        actor=None,
        programme=programme,
        organisation="DP3AP2KB Kota Malang",
        kind="opd",
        area=programme.area,
        role="anggota komunitas",
        representative="Kabid PPA (Demo)",
    )

    page = new_page()
    sign_in(page, coordinator.username, secret=secret)
    page.goto(f"/program/{programme.pk}/")
    page.click("a.button:has-text('Pemangku kepentingan')")
    page.click("text=Tambah pemangku kepentingan")
    page.fill("#id_organisation", "Kelurahan Kotalama")
    page.select_option("#id_kind", "kelurahan")
    page.fill("#id_role", "menandatangani Pakta Integritas")
    page.fill("#id_area", "35.73.03.1001")
    page.fill("#id_representative", "Lurah Kotalama (Demo)")
    page.fill("#id_phone", "0812-3456-7001")
    page.click("button[name=save]")
    page.wait_for_selector("td:has-text('Lurah Kotalama (Demo)')")
    assert "+6281234567001" in page.content()
    shot(page, "register")

    page.goto(f"/program/{programme.pk}/kegiatan/baru/")
    page.select_option("#id_kind", "audiensi")
    page.fill("#id_title", "Audiensi Komunitas PP TPPO dengan OPD Kota Malang")
    page.fill("#id_area", "35.73")
    page.fill("#id_venue", "Balai Kota Malang")
    page.fill("#id_starts_on", "2025-12-19")
    page.click("button[name=save]")
    page.wait_for_selector("h1:has-text('Audiensi Komunitas')")
    # An audiensi has stakeholders, not tests or a selection.
    assert page.locator("a:has-text('Nilai tes')").count() == 0
    assert page.locator("a:has-text('Seleksi')").count() == 0

    page.click("a.button:has-text('Pemangku kepentingan yang hadir')")
    for box in page.locator("input[type=checkbox]").all():
        box.check()
    page.fill(f"#id_by{opd.pk}", "Staf Bidang PPA (Demo)")
    page.click("button[name=save]")
    page.wait_for_selector("text=2 pemangku kepentingan hadir")

    page.click("text=Catat komitmen pemangku kepentingan")
    page.select_option("#id_stakeholder", label="DP3AP2KB Kota Malang")
    page.fill("#id_text", "Menyediakan rumah aman bagi korban")
    page.fill("#id_due_on", "2026-03-31")
    page.click("button[name=save]")
    page.wait_for_selector("text=Menyediakan rumah aman bagi korban")

    page.click("text=Catat pakta yang ditandatangani pada audiensi ini")
    assert page.input_value("#id_signed_on") == "2025-12-19"
    page.fill("#id_area", "Kotalama")
    page.fill(
        "#id_signatories",
        "Lurah Kotalama (Demo); Lurah Kotalama; Kelurahan Kotalama\n"
        "Ketua LPA (Demo); Ketua; LPA Kota Malang",
    )
    page.fill("#id_volunteers_target", "4")
    page.click("button[name=save]")
    page.wait_for_selector("text=Pakta Kelurahan Kotalama sudah tercatat")
    section = page.locator("#stakeholders").inner_text()
    assert "Staf Bidang PPA (Demo)" in section and "Lurah Kotalama (Demo)" in section
    assert "Kotalama" in section.split("Pakta Integritas")[1]
    shot(page, "audiensi")

    page.click("#stakeholders a:has-text('Kotalama')")
    page.wait_for_selector("text=ditandatangani pada")
    assert "Audiensi Komunitas PP TPPO" in page.content()
    shot(page, "pact")
